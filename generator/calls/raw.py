"""Raw HTTP calls to Metabase's API in a code base: `requests.get(url + "/api/card")`,
`self._api("get", f"/api/card/{id}")`, and calls through a wrapper defined anywhere in it
(`self._adapter.get(endpoint="/card/public")` where the adapter's `get` sends to
`f"{self.base_url}{endpoint}"` and `base_url` ends in `/api`).

A call counts when its method is known (from the function's name, a verb argument, or the
wrapper's) and its path reaches `/api`. Strings that are not an argument of a call (a docstring,
a comment, a UI link that is returned) are never looked at; route decorators
(`@app.get("/api/items")`) and calls on a test client of the package's own app are no calls;
mock registrations are listed apart."""

from __future__ import annotations

import ast
from dataclasses import dataclass, field, replace

from generator.calls.evaluate import Evaluator
from generator.calls.kinds import Kinds
from generator.calls.mocks import (
    FIXTURES,
    is_registration_name,
    library_of,
    pattern_text,
    registration,
)
from generator.calls.model import AnyFunction, Built, Piece, Where
from generator.calls.paths import HOLE, CodePath, api_path
from generator.calls.project import (
    Class,
    External,
    Function,
    Module,
    Parameter,
    Project,
    Value,
    function_params,
)
from generator.calls.senders import (
    HTTP_LIBRARIES,
    SENDER_NAME,
    ArgRef,
    Method,
    argument,
    body_keys,
    callee_name,
    method_of,
    query_keys,
    sent_values,
    url_candidates,
    verb_of_name,
    verb_of_value,
)
from generator.ir import HTTP_METHODS

MAX_PATHS = 64  # paths one call reaches, over all the values its segments may take
WRAPPER_DEPTH = 6  # a wrapper of a wrapper, and so on
RECEIVER_NOTE = "when `self` is a {}"
NAME_NOTE = "the method is read from the called name `{}` alone"
_CLIENT_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "request"})
# Clients that put the `base_url` they were made with before each path.
BASE_URL_CLIENTS = (
    "httpx.Client.",
    "httpx.AsyncClient.",
    "aiohttp.ClientSession.",
    "requests_toolbelt.sessions.BaseUrlSession.",
)
TEST_CLIENTS = ("TestClient", "FlaskClient", "APIClient", "test.Client", "testing.Client")


@dataclass(frozen=True)
class RawCall:
    file: str
    line: int
    method: str
    path: str  # `/api/...` with HOLE where the code computes a value
    template: str  # the same with each hole shown as the code's expression
    form: str
    query_keys: frozenset[str] | None  # None: built where the scan cannot see
    body_keys: frozenset[str] | None
    notes: tuple[str, ...] = ()  # why it is not certain (empty: it is)
    # For a path sent after a base URL the code does not show (`f"{self.base}/card"`): what
    # sends it (a wrapper, a base expression), so that the report can tell whether what it sends
    # looks like Metabase's API under `/api` (the path here is that guess).
    unseen_base: str | None = None
    # (query|body, key, JSON text) of each value the code writes out literally, for `impact`
    # to judge a value against what a release accepts (`params={"f": "using_metric"}`).
    values: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Unresolved:
    file: str
    line: int
    method: str | None
    template: str | None
    reason: str


@dataclass(frozen=True)
class Mock:
    file: str
    line: int
    method: str | None  # None: any method
    path: str
    template: str
    library: str


@dataclass(frozen=True)
class Wrapper:
    """A function that sends to a path it is given: which argument is the path, what it puts
    before it, and where the method comes from (a verb, or an argument)."""

    name: str
    path: ArgRef
    prefix: tuple[Built, ...]
    method: str | None
    method_arg: ArgRef | None
    origin: str = ""  # file:line of its definition
    # A wrapper whose path's namespace is a parameter (`f"/api/{kind}/{item_id}"`): the
    # expression its send builds the URL from, re-read with each call's arguments.
    template: tuple[ast.expr, tuple[Built, ...], AnyFunction, Module] | None = None


