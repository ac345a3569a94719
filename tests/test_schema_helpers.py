"""The neutral JSON Schema helpers (generator/schema_helpers.py)."""

from __future__ import annotations

from typing import Any

from generator.schema_helpers import allows_null, make_nullable, schema_type_problems


def test_allows_null() -> None:
    assert allows_null({"type": ["integer", "null"]})
    assert allows_null({"anyOf": [{"type": "string"}, {"type": "null"}]})
    assert not allows_null({"type": "integer"})
    assert allows_null(make_nullable({"type": "integer"}))


def _problems(schema: dict[str, Any]) -> list[tuple[str, str]]:
    return [(pointer, want) for _c, _k, pointer, want in schema_type_problems(schema)]


def test_a_well_typed_schema_has_no_problem() -> None:
    schema = {
        "type": "object",
        "properties": {"a": {"type": "array", "items": {"type": "string"}}},
        "required": ["a"],
        "additionalProperties": False,
        "allOf": [{"enum": [1, None]}],
    }
    assert _problems(schema) == []


def test_each_wrong_type_is_found_with_its_pointer() -> None:
    schema: dict[str, Any] = {
        "properties": {"a": {"allOf": 0}, "b": 3},
        "required": ["a", 7],
        "items": "x",
        "enum": "e",
    }
    assert sorted(_problems(schema)) == [
        ("/enum", "a list"),
        ("/items", "a schema object or a boolean"),
        ("/properties/a/allOf", "a list"),
        ("/properties/b", "a schema object"),
        ("/required/1", "a property name"),
    ]


def test_problems_may_be_dropped_while_walking() -> None:
    schema: dict[str, Any] = {"anyOf": [1, {"properties": True}, "x"], "required": 7}
    for container, key, _pointer, _want in schema_type_problems(schema):
        del container[key]
    assert schema == {"anyOf": [{}]}
