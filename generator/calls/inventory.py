"""`mbgen calls`: every raw API call in a code base, and the endpoint of a release it reaches."""

from __future__ import annotations

import ast
import json
import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from generator.calls.files import parse_file, python_files
from generator.calls.paths import HOLE, EndpointIndex, segment_pattern, segments
from generator.calls.raw import ModuleScan, RawCall, Unresolved
from generator.diff.impact import ClientNames
from generator.ir import IR, Endpoint
from generator.paths import placeholders


@dataclass(frozen=True)
class Found:
    call: RawCall
    endpoint: Endpoint | None
    python: str | None


def scan_tree(tree: ast.Module, file: str) -> tuple[list[RawCall], list[Unresolved]]:
    return ModuleScan(tree, file).scan()


# From this many files on, the scan runs in one process per core (up to four): below it, starting
# them costs more than it saves.
PARALLEL_FROM = 40
Scanned = tuple[list[RawCall], list[Unresolved], list[str]]


def scan_files(paths: list[Path]) -> Scanned:
    """Parse and scan some files: their calls, what could not be resolved, what did not parse."""
    calls: list[RawCall] = []
    unresolved: list[Unresolved] = []
    unreadable: list[str] = []
    for path in paths:
        tree = parse_file(path)
        if tree is None:
            unreadable.append(str(path))
            continue
        found, unsure = scan_tree(tree, str(path))
        calls.extend(found)
        unresolved.extend(unsure)
    return calls, unresolved, unreadable


def raw_calls(root: Path) -> Scanned:
    """The raw calls in the Python files under `root`, what could not be resolved, and the
    files that do not parse; the same answer however many processes scan them."""
    paths = python_files(root)
    workers = min(os.cpu_count() or 1, 4)
    if workers > 1 and len(paths) >= PARALLEL_FROM:
        chunks = [paths[i::workers] for i in range(workers)]
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            parts = list(pool.map(scan_files, chunks))
    else:
        parts = [scan_files(paths)]
    calls = [c for part in parts for c in part[0]]
    unresolved = [u for part in parts for u in part[1]]
    unreadable = sorted(f for part in parts for f in part[2])
    calls.sort(key=lambda c: (c.file, c.line, c.method, c.path))
    unresolved.sort(key=lambda u: (u.file, u.line, u.reason))
    return calls, unresolved, unreadable


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


def match_calls(ir: IR, calls: list[RawCall]) -> list[Found]:
    index = EndpointIndex(ir)
    names = ClientNames(ir)
    found = []
    for call in calls:
        endpoint = index.match(call.method, call.path)
        python = python_call(names, endpoint, call.path) if endpoint else None
        found.append(Found(call, endpoint, python))
    return found


def shown_path(path: str) -> str:
    return path.replace(HOLE, "{}")


def to_json(found: list[Found], unresolved: list[Unresolved]) -> str:
    """The JSON report: `{"calls": [...], "unresolved": [...]}`."""
    return json.dumps(_report(found, unresolved), indent=1) + "\n"


def summary(found: list[Found], unresolved: list[Unresolved], release: str) -> str:
    missing = sum(f.endpoint is None for f in found)
    return (
        f"mbgen: {len(found)} calls, {missing} to endpoints {release} does not have, "
        f"{len(unresolved)} unresolved"
    )


def _report(found: list[Found], unresolved: list[Unresolved]) -> dict[str, Any]:
    return {
        "calls": [
            {
                "file": f.call.file,
                "line": f.call.line,
                "method": f.call.method,
                "path": f.endpoint.path if f.endpoint else None,
                "template": f.call.template,
                "python": f.python,
                "form": f.call.form,
            }
            for f in found
        ],
        "unresolved": [
            {
                "file": u.file,
                "line": u.line,
                "method": u.method,
                "template": u.template,
                "reason": u.reason,
            }
            for u in unresolved
        ],
    }


def to_text(found: list[Found], unresolved: list[Unresolved], release: str) -> str:
    lines = []
    for f in found:
        where = f"{f.call.file}:{f.call.line}: {f.call.method} {f.call.template}"
        if f.endpoint is None:
            lines.append(f"{where}: not an endpoint of {release} ({f.call.form})")
        else:
            lines.append(f"{where}: {f.endpoint.label} -> {f.python} ({f.call.form})")
    for u in unresolved:
        shown = f"{u.method or '?'} {u.template or '?'}"
        lines.append(f"{u.file}:{u.line}: {shown}: unresolved: {u.reason}")
    return "".join(line + "\n" for line in lines)
