"""One walk over a module that files each node under the function (or class body, or module)
it belongs to: the calls, the names assigned, the `self.x` a class sets, the strings a name is
narrowed to. Everything the scan asks of a function afterwards is a lookup."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

AnyFunction = ast.FunctionDef | ast.AsyncFunctionDef
# name, first line, last line, values, and the statement that narrows it (by id): the names one
# loop unpacks take the values of one row together.
Narrowing = tuple[str, int, int, tuple[str, ...], int]
Member = tuple[bool, ast.expr]  # whether it is a property (read without a call), what it returns


@dataclass
class Body:
    """What one function's own code (not its nested functions') holds."""

    calls: list[ast.Call] = field(default_factory=list)
    assigned: dict[str, list[tuple[int, ast.expr]]] = field(default_factory=dict)
    narrowed: list[Narrowing] = field(default_factory=list)


@dataclass
class Survey:
    bodies: dict[int, Body] = field(default_factory=dict)  # by id() of function or module
    attributes: dict[int, dict[str, list[ast.expr]]] = field(default_factory=dict)  # by class
    functions: list[tuple[ast.ClassDef | None, AnyFunction]] = field(default_factory=list)
    method_class: dict[int, ast.ClassDef] = field(default_factory=dict)  # any function -> class
    members: dict[int, dict[str, Member]] = field(default_factory=dict)  # by class

    def body(self, node: ast.AST) -> Body:
        return self.bodies.setdefault(id(node), Body())


_FILED = frozenset(
    {ast.Call, ast.Assign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension}
    | {ast.Assert, ast.If, ast.While}
)
# Nodes with nothing under them the scan looks at: not worth a visit (most of a tree's nodes).
_LEAVES = frozenset(
    {ast.Name, ast.Constant, ast.alias, ast.arg}
    | {
        c
        for base in (ast.expr_context, ast.operator, ast.boolop, ast.unaryop, ast.cmpop)
        for c in base.__subclasses__()
    }
)


def survey(tree: ast.Module) -> Survey:
    found = Survey()
    # (node, the function or module it belongs to and its Body, the class whose `self` is in
    # scope)
    stack: list[tuple[ast.AST, ast.AST, Body, ast.ClassDef | None]] = [
        (tree, tree, found.body(tree), None)
    ]
    while stack:
        node, owner, body, cls = stack.pop()
        for child in ast.iter_child_nodes(node):
            kind = type(child)
            if kind in _LEAVES:
                continue
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                assert isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                method_of = node if isinstance(node, ast.ClassDef) else None
                found.functions.append((method_of, child))
                if method_of is not None:
                    _member(child, found.members.setdefault(id(method_of), {}))
                stack.append((child, child, found.body(child), method_of or cls))
            elif kind is ast.ClassDef:
                assert isinstance(child, ast.ClassDef)
                found.attributes.setdefault(id(child), {})
                stack.append((child, child, found.body(child), child))
            else:
                if kind in _FILED:
                    _file(child, found, body, owner, cls)
                stack.append((child, owner, body, cls))
    found.functions.sort(key=lambda pair: (pair[1].lineno, pair[1].col_offset))
    for values in (v for b in found.bodies.values() for v in b.assigned.values()):
        values.sort(key=lambda pair: pair[0])
    return found


def _file(
    node: ast.AST, found: Survey, body: Body, owner: ast.AST, cls: ast.ClassDef | None
) -> None:
    if isinstance(node, ast.Call):
        body.calls.append(node)
    elif isinstance(node, ast.Assign | ast.AnnAssign):
        _assignment(node, found, body, owner, cls)
    elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
        _loop(node, body, owner)
    elif isinstance(node, ast.Assert | ast.If | ast.While):
        _narrowing(node, body, owner)


def _assignment(
    node: ast.Assign | ast.AnnAssign,
    found: Survey,
    body: Body,
    owner: ast.AST,
    cls: ast.ClassDef | None,
) -> None:
    if isinstance(node, ast.Assign):
        if len(node.targets) != 1:
            return
        target, value = node.targets[0], node.value
    elif node.value is None:
        return
    else:
        target, value = node.target, node.value
    if isinstance(target, ast.Name):
        body.assigned.setdefault(target.id, []).append((node.lineno, value))
        if isinstance(owner, ast.ClassDef):  # a class constant, read as self.NAME
            found.attributes[id(owner)].setdefault(target.id, []).append(value)
    elif (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id in ("self", "cls")
        and cls is not None
    ):
        found.attributes[id(cls)].setdefault(target.attr, []).append(value)


def _loop(node: ast.For | ast.AsyncFor | ast.comprehension, body: Body, owner: ast.AST) -> None:
    """`for x in xs`: x is an element of xs (and, over a literal list, one of its strings);
    `for name, path in (("a", "/api/a"), ...)`: each name is its column of the rows."""
    source = node.iter
    if isinstance(node.target, ast.Tuple):
        _unpacking_loop(node, node.target, body)
        return
    if not isinstance(node.target, ast.Name):
        return
    item = ast.copy_location(ast.Subscript(source, ast.Constant(0), ast.Load()), source)
    body.assigned.setdefault(node.target.id, []).append((source.lineno - 1, item))
    values = _strings(source)
    if values and isinstance(node, ast.For | ast.AsyncFor):
        body.narrowed.append((node.target.id, node.lineno, _body_end(node), values, id(node)))


def _unpacking_loop(
    node: ast.For | ast.AsyncFor | ast.comprehension, target: ast.Tuple, body: Body
) -> None:
    source = node.iter
    rows = _rows(source, len(target.elts))
    for i, name in enumerate(target.elts):
        if not isinstance(name, ast.Name):
            continue
        # The name's value is unknown unless the rows are written out; never a same-named
        # variable from elsewhere.
        item = ast.copy_location(ast.Subscript(source, ast.Constant(i), ast.Load()), source)
        column = ast.copy_location(ast.Tuple([row[i] for row in rows], ast.Load()), source)
        body.assigned.setdefault(name.id, []).append((source.lineno - 1, item))
        values = _strings(column) if rows else ()
        if len(values) == len(rows) and rows and isinstance(node, ast.For | ast.AsyncFor):
            # Only a column of strings in every row: its values stay in step with the others'.
            body.narrowed.append((name.id, node.lineno, _body_end(node), values, id(node)))


def _rows(source: ast.expr, width: int) -> list[list[ast.expr]]:
    """The rows of `((a, b), (c, d))` or `{a: b, c: d}.items()`, each `width` wide."""
    if (
        isinstance(source, ast.Call)
        and isinstance(source.func, ast.Attribute)
        and source.func.attr == "items"
        and isinstance(source.func.value, ast.Dict)
        and not source.args
        and width == 2
    ):
        table = source.func.value
        keys = [k for k in table.keys if k is not None]
        if len(keys) != len(table.values):
            return []  # `{**other, ...}`: rows the code does not show
        return [[k, v] for k, v in zip(keys, table.values, strict=True)]
    if not isinstance(source, ast.List | ast.Tuple | ast.Set):
        return []
    rows = [list(e.elts) for e in source.elts if isinstance(e, ast.Tuple | ast.List)]
    if len(rows) != len(source.elts) or any(len(r) != width for r in rows):
        return []
    return rows


def _member(func: AnyFunction, members: dict[str, Member]) -> None:
    """A property, or a method of `self` alone, whose body is one `return` of built text
    (`return "{}/api/card".format(self.base_url)`): `self.<name>` reads as that text."""
    body = func.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    if len(body) != 1 or not isinstance(body[0], ast.Return) or body[0].value is None:
        return
    value = body[0].value
    if not _builds_text(value):
        return
    arguments = func.args
    if arguments.vararg or arguments.kwarg or arguments.kwonlyargs:
        return
    if len(arguments.posonlyargs + arguments.args) != 1:
        return
    names = {
        d.id if isinstance(d, ast.Name) else getattr(d, "attr", "") for d in func.decorator_list
    }
    if names - {"property", "cached_property", "classmethod"}:
        return  # a decorator that may change what is returned
    members[func.name] = (bool(names & {"property", "cached_property"}), value)


def _builds_text(expr: ast.expr) -> bool:
    """A literal string, an f-string, `.format`, `%` or `+`: text, not a value looked up."""
    if isinstance(expr, ast.Constant):
        return isinstance(expr.value, str)
    if isinstance(expr, ast.BinOp):
        return isinstance(expr.op, ast.Add | ast.Mod)
    if isinstance(expr, ast.Call):
        return isinstance(expr.func, ast.Attribute) and expr.func.attr == "format"
    return isinstance(expr, ast.JoinedStr)


def _narrowing(node: ast.Assert | ast.If | ast.While, body: Body, owner: ast.AST) -> None:
    """`assert x in [...]` (from there on), `if x in (...)` (in its body)."""
    test = node.test
    if not (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In)
    ):
        return
    values = _strings(test.comparators[0])
    if values:
        last = getattr(owner, "end_lineno", None) or 10**9
        end = last if isinstance(node, ast.Assert) else _body_end(node)
        body.narrowed.append((test.left.id, node.lineno, end, values, id(node)))


def _body_end(node: ast.If | ast.While | ast.For | ast.AsyncFor) -> int:
    return max(getattr(s, "end_lineno", None) or s.lineno for s in node.body)


def _strings(expr: ast.expr) -> tuple[str, ...]:
    if not isinstance(expr, ast.List | ast.Tuple | ast.Set):
        return ()
    values = [e.value for e in expr.elts if isinstance(e, ast.Constant)]
    strings = tuple(v for v in values if isinstance(v, str))
    return strings if strings and all(v is None or isinstance(v, str) for v in values) else ()
