"""Metabase's parameter prose -> JSON Schema.

The Markdown eras describe each parameter with text generated from its schema (schema.core until
0.46, malli after), for example `value may be nil, or if non-nil, value must be one of: \\`a\\``,
`nullable enum of a, b`, `nullable map where {:method -> <enum of GET, POST>} with no other keys`.
`read_prose` returns the schema and whether the text said the value may be nil. Text it cannot
read gives `{}`; callers keep the prose as the description either way.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from generator.schema_helpers import make_nullable

JsonSchema = dict[str, Any]

_NULLABLE_PREFIX = re.compile(r"^(?:value may be nil, or if non-nil, |nullable )", re.IGNORECASE)
_REQUIREMENTS = re.compile(
    r"^value must satisfy one of the following requirements: (.*)$", re.IGNORECASE | re.DOTALL
)
_NUMBERED = re.compile(r"(?:^|\s)\d+\) ")
_ARRAY_NOT_EMPTY = re.compile(r"\s*The array cannot be empty\.?$", re.IGNORECASE)
_ARRAY_EACH = re.compile(r"^value must be an array\. Each (?:value )?(.*)$", re.IGNORECASE)
_BACKTICKED = re.compile(r"`([^`]*)`")
_MAP_ENTRY = re.compile(r":([\w?!*+-]+)( \(optional\))? ->\s*")


# The longest parameter prose Metabase published is 1,300 characters.
MAX_PROSE_CHARS = 10_000
# How deep prose may nest (`sequence of map where {:a -> <sequence of ...>}`): Metabase's goes
# four levels; past this the text is unreadable, which also keeps the recursion bounded.
MAX_PROSE_DEPTH = 32
_depth = 0


@dataclass(frozen=True)
class ProseReading:
    schema: JsonSchema
    nullable: bool


def read_prose(prose: str) -> ProseReading:
    if len(prose) > MAX_PROSE_CHARS:
        return ProseReading({}, False)  # no schema Metabase writes is this long: unreadable
    text = _clean(prose)
    nullable = False
    while True:
        prefix = _NULLABLE_PREFIX.match(text)
        if not prefix:
            break
        nullable = True
        text = text[prefix.end() :]
    return ProseReading(_parse(text) or {}, nullable)


def _clean(text: str) -> str:
    text = " ".join(text.split())
    return text.rstrip(" .").strip()


def _split_top_level(text: str, separator: str) -> list[str]:
    """Split on `separator` where it is not inside <...>, {...}, (...) or backticks."""
    if separator not in text:
        return [text.strip()]
    depth, parts, start, i = 0, [], 0, 0
    in_tick = False
    while i < len(text):
        ch = text[i]
        if ch == "`":
            in_tick = not in_tick
        elif not in_tick and ch in "<{(":
            depth += 1
        elif not in_tick and ch in ">})" and depth > 0:
            # `->` is an arrow, not a closing bracket
            if not (ch == ">" and i > 0 and text[i - 1] == "-"):
                depth -= 1
        elif depth == 0 and not in_tick and text.startswith(separator, i):
            parts.append(text[start:i])
            i += len(separator)
            start = i
            continue
        i += 1
    parts.append(text[start:])
    return [p.strip() for p in parts]


def _any_of(parts: list[JsonSchema | None]) -> JsonSchema | None:
    readable = [p for p in parts if p is not None]
    if len(readable) != len(parts):
        return None
    unique: list[JsonSchema] = []
    for p in readable:
        if p not in unique:
            unique.append(p)
    return unique[0] if len(unique) == 1 else {"anyOf": unique}


def _parse(text: str) -> JsonSchema | None:
    global _depth
    if _depth >= MAX_PROSE_DEPTH:
        return None
    _depth += 1
    try:
        return _parse_text(text)
    finally:
        _depth -= 1


def _parse_text(text: str) -> JsonSchema | None:
    text = _clean(text)
    if not text:
        return {}
    nullable = _NULLABLE_PREFIX.match(text)
    if nullable:
        inner = _parse(text[nullable.end() :])
        return make_nullable(inner) if inner is not None else None
    requirements = _REQUIREMENTS.match(text)
    if requirements:
        options = [o for o in _NUMBERED.split(requirements.group(1)) if o.strip()]
        return _any_of([_parse(o) for o in options])
    alternatives = _split_top_level(text, ", or ")
    if len(alternatives) > 1:
        return _any_of([_parse(a) for a in alternatives])
    return _parse_array(text) or _parse_atom(text)


def _parse_array(text: str) -> JsonSchema | None:
    not_empty = _ARRAY_NOT_EMPTY.search(text)
    body = text[: not_empty.start()] if not_empty else text
    body = _clean(body)
    items: JsonSchema | None = None
    each = _ARRAY_EACH.match(body)
    lower = body.lower()
    if each:
        rest = each.group(1)
        if rest.lower().startswith("must"):
            rest = "value " + rest
        items = _parse(rest)
        if items is None:
            items = {"type": "object"} if "map" in rest.lower() else {}
    elif lower in ("value must be an array", "value must be an array of"):
        items = {}
    elif (lower.startswith("value must be an array of") and "map" in lower) or lower.startswith(
        "value must be seq of maps"
    ):
        items = {"type": "object"}
    else:
        for prefix in ("sequence of ", "vector of "):
            if lower.startswith(prefix):
                items = _parse(body[len(prefix) :]) or {}
                break
        else:
            if lower.startswith("vector with exactly") or lower.startswith("sequence of vector"):
                items = {}
            elif lower.startswith("one or more "):
                one = _parse(body[len("one or more ") :]) or {}
                return {"anyOf": [one, {"type": "array", "items": one, "minItems": 1}]}
            else:
                return None
    schema: JsonSchema = {"type": "array"}
    if items:
        schema["items"] = items
    if not_empty:
        schema["minItems"] = 1
    return schema


def _enum(values: list[str]) -> JsonSchema:
    unique = list(dict.fromkeys(values))
    return {"type": "string", "enum": unique}


def _map_where(body: str) -> JsonSchema:
    properties: JsonSchema = {}
    required = []
    for entry in _split_top_level(body, ", "):
        match = _MAP_ENTRY.match(entry)
        if not match:
            continue
        name, optional = match.group(1), bool(match.group(2))
        value = entry[match.end() :].strip()
        if value.startswith("<") and value.endswith(">"):
            value = value[1:-1]
        reading = read_prose(value)
        properties[name] = make_nullable(reading.schema) if reading.nullable else reading.schema
        if not optional:
            required.append(name)
    schema: JsonSchema = {"type": "object", "properties": properties}
    if required:
        schema["required"] = required
    return schema


_STRING_PHRASES = (
    "value must be a string",
    "string",
    "keyword",
    "value must be a valid json string",
    "value must be a valid date string",
    "value must be a valid database engine",
    "value must be a valid field type",
    "value must be a valid entity type (keyword or string)",
    "value must be a valid field semantic or relation type (keyword or string)",
    "value must be a valid coercion strategy (keyword or string)",
    "invalid entity type",
    "invalid show value",
    "invalid value for prefix",
    "invalid value for rule name",
    "invalid value for dashboard template name",
    "password is too common",
    "insufficient password strength",
    "token does not match the setup token",
    "valid directory to serialize results to",
)
_STRING_STARTS = (
    "string, and must be",
    "snippet names cannot",
    "string must be a valid",
    "value must be a string representing",
    "must be a string like",
    "invalid comparison entity type",
)
_OBJECT_PHRASES = (
    "map",
    "value must be a map",
    "value must be a valid map of schedule maps for a db",
    "value must be a valid embedding params map",
    "value must be a valid user attributes map (name -> value)",
    "value must be a parameter map with an 'id' key",
    "value must be a parameter map with an id key",
    "login attribute keys must be a keyword or string",
)

_ATOMS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], JsonSchema]], ...] = (
    (
        re.compile(r"^(?:value must be )?(?:an? )?(?:valid )?integer greater than (?:zero|0)$"),
        lambda m: {"type": "integer", "minimum": 1},
    ),
    (
        re.compile(
            r"^(?:value must be )?(?:an? )?(?:valid )?integer greater "
            r"(?:than or equal to|or equal to than) zero$|^natural integer$"
        ),
        lambda m: {"type": "integer", "minimum": 0},
    ),
    (
        re.compile(r"^(?:value must be )?(?:an? )?(?:valid )?integer$"),
        lambda m: {"type": "integer"},
    ),
    (
        re.compile(
            r"^(?:value must be )?a non-blank string$|^string with length (?:>= 1|1 or longer)$"
        ),
        lambda m: {"type": "string", "minLength": 1},
    ),
    (
        re.compile(r"^value must be a valid email address$"),
        lambda m: {"type": "string", "format": "email"},
    ),
    (
        re.compile(r"^value must be a valid uuid$"),
        lambda m: {"type": "string", "format": "uuid"},
    ),
    (
        re.compile(
            r"^(?:value must be )?an? (?:valid )?boolean(?: string)?(?: \(.*\))?$|^boolean$"
        ),
        lambda m: {"type": "boolean"},
    ),
    (re.compile(r"^value must be a number$|^number$|^double$"), lambda m: {"type": "number"}),
    (
        re.compile(r"^value must be one of: (.*)$"),
        lambda m: _enum(_BACKTICKED.findall(m.group(1))),
    ),
    (
        re.compile(r"^enum of (.*)$"),
        lambda m: _enum([v.strip() for v in m.group(1).split(",") if v.strip()]),
    ),
    (re.compile(r"^must equal (.*)$"), lambda m: _enum([m.group(1).strip()])),
    (
        re.compile(r"^map from <(.*)> to <(.*)>$"),
        lambda m: {"type": "object", "additionalProperties": _parse(m.group(2)) or {}},
    ),
    (
        re.compile(r"^map where \{(.*)\}(?: with no other keys)?$", re.DOTALL),
        lambda m: _map_where(m.group(1)),
    ),
    (
        re.compile(r"^value must be a map with the (?:following )?keys (.*)$"),
        lambda m: {
            "type": "object",
            "properties": {
                key.strip(): {}
                for group in _BACKTICKED.findall(m.group(1))
                for key in group.strip("()").split(",")
                if key.strip()
            },
        },
    ),
    (
        re.compile(r"^value must be a string that matches the regex `(.*)`$"),
        lambda m: {"type": "string", "pattern": m.group(1)},
    ),
)


def _parse_atom(text: str) -> JsonSchema | None:
    lower = text.lower()
    for pattern, build in _ATOMS:
        match = pattern.match(text) or pattern.match(lower)
        if match:
            return build(match)
    if lower in _STRING_PHRASES or lower.startswith(_STRING_STARTS):
        return {"type": "string"}
    if lower in _OBJECT_PHRASES or re.search(r"\bmust be an? (?:\w+ )*map\b", lower):
        return {"type": "object"}
    if re.match(r"^[\w-]+ must be a map\b", lower):  # "parameter must be a map with :id ..."
        return {"type": "object"}
    if lower in ("anything", "any", "true", "function"):
        return {}
    return None
