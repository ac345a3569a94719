"""What a receiver holds and what a call calls, read from the code: `self._adapter` assigned
`Adapter(...)` (or annotated `Adapter`) is an Adapter, so `self._adapter.get(...)` calls
`Adapter.get`; `client = TestClient(app)` is the package's own app; a pytest fixture parameter
is what the fixture returns."""

from __future__ import annotations

import ast
from pathlib import Path

from generator.calls.model import AnyFunction, Where
from generator.calls.project import (
    MAX_DEPTH,
    Class,
    External,
    Function,
    ModuleRef,
    Parameter,
    Project,
    Symbol,
    Value,
    function_params,
)

Kind = Class | External | ModuleRef
MAX_KINDS = 8
APP_CLIENT = "<the package's own app>.TestClient"


class Kinds:
    def __init__(self, project: Project) -> None:
        self.project = project
        self._memo: dict[tuple[int, tuple[object, ...], int], list[Kind] | None] = {}
        self._made_by_name: dict[str, list[tuple[ast.Call, Where]]] | None = None
        self._cuts = 0  # answers cut short (a cycle, the depth bound): never remembered

    def of(self, expr: ast.expr, where: Where, line: int, depth: int = 0) -> list[Kind]:
        """The classes (of the code base or outside it) or modules `expr` may hold."""
        key = (id(expr), where.key(), line)
        known = self._memo.get(key, [])
        if known is None or depth > MAX_DEPTH:  # a cycle, or too deep: ends here
            self._cuts += 1
            return []
        if key in self._memo:
            return known
        self._memo[key] = None
        cuts = self._cuts
        found = self._of(expr, where, line, depth)[:MAX_KINDS]
        if self._cuts == cuts:
            self._memo[key] = found
        else:
            del self._memo[key]
        return found

    def _of(self, expr: ast.expr, where: Where, line: int, depth: int) -> list[Kind]:
        if isinstance(expr, ast.Call):
            return self._made(expr, where, line, depth)
        if isinstance(expr, ast.Attribute) and _is_self(expr.value) and where.cls is not None:
            return self._self_attribute(where.cls, expr.attr, depth)
        if isinstance(expr, ast.Attribute):
            out: list[Kind] = []
            for owner in self.of(expr.value, where, line, depth + 1):
                out += self._member(owner, expr.attr, depth)
            return out
        if isinstance(expr, ast.Name):
            return self._symbols(self.project.names(where, expr.id, line), depth)
        if isinstance(expr, ast.Await | ast.NamedExpr):
            return self.of(expr.value, where, line, depth + 1)
        return []

    def _symbols(self, symbols: list[Symbol], depth: int) -> list[Kind]:
        out: list[Kind] = []
        for symbol in symbols:
            if isinstance(symbol, Class | External | ModuleRef):
                out.append(symbol)
            elif isinstance(symbol, Value):
                out += self.of(symbol.expr, symbol.where, symbol.line, depth + 1)
            elif isinstance(symbol, Parameter):
                out += self._parameter(symbol, depth)
        return out

    def _self_attribute(self, cls: ast.ClassDef, name: str, depth: int) -> list[Kind]:
        out: list[Kind] = []
        for value in self.project.attribute(cls, name):
            out += self.of(value.expr, value.where, value.line, depth + 1)
        annotated = self.project.annotation(cls, name)
        if not out and annotated is not None:
            out += self._annotated(annotated[0], annotated[1], depth)
        return out

    def _member(self, owner: Kind, name: str, depth: int) -> list[Kind]:
        if isinstance(owner, External):
            return [External(f"{owner.dotted}.{name}")]
        if isinstance(owner, ModuleRef):
            symbol = self.project.global_symbol(owner.module, name)
            return self._symbols([symbol] if symbol else [], depth)
        return self._self_attribute(owner.node, name, depth)

    def _made(self, call: ast.Call, where: Where, line: int, depth: int) -> list[Kind]:
        """What a call returns: an instance of the class it calls, what a function of the code
        base returns, `app.test_client()` (the package's own app)."""
        func = call.func
        if isinstance(func, ast.Attribute) and func.attr == "test_client":
            return [External("flask.testing.FlaskClient")]
        out: list[Kind] = []
        for callee in self.callees(call, where, line, depth + 1):
            if isinstance(callee, External) and _serves_an_app(call):
                out.append(External(APP_CLIENT))  # httpx.Client(app=app): the app's own server
            elif isinstance(callee, Class | External):
                out.append(callee)
            elif isinstance(callee, Function):
                out += self._returned(callee, depth)
        return out

    def _returned(self, func: Function, depth: int) -> list[Kind]:
        module = func.module
        where = Where(module, func.cls, func.node)
        out: list[Kind] = []
        for value in module.survey.body(func.node).returns[:MAX_KINDS]:
            out += self.of(value, where, value.lineno + 1, depth + 1)
        return out

    def _parameter(self, param: Parameter, depth: int) -> list[Kind]:
        """A parameter's annotation, `self`/`cls` of a method, or the fixture of that name."""
        func = param.func
        if param.name in ("self", "cls") and param.where.cls is not None:
            module = self.project.class_module[id(param.where.cls)]
            return [Class(param.where.cls, module)]
        for arg in func.args.posonlyargs + func.args.args + func.args.kwonlyargs:
            if arg.arg == param.name and arg.annotation is not None:
                return self._annotated(arg.annotation, param.where, depth)
        if not isinstance(func, ast.Lambda) and func.name == "__init__":
            return self._given_when_made(func, param.name, depth)
        fixture = self.fixture(param.where, param.name) if _in_tests(param.where) else None
        return self._returned(fixture, depth) if fixture is not None else []

    def _given_when_made(self, init: AnyFunction, name: str, depth: int) -> list[Kind]:
        """A parameter of `__init__`: what the calls that make the class give it."""
        module = self.project.function_module.get(id(init))
        cls = module.survey.method_class.get(id(init)) if module else None
        if cls is None:
            return []
        params = function_params(init, method=True)
        out: list[Kind] = []
        for call, where in self.constructions(cls):
            given = {k.arg: k.value for k in call.keywords if k.arg}
            for param, arg in zip(params, call.args, strict=False):
                given.setdefault(param, arg)
            if name in given and not isinstance(given[name], ast.Starred):
                out += self.of(given[name], where, call.lineno, depth + 1)
        return out

    def _annotated(self, annotation: ast.expr, where: Where, depth: int) -> list[Kind]:
        if isinstance(annotation, ast.Constant) and isinstance(annotation.value, str):
            try:
                annotation = ast.parse(annotation.value, mode="eval").body
            except (SyntaxError, ValueError, RecursionError, MemoryError):
                return []
        if isinstance(annotation, ast.Subscript):  # Optional[Adapter]
            annotation = annotation.slice
        if isinstance(annotation, ast.BinOp):  # Adapter | None
            return self._annotated(annotation.left, where, depth)
        symbols = self.project.expression_symbols(annotation, where, 10**9, depth + 1)
        return [s for s in symbols if isinstance(s, Class | External)]

    def fixture(self, where: Where, name: str) -> Function | None:
        """The pytest fixture a test's parameter names: in its module, else in a conftest.py of
        its folder or one above it."""
        module = where.module
        if name in module.survey.fixtures:
            return Function(module.survey.fixtures[name], module, None)
        folder: Path | None = module.path.parent
        while folder is not None:
            conftest = self.project.by_path.get(folder / "conftest.py")
            if conftest is not None and name in conftest.survey.fixtures:
                return Function(conftest.survey.fixtures[name], conftest, None)
            folder = folder.parent if folder.parent != folder else None
        return None

    def callees(
        self, call: ast.Call, where: Where, line: int, depth: int = 0
    ) -> list[Function | Class | External]:
        """What a call may call: a function or method of the code base, a class (made), or an
        external name (`requests.get`, `httpx.Client`)."""
        func = call.func
        symbols: list[Symbol]
        if isinstance(func, ast.Attribute):
            symbols = []
            owners = self.of(func.value, where, line, depth + 1)
            for owner in owners:
                symbols += self._owner_member(owner, func.attr)
        elif isinstance(func, ast.Name):
            symbols = self.project.expression_symbols(func, where, line, depth + 1)
        else:
            symbols = []
        return [s for s in symbols if isinstance(s, Function | Class | External)]

    def _owner_member(self, owner: Kind, name: str) -> list[Symbol]:
        if isinstance(owner, External):
            return [External(f"{owner.dotted}.{name}")]
        if isinstance(owner, ModuleRef):
            found = self.project.global_symbol(owner.module, name)
            return [found] if found is not None else []
        method = self.project.method(owner.node, name)
        return [method] if method is not None else []

    def constructions(self, cls: ast.ClassDef) -> list[tuple[ast.Call, Where]]:
        """The calls that make `cls` (or a subclass that keeps its `__init__`), each with
        where it is written: the values its parameters are given."""
        if self._made_by_name is None:
            self._made_by_name = {}
            for module in self.project.modules:
                for node in [module.tree, *(f for _o, f in module.survey.functions)]:
                    func = node if not isinstance(node, ast.Module) else None
                    where = Where(module, module.survey.self_class.get(id(node)), func)
                    for call in module.survey.body(node).calls:
                        name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
                        name = call.func.id if isinstance(call.func, ast.Name) else name
                        self._made_by_name.setdefault(name, []).append((call, where))
        classes = [cls] + [
            sub
            for sub in self.project.subclasses(cls)
            if self.project.own_member(sub, "__init__") is None
        ]
        out = []
        for klass in classes[:MAX_KINDS]:
            for call, where in self._made_by_name.get(klass.name, [])[: MAX_KINDS * 4]:
                callees = self.callees(call, where, call.lineno)
                if any(isinstance(c, Class) and c.node is klass for c in callees):
                    out.append((call, where))
        return out[:MAX_KINDS]


def _in_tests(where: Where) -> bool:
    """Whether a function's parameters may be pytest fixtures (a test module or a conftest)."""
    name = where.module.path.name
    return name.startswith("test") or name.endswith("_test.py") or name == "conftest.py"


def _serves_an_app(call: ast.Call) -> bool:
    """`httpx.AsyncClient(app=app)`, `AsyncClient(transport=ASGITransport(app=app))`."""
    for keyword in call.keywords:
        if keyword.arg == "app":
            return True
        value = keyword.value
        if keyword.arg == "transport" and isinstance(value, ast.Call):
            func = value.func
            name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
            if name in ("ASGITransport", "WSGITransport"):
                return True
    return False


def _is_self(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id in ("self", "cls")
