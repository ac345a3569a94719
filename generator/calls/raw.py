"""Raw HTTP calls to Metabase's API in one module: `requests.get(url + "/api/card")`,
`self._api("get", f"/api/card/{id}")`, and calls through a wrapper the module defines
(`self._request("get", "/card")` where `_request` sends to `f"{self.api_url}/{endpoint}"`).

A call counts when its method is known (from the function's name, or a verb string argument,
or the wrapper's) and its path reaches `/api`. Strings that are not an argument of a call (a
docstring, a comment, a UI link that is returned) are never looked at."""

from __future__ import annotations

import ast
import itertools
import json
import re
from dataclasses import dataclass

from generator.calls.evaluate import Built, Evaluator, Piece, Scope, narrowing_at
from generator.calls.paths import HOLE, CodePath, api_path
from generator.calls.survey import survey
from generator.ir import HTTP_METHODS

_VERB_NAME = re.compile(
    r"^_*(?:api_|http_|do_|make_|send_|async_|a)?(get|post|put|patch|delete)"
    r"(?:_request|_json|_async|_api|_raw|_call)?_*$"
)
_SENDER_NAME = re.compile(
    r"^_*(?:make_|send_|do_|call_|raw_)?(?:request|api|call_api|send|fetch)_*$"
)
_URL_KEYWORDS = ("url", "path", "endpoint", "uri", "route", "api_path", "resource")
_BODY_KEYWORDS = ("json", "data", "payload", "body")
MAX_EXPANSIONS = 64  # values a narrowed segment expands to, over all segments of one path


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
class Wrapper:
    """A function that sends to a path it is given: which argument is the path, what it
    puts before it, and where the method comes from (a verb, or an argument's position)."""

    name: str
    path_index: int
    path_name: str
    prefix: tuple[Piece, ...]
    method: str | None
    method_index: int | None
    method_name: str | None


def verb_of_name(name: str) -> str | None:
    found = _VERB_NAME.match(name)
    return found.group(1).upper() if found else None


