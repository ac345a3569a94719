"""PEP 702's `deprecated`: the generated package marks with it the operations Metabase
deprecates and the old calls of moved operations, so type checkers flag their use (pyright
`reportDeprecated`, mypy `--enable-error-code deprecated`) and a call warns at run time
(`DeprecationWarning`, pointing at the caller's line).

Type checkers see the standard decorator (`warnings.deprecated`, or `typing_extensions`'s
before Python 3.13: both are in the stubs every checker bundles). At run time this package's
own twin does the same, except that an async method stays a coroutine function
(`inspect.iscoroutinefunction`), which `typing_extensions.deprecated` does not keep on Python
3.11; and nothing has to be installed for it."""

from __future__ import annotations

import functools
import inspect
import sys
import typing as t
import warnings

__all__ = ["deprecated"]

if t.TYPE_CHECKING:
    if sys.version_info >= (3, 13):
        from warnings import deprecated
    else:
        from typing_extensions import deprecated
else:
    F = t.TypeVar("F", bound=t.Callable[..., t.Any])

    def deprecated(
        message: str, /, *, category: type[Warning] = DeprecationWarning, stacklevel: int = 1
    ) -> t.Callable[[F], F]:
        """`@deprecated("use x instead")`: each call warns with `message`."""

        def decorate(function: F) -> F:
            if inspect.iscoroutinefunction(function):

                @functools.wraps(function)
                async def awaited(*args: t.Any, **kwargs: t.Any) -> t.Any:
                    warnings.warn(message, category, stacklevel=stacklevel + 1)
                    return await function(*args, **kwargs)

                wrapper: t.Any = awaited
            else:

                @functools.wraps(function)
                def wrapper(*args: t.Any, **kwargs: t.Any) -> t.Any:
                    warnings.warn(message, category, stacklevel=stacklevel + 1)
                    return function(*args, **kwargs)

            wrapper.__deprecated__ = message
            return t.cast(F, wrapper)

        return decorate
