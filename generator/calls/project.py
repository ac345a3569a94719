"""The scanned code base as one program, read from its syntax trees (nothing is imported or run):
modules by dotted name, what an imported name is, the classes and their bases and subclasses,
what a name means inside a function (its reaching assignments), the type a receiver holds, and
which function a call calls."""

from __future__ import annotations

import ast
from bisect import bisect_left
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from generator.calls.model import AnyFunction, Where
from generator.calls.survey import NEVER, Assignment, Imported, Survey, survey

MAX_DEPTH = 8  # lookups followed through imports, aliases, returns; cycles end here too
MAX_CLASSES = 64  # receivers (a class and its subclasses) one method is read for
MAX_REACHING = 8  # assignments of one name that may reach a line (through branches)
MAX_VALUES = 16  # values of one attribute read (a class that sets `self.x` in many places)


@dataclass(eq=False)
class Module:
    name: str  # dotted, as Python would import it
    file: str  # as shown in reports
    path: Path
    tree: ast.Module = field(repr=False)
    survey: Survey = field(repr=False)


@dataclass(frozen=True, eq=False)
class Value:
    """A value assigned to a name, read where it was assigned."""

    expr: ast.expr
    where: Where
    line: int  # the line names inside it are read at
    # Why it may not be the value at run time (one of several assignments that reach the reader).
    notes: frozenset[str] = frozenset()


@dataclass(frozen=True, eq=False)
class Function:
    node: AnyFunction
    module: Module
    cls: ast.ClassDef | None  # the class it is a method of


@dataclass(frozen=True, eq=False)
class Class:
    node: ast.ClassDef
    module: Module


@dataclass(frozen=True, eq=False)
class ModuleRef:
    module: Module


@dataclass(frozen=True)
class External:
    """A name from outside the code base, by its dotted import path (`requests.Session`)."""

    dotted: str


@dataclass(frozen=True, eq=False)
class Parameter:
    func: AnyFunction | ast.Lambda
    name: str
    where: Where


Symbol = Value | Function | Class | ModuleRef | External | Parameter


def module_names(paths: list[Path]) -> dict[Path, str]:
    """Each file's dotted module name: its path from the nearest folder that is not a package
    (holds no `__init__.py`), as Python finds it when that folder is on its path."""
    packages = {p.parent for p in paths if p.name == "__init__.py"}
    names: dict[Path, str] = {}
    for path in paths:
        parts = [] if path.name == "__init__.py" else [path.stem]
        folder = path.parent
        while folder in packages:
            parts.insert(0, folder.name)
            folder = folder.parent
        names[path] = ".".join(parts)
    return names


def function_params(func: AnyFunction | ast.Lambda, method: bool) -> list[str]:
    """The parameters a caller passes (without `self` or `cls` of a method)."""
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    decorators = [] if isinstance(func, ast.Lambda) else func.decorator_list
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in decorators)
    if names and ((method and not static) or names[0] in ("self", "cls")):
        names = names[1:]
    return names + [a.arg for a in func.args.kwonlyargs]


def all_params(func: AnyFunction | ast.Lambda) -> list[ast.arg]:
    arguments = func.args
    extra = [a for a in (arguments.vararg, arguments.kwarg) if a is not None]
    return arguments.posonlyargs + arguments.args + arguments.kwonlyargs + extra


