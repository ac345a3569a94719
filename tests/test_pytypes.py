"""JSON Schema -> Python type expressions (render/pytypes.py) on small inputs. The assertions are
about the types; the names models get are the naming rule's business, so a model is looked up
by the name `expr` returned."""

from __future__ import annotations

from typing import Any

from generator.render.pytypes import ANY, FILE_TYPE, AliasDef, TypedDictDef, TypeRegistry


def _expr(schema: dict[str, Any], schemas: dict[str, dict[str, Any]] | None = None) -> str:
    return TypeRegistry(schemas or {}).expr(schema, "Hint")


def _fields(registry: TypeRegistry, name: str) -> dict[str, tuple[str, bool]]:
    definition = registry.definitions[name]
    assert isinstance(definition, TypedDictDef)
    return {f.key: (f.type_expr, f.required) for f in definition.fields}


def test_scalars_and_nullable_string() -> None:
    assert _expr({"type": "string"}) == "str"
    assert _expr({"type": "integer"}) == "int"
    assert _expr({"type": ["string", "null"]}) == "str | None"
    assert _expr({"anyOf": [{"type": "null"}, {"type": "string"}]}) == "str | None"
    assert _expr({}) == ANY


def test_enum_with_null() -> None:
    assert _expr({"enum": ["a", "b"]}) == 't.Literal["a", "b"]'
    assert _expr({"type": ["string", "null"], "enum": ["a", None]}) == 't.Literal["a"] | None'
    assert _expr({"enum": [None]}) == "None"
    assert _expr({"enum": [{"x": 1}]}) == ANY  # no Literal for an object


def test_format_binary_is_file_content() -> None:
    assert _expr({"type": "string", "format": "binary"}) == FILE_TYPE
    assert _expr({"type": "string", "format": "date-time"}) == "str"


def test_additional_properties_is_a_dict_of_the_value_type() -> None:
    assert _expr({"type": "object", "additionalProperties": {"type": "integer"}}) == (
        "dict[str, int]"
    )
    assert _expr({"type": "object"}) == f"dict[str, {ANY}]"
    assert _expr({"type": "object", "additionalProperties": True}) == f"dict[str, {ANY}]"


def test_arrays() -> None:
    assert _expr({"type": "array", "items": {"type": "boolean"}}) == "list[bool]"
    assert _expr({"type": "array"}) == f"list[{ANY}]"


def test_object_with_properties_is_a_typed_dict_with_required_keys() -> None:
    registry = TypeRegistry({})
    name = registry.expr(
        {
            "type": "object",
            "properties": {"id": {"type": "integer"}, "note": {"type": ["string", "null"]}},
            "required": ["id"],
        },
        "Hint",
    )
    assert _fields(registry, name) == {"id": ("int", True), "note": ("str | None", False)}


def test_all_of_with_disjoint_keys_merges_into_one_typed_dict() -> None:
    registry = TypeRegistry({})
    name = registry.expr(
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}, "required": ["a"]},
                {"type": "object", "properties": {"b": {"type": "string"}}},
            ]
        },
        "Hint",
    )
    merged = registry.definitions[name]
    assert isinstance(merged, TypedDictDef) and len(merged.bases) == 2
    keys = {k: v for base in merged.bases for k, v in _fields(registry, base).items()}
    assert keys == {"a": ("int", True), "b": ("str", False)}


def test_all_of_with_overlapping_keys_is_not_merged() -> None:
    registry = TypeRegistry({})
    name = registry.expr(
        {
            "allOf": [
                {"type": "object", "properties": {"a": {"type": "integer"}}},
                {"type": "object", "properties": {"a": {"type": "integer"}, "b": {}}},
            ]
        },
        "Hint",
    )
    definition = registry.definitions[name]
    # TypedDicts may not redeclare a key: the first part describes the value
    assert isinstance(definition, TypedDictDef) and definition.bases == []
    assert set(_fields(registry, name)) == {"a"}


