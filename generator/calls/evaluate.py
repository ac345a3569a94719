"""What text an expression builds, read from the syntax tree alone (nothing is run).

`f"{self.api_url}/card/{card_id}"` with `self.api_url = f"{base}/api"` in `__init__` becomes the
pieces `<base>`, `/api`, `/card/`, `<card_id>`: literal text where the code shows it, holes
(with their expression) where it computes a value. Names are looked up where they were last
assigned before the line (function, then module), `self.x` in the methods of its class."""

from __future__ import annotations

import ast
import re
import string
from dataclasses import dataclass, field

from generator.calls.survey import Narrowing

MAX_DEPTH = 6  # name lookups followed; beyond this a value is a hole (and cycles end)
_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGc%]")


@dataclass(frozen=True)
class Piece:
    text: str | None  # None: a value the code computes
    expr: ast.expr | None = None
    line: int = 0


@dataclass(frozen=True)
class Built:
    pieces: tuple[Piece, ...]
    form: str  # literal, f-string, format, percent, concat


@dataclass
class Scope:
    """Where names get their values: the enclosing function, its class, the module."""

    module: dict[str, list[tuple[int, ast.expr]]] = field(default_factory=dict)
    attributes: dict[str, list[ast.expr]] = field(default_factory=dict)
    local: dict[str, list[tuple[int, ast.expr]]] = field(default_factory=dict)
    params: tuple[str, ...] = ()
    narrowed: list[Narrowing] = field(default_factory=list)
    # The class's properties and methods of `self` alone that return built text, by name:
    # (read without a call, the expression returned).
    members: dict[str, tuple[bool, ast.expr]] = field(default_factory=dict)

    def of_members(self) -> Scope:
        """Where a member's returned expression is read: its class and module, no locals."""
        return Scope(self.module, self.attributes, members=self.members)


def narrowing_at(scope: Scope, name: str, line: int) -> tuple[tuple[str, ...], int] | None:
    """The values `name` is limited to at `line` (the nearest narrowing that covers it), and
    which statement narrows it."""
    best: Narrowing | None = None
    for narrowing in scope.narrowed:
        narrowed, first, last = narrowing[:3]
        if narrowed == name and first <= line <= last and (best is None or first > best[1]):
            best = narrowing
    return (best[3], best[4]) if best else None


