"""Python names for what the document names: namespaces, methods, parameters, types.

Every name here comes from untrusted text, so every function returns a plain identifier
(`[A-Za-z_][A-Za-z0-9_]*`), never a keyword, never a dunder.

The method-name rule (README, "Method names"): short, verb first, stable across releases because
a name depends only on the operation's own method and path:

1. The namespace is the tag without its leading `/api/`: `/api/card` -> `card`,
   `/api/ee/metabot-tools` -> `ee_metabot_tools`.
2. The rest of the path after the tag is read as words (its fixed segments) and parameters.
3. The verb comes first. No words: `GET` -> `list` (no parameters) or `get`; `POST` -> `create`;
   `PUT` -> `update`; `PATCH` -> `patch`; `DELETE` -> `delete`. With words: that verb and the
   words (`GET /api/util/stats` -> `get_stats`, `POST /api/permissions/membership` ->
   `create_membership`), except a `POST` whose words start with an action verb keeps them
   (`POST /api/card/{id}/copy` -> `copy`) and one whose last word is an action verb leads with it
   (`POST /api/persist/card/{card-id}/persist` -> `persist_card`).
4. A `{export-format}` parameter makes the verb `export`
   (`POST /api/card/{card-id}/query/{export-format}` -> `export_query`).
5. Where operations of a namespace still share a name, each is told apart by its own path: a
   `GET` of a collection (no parameter after its last word) beside a `GET` of one item lists
   (`list_group`, `get_group`); of the rest, the one with the fewest parameters keeps the name
   and the others add `_for_` and their parameters (`get_metadata_for_virtual_db`), leading ones
   dropped to stay within 40 characters.

Names change between releases only inside such a collision, when a sibling appears or goes: over
the bundled releases exactly one name did (`table.update` -> `table.update_for_id` when 0.42
added the bulk `PUT /api/table/`); `tests/test_generate.py` holds that list.
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


# A POST whose first word starts with one of these is an action (`copy`, `query`, `send_invite`)
# and keeps its words; any other POST creates what its words name (`create_membership`).
ACTION_VERBS = frozenset(
    {
        "accept",
        "activate",
        "add",
        "analyze",
        "append",
        "approve",
        "archive",
        "cancel",
        "check",
        "clone",
        "close",
        "compile",
        "convert",
        "copy",
        "create",
        "deactivate",
        "delete",
        "disable",
        "discard",
        "dismiss",
        "duplicate",
        "edit",
        "enable",
        "execute",
        "explain",
        "export",
        "extract",
        "favorite",
        "filter",
        "find",
        "fix",
        "force",
        "forgot",
        "generate",
        "get",
        "import",
        "invalidate",
        "is",
        "login",
        "logout",
        "mark",
        "move",
        "notify",
        "parse",
        "persist",
        "pivot",
        "preview",
        "publish",
        "query",
        "re",
        "refresh",
        "regenerate",
        "reject",
        "remove",
        "reorder",
        "replace",
        "rerun",
        "rescan",
        "reset",
        "restore",
        "retry",
        "revert",
        "review",
        "run",
        "save",
        "search",
        "send",
        "set",
        "share",
        "sort",
        "start",
        "stash",
        "stop",
        "subscribe",
        "summarize",
        "sync",
        "test",
        "translate",
        "trigger",
        "unarchive",
        "undo",
        "unfavorite",
        "unpersist",
        "unpublish",
        "unsubscribe",
        "update",
        "upload",
        "validate",
    }
)
# The path parameter Metabase uses to pick a download format: such an operation exports.
EXPORT_PARAMS = frozenset({"export-format", "export_format"})
# The longest name the rule aims at (README); a test holds every bundled release to it.
MAX_NAME = 40


def _segments(path: str, tag: str) -> list[str]:
    tag = tag.rstrip("/")
    if tag and (path == tag or path.startswith(tag + "/")):
        rest = path[len(tag) :]
    else:  # a path outside its tag: every segment but the `/api` prefix is a word
        rest = re.sub(r"^/api(?=/|$)", "", path)
    return [segment for segment in rest.split("/") if segment]


def _words_and_params(path: str, tag: str) -> tuple[list[str], list[str]]:
    words: list[str] = []
    params: list[str] = []
    for segment in _segments(path, tag):
        params.extend(PLACEHOLDER.findall(segment))
        word = snake(PLACEHOLDER.sub(" ", segment))
        if word:
            words.append(word)
    return words, params


def _starts_with_verb(word: str) -> bool:
    return word.split("_")[0] in ACTION_VERBS


def _verb_first(method: str, words: list[str], params: list[str]) -> list[str]:
    """The name's words, verb first."""
    if any(p in EXPORT_PARAMS for p in params):
        return ["export", *words]
    if method == "POST" and words and _starts_with_verb(words[0]):
        return words
    if method == "POST" and words and _starts_with_verb(words[-1]):
        return [words[-1], *words[:-1]]  # `dashcard/{id}/execute` -> `execute_dashcard`
    if method == "GET" and not words and not params:
        return ["list"]
    return [VERB.get(method, method.lower()), *words]


