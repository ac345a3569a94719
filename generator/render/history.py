"""A release series -> what the newest release's package says of it: the releases each method
has been in (docstrings, operations.json), a deprecated alias for each old call of a moved
operation (rendered from `PackageModel.namespaces[...].aliases`, a table, by one template
loop), the CHANGELOG.md, and the table `_releases.py` a client routes calls with."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diff.changelog import changelog
from generator.diff.series import (
    Alias,
    Key,
    Lineage,
    NoAlias,
    Step,
    aliases,
    lineages,
    series_steps,
)
from generator.ir import IR
from generator.render.model import PackageModel, PyNamespace, PyOperation, PyParam, class_for
from generator.runtime._version_tags import parse_version


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


@dataclass
class Series:
    """The releases (oldest first, the package's own last), their steps and lineages."""

    releases: list[IR]
    steps: list[Step]
    lines: dict[Key, Lineage]
    aliases: list[Alias] = field(default_factory=list)
    skipped: list[NoAlias] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [ir.release or "" for ir in self.releases]


def read_series(releases: list[IR]) -> Series:
    steps = series_steps(releases)
    lines = lineages(releases, steps)
    kept, skipped = aliases(releases, lines)
    return Series(releases, steps, lines, kept, skipped)


def _md(text: str) -> str:
    """Backquoted text for a docstring or Markdown: a path or a call, never a backquote."""
    return "`" + text.replace("`", "'") + "`"


def history_lines(lineage: Lineage, series: Series) -> list[str]:
    """`Since 0.59.` / `In every release of the series (0.58 to 0.63.2).` and each move."""
    names = series.names
    if lineage.links[0] is not None:
        lines = [f"In every release of the series ({names[0]} to {names[-1]})."]
        if len(names) == 1:
            lines = [f"In {names[0]}."]
    else:
        lines = [f"Since {lineage.releases[0]}."]
    for index, link in enumerate(lineage.links[:-1]):
        following = lineage.links[index + 1]
        if link is not None and link.moved_after and following is not None:
            lines.append(f"Moved from {_md(link.endpoint.label)} in {following.release}.")
    return lines


def _moved_from(lineage: Lineage) -> list[dict[str, str]]:
    out = []
    for index, link in enumerate(lineage.links[:-1]):
        following = lineage.links[index + 1]
        if link is not None and link.moved_after and following is not None:
            out.append(
                {
                    "release": following.release,
                    "method": link.endpoint.method,
                    "path": link.endpoint.path,
                }
            )
    return out


def _alias(alias: Alias, target: PyOperation) -> PyAlias:
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
        f"{old_call} is deprecated: {alias.old.label} moved to {target.method} {target.path} "
        f"in Metabase {alias.moved_in}; call {target.call}() instead"
    )
    doc = (
        f"Deprecated: call {_md(target.call + '()')}. {_md(alias.old.label)} moved to "
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


def attach(model: PackageModel, series: Series) -> None:
    """Write the series into the model: each operation's history, and the aliases (on their
    old namespace, made for them where the newest release has no such namespace)."""
    model.series = series
    for op in model.operations:
        lineage = series.lines[(op.method, op.path)]
        op.history = history_lines(lineage, series)
    namespaces = {ns.attribute: ns for ns in model.namespaces}
    for alias in series.aliases:
        target = model.operation(*alias.target)
        ns = namespaces.get(alias.namespace)
        if ns is None:
            ns = PyNamespace(alias.namespace, class_for(alias.namespace), alias.old.tag)
            namespaces[alias.namespace] = ns
        ns.aliases.append(_alias(alias, target))
    model.namespaces = [namespaces[a] for a in sorted(namespaces)]


def manifest_extra(series: Series, key: Key) -> dict[str, Any]:
    lineage = series.lines[key]
    extra: dict[str, Any] = {"releases": lineage.releases}
    moved = _moved_from(lineage)
    if moved:
        extra["moved_from"] = moved
    return extra


def manifest_aliases(model: PackageModel, series: Series) -> dict[str, Any]:
    """operations.json's account of the series: its releases, the aliases and the old calls
    not kept."""
    kept = [
        {
            "python": f"{a.namespace}.{a.name}",
            "calls": model.operation(*a.target).call,
            "method": a.old.method,
            "path": a.old.path,
            "moved_in": a.moved_in,
        }
        for a in series.aliases
    ]
    skipped = [
        {"python": s.call, "method": s.old.method, "path": s.old.path, "moved_in": s.moved_in}
        | {"why": s.why}
        for s in sorted(series.skipped, key=lambda s: s.call)
    ]
    return {"series": series.names, "aliases": kept, "not_aliased": skipped}


def changelog_notes(series: Series) -> dict[tuple[str, str, str], str]:
    """(release moved in, old method, old path) -> what the package kept of the old call."""
    notes: dict[tuple[str, str, str], str] = {}
    for a in series.aliases:
        notes[(a.moved_in, a.old.method, a.old.path)] = "kept as a deprecated alias"
    for s in series.skipped:
        notes[(s.moved_in, s.old.method, s.old.path)] = f"no alias: {s.why}"
    return notes


def package_changelog(series: Series) -> str:
    return changelog(series.releases, series.steps, changelog_notes(series))


Route = tuple[str, str, tuple[tuple[str, str, str], ...], str] | None


def _route(lineage: Lineage, index: int) -> Route | str:
    """How release `index` has the operation: "" the same, None not at all, or (method, path,
    renamed parameters (location, newest name, its name), why a call cannot be sent there)."""
    link = lineage.links[index]
    if link is None:
        return None
    newest = lineage.newest
    renamed = tuple(
        (slot[0], slot[1], old[1])
        for slot, old in sorted(link.slots.items())
        if slot[0] != "body" and slot != old
    )
    if link.endpoint.key == newest.key and not renamed:
        return ""
    why = link.route_mismatch if lineage.has_moved_since(index) else ""
    return (link.endpoint.method, link.endpoint.path, renamed, why)


def routes(model: PackageModel, series: Series) -> list[tuple[str, str, str, list[Route | str]]]:
    """Each operation whose path is not the same in every release: (method, path, its
    Python call, how each release of the series has it)."""
    table = []
    for op in sorted(model.operations, key=lambda o: (o.method, o.path)):
        lineage = series.lines[(op.method, op.path)]
        entries = [_route(lineage, i) for i in range(len(series.releases))]
        if any(entry != "" for entry in entries):
            table.append((op.method, op.path, op.call, entries))
    return table


def release_versions(series: Series) -> list[tuple[str, tuple[int, ...] | None]]:
    return [(name, parse_version(name)) for name in series.names]


def releases_module(model: PackageModel) -> dict[str, list[str]]:
    """The literals of `_releases.py` (Python reprs of str, int, None and tuples only: nothing
    from a document is ever more than a string literal there)."""
    series: Series | None = model.series
    if series is None:
        own = (model.release or "", parse_version(model.release or ""))
        return {"series_lines": [repr(own)], "route_lines": []}
    return {
        "series_lines": [repr(entry) for entry in release_versions(series)],
        "route_lines": [
            f"{(method, path)!r}: {(call, tuple(entries))!r}"
            for method, path, call, entries in routes(model, series)
        ],
    }