@dataclass
class Found:
    calls: list[RawCall] = field(default_factory=list)
    unresolved: list[Unresolved] = field(default_factory=list)
    mocks: list[Mock] = field(default_factory=list)
    seen: set[object] = field(default_factory=set, repr=False, compare=False)

    def add(self, entry: RawCall | Unresolved | Mock) -> None:
        """Each entry once (a call reaching a path over several of its values)."""
        key = (
            (entry.file, entry.line, entry.method, entry.path)
            if isinstance(entry, RawCall)
            else entry
        )
        if key in self.seen:
            return
        self.seen.add(key)
        if isinstance(entry, RawCall):
            self.calls.append(entry)
        elif isinstance(entry, Unresolved):
            self.unresolved.append(entry)
        else:
            self.mocks.append(entry)


@dataclass(frozen=True)
class _Site:
    """One request a call sends: its method (or what gives it), the texts its URL may be, and
    the line the path is written at."""

    call: ast.Call
    method: str | None
    method_from: ast.expr | None
    values: tuple[Built, ...]
    via: str | None
    line: int
    notes: frozenset[str] = frozenset()
    origin: str = ""  # the wrapper's definition, for one sent through a wrapper
    arg: ast.expr | None = None  # the argument the URL is read from
    prefix: tuple[Built, ...] = ()  # what a wrapper puts before it


