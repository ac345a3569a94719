"""What every area of the diff shares: the two releases, and how a change is made."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

from generator.diff.changes import Change
from generator.diff.rules import RULES
from generator.ir import IR, Endpoint, Repair, ref_name

PROSE_FORMATS = frozenset({"markdown", "rendered-text"})


@dataclass(frozen=True)
class Context:
    """Sources that are prose (Markdown, rendered text) say less than OpenAPI: no responses, no
    nullability an OpenAPI would also state, parameter locations inferred. Between a prose and
    an OpenAPI source the comparison keeps to what both can say."""

    old: IR
    new: IR

    @property
    def prose_involved(self) -> bool:
        formats = {self.old.source.get("format"), self.new.source.get("format")}
        return bool(formats & PROSE_FORMATS)

    @property
    def same_fidelity(self) -> bool:
        """Both sides say as much: bounds, nullability and defaults can be compared."""
        return self.old.source.get("format") == self.new.source.get("format")

    @cached_property
    def old_repairs(self) -> dict[str, list[Repair]]:
        return repairs_by_place(self.old)

    @cached_property
    def new_repairs(self) -> dict[str, list[Repair]]:
        return repairs_by_place(self.new)

    @cached_property
    def stable_names(self) -> frozenset[str]:
        """Named schemas the same in both releases, down to every schema they refer to."""
        same = {
            name: refs_of(schema)
            for name, schema in self.old.schemas.items()
            if self.new.schemas.get(name) == schema
        }
        stable = set(same)
        changed = True
        while changed:
            changed = False
            for name in list(stable):
                if not same[name] <= stable:
                    stable.discard(name)
                    changed = True
        return frozenset(stable)

    def unchanged(self, old: dict[str, Any], new: dict[str, Any]) -> bool:
        """The same schema on both sides, referring only to schemas that did not change: no
        rule can fire anywhere inside it (most of a release, compared with the next)."""
        return old == new and refs_of(old) <= self.stable_names


def repairs_by_place(ir: IR) -> dict[str, list[Repair]]:
    out: dict[str, list[Repair]] = {}
    for repair in ir.repairs:
        out.setdefault(repair.where, []).append(repair)
    return out


def refs_of(value: object) -> set[str]:
    """The names of the schemas a schema refers to, anywhere inside it."""
    found: set[str] = set()
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            ref = item.get("$ref")
            if isinstance(ref, str):
                found.add(ref_name(ref) or ref)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def make_change(kind: str, endpoint: Endpoint, param: str | None = None, **fields: Any) -> Change:
    assert kind in RULES, kind
    return Change(
        kind=kind,
        method=endpoint.method,
        path=endpoint.path,
        tag=endpoint.tag,
        param=param,
        fields={k: str(v) for k, v in fields.items()},
    )