def _verb_of_value(expr: ast.expr | None) -> str | None:
    """`"get"`, `"POST"`, or a callable such as `requests.get` passed as the method."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value.upper() if expr.value.upper() in HTTP_METHODS else None
    if isinstance(expr, ast.Attribute):
        return verb_of_name(expr.attr)
    return None


def _callee(call: ast.Call) -> tuple[str, bool]:
    """The called name, and whether it is `self.<name>` / a bare name (a same-module callee)."""
    func = call.func
    if isinstance(func, ast.Name):
        return func.id, True
    if isinstance(func, ast.Attribute):
        local = isinstance(func.value, ast.Name) and func.value.id in ("self", "cls")
        return func.attr, local
    return "", False


def _argument(call: ast.Call, index: int | None, name: str | None) -> ast.expr | None:
    for keyword in call.keywords:
        if name is not None and keyword.arg == name:
            return keyword.value
    if index is not None and index < len(call.args):
        arg = call.args[index]
        return None if isinstance(arg, ast.Starred) else arg
    return None


def function_params(func: ast.FunctionDef | ast.AsyncFunctionDef, method: bool) -> list[str]:
    names = [a.arg for a in func.args.posonlyargs + func.args.args]
    static = any(isinstance(d, ast.Name) and d.id == "staticmethod" for d in func.decorator_list)
    if names and ((method and not static) or names[0] in ("self", "cls")):
        names = names[1:]
    return names + [a.arg for a in func.args.kwonlyargs]


@dataclass
class _Site:
    """One call, what the scan learned of it: its method (or the argument it comes from) and
    the text its URL is built from."""

    call: ast.Call
    method: str | None
    method_param: str | None
    built: Built
    via: str | None
    line: int  # where the path is written


class ModuleScan:
    """Finds wrappers, then calls, in one parsed module."""

    def __init__(self, tree: ast.Module, file: str) -> None:
        self.tree = tree
        self.file = file
        self.survey = survey(tree)
        self.module = self.survey.body(tree).assigned
        self.wrappers: dict[tuple[str | None, str], Wrapper] = {}
        self.functions = self.survey.functions
        self._scopes: dict[int, Scope] = {}
        self._sites: dict[tuple[int, int], _Site | None] = {}

    def _own_calls(self, node: ast.AST) -> list[ast.Call]:
        calls = self.survey.body(node).calls
        calls.sort(key=lambda c: (c.lineno, c.col_offset))
        return calls

    def scan(self) -> tuple[list[RawCall], list[Unresolved]]:
        names: set[str] | None = None
        for _ in range(3):  # a wrapper of a wrapper, and once more
            names = self._find_wrappers(names)
            if not names:
                break
        calls: list[RawCall] = []
        unresolved: list[Unresolved] = []
        for owner, func in self.functions:
            scope = self._scope(owner, func)
            wrapper_calls = self._wrapper_sites(owner, func)
            for node in self._own_calls(func):
                if id(node) in wrapper_calls:
                    continue
                site = self._site(owner, node, scope)
                if site is not None:
                    self._report(site, scope, func, calls, unresolved)
        module_scope = Scope(module=self.module)
        for node in self._own_calls(self.tree):
            site = self._site(None, node, module_scope)
            if site is not None:
                self._report(site, module_scope, self.tree, calls, unresolved)
        return calls, unresolved

    def _scope(self, owner: ast.ClassDef | None, func: ast.AST) -> Scope:
        """What names mean in a function (built once per function, its class's once)."""
        assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
        if id(func) in self._scopes:
            return self._scopes[id(func)]
        body = self.survey.body(func)
        scope = Scope(
            module=self.module,
            attributes=self.survey.attributes.get(id(owner), {}) if owner else {},
            local=body.assigned,
            params=tuple(function_params(func, owner is not None)),
            narrowed=body.narrowed,
            members=self.survey.members.get(id(owner), {}) if owner else {},
        )
        self._scopes[id(func)] = scope
        return scope

    def _find_wrappers(self, names: set[str] | None) -> set[str]:
        """Functions that send a path they are given; with `names`, only those calling one
        of these (the wrappers found in the round before). The names found."""
        added: set[str] = set()
        for owner, func in self.functions:
            key = (owner.name if owner else None, func.name)
            if key in self.wrappers:
                continue
            if names is not None and not any(_callee(c)[0] in names for c in self._own_calls(func)):
                continue
            wrapper = self._as_wrapper(owner, func)
            if wrapper is not None:
                self.wrappers[key] = wrapper
                added.add(func.name)
        return added

    def _as_wrapper(
        self, owner: ast.ClassDef | None, func: ast.FunctionDef | ast.AsyncFunctionDef
    ) -> Wrapper | None:
        calls = self._own_calls(func)
        if not calls or not function_params(func, owner is not None):
            return None
        scope = self._scope(owner, func)
        params = list(scope.params)
        for node in calls:
            site = self._site(owner, node, scope)
            if site is None:
                continue
            sent = _sends_param(site.built.pieces, params)
            if sent is None:
                continue
            i, name = sent
            method = site.method or verb_of_name(func.name)
            method_name = site.method_param if site.method is None else None
            return Wrapper(
                func.name,
                params.index(name),
                name,
                site.built.pieces[:i],
                method if method_name is None else None,
                params.index(method_name) if method_name in params else None,
                method_name,
            )
        return None

    def _wrapper_sites(self, owner: ast.ClassDef | None, func: ast.AST) -> set[int]:
        """The calls by which a wrapper sends what it was given: its plumbing, not a call."""
        assert isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef)
        if (owner.name if owner else None, func.name) not in self.wrappers:
            return set()
        scope = self._scope(owner, func)
        plumbing = set()
        for node in self._own_calls(func):
            site = self._site(owner, node, scope)
            if site and _sends_param(site.built.pieces, list(scope.params)) is not None:
                plumbing.add(id(node))
        return plumbing

    def _site(self, owner: ast.ClassDef | None, call: ast.Call, scope: Scope) -> _Site | None:
        """What a call sends (the same answer until its callee turns out to be a wrapper)."""
        name, local = _callee(call)
        wrapper = None
        if local:
            wrapper = self.wrappers.get((owner.name if owner else None, name))
            wrapper = wrapper or self.wrappers.get((None, name))
        key = (id(call), id(wrapper))
        if key not in self._sites:
            self._sites[key] = self._new_site(call, name, wrapper, scope)
        return self._sites[key]

    def _new_site(
        self, call: ast.Call, name: str, wrapper: Wrapper | None, scope: Scope
    ) -> _Site | None:
        evaluator = Evaluator(scope)
        if wrapper is not None:
            return self._wrapper_site(wrapper, call, scope, evaluator)
        method, method_param, verb_arg = _method(call, name, scope)
        if method is None and method_param is None and not _SENDER_NAME.match(name):
            return None
        found = _url(call, verb_arg, evaluator, scope)
        if found is None:
            return None
        built, line = found
        return _Site(call, method, method_param, built, None, _where(call, line))

    def _wrapper_site(
        self, wrapper: Wrapper, call: ast.Call, scope: Scope, evaluator: Evaluator
    ) -> _Site | None:
        arg = _argument(call, wrapper.path_index, wrapper.path_name)
        if arg is None:
            return None
        value = evaluator.value(arg, call.lineno)
        built = Built(wrapper.prefix + value.pieces, value.form or "variable")
        method, method_param = wrapper.method, None
        if wrapper.method_index is not None or wrapper.method_name is not None:
            given = _argument(call, wrapper.method_index, wrapper.method_name)
            method = _verb_of_value(given)
            if isinstance(given, ast.Name) and given.id in scope.params:
                method_param = given.id
        if method is None and method_param is None:
            method = verb_of_name(wrapper.name)
        line = _where(call, evaluator.origin(arg, call.lineno))
        return _Site(call, method, method_param, built, wrapper.name, line)

    def _report(
        self,
        site: _Site,
        scope: Scope,
        func: ast.AST,
        calls: list[RawCall],
        unresolved: list[Unresolved],
    ) -> None:
        paths = _expansions(site.built.pieces, scope, site.call.lineno)
        if not paths:
            return
        template_path = api_path(_template_text(site.built.pieces))
        template = template_path.path if template_path else None
        line = site.line
        if site.method is None:
            reason = (
                "the method is computed"
                if site.method_param is None
                else "the method is an argument"
            )
            unresolved.append(Unresolved(self.file, line, None, template, reason))
            return
        form = site.built.form or "variable"
        if site.via:
            form = f"{form} via {site.via}"
        for path in paths:
            if path.path.split("/")[2:3] == [HOLE]:
                unresolved.append(
                    Unresolved(self.file, line, site.method, template, "the namespace is computed")
                )
                return
            calls.append(
                RawCall(
                    self.file,
                    line,
                    site.method,
                    path.path,
                    template or path.path,
                    form,
                    _query_keys(site.call, path),
                    _body_keys(site.call),
                    sent_values(site.call),
                )
            )