def test_recursive_ref_ends() -> None:
    schemas = {
        "Node": {
            "type": "object",
            "properties": {
                "value": {"type": "integer"},
                "children": {"type": "array", "items": {"$ref": "#/schemas/Node"}},
            },
        }
    }
    registry = TypeRegistry(schemas)
    name = registry.expr({"$ref": "#/schemas/Node"}, "Hint")
    fields = _fields(registry, name)
    assert fields["children"] == (f"list[{name}]", False)
    assert fields["value"] == ("int", False)


def test_ref_to_a_non_object_is_an_alias_and_a_dangling_ref_is_any() -> None:
    registry = TypeRegistry({"Id": {"type": "integer"}})
    name = registry.expr({"$ref": "#/schemas/Id"}, "Hint")
    alias = registry.definitions[name]
    assert isinstance(alias, AliasDef) and alias.type_expr == "int"
    assert registry.expr({"$ref": "#/schemas/Missing"}, "Hint") == ANY


def test_an_all_of_standing_for_one_object_gives_it_the_whole_s_name() -> None:
    """`{"allOf": [{object}, {constraint}]}` is that object (the first definite part): as a
    component it is the class itself, not an alias of `<Name>With<Key>And<Key>`."""
    schemas = {
        "metabase.actions.schema..action.for-update": {
            "allOf": [
                {"properties": {"archived": {"type": "boolean"}, "name": {"type": "string"}}},
                {"required": ["name"]},
            ],
            "description": "Schema for updating an Action.",
        },
    }
    registry = TypeRegistry(schemas)
    name = registry.expr({"$ref": "#/schemas/metabase.actions.schema..action.for-update"}, "H")
    assert name == "ActionsSchemaActionForUpdate"
    definition = registry.definitions[name]
    assert isinstance(definition, TypedDictDef)
    assert definition.description == "Schema for updating an Action."
    assert _fields(registry, name) == {"archived": ("bool", False), "name": ("str", False)}
    assert not [n for n in registry.definitions if "With" in n]
    inline = registry.expr(schemas["metabase.actions.schema..action.for-update"], "CardBody")
    assert _fields(registry, inline) == _fields(registry, name)


def test_an_object_beside_a_one_of_objects_is_a_union_of_both_keys() -> None:
    """`allOf: [A, {oneOf: [B, {}]}]` (Metabase's actions) is `A and B | A alone`: TypedDicts
    inheriting both, so a body may hold B's keys; with a key shared, no spreading."""
    http: dict[str, Any] = {"properties": {"template": {"type": "string"}}, "type": "object"}
    own = {"properties": {"name": {"type": "string"}}, "required": ["name"], "type": "object"}
    empty = {"properties": {}, "type": "object"}
    schemas: dict[str, dict[str, Any]] = {
        "metabase.actions.schema.http-action": http,
        "metabase.actions.schema.action": {
            "allOf": [
                own,
                {"oneOf": [{"$ref": "#/schemas/metabase.actions.schema.http-action"}, empty]},
            ]
        },
    }
    registry = TypeRegistry(schemas)
    name = registry.expr({"$ref": "#/schemas/metabase.actions.schema.action"}, "H")
    alias = registry.definitions[name]
    assert isinstance(alias, AliasDef)
    assert alias.type_expr == "ActionsSchemaActionHttpAction | ActionsSchemaActionBase"
    merged = registry.definitions["ActionsSchemaActionHttpAction"]
    assert isinstance(merged, TypedDictDef)
    assert merged.bases == ["ActionsSchemaActionBase", "ActionsSchemaHttpAction"]
    assert _fields(registry, "ActionsSchemaActionBase") == {"name": ("str", True)}
    clash = {"properties": {"name": {"type": "integer"}}, "type": "object"}
    spread = TypeRegistry({}).expr({"allOf": [own, {"oneOf": [clash]}]}, "Body")
    assert "|" not in spread
