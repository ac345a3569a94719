"""Python names for what the document names: namespaces, methods, parameters, types.

Every name here comes from untrusted text, so every function returns a plain identifier
(`[A-Za-z_][A-Za-z0-9_]*`), never a keyword, never a dunder.

The method-name rule (README, "Method names"): short, verb first, stable across releases because
a name depends only on the operation's own method and path:

1. The namespace is the tag without its leading `/api/`: `/api/card` -> `card`,
   `/api/ee/metabot-tools` -> `ee_metabot_tools`.
2. The rest of the path after the tag is read as words (its fixed segments, percent-escapes
   read as the punctuation they are: `field%2C{name}` is the word `field`) and parameters.
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
   dropped to stay within 40 characters (the parameters' Python names, below).
6. An operation whose path names neither what it does nor what it makes is named by hand
   (`NAMED_BY_HAND`: `POST /api/card/collections` -> `move_to_collection`).

Parameters: `path_param_names` names a path placeholder from what it identifies, not from its
spelling: the namespace's own id is `id` however Metabase spells it (`{id}`, `{card-id}`).

Names change between releases only inside such a collision, when a sibling appears or goes: over
the bundled releases exactly one name did (`table.update` -> `table.update_for_id` when 0.42
added the bulk `PUT /api/table/`); `tests/test_generate.py` holds that list.
"""

from __future__ import annotations

import keyword
import re
from collections import defaultdict
from collections.abc import Iterable
from urllib.parse import unquote

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
        # `field%2C{name}` is `field,{name}` on the wire: the escape is punctuation, not words
        word = snake(unquote(PLACEHOLDER.sub(" ", segment)))
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


# Operations whose path names neither what they do nor what they make, so no rule can read a
# verb from it: `POST /api/card/collections` moves cards in bulk, it creates no collection.
NAMED_BY_HAND = {("POST", "/api/card/collections"): "move_to_collection"}


def base_method_name(method: str, path: str, tag: str) -> str:
    """The name from the operation's own method and path alone (rules 1-4 of the module doc)."""
    if (method.upper(), path) in NAMED_BY_HAND:
        return NAMED_BY_HAND[(method.upper(), path)]
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
    rest.sort(key=lambda m: (len(PLACEHOLDER.findall(m[1])), _python_path(m[1], m[2]), m[0]))
    for i, (method, path, tag) in enumerate(rest):
        params = _python_params(path, tag)
        out[(method, path)] = name if i == 0 or not params else _with_params(name, params)
    return out


def _python_params(path: str, tag: str) -> list[str]:
    """The Python names of a path's placeholders after the tag, in order: what `_for_` adds,
    so that respelling `{id}` as `{card-id}` renames no method either."""
    chosen = path_param_names(path, tag)
    return [chosen.get(p, snake(p)) for p in _words_and_params(path, tag)[1]]


def _python_path(path: str, tag: str) -> str:
    """The path with each placeholder written as its Python name (an order that respelling a
    placeholder does not change)."""
    chosen = path_param_names(path, tag)
    return PLACEHOLDER.sub(lambda m: "{" + chosen.get(m.group(1), m.group(1)) + "}", path)


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


def _singular(word: str) -> str:
    """`cards` -> `card`, `categories` -> `category`: the noun an id placeholder belongs to."""
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


def _own_nouns(namespace: str) -> set[str]:
    """The nouns of a namespace's own resource: `card`; `model_index` and `index`;
    `automagic_dashboards` -> `automagic_dashboard` and `dashboard`."""
    name = re.sub(r"^ee_", "", namespace)
    return {_singular(name), _singular(name.split("_")[-1])}


def _names_id_of(published: str, noun: str) -> bool:
    """Whether a placeholder spells the id of `noun`: `card-id`, `card_id`, `cardId`, and the
    `from-card-id` of a copy."""
    return snake(published) in (f"{noun}_id", f"from_{noun}_id")


def path_param_names(path: str, tag: str) -> dict[str, str]:
    """Published path placeholder -> its Python name, read from what it identifies rather than
    how it is spelled, so that `{id}` -> `{card-id}` renames no argument (README, "Parameter
    names"):

    1. the id of the namespace's own resource is `id`: `{id}` right after the tag, and
       `{card-id}` or `{from-card-id}` anywhere in `card` (`/api/card/pivot/{card-id}/query`);
    2. a bare `{id}` after a noun is that noun's id: `/api/permissions/group/{id}` ->
       `group_id`, as `{group-id}` is elsewhere in `permissions` (plurals made singular:
       `Users/{id}` -> `user_id`); after an action verb it stays `id`
       (`/api/pulse/preview_card/{id}`, `/api/ee/serialization/metadata/import/{id}`);
    3. any other placeholder is its published name made an identifier: `{dashcard-id}` ->
       `dashcard_id`, `{export-format}` -> `export_format`.
    """
    own = _own_nouns(namespace_name(tag))
    out: dict[str, str] = {}
    word: str | None = None  # the fixed word just before a placeholder; None: the tag
    for segment in _segments(path, tag):
        found = PLACEHOLDER.fullmatch(segment)
        if found is None:
            # a segment holding a placeholder among text (`card__{id}`) names no word
            word = "" if PLACEHOLDER.search(segment) else _singular(snake(unquote(segment)))
            continue
        name = found.group(1)
        if any(_names_id_of(name, noun) for noun in own):
            out[name] = "id"
        elif name == "id" and word and word not in own and not _starts_with_verb(word):
            out[name] = f"{word}_id"
        else:
            out[name] = snake(name) or name
        word = ""
    return out


def operation_param_names(path: str, tag: str, params: list[tuple[str, str]]) -> list[str]:
    """(published name, location) of an operation's parameters -> their Python names: path
    placeholders by `path_param_names`, the rest by their published names, all unique."""
    chosen = path_param_names(path, tag)
    return endpoint_param_names(
        [(chosen.get(name, name) if where == "path" else name, where) for name, where in params]
    )


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
