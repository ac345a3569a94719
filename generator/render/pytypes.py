"""JSON Schema -> Python type expressions for the generated `models.py`.

Objects with properties become TypedDicts: a response is `json.loads` output annotated, not
converted, so fields Metabase adds in a later release never break parsing; a request body can be
the dict literal from Metabase's own examples. Enums become `Literal`, `anyOf`/`oneOf` unions,
`$ref`s the component's name (recursion is fine: every annotation is a string). What Python
cannot express (MBQL clauses are positional JSON arrays) stays `t.Any`/`list[t.Any]` and keeps
its description.

Every expression refers to typing as `t` and to models by bare name; `models.py` defines them.
Nothing from the document reaches the expression but identifiers made by `naming` and `repr()`
literals.
"""

from __future__ import annotations

import json
import keyword
import re
from collections import deque
from dataclasses import dataclass, field
from typing import Any

from generator.ir import ref_name
from generator.naming import class_name
from generator.render.text import pystr

ANY = "t.Any"
_SCALARS = {"string": "str", "integer": "int", "number": "float", "boolean": "bool", "null": "None"}
# Keys that cannot be TypedDict class attributes, or would shadow a name annotations use.
_SHADOWING = frozenset({"t", "str", "int", "float", "bool", "list", "dict", "bytes", "None"})
FILE_TYPE = "FileContent"
MAX_EXPR_DEPTH = 50  # schemas and components inside one another: 2025-12 reaches 30
MAX_LITERAL_VALUES = 1_000  # Metabase's longest enum has 604 (time zones)


@dataclass
class FieldDef:
    key: str  # the JSON key as published
    type_expr: str
    required: bool
    description: str = ""


@dataclass
class TypedDictDef:
    name: str
    fields: list[FieldDef]
    description: str = ""
    bases: list[str] = field(default_factory=list)

    @property
    def class_form(self) -> bool:
        """Class syntax when every key can be an attribute; the functional form otherwise."""
        return all(
            f.key.isidentifier() and not keyword.iskeyword(f.key) and f.key not in _SHADOWING
            for f in self.fields
        )


@dataclass
class AliasDef:
    name: str
    type_expr: str
    description: str = ""


def _literal(value: Any) -> str | None:
    if isinstance(value, str):
        return pystr(value)
    if isinstance(value, bool | int) or value is None:
        return repr(value)
    return None


def _top_level_members(expression: str) -> list[str]:
    """`A | list[B | C] | D` -> ["A", "list[B | C]", "D"]."""
    members, depth, start = [], 0, 0
    for i, ch in enumerate(expression):
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth -= 1
        elif ch == "|" and depth == 0:
            members.append(expression[start:i].strip())
            start = i + 1
    members.append(expression[start:].strip())
    return members


def _union(parts: list[str]) -> str:
    unique = list(dict.fromkeys(m for p in parts for m in _top_level_members(p)))
    if ANY in unique:
        return ANY
    if "None" in unique:  # None last reads best
        unique = [p for p in unique if p != "None"] + ["None"]
    return " | ".join(unique) if unique else ANY


