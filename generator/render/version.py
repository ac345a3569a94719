"""Metabase release -> PEP 440 version of the generated package.

- `0.57.0`, `v0.57.0`, `1.57.3` -> the same numbers (`0.57.0`);
- `0.21.0-snapshot`, `0.50.0-RC2` -> a pre-release or dev release of those numbers
  (`0.21.0.dev0`, `0.50.0rc2`);
- a dated snapshot `2025-12` or `2024-05-10` -> `0+snapshot.2025.12` / `0+snapshot.2024.5.10`:
  version 0 with a local label, so it sorts below every real release and PyPI (which refuses
  local versions) never mistakes a snapshot for a release;
- anything else, or no release -> `0+unknown`.
"""

from __future__ import annotations

import re

_RELEASE = re.compile(r"^v?(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[-.]?(.*))?$")
_DATE = re.compile(r"^(\d{4})-(\d{2})(?:-(\d{2}))?$")


def package_version(release: str | None) -> str:
    if not release:
        return "0+unknown"
    date = _DATE.match(release)
    if date:
        parts = [str(int(p)) for p in date.groups() if p]
        return "0+snapshot." + ".".join(parts)
    match = _RELEASE.match(release.strip())
    if not match:
        return "0+unknown"
    numbers = ".".join(str(int(n)) for n in match.groups()[:4] if n is not None)
    if len(numbers.split(".")) == 2:
        numbers += ".0"
    suffix = (match.group(5) or "").lower()
    if not suffix:
        return numbers
    pre = re.fullmatch(r"(rc|beta|b|alpha|a)\.?(\d*)", suffix)
    if pre:
        kind = {"beta": "b", "alpha": "a"}.get(pre.group(1), pre.group(1))
        return f"{numbers}{kind}{int(pre.group(2) or 0)}"
    return f"{numbers}.dev0"
