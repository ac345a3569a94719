"""Mock registrations in tests: `responses.get(f"{BASE}/api/card", json=...)`, `rsps.add(...)`,
`respx.get(...)`, `requests_mock`'s `m.get(...)`, pytest-httpx's `httpx_mock.add_response(...)`,
aioresponses. They send nothing, so they are no calls; they are listed apart, since a test that
mocks an endpoint the release no longer has is worth knowing about."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from generator.calls.senders import verb_of_name, verb_of_value

# The dotted names (as imported) of each mocking library, and the name it is known by.
LIBRARIES = {
    "responses": "responses",
    "respx": "respx",
    "requests_mock": "requests-mock",
    "pytest_httpx": "pytest-httpx",
    "aioresponses": "aioresponses",
}
# Parameters that these libraries' pytest fixtures (or conventions) name.
FIXTURES = {
    "rsps": "responses",
    "mocked_responses": "responses",
    "requests_mock": "requests-mock",
    "httpx_mock": "pytest-httpx",
    "respx_mock": "respx",
    "mock_aioresponse": "aioresponses",
}
_REGISTERS = frozenset({"add", "upsert", "replace", "register_uri", "route"})
_RESPONSES = frozenset({"add_response", "add_callback", "add_exception"})
_URL_KEYWORDS = ("url", "url__eq", "url__regex", "url__startswith", "path", "path__regex")
_VERBS = frozenset({"get", "post", "put", "patch", "delete", "head", "options"})
_REGEX = re.compile(r"[\\^$*+?()\[\]|]")


@dataclass(frozen=True)
class Registration:
    """A mock's method (None: any) and the expression of its URL."""

    method: str | None
    url: ast.expr


def is_registration_name(name: str) -> bool:
    """Whether a called name may register a mock (a verb, `add`, `add_response`, ...)."""
    return name in _REGISTERS or name in _RESPONSES or name in _VERBS


def library_of(dotted: str) -> str | None:
    head = dotted.split(".", 1)[0]
    return LIBRARIES.get(head)


def registration(call: ast.Call) -> Registration | None:
    """What a call to a mocking library registers, when it registers a URL."""
    name = call.func.attr if isinstance(call.func, ast.Attribute) else ""
    keywords = {k.arg: k.value for k in call.keywords if k.arg}
    url = next((keywords[k] for k in _URL_KEYWORDS if k in keywords), None)
    method_kw = keywords.get("method")
    if name in _RESPONSES:
        return Registration(verb_of_value(method_kw), url) if url is not None else None
    if name in _REGISTERS:
        args = list(call.args)
        if args and isinstance(args[0], ast.Call) and name != "route":  # add(Response(...))
            return registration(ast.Call(ast.Attribute(args[0], "add"), args[0].args, []))
        method = verb_of_value(method_kw) if method_kw is not None else None
        if method is None and args and verb_of_value(args[0]):
            method, args = verb_of_value(args[0]), args[1:]
        url = url if url is not None else (args[0] if args else None)
        return Registration(method, url) if url is not None else None
    verb = verb_of_name(name) or ({"head": "HEAD", "options": "OPTIONS"}.get(name))
    if verb is None:
        return None
    url = url if url is not None else (call.args[0] if call.args else None)
    return Registration(verb, url) if url is not None else None


def pattern_text(text: str, hole: str) -> str:
    """A registered URL with each segment that is a regular expression (`\\d+`, `[^/]+`) as a
    computed value: a mock of `/api/card/\\d+` is a mock of `/api/card/{id}`."""
    head, sep, rest = text.partition("?")
    segments = [hole if _REGEX.search(s) else s for s in head.split("/")]
    return "/".join(segments).rstrip("$") + sep + rest
