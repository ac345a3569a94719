"""Which of the bundled releases (2016 to the newest) have each endpoint: a call to an endpoint
the release it is checked against lacks is a call to something that went (or that came later:
which releases had it says which), and a path no release ever had is no evidence of a Metabase
call at all. `releases.json` is built from specs/ by `make specs` and ships with mbgen."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path

from generator.calls.paths import EndpointIndex, segments
from generator.ir import IR, Endpoint
from generator.paths import BRACE_PLACEHOLDER

DATA = Path(__file__).with_name("releases.json")
# Endpoints every Metabase serves that its API reference (hence no bundled release) lists.
UNDOCUMENTED = (("GET", "/api/health"),)


@dataclass(frozen=True)
class Seen:
    """The bundled releases that have an endpoint: its path as the newest of them publishes it,
    the first and last of them (`methods`: only other methods there, when none has this one)."""

    path: str
    first: str | None = None
    last: str | None = None
    methods: tuple[str, ...] = ()
    undocumented: bool = False


def _shape(path: str) -> str:
    return "/" + "/".join(BRACE_PLACEHOLDER.sub("{}", s) for s in segments(path))


def releases_json(irs: list[IR]) -> str:
    """The data file: the releases oldest first, and each endpoint (method, path as the newest
    release that has it publishes it) with the releases that have it, by index."""
    endpoints: dict[tuple[str, str], tuple[str, list[int]]] = {}
    for i, ir in enumerate(irs):
        for endpoint in ir.endpoints:
            key = (endpoint.method, _shape(endpoint.path))
            _path, found = endpoints.get(key, (endpoint.path, []))
            endpoints[key] = (endpoint.path, sorted(set(found) | {i}))
    rows = sorted([m, p, found] for (m, _shape_), (p, found) in endpoints.items())
    releases = json.dumps([ir.release for ir in irs])
    lines = ",\n".join(json.dumps(row, separators=(",", ":")) for row in rows)
    return f'{{"releases": {releases},\n"endpoints": [\n{lines}\n]}}\n'


class History:
    def __init__(self, releases: list[str], rows: list[tuple[str, str, list[int]]]) -> None:
        self.releases = releases
        self.newest = releases[-1] if releases else ""
        self._rows = rows
        self._found: dict[tuple[str, str], list[int]] = {(m, p): f for m, p, f in rows}
        self._methods: dict[str, set[str]] = {}
        for m, p, _f in rows:
            self._methods.setdefault(_shape(p), set()).add(m)

    @cached_property
    def index(self) -> EndpointIndex:
        return EndpointIndex(IR("bundled", {}, [Endpoint(m, p, "") for m, p, _f in self._rows]))

    @cached_property
    def _any(self) -> EndpointIndex:
        return EndpointIndex(IR("bundled", {}, [Endpoint("*", p, "") for _m, p, _f in self._rows]))

    @staticmethod
    @cache
    def bundled() -> History:
        data = json.loads(DATA.read_text(encoding="utf-8"))
        return History(data["releases"], [(m, p, f) for m, p, f in data["endpoints"]])

    def seen(self, method: str, code_path: str) -> Seen | None:
        """The bundled releases that have `method code_path`; or, when none has that method
        there, the methods they have at that path; None when no release has the path."""
        if (method, code_path) in UNDOCUMENTED:
            return Seen(code_path, undocumented=True)
        found = self.index.match(method, code_path)
        if found is not None:
            releases = self._found[(found.method, found.path)]
            return Seen(found.path, self.releases[releases[0]], self.releases[releases[-1]])
        any_method = self._any.match("*", code_path)
        if any_method is None:
            return None
        methods = tuple(sorted(self._methods[_shape(any_method.path)]))
        return Seen(any_method.path, methods=methods)
