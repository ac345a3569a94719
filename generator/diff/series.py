"""A release series seen from its newest release: each step's diff, and each operation of the
newest release followed back through the earlier ones.

Everything here is read off the pairwise diff (`match_operations` and `diff_irs`, with their
move detection), never from a comparison of its own: a step says which operations are the same
(`pairs`, even where the path is spelled otherwise), which moved, which came and went. From that
come the changelog's sections, the deprecated aliases of a generated package (the old call of
every moved operation, where its parameters map one to one), the releases each method's
docstring names, and the table a client uses to send a call to the path an older server has.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from generator.diff.changes import Change
from generator.diff.compare import Matching, diff_irs, match_operations
from generator.diff.impact import ClientNames, annotate
from generator.ir import IR, Endpoint
from generator.naming import endpoint_param_names
from generator.paths import BRACE_PLACEHOLDER
from generator.series_data import AliasSpec, Key, SkippedAlias, Slot


@dataclass(frozen=True)
class Step:
    """One release to the next: how their operations correspond, and the annotated changes."""

    old: IR
    new: IR
    matching: Matching
    changes: list[Change]


def series_steps(releases: list[IR]) -> list[Step]:
    """The diff of each release against the one before (releases oldest first)."""
    steps = []
    for old, new in itertools.pairwise(releases):
        matching = match_operations(old, new)
        changes = diff_irs(old, new, matching)
        annotate(changes, old, new)
        _name_added(changes, ClientNames(new))
        steps.append(Step(old, new, matching, changes))
    return steps


def _name_added(changes: list[Change], names: ClientNames) -> None:
    """The call of each added operation (`annotate` names only what breaks or warns)."""
    for change in changes:
        call = names.call(change.method, change.path)
        if change.kind == "operation-added" and call and not change.python:
            change.python = {"new": f"{call[0]}.{call[1]}()"}


def _python_names(endpoint: Endpoint) -> dict[Slot, str]:
    """The Python name the generated client gives each parameter (the naming of its own
    release's client)."""
    names = endpoint_param_names([(p.name, p.location) for p in endpoint.params])
    by_slot: dict[Slot, str] = {}
    for i, p in enumerate(endpoint.params):
        by_slot.setdefault((p.location, p.name), names[i])
    return by_slot


def _slots(endpoint: Endpoint) -> list[Slot]:
    """Path parameters in the order of the path (a move keeps their places, not their names),
    then the others, then the body."""
    path_names = BRACE_PLACEHOLDER.findall(endpoint.path)
    rest = sorted((p.location, p.name) for p in endpoint.params if p.location != "path")
    return [("path", n) for n in path_names] + rest + ([("body", "")] if endpoint.body else [])


def slot_map(old: Endpoint, new: Endpoint) -> dict[Slot, Slot]:
    """new slot -> old slot for the parameters the two have in common: path ones by place,
    the others by location and Python name (`tag_ids` published as `tag-ids` is the same
    argument of the same method), the body with the body."""
    old_path = BRACE_PLACEHOLDER.findall(old.path)
    mapping = {
        ("path", n): ("path", old_path[i])
        for i, n in enumerate(BRACE_PLACEHOLDER.findall(new.path))
        if i < len(old_path)
    }
    old_names = {(s[0], python): s for s, python in _python_names(old).items()}
    for slot, python in _python_names(new).items():
        if slot[0] != "path" and (slot[0], python) in old_names:
            mapping[slot] = old_names[(slot[0], python)]
    if old.body and new.body:
        mapping[("body", "")] = ("body", "")
    return mapping


def _required(endpoint: Endpoint) -> set[Slot]:
    required = {(p.location, p.name) for p in endpoint.params if p.required}
    required |= {s for s in _slots(endpoint) if s[0] == "path"}
    return required | ({("body", "")} if endpoint.body and endpoint.body_required else set())


def _slot_label(slot: Slot) -> str:
    return "a body" if slot[0] == "body" else f"{slot[0]} parameter {slot[1]}"


@dataclass(frozen=True)
class Link:
    """One operation of the newest release as an earlier release had it."""

    release: str
    endpoint: Endpoint
    slots: dict[Slot, Slot]  # newest slot -> this release's, for those that map
    moved_after: bool  # it moved between this release and the next
    only_here: list[Slot]  # this release's parameters the newest has no counterpart of
    newest_required: list[Slot]  # the newest's required parameters this release lacks

    @property
    def alias_mismatch(self) -> str:
        """Why a call written for this release cannot be passed on to the newest ("" when
        it can: every argument has its counterpart, and every one the newest requires is
        there)."""
        extra = ", ".join(map(_slot_label, self.only_here))
        return self._problems(f"{self.release} takes {extra}, which has no counterpart now")

    @property
    def route_mismatch(self) -> str:
        """Why a call of the newest release cannot be sent to this release's path ("" when it
        can: nothing required on either side is missing on the other)."""
        required_here = _required(self.endpoint)
        extra = ", ".join(_slot_label(s) for s in self.only_here if s in required_here)
        return self._problems(extra and f"{self.release} requires {extra}, which this call lacks")

    def _problems(self, extra: str) -> str:
        parts = [extra] if self.only_here and extra else []
        if self.newest_required:
            lacking = ", ".join(map(_slot_label, self.newest_required))
            parts.append(f"{self.release} lacks the required {lacking}")
        return "; ".join(parts)


@dataclass
class Lineage:
    """An operation of the newest release through the series: `links[i]` is how release i had
    it (the newest's own at the end), None where it did not."""

    newest: Endpoint
    links: list[Link | None] = field(default_factory=list)

    def has_moved_since(self, index: int) -> bool:
        return any(link is not None and link.moved_after for link in self.links[index:-1])

    @property
    def releases(self) -> list[str]:
        return [link.release for link in self.links if link is not None]


def _step_back(link: Link, old: Endpoint, release: str, moved: bool, newest: Endpoint) -> Link:
    """`link` one release further back, where the operation was `old`."""
    mapping = slot_map(old, link.endpoint)
    slots = {n: mapping[s] for n, s in link.slots.items() if s in mapping}
    used = set(slots.values())
    only_here = [s for s in _slots(old) if s not in used]
    lacking = [s for s in _slots(newest) if s in _required(newest) and s not in slots]
    return Link(release, old, slots, moved, only_here, lacking)


def lineages(releases: list[IR], steps: list[Step]) -> dict[Key, Lineage]:
    """Every operation of the newest release followed back through the series."""
    newest = releases[-1]
    found: dict[Key, Lineage] = {}
    current: dict[Key, tuple[Key, Link]] = {}  # key in release i -> (newest key, link)
    for e in newest.endpoints:
        link = Link(_name(newest), e, {s: s for s in _slots(e)}, False, [], [])
        found[e.key] = Lineage(e, [link])
        current[e.key] = (e.key, link)
    for step in reversed(steps):
        back: dict[Key, tuple[Endpoint, bool]] = {b.key: (a, False) for a, b in step.matching.pairs}
        back |= {m.new.key: (m.old, True) for m in step.matching.moves}
        previous: dict[Key, tuple[Key, Link]] = {}
        for key, (newest_key, link) in current.items():
            if key in back:
                old, moved = back[key]
                newest_endpoint = found[newest_key].newest
                older = _step_back(link, old, _name(step.old), moved, newest_endpoint)
                previous[old.key] = (newest_key, older)
        for lineage in found.values():
            lineage.links.insert(0, None)
        for newest_key, link in previous.values():
            found[newest_key].links[0] = link
        current = previous
    return found


def _name(ir: IR) -> str:
    return ir.release or ir.source.get("name", "unknown")


def _alias_params(link: Link) -> list[tuple[str, Slot]]:
    """(old Python name, newest slot), in the order the old client declared them: required
    first, path before query, then as published."""
    python = _python_names(link.endpoint)
    newest_of = {old: newest for newest, old in link.slots.items()}
    ordered = sorted(
        link.endpoint.params,
        key=lambda p: (not (p.required or p.location == "path"), p.location != "path"),
    )
    out = [(python[(p.location, p.name)], newest_of[(p.location, p.name)]) for p in ordered]
    if link.endpoint.body:
        out.append(("body", ("body", "")))
    return out


def aliases(
    releases: list[IR], lines: dict[Key, Lineage]
) -> tuple[list[AliasSpec], list[SkippedAlias]]:
    """The old call of every operation that moved on its way to the newest release, newest
    move first; each old call once, and never one the newest release's client already has."""
    names = [ClientNames(ir) for ir in releases]
    taken = {".".join(call) for call in names[-1].calls.values()}
    kept: list[AliasSpec] = []
    skipped: list[SkippedAlias] = []
    candidates = []
    for key, lineage in lines.items():
        for index, link in enumerate(lineage.links[:-1]):
            if link is not None and lineage.has_moved_since(index):
                moved_in = _moved_in(lineage, index)
                candidates.append((index, key, link, moved_in))
    for index, key, link, moved_in in sorted(candidates, key=lambda c: (-c[0], c[1])):
        call = names[index].call(link.endpoint.method, link.endpoint.path)
        if call is None:
            continue
        dotted = ".".join(call)
        new_call = ".".join(names[-1].calls[key])
        if dotted == new_call or any(a.namespace + "." + a.name == dotted for a in kept):
            continue  # the same call still works, or a newer release's old call has the name
        why = ""
        if dotted in taken:
            why = f"`{dotted}()` is now another operation's name"
        elif link.alias_mismatch:
            why = f"its parameters do not map one to one ({link.alias_mismatch})"
        old = link.endpoint
        if why:
            skipped.append(SkippedAlias(dotted, old.method, old.path, moved_in, why))
        else:
            params = _alias_params(link)
            kept.append(
                AliasSpec(call[0], call[1], key, old.method, old.path, old.tag, moved_in, params)
            )
    return sorted(kept, key=lambda a: (a.namespace, a.name)), skipped


def _moved_in(lineage: Lineage, index: int) -> str:
    """The release in which the operation as release `index` had it first moved."""
    for later in range(index, len(lineage.links) - 1):
        link = lineage.links[later]
        if link is not None and link.moved_after:
            nxt = lineage.links[later + 1]
            return nxt.release if nxt else ""
    return ""
