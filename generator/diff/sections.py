"""The sections of a changelog or a report, in the order a reader of an upgrade wants them
(issue #17): what is gone, where things went, what else breaks, what to plan for, what is new,
and the rest. `mbgen changelog`, `mbgen diff`'s reports and what is built on the release
series all sort with `sections` (also importable from generator.diff.changelog)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Protocol, TypeVar

from generator.diff.rules import BREAKING, WARNING


class Reported(Protocol):
    """A change or a report entry: what sorting into sections needs."""

    @property
    def kind(self) -> str: ...

    @property
    def severity(self) -> str: ...


T = TypeVar("T", bound=Reported)

_REMOVED = frozenset({"operation-removed", "deprecated-operation-removed"})
_DEPRECATED = frozenset({"operation-deprecated", "parameter-deprecated", "property-deprecated"})

# The order a reader of an upgrade wants (issue #17): what is gone, where things went, what
# else breaks, what to plan for, what is new, and the rest. The first that holds places a change.
SECTIONS: tuple[tuple[str, Callable[[Reported], bool]], ...] = (
    ("Removed", lambda c: c.kind in _REMOVED),
    ("Moved", lambda c: c.kind == "operation-moved"),
    ("Breaking changes", lambda c: c.severity == BREAKING),
    ("Deprecated and other warnings", lambda c: c.severity == WARNING or c.kind in _DEPRECATED),
    ("Added operations", lambda c: c.kind == "operation-added"),
    ("Other changes", lambda c: True),
)


def section_of(change: Reported) -> int:
    """The index in SECTIONS of the section a change (or report entry) belongs to."""
    return next(i for i, (_, wanted) in enumerate(SECTIONS) if wanted(change))


def sections(changes: Iterable[T]) -> list[tuple[str, list[T]]]:
    """Changes (or report entries) sorted into SECTIONS, in order, empty sections left out;
    the changelog, `mbgen diff`'s reports and anything built on the series call this."""
    placed: list[list[T]] = [[] for _ in SECTIONS]
    for change in changes:
        placed[section_of(change)].append(change)
    return [(SECTIONS[i][0], found) for i, found in enumerate(placed) if found]
