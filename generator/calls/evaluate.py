"""What text an expression builds, read from the syntax trees alone (nothing is run).

`f"{self.api_url}/card/{card_id}"` with `self.api_url = f"{base}/api"` in `__init__` becomes the
pieces `<base>`, `/api`, `/card/`, `<card_id>`: literal text where the code shows it, holes
(with their expression) where it computes a value. Names are read where they were last assigned
before the line (and in earlier assignments while the later one sits in a branch), in the
function, the functions around it, the module, or the module they are imported from; `self.x`
along the receiver's classes; a property or a function that returns text is read through its
`return`s, with the arguments of the call. An expression may build several values (a segment
checked against a list, one row per loop turn, a subclass's constant): each is one `Built`,
and the choices that picked it keep rows of one table together.

Every evaluation is bounded: so many values per expression, pieces per value, lookups deep,
and steps per call's path; past a bound the value is a hole, never a hang."""

from __future__ import annotations

import ast
import itertools
from bisect import bisect_right

from generator.calls.formats import format_fields, percent_fields
from generator.calls.kinds import Kinds
from generator.calls.model import Built, Piece, Where, has_text, hole, joined
from generator.calls.project import (
    MAX_DEPTH,
    Class,
    Function,
    ModuleRef,
    Parameter,
    Project,
    Value,
    function_params,
)
from generator.calls.survey import Narrowing

MAX_VALUES = 64  # values one expression may build
MAX_PIECES = 64  # pieces of one value; past it the value is one computed piece
MAX_STEPS = 4_000  # expressions read for one call's path
MAX_MODULE_STEPS = 2_000_000  # for all the calls of one module (a hostile file stays bounded)
MAX_NARROWINGS = 64  # narrowings of a function looked at for one name (the nearest)
MAX_ROWS = 256  # rows of a table or elements of a list read
Values = tuple[Built, ...]
NARROWED = "one of the values `{}` is checked against"
CHOSEN = "one of the rows or elements a loop goes through"
MADE = "one of the values given where `{}` is made"
ROW = "one of the functions `{}` may be, by the row a loop picks"


def narrowed_values(
    narrowings: list[Narrowing], name: str, line: int
) -> tuple[tuple[str, ...], int] | None:
    """The values `name` is limited to at `line` (the nearest narrowing that covers it, less
    those an `else` excludes), and the statement that narrows it."""
    best: Narrowing | None = None
    excluded: set[str] = set()
    # Sorted by first line (the survey's order); the nearest few before the line are enough.
    end = bisect_right(narrowings, line, key=lambda n: n.first)
    for narrowing in narrowings[max(0, end - MAX_NARROWINGS) : end]:
        if narrowing.name != name or not narrowing.first <= line <= narrowing.last:
            continue
        if narrowing.excluded:
            excluded.update(narrowing.values)
        elif best is None or narrowing.first > best.first:
            best = narrowing
    if best is None:
        return None
    return tuple(v if v not in excluded else "" for v in best.values), best.statement


def element(expr: ast.expr) -> ast.expr | None:
    """What one element of a list written in the code is: `[f"{u}/{t}" for t in ts]` -> the
    f-string, `["/api/a", "/api/b"]` -> the first."""
    if isinstance(expr, ast.ListComp | ast.GeneratorExp | ast.SetComp):
        return expr.elt
    if isinstance(expr, ast.List | ast.Tuple) and expr.elts:
        return expr.elts[0]
    return None


def rows_of(source: ast.expr) -> list[list[ast.expr]]:
    """The rows of `((a, b), (c, d))` or `{a: b, c: d}.items()`, as written."""
    if (
        isinstance(source, ast.Call)
        and isinstance(source.func, ast.Attribute)
        and source.func.attr == "items"
        and isinstance(source.func.value, ast.Dict)
        and not source.args
    ):
        table = source.func.value
        if any(k is None for k in table.keys):
            return []  # `{**other, ...}`: rows the code does not show
        pairs = zip(table.keys[:MAX_ROWS], table.values[:MAX_ROWS], strict=True)
        return [[k, v] for k, v in pairs if k is not None]
    if not isinstance(source, ast.List | ast.Tuple | ast.Set):
        return []
    elements = source.elts[:MAX_ROWS]
    rows = [list(e.elts) for e in elements if isinstance(e, ast.Tuple | ast.List)]
    return rows if len(rows) == len(elements) else []