def base_method_name(method: str, path: str, tag: str) -> str:
    """The name from the operation's own method and path alone (rules 1-4 of the module doc)."""
    words, params = _words_and_params(path, tag)
    return safe_identifier("_".join(_verb_first(method.upper(), words, params)), "call")


def _lists(method: str, path: str, tag: str) -> bool:
    """A GET of a collection: no parameter after its last word."""
    segments = _segments(path, tag)
    return method.upper() == "GET" and bool(segments) and not PLACEHOLDER.search(segments[-1])


def _with_params(name: str, params: list[str]) -> str:
    """`name_for_<params>`, leading parameters dropped while it is longer than MAX_NAME."""
    words = [snake(p) for p in params]
    while len(words) > 1 and len(f"{name}_for_" + "_".join(words)) > MAX_NAME:
        words.pop(0)
    return f"{name}_for_" + "_".join(words)


def _told_apart(members: list[tuple[str, str, str]], name: str) -> dict[tuple[str, str], str]:
    """Operations sharing a name, told apart by their own paths: beside a GET of one item, a GET
    of the collection lists (`list_group`); of the rest, the one with the fewest parameters
    keeps the name, and the others add `_for_` and their parameters (`send_for_id`)."""
    out: dict[tuple[str, str], str] = {}
    lists = [m for m in members if _lists(*m) and name.startswith("get")]
    rest = [m for m in members if m not in lists or len(lists) == len(members)]
    for method, path, _ in members:
        if (method, path, _) not in rest:
            out[(method, path)] = "list" + name[len("get") :]
    rest.sort(key=lambda m: (len(PLACEHOLDER.findall(m[1])), m[1], m[0]))
    for i, (method, path, tag) in enumerate(rest):
        _, params = _words_and_params(path, tag)
        out[(method, path)] = name if i == 0 or not params else _with_params(name, params)
    return out


def method_names(operations: Iterable[tuple[str, str, str]]) -> dict[tuple[str, str], str]:
    """(method, path, tag) of one namespace's operations -> method name, unique."""
    groups: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for method, path, tag in operations:
        name = base_method_name(method, path, tag)
        if name in RESERVED_MEMBERS:
            name += "_"
        groups[name].append((method, path, tag))
    names: dict[tuple[str, str], str] = {}
    for name, members in groups.items():
        names.update(_told_apart(members, name) if len(members) > 1 else {members[0][:2]: name})
    return _unique(names)


def _unique(names: dict[tuple[str, str], str]) -> dict[tuple[str, str], str]:
    """Still equal (only the method or punctuation differs): add the method, then a number."""
    seen: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for key, name in names.items():
        seen[name].append(key)
    for name, keys in seen.items():
        if len(keys) > 1:
            for method, path in keys:
                names[(method, path)] = f"{name}_{method.lower()}"
    seen.clear()
    for key, name in names.items():
        seen[name].append(key)
    for name, keys in seen.items():
        for i, key in enumerate(sorted(keys)[1:], start=2):
            names[key] = f"{name}_{i}"
    return names


def endpoint_param_names(params: list[tuple[str, str]]) -> list[str]:
    """(published name, location) of an operation's parameters -> their Python names, in the
    same order. Path parameters are named first: with `id` in the path and in the query, the
    path's is `id` and the query's `id_`."""
    order = sorted(range(len(params)), key=lambda i: params[i][1] != "path")
    unique = unique_param_names([params[i][0] for i in order])
    named = dict(zip(order, unique, strict=True))
    return [named[i] for i in range(len(params))]


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
