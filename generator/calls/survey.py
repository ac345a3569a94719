"""One walk over a module that files each node under the function (or class body, or module)
it belongs to: the calls, the names assigned (and in which branch of which statement), the
`self.x` a class sets, the functions, classes and imports a body defines, what a function
returns, the strings a name is narrowed to. Everything the scan asks afterwards is a lookup."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from generator.calls.model import AnyFunction

# Where the innermost branch (of an `if`, a loop, a `try`) a statement sits in ends: an assignment
# there may not have run when a line past it reads the name. NEVER for one outside any branch.
NEVER = 10**9


@dataclass(frozen=True)
class Narrowing:
    """`name` is one of `values` (or, `excluded`, none of them) from line `first` to `last`."""

    name: str
    first: int
    last: int
    values: tuple[str, ...]
    statement: int
    excluded: bool = False


@dataclass(frozen=True)
class Imported:
    module: str  # as written after `from` or `import` ("" for `from . import x`)
    name: str | None  # the name taken from it; None: the module itself
    level: int = 0  # leading dots of a relative import


@dataclass(frozen=True)
class Assignment:
    line: int
    value: ast.expr
    until: int = NEVER


@dataclass
class Body:
    """What one function's own code (not its nested functions') holds."""

    calls: list[ast.Call] = field(default_factory=list)
    assigned: dict[str, list[Assignment]] = field(default_factory=dict)
    narrowed: list[Narrowing] = field(default_factory=list)
    functions: dict[str, AnyFunction] = field(default_factory=dict)
    classes: dict[str, ast.ClassDef] = field(default_factory=dict)
    imports: dict[str, Imported] = field(default_factory=dict)
    returns: list[ast.expr] = field(default_factory=list)
    super_names: set[str] = field(default_factory=set)


@dataclass
class Survey:
    bodies: dict[int, Body] = field(default_factory=dict)  # by id() of function, class, module
    # By class: each name set on the class or on `self`, with the function (or class) that sets it.
    attributes: dict[int, dict[str, list[tuple[ast.expr, ast.AST]]]] = field(default_factory=dict)
    annotations: dict[int, dict[str, ast.expr]] = field(default_factory=dict)  # by class
    functions: list[tuple[ast.ClassDef | None, AnyFunction]] = field(default_factory=list)
    method_class: dict[int, ast.ClassDef] = field(default_factory=dict)  # a method -> its class
    # A function -> the class whose `self` it sees (a method's, or the method's it is nested in).
    self_class: dict[int, ast.ClassDef] = field(default_factory=dict)
    enclosing: dict[int, ast.AST] = field(default_factory=dict)  # a function -> where defined
    classes: list[ast.ClassDef] = field(default_factory=list)
    decorators: set[int] = field(default_factory=set)  # calls that decorate a definition
    # The stand-ins for a loop's item (`for x in xs`, -1) or one column of it (`for a, b in rows`).
    columns: dict[int, tuple[int, int]] = field(default_factory=dict)  # id -> (column, loop id)
    fixtures: dict[str, AnyFunction] = field(default_factory=dict)
    params: dict[int, list[str]] = field(default_factory=dict)  # what callers pass, when asked

    def body(self, node: ast.AST) -> Body:
        found = self.bodies.get(id(node))
        if found is None:
            found = self.bodies[id(node)] = Body()
        return found


_FILED = frozenset(
    {ast.Call, ast.Assign, ast.AnnAssign, ast.For, ast.AsyncFor, ast.comprehension}
    | {ast.Assert, ast.If, ast.While, ast.With, ast.AsyncWith, ast.Return, ast.Yield}
    | {ast.Import, ast.ImportFrom, ast.NamedExpr}
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
_BRANCHES = {
    ast.If: ("body", "orelse"),
    ast.For: ("body", "orelse"),
    ast.AsyncFor: ("body", "orelse"),
    ast.While: ("body", "orelse"),
    ast.Try: ("body", "handlers", "orelse"),
    ast.TryStar: ("body", "handlers", "orelse"),
}
Frame = tuple[ast.AST, ast.AST, Body, ast.ClassDef | None, int]


def survey(tree: ast.Module) -> Survey:
    found = Survey()
    # (node, the function or module it belongs to and its Body, the class whose `self` is in
    # scope, where the branch it sits in ends)
    stack: list[Frame] = [(tree, tree, found.body(tree), None, NEVER)]
    while stack:
        node, owner, body, cls, until = stack.pop()
        branches = _branch_ends(node, until) if type(node) in _BRANCHES else None
        for child in _children(node):
            kind = type(child)
            child_until = branches.get(id(child), until) if branches else until
            if kind is ast.FunctionDef or kind is ast.AsyncFunctionDef:
                assert isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
                _function(child, node, owner, body, found)
                method_of = node if isinstance(node, ast.ClassDef) else None
                seen_class = method_of or cls
                if seen_class is not None:
                    found.self_class[id(child)] = seen_class
                stack.append((child, child, found.body(child), seen_class, NEVER))
            elif kind is ast.ClassDef:
                assert isinstance(child, ast.ClassDef)
                _class(child, owner, body, found)
                stack.append((child, child, found.body(child), child, NEVER))
            else:
                if kind in _FILED:
                    _file(child, found, body, owner, cls, child_until)
                stack.append((child, owner, body, cls, child_until))
    found.functions.sort(key=lambda pair: (pair[1].lineno, pair[1].col_offset))
    for body in found.bodies.values():
        for values in body.assigned.values():
            values.sort(key=lambda a: a.line)
        body.returns.sort(key=lambda r: (r.lineno, r.col_offset))
        body.calls.sort(key=lambda c: (c.lineno, c.col_offset))
        body.narrowed.sort(key=lambda n: n.first)
    return found


# The fields of each node type that may hold nodes the scan looks at (not `ctx`, `op`, ...).
_FIELDS: dict[type, tuple[str, ...]] = {}
_SKIPPED_FIELDS = frozenset({"ctx", "op", "ops", "type_comment", "kind", "conversion"})


def _children(node: ast.AST) -> list[ast.AST]:
    """The node's children worth a visit (`ast.iter_child_nodes` less the leaves, faster)."""
    kind = type(node)
    fields = _FIELDS.get(kind)
    if fields is None:
        fields = _FIELDS[kind] = tuple(f for f in kind._fields if f not in _SKIPPED_FIELDS)
    out: list[ast.AST] = []
    for name in fields:
        value = getattr(node, name, None)
        if type(value) is list:
            out.extend(v for v in value if isinstance(v, ast.AST) and type(v) not in _LEAVES)
        elif isinstance(value, ast.AST) and type(value) not in _LEAVES:
            out.append(value)
    return out