class ProjectScan:
    def __init__(self, project: Project) -> None:
        self.project = project
        self.kinds = Kinds(project)
        self.evaluator = Evaluator(project, self.kinds)
        self._wrappers: dict[int, Wrapper | None] = {}  # by function, once answered
        self._asking: set[int] = set()  # functions whose answer is being worked out
        self._wrapper_cuts = 0
        self._callees: dict[tuple[object, ...], list[Function | Class | External]] = {}
        self._direct: dict[tuple[object, ...], list[_Site]] = {}
        self._methods: dict[tuple[int, int], Method | None] = {}
        self._read: dict[int, set[str]] = {}

    # --- wrappers -----------------------------------------------------------------------------

    def wrapper(self, callee: Function, depth: int = 0) -> Wrapper | None:
        """Whether a function of the code base sends a path it is given (a wrapper), asked when
        a call reaches it: most functions are never called by the code base itself, and are
        never asked. Each answer is remembered only when it did not rest on a question still
        being answered (a function that reaches itself), so it is the same in whatever order
        the calls are scanned."""
        func = callee.node
        if id(func) in self._wrappers:
            return self._wrappers[id(func)]
        if id(func) in self._asking or depth > WRAPPER_DEPTH:
            self._wrapper_cuts += 1
            return None
        self._asking.add(id(func))
        cuts = self._wrapper_cuts
        try:
            found = self._as_wrapper(callee.module, func, depth)
        finally:
            self._asking.discard(id(func))
        if self._wrapper_cuts == cuts:
            self._wrappers[id(func)] = found
        return found

    def _as_wrapper(self, module: Module, func: AnyFunction, depth: int) -> Wrapper | None:
        where = Where(module, module.survey.self_class.get(id(func)), func)
        params = _params_of(where)
        if not params:
            return None
        for call in module.survey.body(func).calls:
            if id(call) in module.survey.decorators:
                continue
            for site in self._sites(call, where, params, depth + 1):
                sent = self._sent_param(site.values, params, where)
                if sent is None:
                    template = self._as_template(site, module, func, params, where)
                    if template is not None:
                        return template
                    continue
                if self._a_segment_for_some_receiver(module, func, call, params, depth):
                    return None
                position, ref = sent
                method_ref = self._method_ref(site.method_from, params, where)
                method = site.method or (None if method_ref else verb_of_name(func.name))
                prefix = tuple(Built(v.pieces[:position], v.form, v.choices) for v in site.values)
                origin = f"{module.file}:{func.lineno}"
                return Wrapper(func.name, ref, prefix[:1], method, method_ref, origin)
        return None

    def _as_template(
        self, site: _Site, module: Module, func: AnyFunction, params: list[str], where: Where
    ) -> Wrapper | None:
        """A wrapper whose send's namespace is one of its parameters (`def get_item(self, kind,
        item_id): return self.get(f"/api/{kind}/{item_id}")`): its callers give the namespace."""
        if site.arg is None or not _namespace_param(self, site.values, params, where):
            return None
        method_ref = self._method_ref(site.method_from, params, where)
        method = site.method or (None if method_ref else verb_of_name(func.name))
        origin = f"{module.file}:{func.lineno}"
        template = (site.arg, site.prefix, func, module)
        return Wrapper(func.name, ArgRef(None, ""), (), method, method_ref, origin, template)

    def _template_sites(self, wrapper: Wrapper, call: ast.Call, where: Where) -> list[_Site]:
        """A call of a template wrapper: its send's URL read with this call's arguments."""
        assert wrapper.template is not None
        arg, prefix, func, module = wrapper.template
        method_of_cls = module.survey.method_class.get(id(func)) is not None
        binds = self.evaluator._binds(func, call, where, call.lineno, 0, method=method_of_cls)
        cls = where.cls if _is_self_call(call) else module.survey.self_class.get(id(func))
        inner = Where(module, cls, func, binds)
        values = _prefixed(prefix, self.evaluator.value(arg, inner, arg.lineno))
        method = wrapper.method
        if wrapper.method_arg is not None:
            method = self._verb(argument(call, wrapper.method_arg), where, call.lineno)
        origin = wrapper.origin
        return [_Site(call, method, None, values, wrapper.name, call.lineno, origin=origin)]

    def _a_segment_for_some_receiver(
        self, module: Module, func: AnyFunction, call: ast.Call, params: list[str], depth: int
    ) -> bool:
        """Whether, for a subclass that sets what the method reads on `self`, the parameter is
        one segment of a Metabase path (`cls.ENDPOINT + f"/{id}"`): then it is no wrapper."""
        for receiver, _note in self._receivers(module, func)[1:]:
            where = Where(module, receiver, func)
            for site in self._sites(call, where, params, depth + 1):
                if self._sent_param(site.values, params, where) is None and _paths(site.values):
                    return True
        return False

    def _sent_param(
        self, values: tuple[Built, ...], params: list[str], where: Where
    ) -> tuple[int, ArgRef] | None:
        """Where a URL is a base followed by a parameter of the function (or a column of a
        table it is given): the mark of a wrapper (a lone `d.get(key)` has no base)."""
        for value in values[:1]:
            for i, piece in enumerate(value.pieces):
                ref = self._param_ref(piece.expr, params, where) if piece.text is None else None
                if ref is not None and i > 0 and _whole_path(value.pieces, i):
                    return i, ref
        return None

    def _param_ref(self, expr: ast.expr | None, params: list[str], where: Where) -> ArgRef | None:
        """The parameter a hole is (`endpoint`, `endpoint.lstrip('/')`, `str(endpoint)`, or
        the column of a table parameter a loop unpacks)."""
        while isinstance(expr, ast.Call) or _enum_value(expr):
            if isinstance(expr, ast.Attribute):  # `endpoint.value` of an Enum member given
                expr = expr.value
                continue
            assert isinstance(expr, ast.Call)
            func = expr.func
            if isinstance(func, ast.Attribute) and func.attr in ("strip", "lstrip", "rstrip"):
                expr = func.value
            elif isinstance(func, ast.Name) and func.id == "str" and expr.args:
                expr = expr.args[0]
            else:
                return None
        if isinstance(expr, ast.Name) and expr.id in params:
            return ArgRef(params.index(expr.id), expr.id)
        vararg = _vararg(where)
        if (
            isinstance(expr, ast.Subscript)
            and isinstance(expr.value, ast.Name)
            and expr.value.id == vararg
            and isinstance(expr.slice, ast.Constant)
            and isinstance(expr.slice.value, int)
        ):  # `args[0]` of `def get(self, *args)`
            return ArgRef(_positional(where) + expr.slice.value, "")
        if isinstance(expr, ast.Subscript):
            column = where.module.survey.columns.get(id(expr))
            source = expr.value
            if column and column[0] >= 0 and isinstance(source, ast.Name) and source.id in params:
                return ArgRef(params.index(source.id), source.id, column[0])
        return None

    def _method_ref(self, expr: ast.expr | None, params: list[str], where: Where) -> ArgRef | None:
        if not isinstance(expr, ast.Name):
            return None
        if expr.id in params:
            return ArgRef(params.index(expr.id), expr.id)
        for symbol in self.project.names(where, expr.id, expr.lineno):
            value = getattr(symbol, "expr", None)
            if isinstance(value, ast.Subscript):
                return self._param_ref(value, params, where)
        return None

    # --- call sites ---------------------------------------------------------------------------

    def _sites(
        self, call: ast.Call, where: Where, params: list[str], depth: int = 0
    ) -> list[_Site]:
        """What a call sends (nothing when it is no request)."""
        name = callee_name(call)
        method_key = (id(call), id(where.func))
        if method_key not in self._methods:
            self._methods[method_key] = method_of(call, name, params)
        method = self._methods[method_key]
        key = (id(call), where.key())
        if key not in self._callees:
            self._callees[key] = self.kinds.callees(call, where, call.lineno)
        callees = self._callees[key]
        for callee in callees:
            wrapper = self.wrapper(callee, depth) if isinstance(callee, Function) else None
            if wrapper is not None:
                return self._wrapper_sites(wrapper, call, where)
        if method is None or any(isinstance(c, Class) for c in callees):
            return []  # a class of the code base, made
        functions = [c for c in callees if isinstance(c, Function)]
        if functions and not (verb_of_name(name) or SENDER_NAME.match(name)):
            return []  # a function of the code base that sends nothing it is given
        externals = [c.dotted for c in callees if isinstance(c, External)]
        if any(library_of(d) or _is_test_client(d) for d in externals):
            return []
        if key not in self._direct:
            self._direct[key] = self._direct_site(call, name, method, where, externals)
        return self._direct[key]

    def _direct_site(
        self, call: ast.Call, name: str, method: Method, where: Where, externals: list[str]
    ) -> list[_Site]:
        self.evaluator.start()
        line = call.lineno
        chosen: tuple[tuple[Built, ...], ast.expr] | None = None
        params = _params_of(where)
        candidates = url_candidates(call, method.position)
        base = self._base_url(call, where, externals)
        for candidate in candidates:
            values = _prefixed(base, self.evaluator.value(candidate, where, line))
            if _paths(values):
                chosen = values, candidate
                break
            if chosen is None and any(self._holds_param(v, params, where) for v in values):
                chosen = values, candidate
        if chosen is None:
            return []
        values, candidate = chosen
        notes: frozenset[str] = frozenset()
        library = any(d.split(".", 1)[0] in HTTP_LIBRARIES for d in externals)
        if method.from_name and not library:
            notes = frozenset({NAME_NOTE.format(name)})
        at = _where(call, self.evaluator.origin(candidate, where, line))
        return [_Site(call, method.verb, method.given_by, values, None, at, notes, arg=candidate)]

    def _base_url(self, call: ast.Call, where: Where, externals: list[str]) -> tuple[Built, ...]:
        """The `base_url` a client was made with (`httpx.Client(base_url=f"{url}/api")`), which
        it puts before every path it is given."""
        if not any(d.startswith(BASE_URL_CLIENTS) for d in externals):
            return ()
        assert isinstance(call.func, ast.Attribute)
        for made, made_where, made_line in self._made_by(call.func.value, where, call.lineno):
            for keyword in made.keywords:
                if keyword.arg == "base_url":
                    return self.evaluator.value(keyword.value, made_where, made_line)[:1]
        return ()

    def _made_by(
        self, expr: ast.expr, where: Where, line: int
    ) -> list[tuple[ast.Call, Where, int]]:
        """The calls that made what `expr` holds (a variable, `self.client`), where written."""
        values: list[Value] = []
        if isinstance(expr, ast.Name):
            values = [v for v in self.project.names(where, expr.id, line) if isinstance(v, Value)]
        elif isinstance(expr, ast.Attribute) and _is_self(expr.value) and where.cls is not None:
            values = self.project.attribute(where.cls, expr.attr)
        return [(v.expr, v.where, v.line) for v in values[:4] if isinstance(v.expr, ast.Call)]

    def _holds_param(self, value: Built, params: list[str], where: Where) -> bool:
        return any(
            p.text is None and self._param_ref(p.expr, params, where) is not None
            for p in value.pieces
        )

    def _wrapper_sites(self, wrapper: Wrapper, call: ast.Call, where: Where) -> list[_Site]:
        self.evaluator.start()
        if wrapper.template is not None:
            return self._template_sites(wrapper, call, where)
        arg = argument(call, ArgRef(wrapper.path.index, wrapper.path.name))
        if arg is None:
            return []
        if wrapper.path.column >= 0:
            return self._row_sites(wrapper, call, arg, where)
        line = call.lineno
        values = self.evaluator.value(arg, where, line)
        built = _prefixed(wrapper.prefix, values)
        method, method_from = wrapper.method, None
        if wrapper.method_arg is not None:
            given = argument(call, wrapper.method_arg)
            method = self._verb(given, where, line)
            method_from = given if method is None else None
        if method is None and method_from is None:
            method = verb_of_name(wrapper.name)
        at = _where(call, self.evaluator.origin(arg, where, line))
        origin = wrapper.origin
        return [
            _Site(
                call,
                method,
                method_from,
                built,
                wrapper.name,
                at,
                origin=origin,
                arg=arg,
                prefix=wrapper.prefix,
            )
        ]

    def _row_sites(
        self, wrapper: Wrapper, call: ast.Call, arg: ast.expr, where: Where
    ) -> list[_Site]:
        """Rows written out and given to a wrapper that sends each: one request per row."""
        sites = []
        for row, row_where in self.evaluator._table(arg, where, call.lineno, 0):
            column = wrapper.path.column
            if column >= len(row):
                continue
            values = _prefixed(wrapper.prefix, self.evaluator.value(row[column], row_where, 0))
            method = wrapper.method
            ref = wrapper.method_arg
            if ref is not None and ref.column >= 0 and ref.column < len(row):
                method = verb_of_value(row[ref.column])
            at = _where(call, row[column].lineno)
            sites.append(_Site(call, method, None, values, wrapper.name, at, origin=wrapper.origin))
        return sites

    def _verb(self, expr: ast.expr | None, where: Where, line: int) -> str | None:
        """The verb an argument gives: written there, or held by a variable."""
        verb = verb_of_value(expr)
        if verb is not None or expr is None:
            return verb
        texts = {_text(v.pieces).upper() for v in self.evaluator.value(expr, where, line)}
        return texts.pop() if len(texts) == 1 and texts <= set(HTTP_METHODS) else None

    # --- one module -----------------------------------------------------------------------------

    def scan_module(self, module: Module) -> Found:
        found = Found()
        self.evaluator.spent = 0
        owners: list[tuple[ast.ClassDef | None, ast.AST]] = [(None, module.tree)]
        owners += list(module.survey.functions)
        for _owner, node in owners:
            func = node if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef) else None
            calls = module.survey.body(node).calls
            receivers = [
                (Where(module, r, func), note) for r, note in self._receivers(module, func)
            ]
            for call in calls:
                if id(call) in module.survey.decorators:
                    continue
                for where, note in receivers:
                    self._scan_call(call, where, note, found)
        return found

    def _receivers(
        self, module: Module, func: AnyFunction | None
    ) -> list[tuple[ast.ClassDef | None, str | None]]:
        """The classes `self` may be when this method runs: its own, and each subclass that
        sets what the method reads on `self` otherwise (`_ENDPOINT = "/card/{id}"`)."""
        if func is None:
            return [(None, None)]
        cls = module.survey.self_class.get(id(func))
        method_of = module.survey.method_class.get(id(func))
        if cls is None or method_of is None:
            return [(cls, None)]
        receivers = self.project.receivers(cls, func)
        if len(receivers) == 1:
            return [(cls, None)]
        read = self._self_names(func)
        differing = [r for r in receivers[1:] if self._differs(cls, r, read)]
        if not differing:
            return [(cls, None)]
        return [(cls, None)] + [(r, RECEIVER_NOTE.format(r.name)) for r in differing]

    def _self_names(self, func: AnyFunction) -> set[str]:
        """The names a method reads on `self` (or `cls`), once per method."""
        if id(func) not in self._read:
            self._read[id(func)] = {
                node.attr
                for node in ast.walk(func)
                if isinstance(node, ast.Attribute)
                and isinstance(node.value, ast.Name)
                and node.value.id in ("self", "cls")
            }
        return self._read[id(func)]

    def _differs(self, cls: ast.ClassDef, sub: ast.ClassDef, names: set[str]) -> bool:
        for name in names:
            mine = [v.expr for v in self.project.attribute(cls, name)]
            theirs = [v.expr for v in self.project.attribute(sub, name)]
            if mine != theirs:
                return True
            if self.project.method(cls, name) is not None:
                ours = self.project.method(cls, name)
                other = self.project.method(sub, name)
                if ours is not None and other is not None and ours.node is not other.node:
                    return True
        return False

    def _scan_call(self, call: ast.Call, where: Where, note: str | None, found: Found) -> None:
        if self._mock(call, where, found):
            return
        if self._on_test_client(call, where):
            return
        params = _params_of(where)
        for site in self._sites(call, where, params):
            if params and self._sent_param(site.values, params, where) is not None:
                continue  # a wrapper sending what it was given: its plumbing, not a call
            if params and _namespace_param(self, site.values, params, where):
                # The namespace comes from its callers: read at each of them.
                for _value, (_path, template) in _each_path(site.values)[:1]:
                    reason = "the namespace is an argument (read at each call)"
                    found.add(
                        Unresolved(where.module.file, site.line, site.method, template, reason)
                    )
                continue
            notes = site.notes | ({note} if note else set())
            self._report(replace(site, notes=frozenset(notes)), where, found)

    def _on_test_client(self, call: ast.Call, where: Where) -> bool:
        """`client.get("/api/status")` with `client = TestClient(app)` (or a fixture that
        returns one): the package's own server, not Metabase."""
        if not isinstance(call.func, ast.Attribute) or call.func.attr not in _CLIENT_VERBS:
            return False
        receiver = call.func.value
        for kind in self.kinds.of(receiver, where, call.lineno):
            if isinstance(kind, External) and _is_test_client(kind.dotted):
                return True
        if isinstance(receiver, ast.Attribute) and receiver.attr == "client" and where.cls:
            return self._web_test_case(where.cls)  # Django's `self.client`
        return False

    def _web_test_case(self, cls: ast.ClassDef) -> bool:
        for klass in self.project.mro(cls):
            module = self.project.class_module[id(klass)]
            for base in klass.bases:
                for symbol in self.project.expression_symbols(base, Where(module), klass.lineno):
                    dotted = symbol.dotted if isinstance(symbol, External) else ""
                    if dotted.startswith(("django.", "rest_framework.")):
                        return True
        return False

    def _mock(self, call: ast.Call, where: Where, found: Found) -> bool:
        if not is_registration_name(callee_name(call)):
            return False
        library = self._mock_library(call, where)
        if library is None:
            return False
        registered = registration(call)
        if registered is None:
            return True
        self.evaluator.start()
        for value in self.evaluator.value(registered.url, where, call.lineno)[:MAX_PATHS]:
            text = pattern_text(_text(value.pieces), HOLE)
            path = api_path(text)
            if path is not None:
                template = api_path(pattern_text(_template_text(value.pieces), "{}"))
                shown = template.path if template else path.path
                line = _where(call, registered.url.lineno)
                found.add(
                    Mock(where.module.file, line, registered.method, path.path, shown, library)
                )
        return True

    def _mock_library(self, call: ast.Call, where: Where) -> str | None:
        if not isinstance(call.func, ast.Attribute):
            return None
        for kind in self.kinds.of(call.func.value, where, call.lineno):
            if isinstance(kind, External) and library_of(kind.dotted):
                return library_of(kind.dotted)
        receiver = call.func.value
        if isinstance(receiver, ast.Name) and receiver.id in FIXTURES:
            symbols = self.project.names(where, receiver.id, call.lineno)
            if all(isinstance(s, Parameter) for s in symbols):
                return FIXTURES[receiver.id]
        return self._mocker_parameter(receiver, where, call.lineno)

    def _mocker_parameter(self, receiver: ast.expr, where: Where, line: int) -> str | None:
        """The mock a decorator gives a test: `@requests_mock.Mocker()` passes it last."""
        func = where.func
        if not isinstance(receiver, ast.Name) or not isinstance(func, ast.FunctionDef):
            return None
        if not func.decorator_list:
            return None
        for symbol in self.project.names(where, receiver.id, line):
            if not isinstance(symbol, Parameter) or isinstance(symbol.func, ast.Lambda):
                continue
            params = [a.arg for a in symbol.func.args.args]
            for decorator in symbol.func.decorator_list:
                target = decorator.func if isinstance(decorator, ast.Call) else decorator
                for kind in self.project.expression_symbols(target, where, line):
                    library = library_of(kind.dotted) if isinstance(kind, External) else None
                    if library == "requests-mock" and params and params[-1] == receiver.id:
                        return library
        return None

    # --- reports ------------------------------------------------------------------------------

    def _report(self, site: _Site, where: Where, found: Found) -> None:
        file = where.module.file
        params = _params_of(where)
        form = (site.values[0].form if site.values else "") or "variable"
        if site.via:
            form = f"{form} via {site.via}"
        method = site.method
        if method is None:
            reason = "the method is computed"
            given = site.method_from
            if isinstance(given, ast.Name) and given.id in params:
                reason = "the method is an argument"
            reached = _each_path(site.values)
            if reached:
                template = reached[0][1][1]
                found.add(Unresolved(file, site.line, None, template, reason))
            return
        reached = _each_path(site.values)
        if not reached:
            self._unseen_base(site, where, form, found)
        for value, (path, template) in reached:
            # A choice among values that all reach one path leaves no doubt about the path.
            notes = tuple(sorted(site.notes | (_path_notes(value) if len(reached) > 1 else set())))
            if path.path.split("/")[2:3] == [HOLE]:
                reason = "the namespace is computed"
                found.add(Unresolved(file, site.line, method, template, reason))
                continue
            call = RawCall(
                file,
                site.line,
                method,
                path.path,
                template,
                form,
                query_keys(site.call, path.query_keys),
                body_keys(site.call),
                notes,
                values=sent_values(site.call),
            )
            found.add(call)

    def _unseen_base(self, site: _Site, where: Where, form: str, found: Found) -> None:
        """A path after a base URL the code does not show (a user's setting): kept, as if the
        base ended in `/api`, for the report to judge with the other paths of its sender."""
        for value in site.values[:MAX_PATHS]:
            pieces = value.pieces
            if not pieces or pieces[0].text is not None or pieces[0].expr is None:
                continue
            rest = _text(pieces[1:])
            if not rest.startswith("/") or rest.startswith("//") or HOLE in rest[:2]:
                continue
            path = api_path("/api" + rest)
            template = api_path("/api" + _template_text(pieces[1:]))
            if path is None or template is None or path.path.split("/")[2:3] == [HOLE]:
                continue
            sender = site.origin or f"{where.module.file}:{_shown_expr(pieces[0].expr)}"
            call = RawCall(
                where.module.file,
                site.line,
                site.method or "",
                path.path,
                template.path,
                form,
                query_keys(site.call, path.query_keys),
                body_keys(site.call),
                tuple(sorted(site.notes)),
                sender,
                sent_values(site.call),
            )
            found.add(call)