class TypeRegistry:
    """Builds the definitions for components on first use and for inline objects by hint."""

    def __init__(self, schemas: dict[str, dict[str, Any]]) -> None:
        self.schemas = schemas
        self.taken: set[str] = {FILE_TYPE}
        self.component_names: dict[str, str] = {}
        self.definitions: dict[str, TypedDictDef | AliasDef] = {}
        self._order: list[str] = []
        self._depth = 0  # expr() calls in progress, one inside the other
        self._deferred: deque[str] = deque()
        self._draining = False
        self._shapes: dict[str, str] = {}  # an inline object's schema -> its one model
        self._rendered: dict[str, str] = {}  # an inline model's fields -> its name

    # --- components ---------------------------------------------------------------------

    def component(self, name: str) -> str:
        if name in self.component_names:
            return self.component_names[name]
        py = class_name(name, self.taken)
        self.component_names[name] = py
        # A chain of components, each referring to the next, would recurse once per link:
        # past a depth no real document reaches, the rest are defined afterwards, from the top.
        if self._depth >= MAX_EXPR_DEPTH:
            self._deferred.append(name)
        else:
            self._define_component(name)
        return py

    def _define_component(self, name: str) -> None:
        schema = self.schemas[name]
        self._define(self.component_names[name], schema, str(schema.get("description") or ""))

    def _drain(self) -> None:
        if self._draining:
            return
        self._draining = True
        try:
            while self._deferred:
                self._define_component(self._deferred.popleft())
        finally:
            self._draining = False

    def _define(self, py: str, schema: dict[str, Any], description: str) -> None:
        lone = _lone_object(schema)
        if lone is not None and not self._spreads(schema):  # the object takes its name
            self._typed_dict(py, lone, description)
            self.expr({"allOf": schema["allOf"][1:]}, py)  # the other parts' models, as before
            return
        if self._is_object(schema):
            definition = self._typed_dict(py, schema, description)
            self._rendered.setdefault(_rendered(definition), py)  # inline twins use its name
        else:
            self._record(AliasDef(py, ANY, description))  # placeholder first: recursion ends
            alias = self.definitions[py]
            assert isinstance(alias, AliasDef)
            alias.type_expr = self.expr(schema, py)

    def _record(self, definition: TypedDictDef | AliasDef) -> None:
        if definition.name not in self.definitions:
            self._order.append(definition.name)
        self.definitions[definition.name] = definition

    def ordered(self) -> list[TypedDictDef | AliasDef]:
        """Definitions with every TypedDict after its bases (bases are evaluated at import)."""
        done: set[str] = set()
        out: list[TypedDictDef | AliasDef] = []

        def visit(name: str, trail: frozenset[str]) -> None:
            if name in done or name in trail:
                return
            definition = self.definitions[name]
            if isinstance(definition, TypedDictDef):
                for base in definition.bases:
                    visit(base, trail | {name})
            done.add(name)
            out.append(definition)

        for name in sorted(self._order):
            visit(name, frozenset())
        return out

    # --- schemas -> expressions ----------------------------------------------------------

    @staticmethod
    def _is_object(schema: dict[str, Any]) -> bool:
        return bool(schema.get("properties")) and schema.get("type") in (None, "object")

    def _typed_dict(self, py: str, schema: dict[str, Any], description: str) -> TypedDictDef:
        definition = TypedDictDef(py, [], description)
        self._record(definition)  # before the fields: a field may refer back to this type
        required = set(schema.get("required") or [])
        for key, sub in (schema.get("properties") or {}).items():
            sub = sub if isinstance(sub, dict) else {}
            hint = py + _camel(str(key))
            description = str(sub.get("description") or "")
            field = FieldDef(str(key), self.expr(sub, hint), key in required, description)
            definition.fields.append(field)
        return definition

    def expr(self, schema: dict[str, Any], hint: str) -> str:
        self._depth += 1
        try:
            result = self._expr(schema, hint)
        finally:
            self._depth -= 1
        if self._depth == 0:
            self._drain()
        return result

    def _expr(self, schema: dict[str, Any], hint: str) -> str:
        if not isinstance(schema, dict) or not schema:
            return ANY
        ref = schema.get("$ref")
        if isinstance(ref, str):
            name = ref_name(ref)
            return self.component(name) if name in self.schemas else ANY
        if "const" in schema:
            literal = _literal(schema["const"])
            return f"t.Literal[{literal}]" if literal and literal != "None" else ANY
        if isinstance(schema.get("enum"), list):
            return self._enum(schema["enum"])
        for combinator in ("anyOf", "oneOf"):
            options = schema.get(combinator)
            if isinstance(options, list) and options:
                return _union(
                    [self.expr(o, _variant_hint(hint, o, i)) for i, o in enumerate(options)]
                )
        all_of = schema.get("allOf")
        if isinstance(all_of, list) and all_of:
            return self._all_of(schema, all_of, hint)
        kind = schema.get("type")
        if isinstance(kind, list):
            return _union([self.expr({**schema, "type": k}, hint) for k in kind])
        if kind == "array" or (kind is None and "items" in schema):
            return self._array(schema, hint)
        if kind == "object" or (kind is None and "properties" in schema):
            return self._object(schema, hint)
        if kind == "string" and schema.get("format") == "binary":
            return FILE_TYPE
        if isinstance(kind, str) and kind in _SCALARS:
            return _SCALARS[kind]
        return ANY

    def _enum(self, values: list[Any]) -> str:
        if len(values) > MAX_LITERAL_VALUES:
            # Past this a Literal helps no one and costs black and type checkers seconds.
            kinds = dict.fromkeys(_json_type(v) for v in values)
            return _union([self.expr({"type": kind}, "") for kind in kinds])
        literals = [_literal(v) for v in values]
        if any(lit is None for lit in literals):
            return ANY
        non_null = [lit for lit in literals if lit != "None" and lit is not None]
        parts = [f"t.Literal[{', '.join(non_null)}]"] if non_null else []
        if "None" in literals:
            parts.append("None")
        return _union(parts)

    def _array(self, schema: dict[str, Any], hint: str) -> str:
        items = schema.get("items")
        if isinstance(items, dict) and items:
            return f"list[{self.expr(items, hint + 'Item')}]"
        return f"list[{ANY}]"

    def _object(self, schema: dict[str, Any], hint: str) -> str:
        if self._is_object(schema):
            shape = _shape(schema)
            if shape not in self._shapes:  # identical inline objects share one model
                self._shapes[shape] = self._inline_model(schema, hint)
            return self._shapes[shape]
        extra = schema.get("additionalProperties")
        if isinstance(extra, dict) and extra:
            return f"dict[str, {self.expr(extra, hint + 'Value')}]"
        return f"dict[str, {ANY}]"

    def _inline_model(self, schema: dict[str, Any], hint: str) -> str:
        """A TypedDict for an inline object, or the one already made with the same fields (two
        schemas that differ only in what the model does not show, such as a default)."""
        py = class_name(hint, self.taken)
        definition = self._typed_dict(py, schema, str(schema.get("description") or ""))
        rendered = _rendered(definition)
        twin = self._rendered.get(rendered)
        if twin is None:
            self._rendered[rendered] = py
            return py
        del self.definitions[py]
        self._order.remove(py)
        self.taken.discard(py)
        return twin

    def _keys(self, name: str) -> list[str]:
        definition = self.definitions[name]
        assert isinstance(definition, TypedDictDef)
        keys = [f.key for f in definition.fields]
        for base in definition.bases:
            keys.extend(self._keys(base))
        return keys

    def _disjoint(self, bases: list[str]) -> bool:
        """TypedDicts may only be merged when no key is declared twice."""
        keys = [k for b in dict.fromkeys(bases) for k in self._keys(b)]
        return len(keys) == len(set(keys)) and len(set(bases)) == len(bases)

    def _spreads(self, schema: dict[str, Any]) -> bool:
        """Whether `allOf: [object, {oneOf: [...]}]` is a union of objects with both parts' keys:
        every option an object model (or an empty object) sharing no key with the first."""
        options = _options_beside_object(schema)
        if options is None:
            return False
        lone = _lone_object(schema) or {}
        own = set(lone.get("properties") or {})
        for option in options:
            target = option
            ref = option.get("$ref") if isinstance(option, dict) else None
            if isinstance(ref, str):
                target = self.schemas.get(ref_name(ref) or "", {})
            if not isinstance(target, dict) or not self._is_object(target):
                if target in ({"properties": {}, "type": "object"}, {"type": "object"}):
                    continue  # the first part alone
                return False
            if own & set(target["properties"]):
                return False
        return True

    def _spread(self, schema: dict[str, Any], hint: str) -> str:
        """`allOf: [A, {oneOf: [B, C, {}]}]` as `AB | AC | A`: TypedDicts that inherit A and
        each option (`action.create`'s body takes an HTTP, implicit or query action's keys)."""
        lone = _lone_object(schema) or {}
        base = self.expr(lone, hint + "Base")
        members: list[str] = []
        for i, option in enumerate(_options_beside_object(schema) or []):
            expr = self.expr(option, _variant_hint(hint, option, i))
            if not isinstance(self.definitions.get(expr), TypedDictDef):
                members.append(base)
                continue
            py = class_name(hint + _unshared(hint, expr), self.taken)
            self._record(TypedDictDef(py, [], "", [base, expr]))
            members.append(py)
        return _union(members)

    def _all_of(self, schema: dict[str, Any], members: list[Any], hint: str) -> str:
        if self._spreads(schema):
            return self._spread(schema, hint)
        lone = _lone_object(schema)
        if lone is not None:
            for i, part in enumerate(members[1:], start=1):  # their models are still defined
                self.expr(part, _variant_hint(hint, part, i))
            return self.expr(lone, hint)
        own = {k: v for k, v in schema.items() if k not in ("allOf", "description")}
        parts = [m for m in members if isinstance(m, dict)]
        if own:
            parts.append(own)
        if len(parts) == 1:
            return self.expr(parts[0], hint)
        exprs = [self.expr(p, _variant_hint(hint, p, i)) for i, p in enumerate(parts)]
        bases = [e for e in exprs if isinstance(self.definitions.get(e), TypedDictDef)]
        if bases and len(bases) == len(exprs) and self._disjoint(bases):
            py = class_name(hint, self.taken)
            self._record(TypedDictDef(py, [], str(schema.get("description") or ""), bases))
            return py
        # A mix of objects and other constraints: the first definite part describes the value.
        definite = [e for e in exprs if e != ANY]
        return definite[0] if definite else ANY


