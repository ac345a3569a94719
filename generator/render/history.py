"""A release series (`SeriesData`, which the diff makes) -> the package: the releases each
method has been in (docstrings, operations.json), a deprecated alias for each old call of a
moved operation (rendered from `PackageModel.namespaces[...].aliases`, a table, by one template
loop), and the table `_releases.py` a client routes calls with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.render.model import (
    Overload,
    PackageModel,
    PyNamespace,
    PyOperation,
    PyParam,
    class_for,
)
from generator.runtime._version_tags import parse_version
from generator.series_data import AliasSpec, Key, OperationHistory, SeriesData


@dataclass(frozen=True)
class PyAlias:
    """A deprecated method: the old call's name and parameter names, the new call's types."""

    name: str
    params: list[PyParam]
    body_type: str | None
    body_required: bool
    response_type: str
    target: PyOperation
    forward: str  # the builder's arguments
    message: str  # the DeprecationWarning's, and what type checkers show
    doc: str
    # An alias is one plain signature, never an export's overloads (the shared signature
    # macro reads these from any operation).
    overloads: list[Overload] = field(default_factory=list)
    format_param: str = ""
    signature_body_type: str | None = None


def _md(text: str) -> str:
    """Backquoted text for a docstring or Markdown: a path or a call, never a backquote."""
    return "`" + text.replace("`", "'") + "`"


def history_lines(history: OperationHistory, series: SeriesData) -> list[str]:
    """`Since 0.59.` / `In every release of the series (0.58 to 0.63.2).` and each move."""
    names = series.names
    if len(names) == 1:
        lines = [f"In {names[0]}."]
    elif history.routes[0] is not None:
        lines = [f"In every release of the series ({names[0]} to {names[-1]})."]
    else:
        lines = [f"Since {history.releases[0]}."]
    for moved in history.moved_from:
        lines.append(f"Moved from {_md(moved.method + ' ' + moved.path)} in {moved.release}.")
    return lines


def _alias(alias: AliasSpec, target: PyOperation) -> PyAlias:
    by_slot = {(p.location, p.published): p for p in target.params}
    params: list[PyParam] = []
    forward: list[str] = []
    for old_python, slot in alias.params:
        if slot[0] == "body":
            forward.append("body=body")
            continue
        new = by_slot[slot]
        params.append(PyParam(slot[1], old_python, new.location, new.required, new.type_expr, ""))
        forward.append(f"{new.python}={old_python}")
    forward += ["extra_query=extra_query", "extra_headers=extra_headers", "timeout=timeout"]
    old_call = f"{alias.namespace}.{alias.name}()"
    message = (
        f"{old_call} is deprecated: {alias.label} moved to {target.method} {target.path} "
        f"in Metabase {alias.moved_in}; call {target.call}() instead"
    )
    doc = (
        f"Deprecated: call {_md(target.call + '()')}. {_md(alias.label)} moved to "
        f"{_md(target.method + ' ' + target.path)} in Metabase {alias.moved_in}; this calls "
        "the new one, with the old method's name and arguments."
    )
    has_body = any(slot[0] == "body" for _, slot in alias.params)
    return PyAlias(
        alias.name,
        params,
        target.body_type if has_body else None,
        target.body_required,
        target.response_type,
        target,
        ", ".join(forward),
        message,
        doc,
    )


def attach(model: PackageModel, series: SeriesData) -> None:
    """Write the series into the model: each operation's history, and the aliases (on their
    old namespace, made for them where the newest release has no such namespace)."""
    model.series = series
    for op in model.operations:
        op.history = history_lines(series.operations[(op.method, op.path)], series)
    namespaces = {ns.attribute: ns for ns in model.namespaces}
    for alias in series.aliases:
        target = model.operation(*alias.target)
        ns = namespaces.get(alias.namespace)
        if ns is None:
            ns = PyNamespace(alias.namespace, class_for(alias.namespace), alias.tag)
            namespaces[alias.namespace] = ns
        ns.aliases.append(_alias(alias, target))
    model.namespaces = [namespaces[a] for a in sorted(namespaces)]


def manifest_extra(series: SeriesData, key: Key) -> dict[str, Any]:
    history = series.operations[key]
    extra: dict[str, Any] = {"releases": history.releases}
    if history.moved_from:
        extra["moved_from"] = [
            {"release": m.release, "method": m.method, "path": m.path} for m in history.moved_from
        ]
    return extra


def manifest_aliases(model: PackageModel, series: SeriesData) -> dict[str, Any]:
    """operations.json's account of the series: its releases, the aliases and the old calls
    not kept."""
    kept = [
        {
            "python": f"{a.namespace}.{a.name}",
            "calls": model.operation(*a.target).call,
            "method": a.method,
            "path": a.path,
            "moved_in": a.moved_in,
        }
        for a in series.aliases
    ]
    skipped = [
        {"python": s.call, "method": s.method, "path": s.path, "moved_in": s.moved_in}
        | {"why": s.why}
        for s in sorted(series.skipped, key=lambda s: s.call)
    ]
    return {"series": series.names, "aliases": kept, "not_aliased": skipped}


def routes(model: PackageModel, series: SeriesData) -> list[tuple[str, str, str, list[Any]]]:
    """Each operation whose path is not the same in every release: (method, path, its
    Python call, how each release of the series has it)."""
    table = []
    for op in sorted(model.operations, key=lambda o: (o.method, o.path)):
        entries = series.operations[(op.method, op.path)].routes
        if any(entry != "" for entry in entries):
            table.append((op.method, op.path, op.call, list(entries)))
    return table


def releases_module(model: PackageModel) -> dict[str, list[str]]:
    """The literals of `_releases.py` (Python reprs of str, int, None and tuples only: nothing
    from a document is ever more than a string literal there)."""
    series: SeriesData | None = model.series
    if series is None:
        own = (model.release or "", parse_version(model.release or ""))
        return {"series_lines": [repr(own)], "route_lines": []}
    return {
        "series_lines": [repr(entry) for entry in zip(series.names, series.versions, strict=True)],
        "route_lines": [
            f"{(method, path)!r}: {(call, tuple(entries))!r}"
            for method, path, call, entries in routes(model, series)
        ],
    }
