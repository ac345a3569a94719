"""PEP 702's `deprecated`: the generated package marks with it the operations Metabase
deprecates and the old calls of moved operations, so type checkers flag their use (pyright
`reportDeprecated`, mypy `--enable-error-code deprecated`) and a call warns at run time
(`DeprecationWarning`, pointing at the caller's line)."""

from __future__ import annotations

import sys

if sys.version_info >= (3, 13):
    from warnings import deprecated
else:
    from typing_extensions import deprecated

__all__ = ["deprecated"]