def _branch_ends(node: ast.AST, until: int) -> dict[int, int]:
    """Where the branch each statement of an `if`, a loop or a `try` sits in ends: a name set
    there may keep its earlier value past that line (the branch may not have run)."""
    ends: dict[int, int] = {}
    for name in _BRANCHES[type(node)]:
        statements = getattr(node, name)
        groups = [[h] for h in statements] if name == "handlers" else [statements]
        for group in groups:
            end = min(until, _end(group)) if group else until
            ends.update((id(s), end) for s in group)
    return ends


def _function(
    func: AnyFunction, parent: ast.AST, owner: ast.AST, body: Body, found: Survey
) -> None:
    method_of = parent if isinstance(parent, ast.ClassDef) else None
    found.functions.append((method_of, func))
    found.enclosing[id(func)] = owner
    if method_of is not None:
        found.method_class[id(func)] = method_of
    if not any(_is_accessor(d) for d in func.decorator_list):  # the getter stays the member
        body.functions[func.name] = func
    for decorator in func.decorator_list:
        if isinstance(decorator, ast.Call):
            found.decorators.add(id(decorator))
        if owner is parent and _is_fixture(decorator):
            found.fixtures[func.name] = func


def _is_accessor(decorator: ast.expr) -> bool:
    return isinstance(decorator, ast.Attribute) and decorator.attr in ("setter", "deleter")


def _is_fixture(decorator: ast.expr) -> bool:
    target = decorator.func if isinstance(decorator, ast.Call) else decorator
    name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
    return name in ("fixture", "yield_fixture")


def _class(cls: ast.ClassDef, owner: ast.AST, body: Body, found: Survey) -> None:
    found.classes.append(cls)
    found.attributes.setdefault(id(cls), {})
    found.annotations.setdefault(id(cls), {})
    found.enclosing[id(cls)] = owner
    body.classes[cls.name] = cls
    for decorator in cls.decorator_list:
        if isinstance(decorator, ast.Call):
            found.decorators.add(id(decorator))


def _file(
    node: ast.AST,
    found: Survey,
    body: Body,
    owner: ast.AST,
    cls: ast.ClassDef | None,
    until: int,
) -> None:
    if isinstance(node, ast.Call):
        body.calls.append(node)
        _super_call(node, body)
    elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr):
        _assignment(node, found, body, owner, cls, until)
    elif isinstance(node, ast.For | ast.AsyncFor | ast.comprehension):
        _loop(node, found, body, until)
    elif isinstance(node, ast.Assert | ast.If | ast.While):
        _narrowing(node, body, owner)
    elif isinstance(node, ast.With | ast.AsyncWith):
        for item in node.items:
            if isinstance(item.optional_vars, ast.Name):
                assignment = Assignment(node.lineno, item.context_expr, until)
                _name(body, item.optional_vars.id, assignment)
    elif isinstance(node, ast.Return | ast.Yield):
        if node.value is not None:
            body.returns.append(node.value)
    elif isinstance(node, ast.Import | ast.ImportFrom):
        _imports(node, body)


def _name(body: Body, name: str, assignment: Assignment) -> None:
    body.assigned.setdefault(name, []).append(assignment)


def _super_call(call: ast.Call, body: Body) -> None:
    """`super().name(...)` or `super(C, self).name(...)`: the method goes on to its base's."""
    func = call.func
    if (
        isinstance(func, ast.Attribute)
        and isinstance(func.value, ast.Call)
        and isinstance(func.value.func, ast.Name)
        and func.value.func.id == "super"
    ):
        body.super_names.add(func.attr)