class Project:
    def __init__(self, modules: list[Module]) -> None:
        self.modules = modules
        self.by_name: dict[str, list[Module]] = {}
        self.by_path: dict[Path, Module] = {}
        self.class_module: dict[int, Module] = {}
        self.function_module: dict[int, Module] = {}
        for module in modules:
            self.by_name.setdefault(module.name, []).append(module)
            self.by_path[module.path] = module
            for cls in module.survey.classes:
                self.class_module[id(cls)] = module
            for _owner, func in module.survey.functions:
                self.function_module[id(func)] = module
        self._bases: dict[int, list[ast.ClassDef]] = {}
        self._subclasses: dict[int, list[ast.ClassDef]] | None = None

    @staticmethod
    def build(files: list[tuple[str, Path, ast.Module]]) -> Project:
        names = module_names([path for _shown, path, _tree in files])
        return Project(
            [Module(names[path], shown, path, tree, survey(tree)) for shown, path, tree in files]
        )

    # --- modules and imports ----------------------------------------------------------------

    def find_module(self, dotted: str, near: Module) -> Module | None:
        """The module of that name; of several (copies of a package), the nearest by path."""
        found = self.by_name.get(dotted)
        if not found:
            return None
        if len(found) == 1:
            return found[0]
        return max(found, key=lambda m: (_shared(m.path, near.path), m.file))

    def imported(self, module: Module, imported: Imported, depth: int = 0) -> Symbol | None:
        """What an import binds: a module of the code base, a name defined in one, or an
        external name (`requests`, `fastapi.testclient.TestClient`)."""
        base = self._import_base(module, imported)
        if imported.name is None:
            target = self.find_module(base, module) if base else None
            return ModuleRef(target) if target else External(imported.module)
        source = self.find_module(base, module) if base else None
        if source is not None:
            found = self.global_symbol(source, imported.name, depth + 1)
            if found is not None:
                return found
        sub = self.find_module(f"{base}.{imported.name}" if base else imported.name, module)
        if sub is not None:
            return ModuleRef(sub)
        if imported.level or source is not None:
            return None
        return External(f"{imported.module}.{imported.name}")

    def _import_base(self, module: Module, imported: Imported) -> str:
        if not imported.level:
            return imported.module
        parts = module.name.split(".")
        if module.path.name != "__init__.py":
            parts = parts[:-1]
        if imported.level > 1:
            parts = parts[: len(parts) - (imported.level - 1)]
        return ".".join(parts + ([imported.module] if imported.module else []))

    def global_symbol(self, module: Module, name: str, depth: int = 0) -> Symbol | None:
        """What a module-level name is: its last assignment, a function, a class, an import."""
        if depth > MAX_DEPTH:
            return None
        body = module.survey.body(module.tree)
        where = Where(module)
        if name in body.assigned:
            last = body.assigned[name][-1]
            return Value(last.value, where, last.line)
        if name in body.functions:
            return Function(body.functions[name], module, None)
        if name in body.classes:
            return Class(body.classes[name], module)
        if name in body.imports:
            return self.imported(module, body.imports[name], depth)
        return None

    # --- names inside a function ------------------------------------------------------------

    def names(self, where: Where, name: str, line: int, depth: int = 0) -> list[Symbol]:
        """What `name` may be at `line` in `where`: the assignments that reach the line (the
        last before it, and earlier ones while the later one sits in a branch the line is past),
        a parameter, a function, class or import of the function or of one enclosing it, else
        the module's."""
        module = where.module
        node: ast.AST | None = where.func
        while node is not None and not isinstance(node, ast.Module):
            if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                node = module.survey.enclosing.get(id(node))  # a class body: no scope here
                continue
            found = self._local(node, where, name, line, depth)
            if found is not None:
                return found
            node = module.survey.enclosing.get(id(node))
            line = NEVER  # an enclosing function's names, as it left them
        symbol = self.global_symbol(module, name, depth)
        return [symbol] if symbol is not None else []

    def _local(
        self, node: AnyFunction | ast.Lambda, where: Where, name: str, line: int, depth: int
    ) -> list[Symbol] | None:
        module = where.module
        body = module.survey.body(node)
        inner = Where(module, where.cls, node, where.binds) if node is not where.func else where
        if any(a.arg == name for a in all_params(node)):
            assigned = body.assigned.get(name, [])
            if not assigned or assigned[0].line >= line:
                return [Parameter(node, name, inner)]
        if name in body.assigned:
            reaching = _reaching(body.assigned[name], line)
            if reaching:
                return [Value(a.value, inner, a.line, notes) for a, notes in reaching]
        if name in body.functions:
            return [Function(body.functions[name], module, None)]
        if name in body.classes:
            return [Class(body.classes[name], module)]
        if name in body.imports:
            symbol = self.imported(module, body.imports[name], depth)
            return [symbol] if symbol is not None else []
        return None

    # --- classes ----------------------------------------------------------------------------

    def bases(self, cls: ast.ClassDef) -> list[ast.ClassDef]:
        if id(cls) not in self._bases:
            self._bases[id(cls)] = []  # a cycle ends here
            module = self.class_module[id(cls)]
            where = Where(module, func=None)
            found: list[ast.ClassDef] = []
            for base in cls.bases:
                for symbol in self.expression_symbols(base, where, cls.lineno):
                    if isinstance(symbol, Class) and symbol.node is not cls:
                        found.append(symbol.node)
            self._bases[id(cls)] = found
        return self._bases[id(cls)]

    def mro(self, cls: ast.ClassDef) -> list[ast.ClassDef]:
        """The class, then its bases depth first, left to right, each once (C3 agrees on the
        hierarchies client libraries write)."""
        order: list[ast.ClassDef] = []
        stack = [cls]
        while stack and len(order) < MAX_CLASSES:
            current = stack.pop(0)
            if any(current is c for c in order):
                continue
            order.append(current)
            stack = self.bases(current) + stack
        return order

    def subclasses(self, cls: ast.ClassDef) -> list[ast.ClassDef]:
        """Every class of the code base that derives from `cls`, in the order they appear."""
        if self._subclasses is None:
            self._subclasses = {}
            for module in self.modules:
                for sub in module.survey.classes:
                    for base in self.bases(sub):
                        self._subclasses.setdefault(id(base), []).append(sub)
        out: list[ast.ClassDef] = []
        stack = list(self._subclasses.get(id(cls), []))
        while stack and len(out) < MAX_CLASSES:
            sub = stack.pop(0)
            if not any(sub is c for c in out) and sub is not cls:
                out.append(sub)
                stack.extend(self._subclasses.get(id(sub), []))
        return out

    def own_member(self, cls: ast.ClassDef, name: str) -> Function | Symbol | None:
        """A method the class body defines (or imports into itself) under that name."""
        module = self.class_module[id(cls)]
        body = module.survey.body(cls)
        if name in body.functions:
            return Function(body.functions[name], module, cls)
        if name in body.imports:
            symbol = self.imported(module, body.imports[name])
            if isinstance(symbol, Function):
                return Function(symbol.node, symbol.module, cls)
            return symbol
        return None

    def method(self, cls: ast.ClassDef, name: str) -> Function | None:
        for klass in self.mro(cls):
            member = self.own_member(klass, name)
            if isinstance(member, Function):
                return member
            if member is not None:
                return None
        return None

    def attribute(self, cls: ast.ClassDef, name: str) -> list[Value]:
        """The values the first class along the MRO that sets `name` (on itself or on `self`)
        gives it, each read where it is written, with `self` meaning `cls`."""
        for klass in self.mro(cls):
            module = self.class_module[id(klass)]
            values = module.survey.attributes.get(id(klass), {}).get(name)
            if not values:
                continue
            out = []
            for expr, owner in values[-MAX_VALUES:]:
                func = owner if isinstance(owner, ast.FunctionDef | ast.AsyncFunctionDef) else None
                out.append(Value(expr, Where(module, cls, func), expr.lineno))
            return out
        return []

    def annotation(self, cls: ast.ClassDef, name: str) -> tuple[ast.expr, Where] | None:
        for klass in self.mro(cls):
            module = self.class_module[id(klass)]
            found = module.survey.annotations.get(id(klass), {}).get(name)
            if found is not None:
                return found, Where(module, klass)
        return None

    def receivers(self, cls: ast.ClassDef, func: AnyFunction) -> list[ast.ClassDef]:
        """The classes whose instances may run `func` (a method of `cls`) as `self`: `cls` and
        each subclass that inherits it, or overrides it with a method that calls `super()`'s."""
        out = [cls]
        for sub in self.subclasses(cls):
            if self._runs(sub, cls, func):
                out.append(sub)
        return out[:MAX_CLASSES]

    def _runs(self, sub: ast.ClassDef, cls: ast.ClassDef, func: AnyFunction) -> bool:
        for klass in self.mro(sub):
            if klass is cls:
                return True
            member = self.own_member(klass, func.name)
            if member is None:
                continue
            if not isinstance(member, Function):
                return False
            module = self.class_module[id(klass)]
            if func.name not in module.survey.body(member.node).super_names:
                return False
        return False

    # --- what an expression names -----------------------------------------------------------

    def expression_symbols(
        self, expr: ast.expr, where: Where, line: int, depth: int = 0
    ) -> list[Symbol]:
        """What a name or dotted name refers to (`Adapter`, `client.Adapter`, `requests.get`),
        through assignments that only rename (`A = Adapter`)."""
        if depth > MAX_DEPTH:
            return []
        if isinstance(expr, ast.Name):
            symbols = self.names(where, expr.id, line, depth + 1)
        elif isinstance(expr, ast.Attribute):
            symbols = list(self._member_symbols(expr, where, line, depth))
        else:
            return []
        out: list[Symbol] = []
        for symbol in symbols:
            if isinstance(symbol, Value) and isinstance(symbol.expr, ast.Name | ast.Attribute):
                out += self.expression_symbols(symbol.expr, symbol.where, symbol.line, depth + 1)
            else:
                out.append(symbol)
        return out

    def _member_symbols(
        self, expr: ast.Attribute, where: Where, line: int, depth: int
    ) -> Iterator[Symbol]:
        for owner in self.expression_symbols(expr.value, where, line, depth + 1):
            if isinstance(owner, ModuleRef):
                found = self.global_symbol(owner.module, expr.attr, depth + 1)
                if found is not None:
                    yield found
            elif isinstance(owner, External):
                yield External(f"{owner.dotted}.{expr.attr}")
            elif isinstance(owner, Class):
                member = self.own_member_or_attribute(owner.node, expr.attr)
                if member is not None:
                    yield member

    def own_member_or_attribute(self, cls: ast.ClassDef, name: str) -> Symbol | None:
        method = self.method(cls, name)
        if method is not None:
            return method
        values = self.attribute(cls, name)
        return values[-1] if values else None


def _reaching(assignments: list[Assignment], line: int) -> list[tuple[Assignment, frozenset[str]]]:
    """The assignments before `line` that may give the name its value there: the last one, and
    the one before it while the later sits in a branch that ends before the line."""
    out: list[tuple[Assignment, frozenset[str]]] = []
    end = bisect_left(assignments, line, key=lambda a: a.line)  # sorted by line (survey)
    for assignment in reversed(assignments[max(0, end - MAX_REACHING) : end]):
        out.append((assignment, frozenset()))
        if assignment.until >= line:
            break
    if len(out) > 1:
        note = frozenset({"one of several values assigned before the call"})
        out = [(a, note) for a, _ in out]
    return out


def _shared(a: Path, b: Path) -> int:
    count = 0
    for x, y in zip(a.parts, b.parts, strict=False):
        if x != y:
            break
        count += 1
    return count