def _lone_object(schema: dict[str, Any]) -> dict[str, Any] | None:
    """The inline object an `allOf` stands for when it is the first of its parts and no other
    part is an object (`{"allOf": [{"properties": ...}, {"oneOf": [...]}]}`): `_all_of` takes
    the first definite part, so the value is that object, and it takes the whole's name rather
    than `<name>With<Key>And<Key>` behind an alias."""
    parts = schema.get("allOf")
    if not isinstance(parts, list) or not parts or set(schema) - {"allOf", "description"}:
        return None
    objects = [p for p in parts if isinstance(p, dict) and TypeRegistry._is_object(p)]
    first = parts[0]
    return first if objects == [first] and "$ref" not in first else None


def _options_beside_object(schema: dict[str, Any]) -> list[Any] | None:
    """The options of `allOf: [object, {oneOf: [...]}]`'s second part, when it holds no more."""
    parts = schema.get("allOf")
    if _lone_object(schema) is None or not isinstance(parts, list) or len(parts) != 2:
        return None
    second = parts[1]
    if not isinstance(second, dict) or set(second) - {"oneOf", "anyOf", "description"}:
        return None
    options = second.get("oneOf", second.get("anyOf"))
    if not isinstance(options, list) or not options:
        return None
    return options if all(isinstance(o, dict) for o in options) else None