def _product(parts: list[Values], form: str) -> Values:
    out: list[Built] = []
    for combination in itertools.islice(itertools.product(*parts), MAX_VALUES * 4):
        built = joined(list(combination), form, MAX_PIECES)
        if built is not None and built not in out:
            out.append(built)
        if len(out) >= MAX_VALUES:
            break
    return tuple(out) or (hole(None),)


def _noted(values: Values, notes: frozenset[str]) -> Values:
    if not notes:
        return values
    return tuple(v.noted(notes) for v in values)


class Evaluator:
    def __init__(self, project: Project, kinds: Kinds | None = None) -> None:
        self.project = project
        self.kinds = kinds or Kinds(project)
        self._memo: dict[tuple[object, ...], Values | None] = {}
        self._steps = 0  # for this call's path
        self.spent = 0  # for everything since the scan of this module began
        self.total = 0  # for everything (what tests of the bounds count)
        self._cuts = 0  # values cut short (a cycle, a bound): never remembered

    def start(self) -> None:
        """A new call's path: a fresh budget of steps."""
        self._steps = 0

    def value(self, expr: ast.expr, where: Where, line: int, depth: int = 0) -> Values:
        """The texts `expr` may build; a hole where it cannot be read."""
        self._steps += 1
        self.spent += 1
        self.total += 1
        key = (id(expr), where.key(), line)
        known = self._memo.get(key, ())
        if known is not None and key in self._memo:
            return known
        if known is None or depth > MAX_DEPTH * 2 or self._over_budget():
            self._cuts += 1  # a value built from itself, or a bound: a hole
            return (hole(expr),)
        self._memo[key] = None
        cuts = self._cuts
        try:
            found = self._value(expr, where, line, depth)[:MAX_VALUES]
        except RecursionError:
            found, self._cuts = (hole(expr),), self._cuts + 1
        if self._cuts == cuts:
            self._memo[key] = found
        else:
            del self._memo[key]
        return found

    def _over_budget(self) -> bool:
        return self._steps > MAX_STEPS or self.spent > MAX_MODULE_STEPS

    def _value(self, expr: ast.expr, where: Where, line: int, depth: int) -> Values:
        if isinstance(expr, ast.Constant):
            if isinstance(expr.value, str):
                return (Built((Piece(expr.value, None, expr.lineno),), "literal"),)
            if isinstance(expr.value, int | float) and not isinstance(expr.value, bool):
                return (Built((Piece(str(expr.value), None, expr.lineno),), ""),)  # `{3}`
            return (hole(expr),)
        if isinstance(expr, ast.JoinedStr):
            return self._fstring(expr, where, line, depth)
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Add):
            parts = [self.value(s, where, line, depth + 1) for s in (expr.left, expr.right)]
            return _product(parts, "concat")
        if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mod):
            return self._percent(expr, where, line, depth)
        if isinstance(expr, ast.Call):
            return self._call(expr, where, line, depth)
        if isinstance(expr, ast.Name):
            return self._name(expr, where, line, depth)
        if isinstance(expr, ast.Attribute):
            return self._attribute(expr, where, line, depth)
        if isinstance(expr, ast.Subscript):
            return self._subscript(expr, where, line, depth)
        if isinstance(expr, ast.IfExp | ast.BoolOp):
            choices = [expr.body, expr.orelse] if isinstance(expr, ast.IfExp) else expr.values
            found = [v for c in choices for v in self.value(c, where, line, depth + 1)]
            texts = tuple(v for v in found if has_text(v))
            return texts or (hole(expr),)
        if isinstance(expr, ast.Await | ast.NamedExpr):
            return self.value(expr.value, where, line, depth + 1)
        return (hole(expr),)

    def _fstring(self, expr: ast.JoinedStr, where: Where, line: int, depth: int) -> Values:
        parts: list[Values] = []
        for value in expr.values:
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                parts.append((Built((Piece(value.value, None, expr.lineno),), ""),))
            elif isinstance(value, ast.FormattedValue):
                inner = self.value(value.value, where, line, depth + 1)
                parts.append(tuple(i if has_text(i) else hole(value.value) for i in inner))
        return _product(parts, "f-string")

    def _percent(self, expr: ast.BinOp, where: Where, line: int, depth: int) -> Values:
        right = expr.right
        args = list(right.elts) if isinstance(right, ast.Tuple) else [right]
        named: dict[str, ast.expr] = {}
        if isinstance(right, ast.Dict):
            for k, v in zip(right.keys, right.values, strict=True):
                if isinstance(k, ast.Constant) and isinstance(k.value, str):
                    named[k.value] = v
        out: list[Built] = []
        for template in self.value(expr.left, where, line, depth + 1):
            if template.form != "literal":
                continue
            text, at = template.pieces[0].text or "", template.pieces[0].line
            fields = percent_fields(text)
            if fields is None:
                continue
            out += self._filled(fields, args, named, (where, line, depth, at), "percent")
        return tuple(out[:MAX_VALUES]) or (hole(expr),)

    def _format(self, call: ast.Call, where: Where, line: int, depth: int) -> Values:
        assert isinstance(call.func, ast.Attribute)
        named = {k.arg: k.value for k in call.keywords if k.arg}
        out: list[Built] = []
        for template in self.value(call.func.value, where, line, depth + 1):
            if template.form != "literal":
                continue
            text, at = template.pieces[0].text or "", template.pieces[0].line
            fields = format_fields(text, len(call.args))
            if fields is None:
                continue
            out += self._filled(fields, list(call.args), named, (where, line, depth, at), "format")
        return tuple(out[:MAX_VALUES]) or (hole(call),)

    def _filled(
        self,
        fields: list[tuple[str, str | int | None]],
        args: list[ast.expr],
        named: dict[str, ast.expr],
        context: tuple[Where, int, int, int],
        form: str,
    ) -> list[Built]:
        """A template's literal parts with each field's argument in its place."""
        where, line, depth, at = context
        parts: list[Values] = []
        for literal, field_ref in fields:
            if literal:
                parts.append((Built((Piece(literal, None, at),), ""),))
            if field_ref is None:
                continue
            if isinstance(field_ref, int):
                arg = args[field_ref] if field_ref < len(args) else None
            else:
                arg = named.get(field_ref)
            if arg is None or isinstance(arg, ast.Starred):
                parts.append((hole(None),))
                continue
            inner = self.value(arg, where, line, depth + 1)
            parts.append(tuple(i if has_text(i) else hole(arg) for i in inner))
        return list(_product(parts, form))

    def _call(self, call: ast.Call, where: Where, line: int, depth: int) -> Values:
        func = call.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        if isinstance(func, ast.Attribute) and name == "format":
            return self._format(call, where, line, depth)
        if isinstance(func, ast.Attribute) and name in ("strip", "lstrip", "rstrip"):
            inner = self.value(func.value, where, line, depth + 1)
            return tuple(i if has_text(i) else hole(func.value) for i in inner)
        if isinstance(func, ast.Attribute) and name == "join" and len(call.args) == 1:
            return self._join(call, where, line, depth)
        if name in ("str", "compile", "quote") and call.args:  # str(x), re.compile(pattern)
            return self.value(call.args[0], where, line, depth + 1)
        if name == "urljoin" and len(call.args) == 2:
            return self._urljoin(call, where, line, depth)
        if name == "join" and len(call.args) > 1:  # os.path.join, posixpath.join
            parts = [self.value(a, where, line, depth + 1) for a in call.args]
            slash = (Built((Piece("/"),), ""),)
            return _product([p for part in parts for p in (part, slash)][:-1], "concat")
        if name == "get" and call.args and isinstance(func, ast.Attribute):
            found = self._dict_value(func.value, call.args[0], where, line, depth)
            if found is not None:
                return found
        return self._returned(call, where, line, depth)

    def _urljoin(self, call: ast.Call, where: Where, line: int, depth: int) -> Values:
        """`urljoin(base, "api/card")`: the base, a slash, the path; a path that starts with `/`
        replaces the base's own path (`urljoin(f"{host}/api", "/card")` is `{host}/card`)."""
        base, path = (self.value(a, where, line, depth + 1) for a in call.args)
        out: list[Built] = []
        for tail in path:
            text = tail.pieces[0].text or "" if tail.pieces else ""
            if text.startswith(("/", "http:", "https:")):
                out += _product([(hole(call.args[0]),), (tail,)], "concat")
            else:
                out += _product([base, (Built((Piece("/"),), ""),), (tail,)], "concat")
        return tuple(out[:MAX_VALUES])

    def _dict_value(
        self, table: ast.expr, key: ast.expr, where: Where, line: int, depth: int
    ) -> Values | None:
        """`ENDPOINTS["card"]` or `ENDPOINTS.get("card")` of a dict written out."""
        if not isinstance(key, ast.Constant):
            return None
        for found, found_where in self._literal(table, where, line, depth)[:4]:
            if not isinstance(found, ast.Dict):
                continue
            for k, v in zip(found.keys, found.values, strict=True):
                if isinstance(k, ast.Constant) and k.value == key.value:
                    return self.value(v, found_where, line, depth + 1)
        return None

    def _join(self, call: ast.Call, where: Where, line: int, depth: int) -> Values:
        """`"/".join([base, "api", "card"])` over a list written out."""
        assert isinstance(call.func, ast.Attribute)
        items = call.args[0]
        separators = self.value(call.func.value, where, line, depth + 1)
        if not isinstance(items, ast.List | ast.Tuple) or separators[0].form != "literal":
            return (hole(call),)
        separator = (separators[0],)
        parts: list[Values] = []
        for item in items.elts:
            spread = where.bound("*" + _starred_name(item)) if _starred_name(item) else None
            if spread is not None:  # `*parts` given at the call being followed
                parts += [(value,) for value in spread]
            elif not isinstance(item, ast.Starred):
                parts.append(self.value(item, where, line, depth + 1))
            else:
                parts.append((hole(item),))
        with_separators = [p for part in parts for p in (separator, part)][1:]
        return _product(with_separators, "concat")

    def _returned(self, call: ast.Call, where: Where, line: int, depth: int) -> Values:
        """What a function of the code base (or a lambda) returns, with this call's arguments:
        `self._url("card")`, `build(match)`, a helper of several statements."""
        out: list[Built] = []
        lambdas = self._lambdas(call.func, where, line, depth)
        note = frozenset({ROW.format(ast.unparse(call.func))}) if len(lambdas) > 1 else frozenset()
        for lam, lam_where in lambdas:
            binds = self._binds(lam, call, where, line, depth, method=False)
            inner = Where(lam_where.module, lam_where.cls, lam, binds)
            out += _noted(self.value(lam.body, inner, lam.lineno, depth + 1), note)
        for callee in self.kinds.callees(call, where, line):
            if isinstance(callee, Function):
                out += self._function_returns(callee, call, where, line, depth)
        texts = tuple(b for b in out if has_text(b))
        return texts[:MAX_VALUES] or (hole(call),)

    def _function_returns(
        self, callee: Function, call: ast.Call, where: Where, line: int, depth: int
    ) -> list[Built]:
        func = callee.node
        if _is_property(func):
            return []  # `self.prop()` calls what the property returns, not the property
        receiver = callee.cls
        if receiver is not None and where.cls is not None and _is_self_call(call):
            receiver = where.cls  # `self.method()`: the receiver stays the caller's
        binds = self._binds(func, call, where, line, depth, method=callee.cls is not None)
        inner = Where(callee.module, receiver, func, binds)
        out: list[Built] = []
        for returned in callee.module.survey.body(func).returns[:MAX_VALUES]:
            out += self.value(returned, inner, returned.lineno + 1, depth + 1)
        return out

    def _binds(
        self,
        func: ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda,
        call: ast.Call,
        where: Where,
        line: int,
        depth: int,
        method: bool,
    ) -> tuple[tuple[str, Values], ...]:
        params = function_params(func, method)
        given: dict[str, ast.expr] = {k.arg: k.value for k in call.keywords if k.arg}
        for name, arg in zip(params, call.args, strict=False):
            if isinstance(arg, ast.Starred):
                break
            given.setdefault(name, arg)
        binds = []
        for name in params:
            passed = given.get(name)
            values = self.value(passed, where, line, depth + 1) if passed is not None else None
            binds.append((name, values or (hole(passed),)))
        vararg = func.args.vararg
        positional = len(set(params) & {a.arg for a in func.args.posonlyargs + func.args.args})
        if vararg is not None:  # `*parts`: each further argument's first value, in order
            extra = [a for a in call.args[positional:] if not isinstance(a, ast.Starred)]
            firsts = tuple(self.value(a, where, line, depth + 1)[0] for a in extra[:MAX_ROWS])
            binds.append(("*" + vararg.arg, firsts))
        return tuple(binds)

    def _lambdas(
        self, func: ast.expr, where: Where, line: int, depth: int
    ) -> list[tuple[ast.Lambda, Where]]:
        """The lambdas a called name may hold (a variable, a column of a table of them)."""
        if not isinstance(func, ast.Name):
            return []
        out: list[tuple[ast.Lambda, Where]] = []
        for symbol in self.project.names(where, func.id, line):
            if isinstance(symbol, Value) and isinstance(symbol.expr, ast.Lambda):
                out.append((symbol.expr, symbol.where))
            elif isinstance(symbol, Value) and isinstance(symbol.expr, ast.Subscript):
                out += self._lambda_column(symbol.expr, symbol.where, depth)
        return out

    def _lambda_column(
        self, item: ast.Subscript, where: Where, depth: int
    ) -> list[tuple[ast.Lambda, Where]]:
        """The lambdas of one column of a table a loop goes through (`for pattern, build in
        ROUTES`): the path is the one of the row that matched."""
        column = where.module.survey.columns.get(id(item))
        if column is None or column[0] < 0:
            return []
        out = []
        for row, row_where in self._table(item.value, where, item.lineno + 1, depth):
            cell = row[column[0]] if column[0] < len(row) else None
            if isinstance(cell, ast.Lambda):
                out.append((cell, row_where))
        return out

    def _name(self, expr: ast.Name, where: Where, line: int, depth: int) -> Values:
        bound = where.bound(expr.id)
        if bound is not None:
            return bound
        narrowed = self._narrowed(expr, where, line)
        if narrowed is not None:
            return narrowed
        out: list[Built] = []
        for symbol in self.project.names(where, expr.id, line):
            if isinstance(symbol, Value):
                found = self.value(symbol.expr, symbol.where, symbol.line, depth + 1)
                out += _noted(found, symbol.notes)
            elif isinstance(symbol, Parameter) and symbol.where.cls is not None:
                out += self._given_when_made(symbol, depth)
        return tuple(out[:MAX_VALUES]) or (hole(expr),)

    def _given_when_made(self, param: Parameter, depth: int) -> list[Built]:
        """A parameter of `__init__` (`self.base_url = base_url`): the values the calls that
        make the class give it, read where they are written (a base URL set in a third
        place: `Adapter(api_base(host))`)."""
        func = param.func
        if isinstance(func, ast.Lambda) or func.name != "__init__":
            return []
        cls = param.where.module.survey.method_class.get(id(func))
        if cls is None:
            return []
        out: list[Built] = []
        sites = self.kinds.constructions(cls)
        for call, site in sites:
            binds = dict(self._binds(func, call, site, call.lineno, depth + 1, method=True))
            out += [v for v in binds.get(param.name, ()) if has_text(v)]
        notes = frozenset({MADE.format(cls.name)}) if len(sites) > 1 else frozenset()
        return list(_noted(tuple(out), notes))

    def _narrowed(self, expr: ast.Name, where: Where, line: int) -> Values | None:
        if isinstance(where.func, ast.Lambda):
            return None
        body = where.module.survey.body(where.func or where.module.tree)
        narrowed = narrowed_values(body.narrowed, expr.id, line)
        if narrowed is None:
            return None
        values, statement = narrowed
        note = frozenset({NARROWED.format(expr.id)})
        shown = "{" + expr.id + "}"
        return tuple(
            Built((Piece(v, expr, expr.lineno, shown, note),), "", frozenset({(statement, i)}))
            for i, v in enumerate(values)
            if v
        )

    def _attribute(self, expr: ast.Attribute, where: Where, line: int, depth: int) -> Values:
        if expr.attr == "value":  # an Enum member's value
            inner = self.value(expr.value, where, line, depth + 1)
            if any(has_text(v) for v in inner):
                return inner
        owners: list[tuple[ast.ClassDef, Where]] = []
        if isinstance(expr.value, ast.Name) and expr.value.id in ("self", "cls"):
            if where.cls is not None and where.bound(expr.value.id) is None:
                owners.append((where.cls, where))
        else:
            for kind in self.kinds.of(expr.value, where, line):
                if isinstance(kind, Class):
                    owners.append((kind.node, Where(kind.module, kind.node)))
                elif isinstance(kind, ModuleRef):
                    return self._module_name(kind, expr, depth)
        out: list[Built] = []
        for cls, _owner_where in owners[:4]:
            out += self._member_text(cls, expr, depth)
        return tuple(out[:MAX_VALUES]) or (hole(expr),)

    def _module_name(self, kind: ModuleRef, expr: ast.Attribute, depth: int) -> Values:
        symbol = self.project.global_symbol(kind.module, expr.attr)
        if isinstance(symbol, Value):
            return self.value(symbol.expr, symbol.where, symbol.line, depth + 1)
        return (hole(expr),)

    def _member_text(self, cls: ast.ClassDef, expr: ast.Attribute, depth: int) -> list[Built]:
        """`self.x` on a receiver of class `cls`: an attribute set on the class or on `self`
        (a value not None), else a property's `return`s."""
        out: list[Built] = []
        for value in self.project.attribute(cls, expr.attr):
            if isinstance(value.expr, ast.Constant) and value.expr.value is None:
                continue
            out += self.value(value.expr, value.where, value.line, depth + 1)
        if any(has_text(b) for b in out):
            return [b for b in out if has_text(b)]
        method = self.project.method(cls, expr.attr)
        if method is not None and _is_property(method.node):
            inner = Where(method.module, cls, method.node)
            for returned in method.module.survey.body(method.node).returns[:MAX_VALUES]:
                out += self.value(returned, inner, returned.lineno + 1, depth + 1)
        elif method is None and self.project.method(cls, "__init__") is None:
            out += self._field(cls, expr.attr, depth)
        return [b for b in out if has_text(b)]

    def _field(self, cls: ast.ClassDef, name: str, depth: int) -> list[Built]:
        """A field of a class with no `__init__` of its own (a dataclass, a pydantic model):
        the value the calls that make it give, by keyword or (a dataclass) by position."""
        fields: list[str] = []
        for klass in reversed(self.project.mro(cls)):
            module = self.project.class_module[id(klass)]
            fields += [f for f in module.survey.annotations.get(id(klass), {}) if f not in fields]
        if name not in fields:
            return []
        out: list[Built] = []
        for call, site in self.kinds.constructions(cls):
            given = {k.arg: k.value for k in call.keywords if k.arg}
            if name not in given and fields.index(name) < len(call.args):
                given[name] = call.args[fields.index(name)]
            if name in given and not isinstance(given[name], ast.Starred):
                out += self.value(given[name], site, call.lineno, depth + 1)
        return out

    def _subscript(self, expr: ast.Subscript, where: Where, line: int, depth: int) -> Values:
        column = where.module.survey.columns.get(id(expr))
        if column is not None:
            return self._loop_item(expr, column, where, line, depth)
        by_key = self._dict_value(expr.value, expr.slice, where, line, depth)
        if by_key is not None:
            return by_key
        for table, table_where in self._literal(expr.value, where, line, depth)[:4]:
            found = element(table)
            if found is not None:
                return self.value(found, table_where, line, depth + 1)
        return (hole(expr),)

    def _loop_item(
        self, item: ast.Subscript, column: tuple[int, int], where: Where, line: int, depth: int
    ) -> Values:
        """One turn of a loop: each element of a list written out (or one column of each row),
        the turn kept as a choice so the columns of one row stay together."""
        index, loop = column
        line = max(line, item.lineno)  # the list is read where the loop reads it
        cells: list[tuple[ast.expr, Where]] = []
        if index < 0:
            for table, table_where in self._literal(item.value, where, line, depth)[:4]:
                cells += [(cell, table_where) for cell in _elements(table)]
        else:
            for row, row_where in self._table(item.value, where, line, depth):
                cells += [(row[index], row_where)] if index < len(row) else []
        notes = frozenset({CHOSEN}) if len(cells) > 1 else frozenset()
        out: list[Built] = []
        for turn, (cell, cell_where) in enumerate(cells[:MAX_VALUES]):
            values = self.value(cell, cell_where, cell.lineno, depth + 1)
            out += [v.noted(notes, (loop, turn)) for v in values]
        return tuple(out[:MAX_VALUES]) or (hole(item),)

    def _table(
        self, source: ast.expr, where: Where, line: int, depth: int
    ) -> list[tuple[list[ast.expr], Where]]:
        out: list[tuple[list[ast.expr], Where]] = []
        for table, table_where in self._literal(source, where, line, depth)[:4]:
            out += [(row, table_where) for row in rows_of(table)]
        return out[:MAX_VALUES]

    def _literal(
        self, expr: ast.expr, where: Where, line: int, depth: int
    ) -> list[tuple[ast.expr, Where]]:
        """The literal (list, tuple, dict, comprehension) a name or attribute holds."""
        if isinstance(expr, ast.List | ast.Tuple | ast.Set | ast.Dict | ast.ListComp):
            return [(expr, where)]
        if isinstance(expr, ast.GeneratorExp | ast.SetComp) or _is_items(expr):
            return [(expr, where)]
        if depth > MAX_DEPTH:
            return []
        symbols: list[object] = []
        if isinstance(expr, ast.Name):
            symbols = list(self.project.names(where, expr.id, line))
        elif isinstance(expr, ast.Attribute) and _is_self_name(expr.value) and where.cls:
            symbols = list(self.project.attribute(where.cls, expr.attr))
        elif isinstance(expr, ast.Attribute):
            symbols = list(self.project.expression_symbols(expr, where, line))
        out: list[tuple[ast.expr, Where]] = []
        for symbol in symbols:
            if isinstance(symbol, Value):
                out += self._literal(symbol.expr, symbol.where, symbol.line, depth + 1)
        return out

    def origin(self, expr: ast.expr, where: Where, line: int) -> int:
        """The line where the value of `expr` is written: through local variables to their
        text (a call over several lines is reported where its path is written)."""
        for _ in range(MAX_DEPTH):
            if not isinstance(expr, ast.Name) or where.bound(expr.id) is not None:
                break
            symbols = self.project.names(where, expr.id, line)
            values = [s for s in symbols if isinstance(s, Value) and s.where.func is where.func]
            if not values:
                break
            expr, line = values[0].expr, values[0].line  # the last assignment before the line
        return expr.lineno


def _elements(table: ast.expr) -> list[ast.expr]:
    if isinstance(table, ast.List | ast.Tuple | ast.Set):
        return [e for e in table.elts[:MAX_ROWS] if not isinstance(e, ast.Starred)]
    found = element(table)
    return [found] if found is not None else []


def _starred_name(expr: ast.expr) -> str:
    """`parts` of `*parts`, else ""."""
    if isinstance(expr, ast.Starred) and isinstance(expr.value, ast.Name):
        return expr.value.id
    return ""


def _is_items(expr: ast.expr) -> bool:
    return (
        isinstance(expr, ast.Call)
        and isinstance(expr.func, ast.Attribute)
        and expr.func.attr == "items"
        and isinstance(expr.func.value, ast.Dict)
    )


def _is_self_name(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id in ("self", "cls")


def _is_self_call(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and _is_self_name(call.func.value)


def _is_property(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    names = {
        d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in func.decorator_list
    }
    return bool(names & {"property", "cached_property"})
