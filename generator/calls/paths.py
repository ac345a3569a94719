"""Paths as code builds them, and the endpoint of a release each one reaches.

A code path is text with HOLE where the code computes a value (`/api/card/\\x00/query/csv`).
It reaches an endpoint when its segments match the endpoint's: a fixed segment equals the
code's text, a `{name}` slot takes any value (a hole, or a literal such as `1` or `csv`), and a
hole never stands for a fixed word. Parameter names play no part."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from generator.ir import IR, Endpoint
from generator.paths import BRACE_PLACEHOLDER, unescape_pointer

HOLE = "\x00"
_API = re.compile(r"(?:^|/)api(?=/|$|\?|#)")


@dataclass(frozen=True)
class CodePath:
    """The Metabase part of a built URL: `/api/...` without query, with holes; the literal
    query keys the code wrote into it (`?include_deactivated=true`)."""

    path: str
    query_keys: frozenset[str]


def api_path(text: str) -> CodePath | None:
    """The `/api/...` part of a built URL (`\\x00/api/user?x=1` -> `/api/user`, {x}), or None
    when the text reaches no `/api` path (a UI link such as `\\x00/card/\\x00`)."""
    found = _API.search(text)
    if found is None:
        return None
    rest = text[found.start() :]
    rest = rest.split("#", 1)[0]
    path, _, query = rest.partition("?")
    path = "/" + re.sub(r"/{2,}", "/", path).strip("/")
    keys = frozenset(
        pair.split("=", 1)[0] for pair in query.split("&") if pair and HOLE not in pair[:1]
    )
    return CodePath(path, frozenset(k for k in keys if k and HOLE not in k))


@cache
def segment_pattern(segment: str) -> re.Pattern[str]:
    """A segment of an endpoint's path as a pattern of the code's segment: its text, and a
    group for each `{name}` slot (`card__{id}` matches `card__1`, group 1 is `1`)."""
    texts = BRACE_PLACEHOLDER.split(segment)[::2]  # split() puts each slot's name between
    return re.compile("([^/]+)".join(re.escape(t) for t in texts))


def segments(path: str) -> list[str]:
    return [s for s in path.split("/") if s]


@dataclass(frozen=True)
class _Entry:
    endpoint: Endpoint
    patterns: tuple[re.Pattern[str], ...]
    fixed: tuple[bool, ...]
    # For a segment that is one `{name}` slot whose parameter lists its values (an enum), those
    # values: `/api/dataset/duration` is no `/api/dataset/{export-format}` (csv, json, ...).
    allowed: tuple[frozenset[str] | None, ...]


def _allowed(ir: IR, endpoint: Endpoint, segment: str) -> frozenset[str] | None:
    found = BRACE_PLACEHOLDER.fullmatch(segment)
    if found is None:
        return None
    for param in endpoint.params:
        if param.name == found.group(1) and param.location == "path":
            schema = param.schema
            ref = schema.get("$ref")
            if isinstance(ref, str) and ref.startswith("#/schemas/"):
                schema = ir.schemas.get(unescape_pointer(ref.removeprefix("#/schemas/")), {})
            values = schema.get("enum") if isinstance(schema, dict) else None
            if isinstance(values, list) and all(isinstance(v, str) for v in values):
                return frozenset(values)
    return None


class EndpointIndex:
    """A release's endpoints by method and number of segments, for matching code paths."""

    def __init__(self, ir: IR) -> None:
        # By method, number of segments and namespace (the word after /api; "" for a slot).
        self._by_shape: dict[tuple[str, int, str], list[_Entry]] = {}
        for endpoint in ir.endpoints:
            parts = segments(endpoint.path)
            entry = _Entry(
                endpoint,
                tuple(segment_pattern(p) for p in parts),
                tuple(not BRACE_PLACEHOLDER.search(p) for p in parts),
                tuple(_allowed(ir, endpoint, p) for p in parts),
            )
            namespace = parts[1] if len(parts) > 1 and entry.fixed[1] else ""
            key = (endpoint.method, len(parts), namespace)
            self._by_shape.setdefault(key, []).append(entry)

    def match(self, method: str, path: str) -> Endpoint | None:
        """The endpoint `method path` reaches, the most fixed segments matched winning."""
        parts = segments(path)
        best: tuple[int, str] | None = None
        found: Endpoint | None = None
        namespace = parts[1] if len(parts) > 1 else ""
        candidates = self._by_shape.get((method, len(parts), namespace), [])
        if namespace:
            candidates = candidates + self._by_shape.get((method, len(parts), ""), [])
        for entry in candidates:
            score = _score(entry, parts)
            if score is None:
                continue
            rank = (-score, entry.endpoint.path)
            if best is None or rank < best:
                best, found = rank, entry.endpoint
        return found


def _score(entry: _Entry, parts: list[str]) -> int | None:
    score = 0
    for pattern, fixed, allowed, part in zip(
        entry.patterns, entry.fixed, entry.allowed, parts, strict=True
    ):
        if not pattern.fullmatch(part):
            return None
        if allowed is not None and HOLE not in part and part not in allowed:
            return None
        score += fixed
    return score
