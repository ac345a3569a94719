"""One fact, one change. The diff walks a schema both as the object its allOf parts and
anyOf/oneOf branches merge into and branch by branch, so a property that changed inside a branch
is found twice: `(allOf #0).creator_id` and `creator_id`. The pair is one change, reported at
the place named least indirectly; the other places stay on it (`also_at`)."""

from __future__ import annotations

import re

from generator.diff.changes import Change
from generator.diff.rules import SEVERITY_RANK

BRANCH_LABEL = re.compile(r"\((?:allOf|anyOf|oneOf) [^()]*\)")


def without_branches(param: str) -> str:
    """`(allOf #1)(oneOf x).template.body` -> `template.body`; `data(anyOf #0).a` -> `data.a`."""
    return BRANCH_LABEL.sub("", param).lstrip(".")


# Kinds that say one fact at two levels of strictness: a property a branch requires may be
# optional in the merged object (required in some branches only). The stricter one is kept.
_FAMILY = {
    "optional-property-added": "required-property-added",
    "optional-response-property-removed": "response-property-removed",
}


def _fact(change: Change) -> tuple[object, ...]:
    param = without_branches(change.param) if change.param else None
    kind = _FAMILY.get(change.kind, change.kind)
    return (change.method, change.path, kind, param, tuple(sorted(change.fields.items())))


def _rank(change: Change) -> tuple[int, int]:
    """Stricter first, then the place named least indirectly."""
    labels = len(BRANCH_LABEL.findall(change.param or ""))
    return -SEVERITY_RANK[change.severity], labels


def once_per_fact(changes: list[Change]) -> list[Change]:
    """Changes that say the same of the same place but for branch labels, merged into one."""
    facts: dict[tuple[object, ...], list[Change]] = {}
    for change in changes:
        facts.setdefault(_fact(change), []).append(change)
    dropped: set[int] = set()
    for found in facts.values():
        if len(found) < 2:
            continue
        kept = min(found, key=_rank)
        for other in found:
            if other is not kept:
                dropped.add(id(other))
                if other.param and other.param != kept.param and other.param not in kept.also_at:
                    kept.also_at.append(other.param)
    return [c for c in changes if id(c) not in dropped]