_CAMEL_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+")


def _unshared(hint: str, name: str) -> str:
    """`name` without the leading words it shares with `hint`: (`ActionsSchemaActionForInsert`,
    `ActionsSchemaHttpAction`) -> `HttpAction`."""
    mine, theirs = _CAMEL_WORDS.findall(hint), _CAMEL_WORDS.findall(name)
    shared = 0
    while shared < min(len(mine), len(theirs)) - 1 and mine[shared] == theirs[shared]:
        shared += 1
    return "".join(theirs[shared:]) or name


def _json_type(value: Any) -> str:
    for kind, python in (("boolean", bool), ("integer", int), ("number", float), ("string", str)):
        if isinstance(value, python):
            return kind
    return "null" if value is None else "any"


def _split(key: str) -> list[str]:
    return [p for p in re.split(r"[^0-9A-Za-z]+", str(key)) if p]


def _camel(text: str) -> str:
    return "".join(p[:1].upper() + p[1:] for p in _split(text))


def _shape(schema: dict[str, Any]) -> str:
    return json.dumps(schema, sort_keys=True, default=str)


def _rendered(definition: TypedDictDef) -> str:
    fields = [(f.key, f.type_expr, f.required, f.description) for f in definition.fields]
    return json.dumps([definition.description, definition.bases, fields])


def _constant(schema: Any) -> str | None:
    """The one string value a property schema allows, if any (a discriminator's tag)."""
    if not isinstance(schema, dict):
        return None
    values = [schema["const"]] if "const" in schema else schema.get("enum")
    if isinstance(values, list) and len(values) == 1 and isinstance(values[0], str):
        return values[0]
    return None


def _variant_hint(hint: str, schema: Any, index: int) -> str:
    """The name of a oneOf/anyOf option or an allOf part, from what it holds rather than its
    position: its tag (`...ModelAction` for `{"type": "model-action"}`), else the keys it
    requires (`...WithReportId`), else `List`; a position only when nothing else tells."""
    if isinstance(schema, dict):
        schema = _lone_object(schema) or schema
        properties = schema.get("properties")
        if isinstance(properties, dict) and properties:
            for sub in properties.values():
                tag = _constant(sub)
                if tag and _camel(tag):
                    return hint + _camel(tag)
            required = [k for k in schema.get("required") or [] if k in properties]
            keys = [str(k) for k in (required or list(properties))[:2]]
            return hint + "With" + "And".join(_camel(k) for k in keys)
        if schema.get("type") == "array" or "items" in schema:
            return hint + "List"
    return f"{hint}Variant{index + 1}"
