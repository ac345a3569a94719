"""What a package learns of its release series: plain data, made by the diff
(generator/diff/history.py, from the pairwise diff of each release and the next) and read by the
renderer (generator/render/history.py), so neither consumer imports the other."""

from __future__ import annotations

from dataclasses import dataclass, field

Key = tuple[str, str]  # (method, path) of an operation
Slot = tuple[str, str]  # (location, published name) of a parameter; ("body", "") for the body
# How one release has an operation of the newest: "" at the same path, None not at all, or
# (method, path, renamed parameters as (location, newest name, its name), why a call of the
# newest cannot be sent there, or "").
Route = tuple[str, str, tuple[tuple[str, str, str], ...], str] | str | None


@dataclass(frozen=True)
class Moved:
    release: str  # the release it moved in
    method: str  # where it was before
    path: str


@dataclass
class OperationHistory:
    """One operation of the newest release through the series."""

    releases: list[str]  # those that have it (followed back release by release)
    moved_from: list[Moved]
    routes: list[Route]  # one per release of the series


@dataclass(frozen=True)
class AliasSpec:
    """An old call kept in the newest package: `namespace.name(...)` calling `target`."""

    namespace: str
    name: str
    target: Key
    method: str  # the old operation
    path: str
    tag: str
    moved_in: str
    params: list[tuple[str, Slot]]  # the old call's Python names, each with the newest slot

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


@dataclass(frozen=True)
class SkippedAlias:
    """A moved operation whose old call is not kept, and why."""

    call: str
    method: str
    path: str
    moved_in: str
    why: str


@dataclass
class SeriesData:
    names: list[str]  # the releases, oldest first, the package's own last
    versions: list[tuple[int, int, int, int] | None]
    operations: dict[Key, OperationHistory]
    aliases: list[AliasSpec] = field(default_factory=list)
    skipped: list[SkippedAlias] = field(default_factory=list)
    changelog: str = ""
