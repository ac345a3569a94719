"""What a method's docstring says beyond Metabase's prose: an argument's type, allowed values
and default where Metabase describes it with nothing, the keys of a JSON body (required first,
with their types), and what the call answers, or that the release does not describe it.

Plain text from untrusted names and values: the `docstring` filter (render/text.py) escapes all
of it, like the descriptions beside it.
"""

from __future__ import annotations

import io
import json
import tokenize
from typing import Any

from generator.render.pytypes import (
    ANY,
    AliasDef,
    TypedDictDef,
    TypeRegistry,
    _top_level_members,
    _union,
)
from generator.schema_kind import resolve

MAX_VALUES = 12  # allowed values written out; past this they are counted (604 time zones)
MAX_VALUE_TEXT = 60  # one value or default, in characters
MAX_ALIAS_DEPTH = 4  # aliases written out inside one another
MAX_TYPE_TEXT = 120  # a type written out, in characters, before its aliases stay names
WHERE = {"path": "in the path", "query": "in the query", "header": "a header"}
# The export formats whose answer is a file: the client hands it over as bytes.
FILE_FORMATS = ("csv", "xlsx")


def one_line(text: str, limit: int = MAX_VALUE_TEXT) -> str:
    line = " ".join(str(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def value_text(value: Any) -> str:
    """A JSON value as Python writes it (`False`, `None`, `"csv"`), on one short line."""
    if isinstance(value, str):
        return one_line(json.dumps(value, ensure_ascii=False))
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return repr(value)
    return one_line(json.dumps(value, ensure_ascii=False, sort_keys=True, default=str))


def allowed_values(
    schema: dict[str, Any], schemas: dict[str, dict[str, Any]], depth: int = 0
) -> list[Any]:
    """The values an enum allows (through `$ref`, and an option of anyOf/oneOf beside null;
    options that lead back to themselves end at a depth no real schema reaches)."""
    schema = resolve(schema, schemas)
    if isinstance(schema.get("enum"), list):
        return [v for v in schema["enum"] if v is not None]
    for combinator in ("anyOf", "oneOf"):
        options = schema.get(combinator)
        if isinstance(options, list) and depth < MAX_ALIAS_DEPTH:
            found = [allowed_values(o, schemas, depth + 1) for o in options if isinstance(o, dict)]
            enums = [values for values in found if values]
            if len(enums) == 1:
                return enums[0]
    return []


def values_text(values: list[Any]) -> str:
    shown = ", ".join(value_text(v) for v in values[:MAX_VALUES])
    more = len(values) - MAX_VALUES
    return f"one of {shown}" + (f" and {more} more" if more > 0 else "")


def default_of(schema: dict[str, Any], schemas: dict[str, dict[str, Any]]) -> tuple[bool, Any]:
    for candidate in (schema, resolve(schema, schemas)):
        if "default" in candidate:
            return True, candidate["default"]
    return False, None


def readable_type(expression: str, types: TypeRegistry) -> str:
    """A type expression as a reader wants it: `t.` dropped, and an alias of a short type
    written out (`LibSchemaIdCard | None` -> `int | None`)."""
    text = _union(_top_level_members(_expand(expression, types, MAX_ALIAS_DEPTH)))
    return text.replace("t.Literal[", "Literal[").replace("t.Any", "Any")


def _expand(expression: str, types: TypeRegistry, depth: int) -> str:
    if depth <= 0:
        return expression
    out: list[str] = []
    previous, last_end = "", 0
    try:
        tokens = list(tokenize.generate_tokens(io.StringIO(expression).readline))
    except (tokenize.TokenError, SyntaxError):
        return expression
    for token in tokens:
        if token.type in (tokenize.NEWLINE, tokenize.ENDMARKER, tokenize.NL):
            continue
        out.append(expression[last_end : token.start[1]])
        text = token.string
        definition = types.definitions.get(text) if previous != "." else None
        if token.type == tokenize.NAME and isinstance(definition, AliasDef):
            inner = _expand(definition.type_expr, types, depth - 1)
            if len(inner) <= MAX_TYPE_TEXT // 2 and definition.type_expr != ANY:
                text = inner  # `|` binds loosest and brackets delimit: no parentheses needed
        out.append(text)
        previous, last_end = token.string, token.end[1]
    out.append(expression[last_end:])
    joined = "".join(out)
    return joined if len(joined) <= MAX_TYPE_TEXT else expression


def param_entry(schema: dict[str, Any], type_expr: str, location: str, types: TypeRegistry) -> str:
    """What an argument Metabase leaves undescribed is: `bool; default False; in the query`,
    `one of "csv", "json"; in the path`."""
    values = allowed_values(schema, types.schemas)
    parts = [values_text(values) if values else readable_type(type_expr, types)]
    has_default, default = default_of(schema, types.schemas)
    if has_default:
        parts.append(f"default {value_text(default)}")
    parts.append(WHERE.get(location, location))
    return "; ".join(parts) + "."


def typed_dict_fields(
    name: str, types: TypeRegistry, depth: int = 0
) -> list[tuple[str, str, bool]]:
    """(key, type, required) of a TypedDict, its bases' first, required keys before the rest."""
    definition = types.definitions.get(name)
    if not isinstance(definition, TypedDictDef) or depth > 20:  # bases do not cycle; still
        return []
    fields: dict[str, tuple[str, str, bool]] = {}
    for base in definition.bases:
        fields.update({f[0]: f for f in typed_dict_fields(base, types, depth + 1)})
    fields.update({f.key: (f.key, f.type_expr, f.required) for f in definition.fields})
    return sorted(fields.values(), key=lambda f: not f[2])


def _members(expression: str, types: TypeRegistry) -> list[str]:
    """The top-level members of a type, through aliases: `A | None` -> ["A", "None"]."""
    seen: set[str] = set()
    pending, out = [expression], []
    while pending:
        current = pending.pop(0)
        for member in _top_level_members(current):
            definition = types.definitions.get(member)
            if isinstance(definition, AliasDef) and member not in seen:
                seen.add(member)
                pending.append(definition.type_expr)
            else:
                out.append(member)
    return out


def body_lines(body_type: str, types: TypeRegistry) -> list[str]:
    """The `body:` entry: its type and its keys; for a union of JSON objects, the keys every
    one has, then what each adds."""
    members = _members(body_type, types)
    objects = [m for m in members if isinstance(types.definitions.get(m), TypedDictDef)]
    if not objects:
        return [f"body: {readable_type(body_type, types)}."]
    fields = {m: typed_dict_fields(m, types) for m in objects}
    common = [f for f in fields[objects[0]] if all(f in fields[m] for m in objects[1:])]
    shown = readable_type(body_type, types)
    if len(objects) == 1:
        lines = [f"body: {shown}, a JSON object with keys:"]
    else:
        lines = [f"body: {shown}, one of {len(objects)} JSON objects; every one has keys:"]
    lines += [_key_line(field, types, "    ") for field in common]
    for member in members:
        if member not in objects:
            lines.append(f"    or {readable_type(member, types)}")
            continue
        extra = [f for f in fields[member] if f not in common]
        if len(objects) > 1 and extra:
            lines.append(f"    {member} adds:")
            lines += [_key_line(field, types, "        ") for field in extra]
    return lines


def _key_line(field: tuple[str, str, bool], types: TypeRegistry, indent: str) -> str:
    key, type_expr, required = field
    return f"{indent}{one_line(key, 200)}: {readable_type(type_expr, types)}" + (
        ", required" if required else ""
    )


def answer_lines(
    response_type: str, release: str, types: TypeRegistry, supplied: bool = False
) -> list[str]:
    """The `Returns:` entry: the declared type (Metabase's, or an overlay's), or what an
    undescribed answer is."""
    of = f"Metabase {release}" if release else "the API document"
    if supplied and response_type != ANY:
        return [f"{readable_type(response_type, types)}: the answer as the overlay types it."]
    if response_type == ANY:
        return [
            f"Any: not typed, as {of} does not describe this answer: JSON as Python values,",
            "    text as str, a file as bytes, no body as None.",
        ]
    return [f"{readable_type(response_type, types)}: the answer as {of} describes it."]


def export_answer_lines(forms: list[tuple[list[str], str]], types: TypeRegistry) -> list[str]:
    """An export's `Returns:` entry, one line per kind of format: the file as bytes, the
    declared answer for `api`, the decoded JSON for the rest."""
    lines = []
    for values, type_expr in forms:
        which = " and ".join(value_text(v) for v in values)
        what = "the file" if type_expr == "bytes" else "the decoded JSON"
        if type_expr not in ("bytes", ANY):
            what = "the answer as described"
        lines.append(f"{readable_type(type_expr, types)} for {which}: {what}.")
    if not forms[1:]:  # formats the document does not list: whatever they answer
        lines.append("Any for another format: the decoded answer.")
    return lines
