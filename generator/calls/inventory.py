"""`mbgen calls`: every raw API call in a code base, the endpoint of a release it reaches, how
sure the scan is of it, and which bundled releases have an endpoint the release lacks."""

from __future__ import annotations

import ast
import gc
import json
import multiprocessing
import os
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property
from pathlib import Path
from typing import Any, TypeVar

from generator.calls.files import Unreadable, python_files, read_tree
from generator.calls.history import History, Seen
from generator.calls.paths import HOLE, EndpointIndex, segment_pattern, segments
from generator.calls.project import Project
from generator.calls.raw import Found, Mock, ProjectScan, RawCall, Unresolved
from generator.diff.impact import ClientNames
from generator.ir import IR, Endpoint
from generator.paths import placeholders

T = TypeVar("T")

# From this many files on, the modules are scanned in one process per core (up to four), forked
# once the code base is read: below it, starting them costs more than it saves.
PARALLEL_FROM = 40


@dataclass
class Scanned:
    calls: list[RawCall] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    mocks: list[Mock] = field(default_factory=list)
    unreadable: list[Unreadable] = field(default_factory=list)


@dataclass(frozen=True)
class Matched:
    call: RawCall
    endpoint: Endpoint | None  # None: the release lacks it
    python: str | None
    seen: Seen | None  # the bundled releases that have it (when the release lacks it)


def scan_tree(tree: ast.Module, file: str) -> tuple[list[RawCall], list[Unresolved]]:
    """One module on its own (a code base of one file)."""
    found = _scan_project(Project.build([(file, Path(file).resolve(), tree)]))
    order = sorted((c for c in found.calls if c.unseen_base is None), key=lambda c: c.line)
    return order, sorted(found.unresolved, key=lambda u: (u.line, u.reason))


_SCAN: ProjectScan | None = None  # the scan a forked worker inherits


def _scan_part(indexes: list[int]) -> Found:
    assert _SCAN is not None
    out = Found()
    for i in indexes:
        found = _SCAN.scan_module(_SCAN.project.modules[i])
        out.calls += found.calls
        out.unresolved += found.unresolved
        out.mocks += found.mocks
    return out


