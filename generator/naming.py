"""Python names for what the document names: namespaces, methods, parameters, types.

Every name here comes from untrusted text, so every function returns a plain identifier
(`[A-Za-z_][A-Za-z0-9_]*`), never a keyword, never a dunder.

The method-name rule (README, "Method names"), stable across releases because it depends only on
the operation's own method and path:

1. The namespace is the tag without its leading `/api/`: `/api/card` -> `card`,
   `/api/ee/metabot-tools` -> `ee_metabot_tools`.
2. The rest of the path after the tag is read as words (its fixed segments) and parameters.
3. With no words: `GET` -> `list` (no parameters) or `get`; `POST` -> `create`;
   `PUT` -> `update`; `PATCH` -> `patch`; `DELETE` -> `delete`.
4. With words: `POST` -> the words (`POST /api/card/{id}/copy` -> `copy`); other methods ->
   verb + words (`GET /api/card/{id}/related` -> `get_related`,
   `DELETE /api/card/{id}/public_link` -> `delete_public_link`).
5. Where two operations of a namespace still get one name, each of them gets `_by_` and its
   parameter names (`get_schema_by_id_schema`, `get_schema_by_virtual_db_schema`), then the
   method if needed.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from collections.abc import Iterable

from generator.paths import BRACE_PLACEHOLDER as PLACEHOLDER

_NOT_IDENT = re.compile(r"[^0-9A-Za-z]+")
_CAMEL_BOUNDARY = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")

VERB = {"GET": "get", "POST": "create", "PUT": "update", "PATCH": "patch", "DELETE": "delete"}
# Names a generated method or namespace may not take: the clients' own members, and module names
# the generated code uses (a method `ops` would shadow the module `ops` in its class body). The
# builtin type names stay reserved too, so that names made so far never change.
RESERVED_MEMBERS = frozenset(
    {"close", "aclose", "request", "transport", "base_url"}
    | {"str", "int", "float", "bool", "bytes", "dict", "t", "m", "ops", "httpx", "builtins"}
)
# Parameter names the generated methods use themselves.
RESERVED_PARAMS = ("self", "body", "ops", "t", "m", "extra_query", "extra_headers", "timeout")


def snake(text: str) -> str:
    """Any text -> snake_case identifier (may be empty)."""
    text = _CAMEL_BOUNDARY.sub("_", text)
    return "_".join(part for part in _NOT_IDENT.split(text) if part).lower()


def safe_identifier(name: str, fallback: str = "value") -> str:
    """A valid, non-keyword, non-dunder identifier for `name`."""
    name = name.strip("_") or fallback
    if name[0].isdigit():
        name = f"{fallback}_{name}"
    if keyword.iskeyword(name) or keyword.issoftkeyword(name) or name in ("None", "True", "False"):
        name += "_"
    return name


def namespace_name(tag: str) -> str:
    stripped = re.sub(r"^/?api/", "", tag.strip())
    name = safe_identifier(snake(stripped), "root")
    return f"{name}_api" if name in RESERVED_MEMBERS else name


def _words_and_params(path: str, tag: str) -> tuple[list[str], list[str]]:
    tag = tag.rstrip("/")
    if tag and (path == tag or path.startswith(tag + "/")):
        rest = path[len(tag) :]
    else:  # a path outside its tag: every segment but the `/api` prefix is a word
        rest = re.sub(r"^/api(?=/|$)", "", path)
    words: list[str] = []
    params: list[str] = []
    for segment in rest.split("/"):
        if not segment:
            continue
        params.extend(PLACEHOLDER.findall(segment))
        fixed = PLACEHOLDER.sub(" ", segment)
        word = snake(fixed)
        if word:
            words.append(word)
    return words, params


def base_method_name(method: str, path: str, tag: str) -> str:
    words, params = _words_and_params(path, tag)
    method = method.upper()
    verb = VERB.get(method, method.lower())
    if not words:
        if method == "GET" and not params:
            return "list"
        return verb
    joined = "_".join(words)
    if method == "POST":
        return safe_identifier(joined, "call")
    return safe_identifier(f"{verb}_{joined}", "call")


def method_names(operations: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(method, path, tag) of one namespace's operations -> method name, unique."""
    ops = list(operations)
    first: dict[tuple[str, str], str] = {}
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for method, path, tag in ops:
        name = base_method_name(method, path, tag)
        if name in RESERVED_MEMBERS:
            name += "_"
        first[(method, path)] = name
        groups[name].append((method, path, tag))
    names: dict[tuple[str, str], str] = {}
    for name, members in groups.items():
        if len(members) == 1:
            method, path, _ = members[0]
            names[(method, path)] = name
            continue
        for method, path, tag in members:
            _, params = _words_and_params(path, tag)
            suffix = "_by_" + "_".join(snake(p) for p in params) if params else ""
            names[(method, path)] = name + suffix
    # Same name and same parameters (only the method differs): add the method.
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, name in names.items():
        seen[name].append(key)
    for name, keys in seen.items():
        if len(keys) > 1:
            for method, path in keys:
                names[(method, path)] = f"{name}_{method.lower()}"
    # Still equal (paths that differ only in punctuation): number them in path order.
    seen.clear()
    for key, name in names.items():
        seen[name].append(key)
    for name, keys in seen.items():
        if len(keys) > 1:
            for i, key in enumerate(sorted(keys)[1:], start=2):
                names[key] = f"{name}_{i}"
    return names


def param_names(published: list[str], reserved: Iterable[str] = RESERVED_PARAMS) -> dict[str, str]:
    """Published parameter names -> unique Python keyword-argument names."""
    return dict(zip(published, unique_param_names(published, reserved), strict=True))


def unique_param_names(
    published: list[str], reserved: Iterable[str] = RESERVED_PARAMS
) -> list[str]:
    """One unique Python keyword-argument name per published name, in order: two parameters
    may share a published name (`id` in the path and in the query) and each needs its own."""
    taken = set(reserved)
    out: list[str] = []
    for name in published:
        candidate = safe_identifier(snake(name) or "param", "param")
        if candidate in taken:
            candidate += "_"
        n = 2
        base = candidate
        while candidate in taken:
            candidate, n = f"{base}{n}", n + 1
        taken.add(candidate)
        out.append(candidate)
    return out


def class_name(name: str, taken: set[str]) -> str:
    """A schema name -> a unique CamelCase class name (`metabase.lib.schema.id.card` ->
    `LibSchemaIdCard`: the `metabase` prefix every name shares is dropped)."""
    parts = [p for p in _NOT_IDENT.split(re.sub(r"^metabase[.-]", "", name)) if p]
    camel = "".join(p[:1].upper() + p[1:] for p in parts) or "Schema"
    if camel[0].isdigit():
        camel = "Schema" + camel
    camel = safe_identifier(camel, "Schema")
    candidate, n = camel, 2
    while candidate in taken:
        candidate, n = f"{camel}{n}", n + 1
    taken.add(candidate)
    return candidate


def operation_names(
    endpoints: Iterable[tuple[str, str, str]],
) -> dict[tuple[str, str], tuple[str, str]]:
    """(method, path, tag) of every operation -> (namespace, method name): the names the
    generated client uses, and the diff's code-impact report quotes."""
    by_namespace: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for method, path, tag in endpoints:
        by_namespace[namespace_name(tag)].append((method, path, tag))
    out: dict[tuple[str, str], tuple[str, str]] = {}
    for namespace, ops in by_namespace.items():
        for key, name in method_names(ops).items():
            out[key] = (namespace, name)
    return out