def _params_of(where: Where) -> list[str]:
    func = where.func
    if func is None or isinstance(func, ast.Lambda):
        return []
    found = where.module.survey.params.get(id(func))
    if found is None:
        method = where.module.survey.method_class.get(id(func)) is not None
        found = where.module.survey.params[id(func)] = function_params(func, method)
    return found


def _namespace_param(
    scan: ProjectScan, values: tuple[Built, ...], params: list[str], where: Where
) -> bool:
    """Whether the segment after `/api` of the path is a parameter of the function."""
    for value in values[:1]:
        text = ""
        for piece in value.pieces:
            if piece.text is None:
                path = api_path(text + HOLE)
                if path is not None and path.path == "/api/" + HOLE:
                    return scan._param_ref(piece.expr, params, where) is not None
                text += HOLE
            else:
                text += piece.text
    return False


def _is_self_call(call: ast.Call) -> bool:
    return isinstance(call.func, ast.Attribute) and _is_self(call.func.value)


def _enum_value(expr: ast.expr | None) -> bool:
    return isinstance(expr, ast.Attribute) and expr.attr == "value"


def _is_self(expr: ast.expr) -> bool:
    return isinstance(expr, ast.Name) and expr.id in ("self", "cls")


def _vararg(where: Where) -> str | None:
    func = where.func
    vararg = func.args.vararg if func is not None else None
    return vararg.arg if vararg is not None else None