def _param_name(expr: ast.expr | None, params: list[str]) -> str | None:
    """The parameter a hole is (`endpoint`, also `endpoint.lstrip('/')` or `str(endpoint)`)."""
    while isinstance(expr, ast.Call):
        func = expr.func
        if isinstance(func, ast.Attribute) and func.attr in ("strip", "lstrip", "rstrip"):
            expr = func.value
        elif isinstance(func, ast.Name) and func.id == "str" and expr.args:
            expr = expr.args[0]
        else:
            return None
    if isinstance(expr, ast.Name) and expr.id in params:
        return expr.id
    return None


def _method(call: ast.Call, name: str, scope: Scope) -> tuple[str | None, str | None, int | None]:
    """The verb, or the parameter it comes from, and which positional argument said it."""
    for keyword in call.keywords:
        if keyword.arg == "method":
            verb = _verb_of_value(keyword.value)
            if verb:
                return verb, None, None
            if isinstance(keyword.value, ast.Name) and keyword.value.id in scope.params:
                return None, keyword.value.id, None
    for i, arg in enumerate(call.args[:2]):
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            verb = _verb_of_value(arg)
            if verb:
                return verb, None, i
    if name in scope.params:  # `method(url)` with the method's function as an argument
        return None, name, None
    for i, arg in enumerate(call.args[:2]):  # `send(session.get, url)`
        if isinstance(arg, ast.Attribute) and verb_of_name(arg.attr) and arg.attr.islower():
            return verb_of_name(arg.attr), None, i
    verb = verb_of_name(name)
    if verb:
        return verb, None, None
    first = call.args[0] if call.args else None
    if _SENDER_NAME.match(name) and isinstance(first, ast.Name) and first.id in scope.params:
        return None, first.id, 0
    return None, None, None


def _url(
    call: ast.Call, verb_arg: int | None, evaluator: Evaluator, scope: Scope
) -> tuple[Built, int] | None:
    """The argument that is the URL: the first that reaches `/api`, else one built from a
    parameter of the enclosing function (a wrapper's own call)."""
    candidates = [k.value for k in call.keywords if k.arg in _URL_KEYWORDS]
    candidates += [
        a for i, a in enumerate(call.args) if i != verb_arg and not isinstance(a, ast.Starred)
    ]
    builts = [evaluator.value(c, call.lineno) for c in candidates]
    for built, candidate in zip(builts, candidates, strict=True):
        if _expansions(built.pieces, scope, call.lineno):
            return built, evaluator.origin(candidate, call.lineno)
    params = list(scope.params)
    for built, candidate in zip(builts, candidates, strict=True):
        if any(_param_name(p.expr, params) for p in built.pieces if p.text is None):
            return built, candidate.lineno
    return None


def _template_text(pieces: tuple[Piece, ...]) -> str:
    out = []
    for piece in pieces:
        if piece.text is not None:
            out.append(piece.text)
        else:
            shown = ast.unparse(piece.expr) if piece.expr is not None else ""
            out.append("{" + " ".join(shown.replace("/", "|").split()) + "}")
    return "".join(out)