def element(expr: ast.expr) -> ast.expr | None:
    """What one element of a list written in the code is: `[f"{u}/{t}" for t in ts]` -> the
    f-string, `["/api/a", "/api/b"]` -> the first."""
    if isinstance(expr, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return expr.elt
    if isinstance(expr, ast.List | ast.Tuple) and expr.elts:
        return expr.elts[0]
    return None


def _last_before(values: list[tuple[int, ast.expr]], line: int) -> ast.expr | None:
    chosen = None
    for at, value in values:
        if at < line:
            chosen = value
    return chosen


def hole(expr: ast.expr | None) -> Built:
    return Built((Piece(None, expr),), "")


def _concat(parts: list[Built], form: str) -> Built:
    return Built(tuple(p for part in parts for p in part.pieces), form)


def has_text(built: Built) -> bool:
    return any(p.text for p in built.pieces)


class Evaluator:
    def __init__(self, scope: Scope) -> None:
        self.scope = scope

    def value(self, expr: ast.expr, line: int, depth: int = 0) -> Built:
        """The text `expr` builds; a hole where it cannot be read."""
        if depth > MAX_DEPTH:
            return hole(expr)
        if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
            return Built((Piece(expr.value, None, expr.lineno),), "literal")
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(expr, line, depth)
        member = self._member(expr)
        if member is not None:
            return Evaluator(self.scope.of_members()).value(member, 0, depth + 1)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            left = self.value(expr.left, line, depth + 1)
            right = self.value(expr.right, line, depth + 1)
            return _concat([left, right], "concat")
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            return self._percent(expr, line, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, line, depth)
        if isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name | ast.Attribute):
            listed = self._resolve(expr.value, line)
            inner = element(listed) if listed is not None else None
            if inner is not None:
                return self.value(inner, line, depth + 1)
        if isinstance(expr, ast.Name) and narrowing_at(self.scope, expr.id, line):
            return hole(expr)  # one of several values: each is expanded where it is sent
        if isinstance(expr, ast.Name | ast.Attribute):
            found = self._lookup(expr, line)
            if found is not None:
                return self.value(found, self._line_of(expr, found, line), depth + 1)
        return hole(expr)

    def _line_of(self, expr: ast.Name | ast.Attribute, found: ast.expr, line: int) -> int:
        """The line to read the names in a value at: a local's own line (so in
        `url = "{}/{}".format(url, fmt)` the `url` inside is the one assigned before)."""
        if isinstance(expr, ast.Attribute):
            return 0
        return found.lineno if expr.id in self.scope.local else line

    def origin(self, expr: ast.expr, line: int) -> int:
        """The line where the value of `expr` is written: through variables to their text."""
        for _ in range(MAX_DEPTH):
            found: ast.expr | None = None
            if isinstance(expr, ast.Name):
                found = self._lookup(expr, line)
            elif isinstance(expr, ast.Subscript) and isinstance(expr.value, ast.Name):
                listed = self._resolve(expr.value, line)
                found = element(listed) if listed is not None else None
            if found is None:
                break
            expr = found
        return expr.lineno

    def _resolve(self, expr: ast.Name | ast.Attribute, line: int) -> ast.expr | None:
        """The value a name was last given, through plain renames (`b = a`)."""
        found = self._lookup(expr, line)
        for _ in range(MAX_DEPTH):
            if not isinstance(found, ast.Name):
                break
            found = self._lookup(found, line) or found
            if found is None or not isinstance(found, ast.Name):
                break
        return found

    def _lookup(self, expr: ast.Name | ast.Attribute, line: int) -> ast.expr | None:
        if isinstance(expr, ast.Name):
            if expr.id in self.scope.params:
                return None
            local = self.scope.local.get(expr.id)
            if local:
                return _last_before(local, line)
            return _last_before(self.scope.module.get(expr.id, []), 10**9)
        if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            values = self.scope.attributes.get(expr.attr, [])
            texts = [v for v in values if not (isinstance(v, ast.Constant) and v.value is None)]
            return texts[0] if len(texts) == 1 else None
        return None

    def _member(self, expr: ast.expr) -> ast.expr | None:
        """What `self.prop` or `self.method()` returns, when it is a member that builds text
        (and `self.prop` is not also an attribute set somewhere)."""
        call = isinstance(expr, ast.Call) and not expr.args and not expr.keywords
        target = expr.func if isinstance(expr, ast.Call) else expr
        if not (
            isinstance(target, ast.Attribute)
            and isinstance(target.value, ast.Name)
            and target.value.id in ("self", "cls")
            and target.attr in self.scope.members
            and (call or not isinstance(expr, ast.Call))
        ):
            return None
        is_property, returned = self.scope.members[target.attr]
        if call == is_property or (not call and target.attr in self.scope.attributes):
            return None
        return returned

    def _fstring(self, expr: ast.JoinedStr, line: int, depth: int) -> Built:
        parts: list[Built] = []
        for value in expr.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append(Built((Piece(value.value, None, expr.lineno),), ""))
            elif isinstance(value, ast.FormattedValue):
                inner = self.value(value.value, line, depth + 1)
                parts.append(inner if has_text(inner) else hole(value.value))
        return _concat(parts, "f-string")

    def _call(self, expr: ast.Call, line: int, depth: int) -> Built:
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr == "format":
            template = self.value(func.value, line, depth + 1)
            if template.form == "literal":
                return self._format(template, expr, line, depth)
        if isinstance(func, ast.Attribute) and func.attr in ("strip", "lstrip", "rstrip"):
            inner = self.value(func.value, line, depth + 1)
            return inner if has_text(inner) else hole(func.value)
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if name == "str" and len(expr.args) == 1:
            return self.value(expr.args[0], line, depth + 1)
        if name == "urljoin" and len(expr.args) == 2:
            parts = [self.value(a, line, depth + 1) for a in expr.args]
            return _concat(parts, "concat")
        return hole(expr)

    def _format(self, template: Built, call: ast.Call, line: int, depth: int) -> Built:
        text, at = template.pieces[0].text or "", template.pieces[0].line
        keywords = {k.arg: k.value for k in call.keywords if k.arg}
        pieces: list[Piece] = []
        auto = 0
        for literal, name, _spec, _conv in string.Formatter().parse(text):
            if literal:
                pieces.append(Piece(literal, None, at))
            if name is None:
                continue
            arg: ast.expr | None
            if name == "":
                arg = call.args[auto] if auto < len(call.args) else None
                auto += 1
            elif name.isdigit():
                arg = call.args[int(name)] if int(name) < len(call.args) else None
            else:
                arg = keywords.get(name.split(".")[0].split("[")[0])
            pieces.extend(self._slot(arg, line, depth))
        return Built(tuple(pieces), "format")

    def _slot(self, arg: ast.expr | None, line: int, depth: int) -> tuple[Piece, ...]:
        if arg is None:
            return (Piece(None),)
        inner = self.value(arg, line, depth + 1)
        return inner.pieces if has_text(inner) else (Piece(None, arg),)

    def _percent(self, expr: ast.BinOp, line: int, depth: int) -> Built:
        template = self.value(expr.left, line, depth + 1)
        if template.form != "literal":
            return hole(expr)
        text, at = template.pieces[0].text or "", template.pieces[0].line
        right = expr.right
        args = list(right.elts) if isinstance(right, ast.Tuple) else [right]
        named = (
            {
                k.value: v
                for k, v in zip(right.keys, right.values, strict=True)
                if isinstance(k, ast.Constant)
            }
            if isinstance(right, ast.Dict)
            else {}
        )
        pieces: list[Piece] = []
        position = 0
        for match in _PERCENT.finditer(text):
            pieces.append(Piece(text[position : match.start()], None, at))
            position = match.end()
            if match.group(0) == "%%":
                pieces.append(Piece("%", None, at))
                continue
            key = match.group(1)
            arg = named.get(key) if key else (args.pop(0) if args else None)
            pieces.extend(self._slot(arg, line, depth))
        pieces.append(Piece(text[position:], None, at))
        return Built(tuple(p for p in pieces if p.text != ""), "percent")