def _positional(where: Where) -> int:
    """How many positional parameters a caller fills before a `*args`."""
    func = where.func
    if func is None:
        return 0
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    method = where.module.survey.method_class.get(id(func)) is not None
    return len(names) - (1 if names and (method or names[0] in ("self", "cls")) else 0)


def _is_test_client(dotted: str) -> bool:
    return dotted.endswith(TEST_CLIENTS) or ".TestClient." in dotted or "test_client" in dotted


def _prefixed(prefix: tuple[Built, ...], values: tuple[Built, ...]) -> tuple[Built, ...]:
    if not prefix:
        return values
    head = prefix[0]
    return tuple(Built(head.pieces + v.pieces, v.form, v.choices | head.choices) for v in values)


def _path_notes(value: Built) -> set[str]:
    """Why the pieces from `/api` on are not certain (a base URL's doubts are no doubt about
    the endpoint)."""
    text = ""
    notes: set[str] = set()
    start = None
    for piece in value.pieces:
        text += HOLE if piece.text is None else piece.text
        if start is None and api_path(text) is not None:
            start = True
        if start:
            notes |= piece.notes
    return notes


def _text(pieces: tuple[Piece, ...]) -> str:
    return "".join(HOLE if p.text is None else p.text for p in pieces)


def _template_text(pieces: tuple[Piece, ...]) -> str:
    out = []
    for piece in pieces:
        if piece.text is not None and piece.shown is None:
            out.append(piece.text)
        elif piece.shown is not None:
            out.append(piece.shown)
        else:
            out.append(_shown_expr(piece.expr))
    return "".join(out)