def _imports(node: ast.Import | ast.ImportFrom, body: Body) -> None:
    for alias in node.names:
        if isinstance(node, ast.Import):
            if alias.asname:
                body.imports[alias.asname] = Imported(alias.name, None)
            else:  # `import a.b` binds `a`
                top = alias.name.split(".")[0]
                body.imports[top] = Imported(top, None)
        elif alias.name != "*":
            module = node.module or ""
            body.imports[alias.asname or alias.name] = Imported(module, alias.name, node.level)


def _assignment(
    node: ast.Assign | ast.AnnAssign | ast.NamedExpr,
    found: Survey,
    body: Body,
    owner: ast.AST,
    cls: ast.ClassDef | None,
    until: int,
) -> None:
    if isinstance(node, ast.Assign):
        if len(node.targets) != 1:
            return
        target, value = node.targets[0], node.value
    elif isinstance(node, ast.NamedExpr):
        target, value = node.target, node.value
    else:
        target = node.target
        _annotation(node, found, owner, cls)
        if node.value is None:
            return
        value = node.value
    if isinstance(target, ast.Name):
        _name(body, target.id, Assignment(node.lineno, value, until))
        if isinstance(owner, ast.ClassDef):  # a class constant, read as self.NAME
            found.attributes[id(owner)].setdefault(target.id, []).append((value, owner))
    elif (
        isinstance(target, ast.Attribute)
        and isinstance(target.value, ast.Name)
        and target.value.id in ("self", "cls")
        and cls is not None
    ):
        found.attributes[id(cls)].setdefault(target.attr, []).append((value, owner))


def _annotation(
    node: ast.AnnAssign, found: Survey, owner: ast.AST, cls: ast.ClassDef | None
) -> None:
    """`name: Type` in a class body, or `self.name: Type` in a method: what the name holds."""
    target = node.target
    if isinstance(target, ast.Name) and isinstance(owner, ast.ClassDef):
        found.annotations[id(owner)][target.id] = node.annotation
    elif isinstance(target, ast.Attribute) and cls is not None and _is_self(target.value):
        found.annotations[id(cls)][target.attr] = node.annotation


def _is_self(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id == "self"


def _loop(
    node: ast.For | ast.AsyncFor | ast.comprehension, found: Survey, body: Body, until: int
) -> None:
    """`for x in xs`: x is an element of xs; `for name, path in rows`: each name is its column
    of the rows (read in step: one row at a time)."""
    source = node.iter
    targets: list[tuple[ast.expr, int]] = [(node.target, -1)]
    if isinstance(node.target, ast.Tuple | ast.List):
        targets = [(t, i) for i, t in enumerate(node.target.elts)]
    for target, column in targets:
        if not isinstance(target, ast.Name):
            continue
        item = ast.copy_location(ast.Subscript(source, ast.Constant(column), ast.Load()), source)
        found.columns[id(item)] = (column, id(node))
        _name(body, target.id, Assignment(source.lineno - 1, item, until))


def _narrowing(node: ast.Assert | ast.If | ast.While, body: Body, owner: ast.AST) -> None:
    """`assert x in [...]` (from there on), `if x in (...)` or `if x == "a"` (in its body; its
    `else` excludes those values)."""
    test = node.test
    if not (
        isinstance(test, ast.Compare)
        and isinstance(test.left, ast.Name)
        and len(test.ops) == 1
        and isinstance(test.ops[0], ast.In | ast.Eq)
    ):
        return
    right = test.comparators[0]
    is_text = isinstance(right, ast.Constant) and isinstance(right.value, str)
    values = _strings(right) if isinstance(test.ops[0], ast.In) else _one(right, is_text)
    if not values:
        return
    name = test.left.id
    if isinstance(node, ast.Assert):
        last = getattr(owner, "end_lineno", None) or 10**9
        body.narrowed.append(Narrowing(name, node.lineno, last, values, id(node)))
        return
    body.narrowed.append(Narrowing(name, node.lineno, _end(node.body), values, id(node)))
    if isinstance(node, ast.If) and node.orelse:
        first = node.orelse[0].lineno
        body.narrowed.append(Narrowing(name, first, _end(node.orelse), values, id(node), True))


def _one(expr: ast.expr, is_text: bool) -> tuple[str, ...]:
    return (str(expr.value),) if is_text and isinstance(expr, ast.Constant) else ()


def _end(statements: list[ast.stmt]) -> int:
    return max(getattr(s, "end_lineno", None) or s.lineno for s in statements)


def _strings(expr: ast.expr) -> tuple[str, ...]:
    if not isinstance(expr, ast.List | ast.Tuple | ast.Set):
        return ()
    values = [e.value for e in expr.elts if isinstance(e, ast.Constant)]
    strings = tuple(v for v in values if isinstance(v, str))
    return strings if strings and all(v is None or isinstance(v, str) for v in values) else ()
