"""How a call says it sends a request: the verb in the called name (`requests.get`,
`self._post_json`), a verb string argument (`self.api("get", ...)`, `method="put"`), a function
passed as the method (`make_request(self.session.get, url)`); and which argument is the URL."""

from __future__ import annotations

import ast
import json
import re
from dataclasses import dataclass

from generator.ir import HTTP_METHODS

_VERB_NAME = re.compile(
    r"^_*(?:api_|http_|do_|make_|send_|async_|a)?(get|post|put|patch|delete)"
    r"(?:_request|_json|_async|_api|_raw|_call|_resource)?_*$"
)
SENDER_NAME = re.compile(
    r"^_*(?:make_|send_|do_|call_|raw_)?(?:request|api|call_api|send|fetch)_*$"
)
URL_KEYWORDS = ("url", "path", "endpoint", "uri", "route", "api_path", "resource")
BODY_KEYWORDS = ("json", "data", "payload", "body")
# Libraries whose calls send what they are given: a verb in their called name is a request.
HTTP_LIBRARIES = frozenset({"requests", "httpx", "aiohttp", "urllib3", "niquests", "treq"})


@dataclass(frozen=True)
class ArgRef:
    """Where a caller gives a wrapper a value: an argument by position or keyword, or one
    column of each row of a table it passes (`self._fetch_all([("GET", "/api/card"), ...])`)."""

    index: int | None
    name: str
    column: int = -1


def verb_of_name(name: str) -> str | None:
    found = _VERB_NAME.match(name)
    return found.group(1).upper() if found else None


def verb_of_value(expr: ast.expr | None) -> str | None:
    """`"get"`, `"POST"`, `responses.GET`, or a callable such as `requests.get` passed as the
    method."""
    if isinstance(expr, ast.Constant) and isinstance(expr.value, str):
        return expr.value.upper() if expr.value.upper() in HTTP_METHODS else None
    if isinstance(expr, ast.Attribute):
        if expr.attr.upper() in HTTP_METHODS and expr.attr.isupper():
            return expr.attr  # responses.GET, HTTPMethod.GET
        return verb_of_name(expr.attr)
    return None


def callee_name(call: ast.Call) -> str:
    func = call.func
    if isinstance(func, ast.Name):
        return func.id
    named = _getattr_name(func)
    if isinstance(named, ast.Constant) and isinstance(named.value, str):
        return named.value  # getattr(requests, "post")(url)
    return func.attr if isinstance(func, ast.Attribute) else ""


def _getattr_name(func: ast.expr) -> ast.expr | None:
    """The name asked of `getattr(obj, name)` when that is what is called."""
    if (
        isinstance(func, ast.Call)
        and isinstance(func.func, ast.Name)
        and func.func.id == "getattr"
        and len(func.args) >= 2
    ):
        name = func.args[1]
        while (
            isinstance(name, ast.Call)
            and isinstance(name.func, ast.Attribute)
            and name.func.attr in ("lower", "upper", "strip")
        ):
            name = name.func.value
        return name
    return None


def argument(call: ast.Call, ref: ArgRef) -> ast.expr | None:
    for keyword in call.keywords:
        if keyword.arg == ref.name:
            return keyword.value
    if ref.index is not None and ref.index < len(call.args):
        arg = call.args[ref.index]
        return None if isinstance(arg, ast.Starred) else arg
    return None


@dataclass(frozen=True)
class Method:
    """What a call says of its method: a verb, or the name of what gives it (a parameter of the
    function around the call, or a called parameter), and which positional argument said it."""

    verb: str | None
    given_by: ast.expr | None = None
    position: int | None = None
    from_name: bool = False  # only the called name says it


def method_of(call: ast.Call, name: str, params: list[str]) -> Method | None:
    named = _getattr_name(call.func)
    if named is not None and not isinstance(named, ast.Constant):
        return Method(None, named)  # getattr(self.session, method.lower())(url)
    for keyword in call.keywords:
        if keyword.arg == "method":
            verb = verb_of_value(keyword.value)
            if verb:
                return Method(verb)
            if isinstance(keyword.value, ast.Name):
                return Method(None, keyword.value)
    for i, arg in enumerate(call.args[:2]):
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            verb = verb_of_value(arg)
            if verb:
                return Method(verb, None, i)
    if name in params and isinstance(call.func, ast.Name):  # `method(url)`: a function given
        return Method(None, call.func)
    for i, arg in enumerate(call.args[:2]):  # `send(session.get, url)`
        if isinstance(arg, ast.Attribute) and verb_of_name(arg.attr) and arg.attr.islower():
            return Method(verb_of_name(arg.attr), None, i)
    verb = verb_of_name(name)
    if verb:
        return Method(verb, from_name=True)
    first = call.args[0] if call.args else None
    if SENDER_NAME.match(name) and isinstance(first, ast.Name):
        return Method(None, first, 0)
    if SENDER_NAME.match(name):
        return Method(None)
    return None


def url_candidates(call: ast.Call, skip: int | None) -> list[ast.expr]:
    """The arguments that may be the URL: URL-like keywords, then positional ones (not the one
    that gave the method)."""
    out = [k.value for k in call.keywords if k.arg in URL_KEYWORDS]
    out += [a for i, a in enumerate(call.args) if i != skip and not isinstance(a, ast.Starred)]
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
        if keyword.arg not in ("params", *BODY_KEYWORDS) or not isinstance(keyword.value, ast.Dict):
            continue
        for key, value in zip(keyword.value.keys, keyword.value.values, strict=True):
            text = literal_value(value)
            if isinstance(key, ast.Constant) and isinstance(key.value, str) and text is not None:
                out.append((where, key.value, text))
    return tuple(out)


def query_keys(call: ast.Call, in_path: frozenset[str]) -> frozenset[str] | None:
    for keyword in call.keywords:
        if keyword.arg == "params":
            keys = literal_keys(keyword.value)
            return None if keys is None else keys | in_path
    if any(k.arg is None for k in call.keywords):
        return None  # **kwargs may carry params
    return in_path


def body_keys(call: ast.Call) -> frozenset[str] | None:
    for keyword in call.keywords:
        if keyword.arg in BODY_KEYWORDS:
            return literal_keys(keyword.value)
    if any(k.arg is None for k in call.keywords):
        return None
    extra = [a for a in call.args[1:] if verb_of_value(a) is None]
    if verb_of_value(call.args[0] if call.args else None) is not None:
        extra = extra[1:]
    return None if extra else frozenset()  # a body given by position: not seen
