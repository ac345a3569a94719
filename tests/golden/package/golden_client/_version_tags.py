"""Metabase versions, and which releases of a client's series a server's version falls in.

Pure functions, no I/O: mbgen orders a series with them when it generates a package, and the
package's client maps a server's version onto its series with them at run time.

A version is read as `(minor, patch, build, final)`: Metabase numbers the open-source edition
0.x and the Enterprise edition 1.x with the same x, so the major number is dropped
(`v1.58.3` is `v0.58.3`); `final` is 0 for a pre-release (`-RC2`, `-beta`, `-SNAPSHOT`) and 1
for a release, so 0.50.0-RC2 comes before 0.50.0.

Releases known only by the date of their document (`2024-05-10`) have no version: each covers
the versions between its numbered neighbours in the series (after the older one's minor
release, before the newer one), together with the older neighbour and any other dated
release between the same two, since nothing says which of them a server of such a version
is closer to.
"""

from __future__ import annotations

import re
import typing as t

Version: t.TypeAlias = tuple[int, int, int, int]
_VERSION = re.compile(
    r"v?(?P<major>[01])\.(?P<minor>\d{1,4})(?:\.(?P<patch>\d{1,4}))?(?:\.(?P<build>\d{1,4}))?"
    r"(?P<rest>[-+_ ].*)?",
    re.IGNORECASE,
)
_FINAL = re.compile(r"[-._ +]*(?:final|release)?", re.IGNORECASE)


def parse_version(text: str) -> Version | None:
    """`v0.58.3` -> (58, 3, 0, 1); `0.21.0-snapshot` -> (21, 0, 0, 0); anything that is not a
    Metabase version (`vLOCAL_DEV`, a date) -> None."""
    match = _VERSION.fullmatch(text.strip())
    if match is None:
        return None
    rest = match.group("rest") or ""
    final = 1 if _FINAL.fullmatch(rest) else 0
    return (
        int(match.group("minor")),
        int(match.group("patch") or 0),
        int(match.group("build") or 0),
        final,
    )


def format_version(version: Version) -> str:
    minor, patch, build, final = version
    text = f"0.{minor}.{patch}" + (f".{build}" if build else "")
    return text if final else text + " (a pre-release)"


def _neighbours(
    versions: t.Sequence[Version | None], index: int
) -> tuple[int | None, int | None]:
    """The numbered releases just before and just after `index`."""
    before = next(
        (i for i in range(index - 1, -1, -1) if versions[i] is not None), None
    )
    after = next(
        (i for i in range(index + 1, len(versions)) if versions[i] is not None), None
    )
    return before, after


def covers(versions: t.Sequence[Version | None], index: int, version: Version) -> bool:
    """Whether the release at `index` of a series (each release's version, None for a dated
    one, oldest first) may be the one a server of `version` runs."""
    before, after = _neighbours(versions, index)
    upper = versions[after] if after is not None else None
    if upper is not None and version >= upper:
        return False
    own = versions[index]
    if own is not None:
        return version >= own
    lower = versions[before] if before is not None else None
    return lower is None or version[0] > lower[0]


def candidates(versions: t.Sequence[Version | None], version: Version) -> list[int]:
    """The indices of the releases a server of `version` may run, oldest first. A version older
    than the whole series is taken as its oldest release: what that release lacks, an older one
    lacks too, as far as anyone can tell from the series."""
    found = [i for i in range(len(versions)) if covers(versions, i, version)]
    return found or [0]
