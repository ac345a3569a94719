"""RFC 9535 JSONPath for overlay targets, with a bounded cost.

The parser and evaluator are jsonpath-rfc9535's (a maintained implementation written to the RFC
and its compliance suite). What it does not bound, this module does, so a target cannot make
mbgen hang: the query text is short, every node the evaluation creates (the query's own and
those of filter sub-queries such as `@..x`, evaluated once per candidate) is counted against
one budget, the selection is capped, and `match()`/`search()` run with a time limit (a
backtracking pattern such as `(a+)+$` would otherwise run for minutes on one long string).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, ClassVar

import regex
from iregexp_check import check as is_iregexp
from jsonpath_rfc9535 import JSONPathEnvironment, JSONPathQuery
from jsonpath_rfc9535.exceptions import JSONPathError, JSONPathRecursionError
from jsonpath_rfc9535.filter_expressions import FilterQuery
from jsonpath_rfc9535.function_extensions import ExpressionType, FilterFunction
from jsonpath_rfc9535.function_extensions._pattern import map_re
from jsonpath_rfc9535.node import JSONPathNode

MAX_TARGET_CHARS = 4_096
MAX_VISITS = (
    200_000  # nodes one evaluation may create (~2 s at worst); `$..*` over 0.63.2 creates ~60,000
)
MAX_SELECTED = 100_000
REGEX_SECONDS = 0.5

Location = tuple[str | int, ...]


class TargetError(ValueError):
    """The target is not RFC 9535 JSONPath, or costs more than the bounds allow."""


class _Budget:
    def __init__(self, limit: int) -> None:
        self.left = limit

    def spend(self, n: int = 1) -> None:
        self.left -= n
        if self.left < 0:
            raise TargetError(
                f"too expensive: visits more than {MAX_VISITS:,} nodes (narrow the target: "
                "fewer '..' segments, or filters without '..' inside)"
            )


class _CountingNode(JSONPathNode):
    """A node whose children are counted against the evaluation's budget."""

    __slots__ = ("budget",)

    def __init__(self, *, budget: _Budget, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.budget = budget

    def new_child(self, value: object, key: int | str, parent: JSONPathNode | None) -> JSONPathNode:
        self.budget.spend()
        return _CountingNode(
            budget=self.budget,
            value=value,
            location=(*self.location, key),
            parent=parent,
            root=self.root,
        )


class _CountingQuery(JSONPathQuery):
    """A query (the target, or a filter's sub-query) evaluated from a counted root."""

    __slots__ = ("budget",)

    def __init__(self, query: JSONPathQuery, budget: _Budget) -> None:
        super().__init__(env=query.env, segments=query.segments)
        self.budget = budget

    def finditer(self, value: Any) -> Iterable[JSONPathNode]:
        self.budget.spend()
        nodes: Iterable[JSONPathNode] = [
            _CountingNode(budget=self.budget, value=value, location=(), parent=None, root=value)
        ]
        for segment in self.segments:
            nodes = segment.resolve(nodes)
        return nodes


class _BoundedPattern(FilterFunction):
    """`match` / `search` as RFC 9535 defines them (I-Regexp, false on a bad pattern), with a
    time limit that turns a runaway pattern into a refusal."""

    arg_types: ClassVar[list[ExpressionType]] = [ExpressionType.VALUE, ExpressionType.VALUE]
    return_type = ExpressionType.LOGICAL

    def __init__(self, budget: _Budget, whole: bool) -> None:
        self.budget = budget
        self.whole = whole

    def __call__(self, string: object, pattern: object) -> bool:
        self.budget.spend()
        if not isinstance(string, str) or not isinstance(pattern, str) or not is_iregexp(pattern):
            return False
        try:
            if self.whole:
                return bool(regex.fullmatch(map_re(pattern), string, timeout=REGEX_SECONDS))
            return bool(
                regex.search(map_re(pattern), string, regex.VERSION1, timeout=REGEX_SECONDS)
            )
        except TimeoutError:
            raise TargetError(
                f"too expensive: the pattern {pattern!r} ran over {REGEX_SECONDS} s on one value"
            ) from None
        except regex.error:
            return False


class _Environment(JSONPathEnvironment):
    def __init__(self, budget: _Budget) -> None:
        self.budget = budget
        super().__init__()

    def setup_function_extensions(self) -> None:
        super().setup_function_extensions()
        self.function_extensions["match"] = _BoundedPattern(self.budget, whole=True)
        self.function_extensions["search"] = _BoundedPattern(self.budget, whole=False)


def _filter_queries(value: object, seen: set[int]) -> Iterator[FilterQuery]:
    """Every filter sub-query inside a compiled query (the AST is slotted objects)."""
    if id(value) in seen or isinstance(value, str | int | float | bool | type(None)):
        return
    seen.add(id(value))
    if isinstance(value, list | tuple):
        for item in value:
            yield from _filter_queries(item, seen)
        return
    if isinstance(value, FilterQuery):
        yield value
    for cls in type(value).__mro__:
        for slot in getattr(cls, "__slots__", ()):
            if slot not in ("env", "token"):
                yield from _filter_queries(getattr(value, slot, None), seen)


def compile_target(target: str, budget: _Budget | None = None) -> _CountingQuery:
    """`target` parsed as RFC 9535 JSONPath (raises TargetError with the parser's reason)."""
    if len(target) > MAX_TARGET_CHARS:
        raise TargetError(f"JSONPath longer than {MAX_TARGET_CHARS:,} characters")
    budget = budget or _Budget(MAX_VISITS)
    try:
        query = _Environment(budget).compile(target)
    except JSONPathError as err:
        raise TargetError(f"not RFC 9535 JSONPath: {_reason(err)}") from None
    except RecursionError:
        raise TargetError("not RFC 9535 JSONPath: nested too deeply") from None
    for sub in _filter_queries(query.segments, set()):
        if isinstance(sub.query, JSONPathQuery):
            sub.query = _CountingQuery(sub.query, budget)
    return _CountingQuery(query, budget)


def _reason(err: JSONPathError) -> str:
    message = str(err.args[0]) if err.args else type(err).__name__
    return " ".join(message.split())


def select(target: str, document: object) -> list[Location]:
    """The locations `target` selects in `document`, in document order, each at most once
    (RFC 9535 lets a query select a node twice: `$['a','a']`)."""
    query = compile_target(target)
    found: dict[Location, None] = {}
    try:
        for node in query.finditer(document):
            found.setdefault(tuple(node.location), None)
            if len(found) > MAX_SELECTED:
                raise TargetError(f"too expensive: selects more than {MAX_SELECTED:,} nodes")
    except JSONPathRecursionError:
        raise TargetError("too expensive: '..' descends more than 100 levels") from None
    except RecursionError:
        raise TargetError("too expensive: the document is nested too deeply to search") from None
    except JSONPathError as err:
        raise TargetError(f"cannot be evaluated: {_reason(err)}") from None
    return list(found)
