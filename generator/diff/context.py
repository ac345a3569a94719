"""What every area of the diff shares: the two releases, and how a change is made."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.changes import Change
from generator.diff.rules import RULES
from generator.ir import IR, Endpoint

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