def _in_processes(scan: ProjectScan, work: Callable[[list[int]], T], workers: int) -> list[T]:
    """`work` over the modules, split between processes forked with the scan as it stands."""
    global _SCAN
    indexes = list(range(len(scan.project.modules)))
    _SCAN = scan
    try:
        if workers < 2 or len(indexes) < PARALLEL_FROM:
            return [work(indexes)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            return list(pool.map(work, [indexes[i::workers] for i in range(workers)]))
    finally:
        _SCAN = None


def _scan_project(project: Project, workers: int = 1) -> Found:
    scan = ProjectScan(project)
    parts = _in_processes(scan, _scan_part, workers)
    return Found(
        [c for p in parts for c in p.calls],
        [u for p in parts for u in p.unresolved],
        [m for p in parts for m in p.mocks],
    )


def scan_trees(files: list[tuple[str, Path, ast.Module]], workers: int = 1) -> Scanned:
    """Scan parsed files (shown name, path, tree) as one code base."""
    found = _scan_project(Project.build(files), workers)
    found.calls.sort(key=lambda c: (c.file, c.line, c.method, c.path))
    found.unresolved.sort(key=lambda u: (u.file, u.line, u.reason, u.template or ""))
    found.mocks.sort(key=lambda m: (m.file, m.line, m.method or "", m.path))
    return Scanned(found.calls, found.unresolved, found.mocks)


@contextmanager
def collector_resting() -> Iterator[None]:
    """The trees and what is learnt of them hold no reference cycles, and the cycle collector's
    passes over millions of nodes took half the time of a scan: it rests while one runs."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


def scan_files(paths: list[Path], workers: int = 1) -> Scanned:
    """Parse some files as one code base and scan it: its calls, what could not be resolved,
    the mocks its tests register, what did not parse."""
    with collector_resting():
        files: list[tuple[str, Path, ast.Module]] = []
        unreadable: list[Unreadable] = []
        for path in paths:
            tree = read_tree(path)
            if isinstance(tree, str):
                unreadable.append((str(path), tree))
            else:
                files.append((str(path), path.resolve(), tree))
        scanned = scan_trees(files, workers)
    scanned.unreadable = sorted(unreadable)
    return scanned


def raw_calls(root: Path) -> Scanned:
    """The raw calls in the Python files under `root`; the same answer however many
    processes scan them."""
    paths = python_files(root)
    return scan_files(paths, min(os.cpu_count() or 1, 4))


# --- matching ---------------------------------------------------------------------------------


def python_call(names: ClientNames, endpoint: Endpoint, code_path: str) -> str | None:
    """The generated client's call for what the code sends: `card.get(id=...)`, with the
    value where the code writes one (`database.get(id=1)`)."""
    call = names.call(endpoint.method, endpoint.path)
    if call is None:
        return None
    arguments = []
    for spec, code in zip(segments(endpoint.path), segments(code_path), strict=False):
        slots = placeholders(spec)
        found = segment_pattern(spec).fullmatch(code) if slots else None
        values = found.groups() if found else ("",) * len(slots)
        for slot, text in zip(slots, values, strict=True):
            name = names.argument(endpoint, slot, "path") or slot
            value = "..." if HOLE in text or not text else (text if text.isdigit() else repr(text))
            arguments.append(f"{name}={value}")
    return f"{call[0]}.{call[1]}({', '.join(arguments)})"


class Matcher:
    """Matches code paths against a release, and against the bundled ones it lacks."""

    def __init__(self, ir: IR, history: History | None = None) -> None:
        self.ir = ir
        self.index = EndpointIndex(ir)
        self.names = ClientNames(ir)
        self.history = history or History.bundled()

    @cached_property
    def any_method(self) -> EndpointIndex:
        return EndpointIndex(IR("any", {}, [_any(e) for e in self.ir.endpoints]))

    def match(self, method: str, path: str) -> tuple[Endpoint | None, Seen | None]:
        """The release's endpoint, else which bundled releases have it."""
        endpoint = self.index.match(method, path)
        if endpoint is not None:
            return endpoint, None
        return None, self.history.seen(method, path)

    def is_metabase(self, method: str | None, path: str) -> bool:
        """Whether the release or a bundled one has the path (with any method)."""
        if self.any_method.match("*", path) is not None:
            return True
        return self.history.seen(method or "GET", path) is not None


def _any(endpoint: Endpoint) -> Endpoint:
    return Endpoint("*", endpoint.path, endpoint.tag)


def match_calls(ir: IR | Matcher, calls: list[RawCall]) -> tuple[list[Matched], list[RawCall]]:
    """Each call with its endpoint (or the bundled releases that have it), and apart the calls
    whose path no release has (no evidence of a call to Metabase)."""
    matcher = ir if isinstance(ir, Matcher) else Matcher(ir)
    found: list[Matched] = []
    ignored: list[RawCall] = []
    listed: set[tuple[str, int, str, str]] = set()
    for call in calls:
        endpoint, seen = matcher.match(call.method, call.path)
        if endpoint is None and seen is None and not matcher.is_metabase(call.method, call.path):
            ignored.append(call)
            continue
        # One entry per endpoint a call reaches (`query/{fmt}` over csv and json is one).
        reached = endpoint.path if endpoint else (seen.path if seen else call.path)
        key = (call.file, call.line, call.method, reached)
        if key in listed:
            continue
        listed.add(key)
        python = python_call(matcher.names, endpoint, call.path) if endpoint else None
        found.append(Matched(call, endpoint, python, seen))
    return found, ignored


# --- reports ----------------------------------------------------------------------------------


@dataclass
class Report:
    release: str
    newest: str
    oldest: str
    calls: list[Matched]
    mocks: list[tuple[Mock, Endpoint | None, Seen | None]]
    unresolved: list[Unresolved]
    ignored: list[RawCall]

    def missing(self) -> list[Matched]:
        return [m for m in self.calls if m.endpoint is None and not _undocumented(m.seen)]


def report(ir: IR, scanned: Scanned, release: str) -> Report:
    history = History.bundled()
    matcher = Matcher(ir, history)
    calls, ignored = match_calls(matcher, judged(matcher, scanned.calls))
    mocks = []
    for mock in scanned.mocks:
        endpoint, seen = matcher.match(mock.method or "GET", mock.path)
        if mock.method is None and endpoint is None:
            endpoint = matcher.any_method.match("*", mock.path)
        if endpoint is not None or seen is not None or matcher.is_metabase(None, mock.path):
            mocks.append((mock, endpoint, seen))
    unresolved = [u for u in scanned.unresolved if _maybe_metabase(matcher, u)]
    oldest = history.releases[0] if history.releases else ""
    return Report(release, history.newest, oldest, calls, mocks, unresolved, ignored)


# Paths sent after a base URL the code does not show count as Metabase's (under `/api`) when at
# least this many distinct ones are sent the same way, nearly all of them Metabase endpoints.
UNSEEN_BASE_PATHS = 3
UNSEEN_BASE_SHARE = 0.75


def judged(matcher: Matcher, calls: list[RawCall]) -> list[RawCall]:
    """The calls whose `/api` path the code shows, and those sent after a base URL it does not
    (`self.session.get(self.url + "/card")`, the URL a user's setting) whose sender sends
    Metabase's paths: with `/api`."""
    by_sender: dict[str, list[RawCall]] = {}
    for call in calls:
        if call.unseen_base is not None:
            by_sender.setdefault(call.unseen_base, []).append(call)
    out = [c for c in calls if c.unseen_base is None]
    for group in by_sender.values():
        paths = {(c.method, c.path) for c in group}
        known = [p for p in paths if any(matcher.match(*p)) and matcher.is_metabase(*p)]
        if len(paths) < UNSEEN_BASE_PATHS or len(known) < UNSEEN_BASE_SHARE * len(paths):
            continue
        note = (
            f"the base URL is not in the code: {len(known)} of {len(paths)} paths sent the "
            "same way are Metabase endpoints under /api"
        )
        out += [replace(c, notes=(*c.notes, note), unseen_base=None) for c in group]
    return out


def _maybe_metabase(matcher: Matcher, entry: Unresolved) -> bool:
    """An unresolved call whose namespace is written (`/api/items` with a computed method)
    counts only where a release has that path."""
    template = entry.template or ""
    parts = segments(template)
    if len(parts) < 2 or "{" in parts[1]:
        return True
    path = "/".join(HOLE if "{" in s else s for s in ["", *parts])
    return matcher.is_metabase(entry.method, path)


def _undocumented(seen: Seen | None) -> bool:
    return seen is not None and seen.undocumented


def confidence(notes: tuple[str, ...]) -> str:
    return "medium" if notes else "high"


def _seen_json(seen: Seen | None) -> dict[str, Any] | None:
    if seen is None:
        return None
    if seen.undocumented:
        return {"path": seen.path, "undocumented": True}
    if seen.methods:
        return {"path": seen.path, "methods": list(seen.methods)}
    return {"path": seen.path, "first": seen.first, "last": seen.last}


def _call_json(m: Matched) -> dict[str, Any]:
    row: dict[str, Any] = {
        "file": m.call.file,
        "line": m.call.line,
        "method": m.call.method,
        "path": m.endpoint.path if m.endpoint else None,
        "template": m.call.template,
        "python": m.python,
        "form": m.call.form,
        "confidence": confidence(m.call.notes),
    }
    if m.call.notes:
        row["reason"] = "; ".join(m.call.notes)
    if m.endpoint is None:
        row["bundled"] = _seen_json(m.seen)
    return row


def to_json(rep: Report) -> str:
    """The JSON report: `{"calls", "mocks", "unresolved", "ignored"}`."""
    data = {
        "calls": [_call_json(m) for m in rep.calls],
        "mocks": [
            {
                "file": mock.file,
                "line": mock.line,
                "method": mock.method,
                "path": endpoint.path if endpoint else None,
                "template": mock.template,
                "library": mock.library,
            }
            | ({} if endpoint else {"bundled": _seen_json(seen)})
            for mock, endpoint, seen in rep.mocks
        ],
        "unresolved": [
            {"file": u.file, "line": u.line, "method": u.method, "template": u.template}
            | {"reason": u.reason}
            for u in rep.unresolved
        ],
        "ignored": [
            {"file": c.file, "line": c.line, "method": c.method, "template": c.template}
            | {"reason": _ignored_reason(rep)}
            for c in rep.ignored
        ],
    }
    return json.dumps(data, indent=1) + "\n"


def _ignored_reason(rep: Report) -> str:
    return f"no bundled Metabase release ({rep.oldest} to {rep.newest}) has this path"


def shown(text: str) -> str:
    """Text from the scanned code, safe on a terminal: control and bidi characters and lone
    surrogates escaped (`\\x1b`, `\\u202e`, `\\ud800`)."""
    out = []
    for char in text:
        code = ord(char)
        if code < 0x20 or 0x7F <= code < 0xA0 or 0x202A <= code <= 0x202E:
            out.append(char.encode("unicode_escape").decode("ascii"))
        elif 0x2066 <= code <= 0x2069 or 0xD800 <= code <= 0xDFFF or code in (0x200E, 0x200F):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    return "".join(out)


def _missing_text(seen: Seen | None, release: str, newest: str) -> str:
    if seen is None:
        return f"not an endpoint of {release}"
    if seen.undocumented:
        return f"{seen.path}: a Metabase endpoint no API reference lists"
    if seen.methods:
        return f"not an endpoint of {release} (the path takes {', '.join(seen.methods)})"
    if seen.last == newest:
        return f"not an endpoint of {release} (bundled releases have it from {seen.first})"
    return f"not an endpoint of {release} (last in {seen.last}: {seen.path})"


def to_text(rep: Report) -> str:
    lines = []
    for m in rep.calls:
        where = f"{m.call.file}:{m.call.line}: {m.call.method} {m.call.template}"
        if m.endpoint is None:
            text = f"{where}: {_missing_text(m.seen, rep.release, rep.newest)} ({m.call.form})"
        else:
            text = f"{where}: {m.endpoint.label} -> {m.python} ({m.call.form})"
        if m.call.notes:
            text += f" [medium: {'; '.join(m.call.notes)}]"
        lines.append(text)
    for u in rep.unresolved:
        lines.append(
            f"{u.file}:{u.line}: {u.method or '?'} {u.template or '?'}: unresolved: {u.reason}"
        )
    if rep.mocks:
        lines.append("mocks (registered by tests; they send nothing):")
    for mock, endpoint, seen in rep.mocks:
        where = f"{mock.file}:{mock.line}: {mock.method or '*'} {mock.template} ({mock.library})"
        found = endpoint.label if endpoint else _missing_text(seen, rep.release, rep.newest)
        lines.append(f"{where}: {found}")
    if rep.ignored:
        lines.append(f"not Metabase ({_ignored_reason(rep)}):")
    for c in rep.ignored:
        lines.append(f"{c.file}:{c.line}: {c.method} {c.template}")
    return "".join(shown(line) + "\n" for line in lines)


def summary(rep: Report) -> str:
    return shown(
        f"mbgen: {len(rep.calls)} calls, {len(rep.missing())} to endpoints {rep.release} does "
        f"not have, {len(rep.unresolved)} unresolved, {len(rep.mocks)} mocks, "
        f"{len(rep.ignored)} paths no Metabase release has"
    )
