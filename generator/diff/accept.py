"""Changes a team has accepted: an ignore file (one change a line, `METHOD PATH kind [param]`,
`#` comments) drops them from the report, and `kind=severity` overrides re-rate a rule, so
`--fail-on breaking` passes once a break is agreed."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.diff.changes import Change
from generator.diff.rules import RULES, SEVERITY_RANK
from generator.errors import MbgenError
from generator.paths import BRACE_PLACEHOLDER


@dataclass(frozen=True)
class Accepted:
    method: str
    path: str
    kind: str
    param: str | None
    where: str = ""  # FILE:LINE, for the warning when it matches nothing

    def matches(self, change: Change) -> bool:
        """The same change; the path as the old or the new release spells it, with or without
        a trailing slash and whatever its placeholders are named (one endpoint to Metabase)."""
        paths = {change.path, change.fields.get("old_path", change.path)}
        return (
            change.method == self.method
            and change.kind == self.kind
            and _spelling(self.path) in {_spelling(p) for p in paths}
            and (self.param is None or change.param == self.param)
        )


def _spelling(path: str) -> str:
    return BRACE_PLACEHOLDER.sub("{}", path).rstrip("/") or "/"


def read_ignore_file(path: Path) -> list[Accepted]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise MbgenError(str(path), f"cannot read the ignore file: {error}") from None
    accepted = []
    for number, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip()
        if not line:
            continue
        words = line.split(maxsplit=3)
        if len(words) < 3 or words[2] not in RULES:
            raise MbgenError(
                f"{path}:{number}", "expected `METHOD PATH kind [param]` with a known rule id"
            )
        param = words[3].strip() if len(words) == 4 else None
        accepted.append(Accepted(words[0].upper(), words[1], words[2], param, f"{path}:{number}"))
    return accepted


def drop_accepted(
    changes: list[Change], accepted: list[Accepted]
) -> tuple[list[Change], list[Accepted]]:
    """The changes no line accepts, and the lines that accept nothing (a typo, or a change
    that is gone: both worth a warning, never silence)."""
    used: set[int] = set()
    kept = []
    for change in changes:
        hits = [i for i, a in enumerate(accepted) if a.matches(change)]
        used.update(hits)
        if not hits:
            kept.append(change)
    return kept, [a for i, a in enumerate(accepted) if i not in used]


def parse_severities(values: tuple[str, ...]) -> dict[str, str]:
    out = {}
    for value in values:
        kind, _, severity = value.partition("=")
        if kind not in RULES or severity not in SEVERITY_RANK:
            raise MbgenError(
                "--severity",
                f"{value!r}: expected kind=breaking|warning|info with a known rule id",
            )
        out[kind] = severity
    return out


def apply_severities(changes: list[Change], overrides: dict[str, str]) -> None:
    for change in changes:
        if change.kind in overrides:
            change.severity_override = overrides[change.kind]
