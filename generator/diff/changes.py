"""One change between two releases, as the JSON report's contract has it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from generator.diff.rules import RULES


@dataclass(frozen=True)
class MovedTo:
    method: str
    path: str
    confidence: float


@dataclass
class Change:
    kind: str  # a rule id
    method: str
    path: str
    tag: str
    param: str | None = None
    moved_to: MovedTo | None = None
    fields: dict[str, str] = field(default_factory=dict)
    python: dict[str, str] = field(default_factory=dict)  # code impact: old/new call
    severity_override: str | None = None  # a team's `--severity kind=...`
    # The same fact found again through allOf/anyOf/oneOf branches (`(allOf #1).name`): said
    # once, at the place named least indirectly, with the other places kept here.
    also_at: list[str] = field(default_factory=list)
    # The overlays whose facts the change rests on (generator.diff.supplied): not published.
    supplied_by: list[str] = field(default_factory=list)

    @property
    def severity(self) -> str:
        return self.severity_override or RULES[self.kind].severity

    @property
    def why(self) -> str:
        return RULES[self.kind].why

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def message(self) -> str:
        values = {"label": self.label, "param": self.param or "", **self.fields}
        if self.moved_to:
            values["moved_label"] = f"{self.moved_to.method} {self.moved_to.path}"
        message = RULES[self.kind].message.format(**values)
        if self.supplied_by:
            message += f" [supplied by overlay: {', '.join(self.supplied_by)}]"
        return message

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "severity": self.severity,
            "kind": self.kind,
            "method": self.method,
            "path": self.path,
        }
        if self.param is not None:
            out["param"] = self.param
        if self.moved_to is not None:
            out["moved_to"] = {
                "method": self.moved_to.method,
                "path": self.moved_to.path,
                "confidence": self.moved_to.confidence,
            }
        out["message"] = self.message
        out["why"] = self.why
        if self.python:
            out["python"] = self.python
        if self.also_at:
            out["also_at"] = self.also_at
        if self.supplied_by:
            out["supplied_by"] = self.supplied_by
        return out