def _expansions(pieces: tuple[Piece, ...], scope: Scope, line: int) -> list[CodePath]:
    """The paths a call reaches: one, or one per value of each narrowed segment (segments
    narrowed by one statement, such as the names a loop unpacks, take one row together)."""
    axes: dict[tuple[str, int], int] = {}  # narrowing statement, or piece -> axis
    sizes: list[int] = []
    chosen: list[tuple[int, tuple[str, ...]]] = []  # each piece's axis and values
    for n, piece in enumerate(pieces):
        values: tuple[str, ...] = (HOLE,) if piece.text is None else (piece.text,)
        key = ("piece", n)
        if piece.text is None and isinstance(piece.expr, ast.Name):
            narrowed = narrowing_at(scope, piece.expr.id, line)
            if narrowed is not None:
                values, key = narrowed[0], ("narrowing", narrowed[1])
        if key not in axes:
            axes[key] = len(sizes)
            sizes.append(len(values))
        chosen.append((axes[key], values))
    out: list[CodePath] = []
    for index in itertools.islice(itertools.product(*(range(s) for s in sizes)), MAX_EXPANSIONS):
        found = api_path("".join(values[index[axis]] for axis, values in chosen))
        if found is not None and found not in out:
            out.append(found)
    return out


def literal_keys(expr: ast.expr) -> frozenset[str] | None:
    """The keys of a dict literal whose keys are all strings written out, else None."""
    if not isinstance(expr, ast.Dict) or None in expr.keys:
        return None
    keys = [k.value for k in expr.keys if isinstance(k, ast.Constant)]
    if len(keys) != len(expr.keys) or not all(isinstance(k, str) for k in keys):
        return None
    return frozenset(str(k) for k in keys)


def literal_value(expr: ast.expr) -> str | None:
    """The JSON text of a value written out (a string, number, bool, None, or a list or dict
    of them), else None."""
    try:
        value = ast.literal_eval(expr)
        return json.dumps(value, sort_keys=True)
    except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
        return None


def sent_values(call: ast.Call) -> tuple[tuple[str, str, str], ...]:
    """The literal values of the `params=` and body dicts a raw call sends, by key."""
    out = []
    for keyword in call.keywords:
        where = "query" if keyword.arg == "params" else "body"
        if keyword.arg not in ("params", *_BODY_KEYWORDS) or not isinstance(
            keyword.value, ast.Dict
        ):
            continue
        for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
            text = literal_value(value)
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and text is not None:
                out.append((where, key.value, text))
    return tuple(out)


def _query_keys(call: ast.Call, path: CodePath) -> frozenset[str] | None:
    for keyword in call.keywords:
        if keyword.arg == "params":
            keys = literal_keys(keyword.value)
            return None if keys is None else keys | path.query_keys
    if any(k.arg is None for k in call.keywords):
        return None  # **kwargs may carry params
    return path.query_keys


def _body_keys(call: ast.Call) -> frozenset[str] | None:
    for keyword in call.keywords:
        if keyword.arg in _BODY_KEYWORDS:
            return literal_keys(keyword.value)
    if any(k.arg is None for k in call.keywords):
        return None
    extra = [a for a in call.args[1:] if _verb_of_value(a) is None]
    if _verb_of_value(call.args[0] if call.args else None) is not None:
        extra = extra[1:]
    return None if extra else frozenset()  # a body given by position: not seen


def _whole_path(pieces: tuple[Piece, ...], i: int) -> bool:
    """Whether the hole at `i` is the whole path (after a base URL, or a base and `/api`),
    not one segment of a path the function builds itself (`f"/api/card/{uid}"`)."""
    before = "".join(HOLE if p.text is None else p.text for p in pieces[:i])
    prefix = api_path(before)
    if prefix is not None and prefix.path != "/api":
        return False
    return all(not p.text or p.text.startswith(("?", "/?")) for p in pieces[i + 1 :])


def _sends_param(pieces: tuple[Piece, ...], params: list[str]) -> tuple[int, str] | None:
    """Where a URL is a base followed by a parameter of the function, the parameter's position
    and name: the mark of a wrapper (a lone `d.get(key)` has no base and is not one)."""
    for i, piece in enumerate(pieces):
        name = _param_name(piece.expr, params) if piece.text is None else None
        if name is not None and i > 0 and _whole_path(pieces, i):
            return i, name
    return None


def _where(call: ast.Call, origin: int) -> int:
    """The line a call is reported at: where its path is written when that is inside the call
    (a call over several lines), else where the call starts (a path kept in a variable or a
    constant is reported at each call that sends it)."""
    end = call.end_lineno or call.lineno
    return origin if call.lineno <= origin <= end else call.lineno