_SHOWN: dict[int, tuple[ast.expr, str]] = {}  # by id() of a node, the node kept alive with it


def _shown_expr(expr: ast.expr | None) -> str:
    """A computed value as the template shows it: `{card_id}`, `{table['id']}`."""
    if expr is None:
        return "{}"
    known = _SHOWN.get(id(expr))
    if known is None or known[0] is not expr:
        text = ast.unparse(expr)
        known = _SHOWN[id(expr)] = (expr, "{" + " ".join(text.replace("/", "|").split()) + "}")
    return known[1]


def _paths(values: tuple[Built, ...]) -> list[CodePath]:
    found = (api_path(_text(v.pieces)) for v in values[:MAX_PATHS])
    return [p for p in found if p is not None]


def _each_path(values: tuple[Built, ...]) -> list[tuple[Built, tuple[CodePath, str]]]:
    """The `/api` paths the values reach, each once, with the template the code writes."""
    out: list[tuple[Built, tuple[CodePath, str]]] = []
    seen: set[str] = set()
    for value in values[:MAX_PATHS]:
        path = api_path(_text(value.pieces))
        if path is None or path.path in seen:
            continue
        seen.add(path.path)
        template = api_path(_template_text(value.pieces))
        out.append((value, (path, template.path if template else path.path)))
    return out


def _whole_path(pieces: tuple[Piece, ...], i: int) -> bool:
    """Whether the hole at `i` is the whole path (after a base URL, or a base and `/api`),
    not one segment of a path the function builds itself (`f"/api/card/{uid}"`)."""
    before = "".join(HOLE if p.text is None else p.text for p in pieces[:i])
    prefix = api_path(before)
    if prefix is not None and prefix.path != "/api":
        return False
    if HOLE in before and any(s not in ("", "api") for s in before.rsplit(HOLE, 1)[1].split("/")):
        return False  # `f"{self.url}/card/{card_id}"`: a segment after a base, not a path
    return all(not p.text or p.text.startswith(("?", "/?")) for p in pieces[i + 1 :])


def _where(call: ast.Call, origin: int) -> int:
    """The line a call is reported at: where its path is written when that is inside the call
    (a call over several lines), else where the call starts (a path kept in a variable or a
    constant is reported at each call that sends it)."""
    end = call.end_lineno or call.lineno
    return origin if call.lineno <= origin <= end else call.lineno
