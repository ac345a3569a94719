"""Metabase parameter prose -> JSON Schema, one phrasing per case, all taken from the corpus."""

from __future__ import annotations

from typing import Any

import pytest

from generator.normalize.prose import read_prose
from generator.schema_helpers import make_nullable

CASES: list[tuple[str, dict[str, Any], bool]] = [
    ("value must be an integer greater than zero.", {"type": "integer", "minimum": 1}, False),
    ("integer greater than 0", {"type": "integer", "minimum": 1}, False),
    (
        "value may be nil, or if non-nil, value must be a valid integer greater than or equal to "
        "zero.",
        {"type": "integer", "minimum": 0},
        True,
    ),
    ("value must be a valid integer.", {"type": "integer"}, False),
    (
        "nullable value must be an integer greater than zero.",
        {"type": "integer", "minimum": 1},
        True,
    ),
    ("value must be a non-blank string.", {"type": "string", "minLength": 1}, False),
    ("string with length >= 1", {"type": "string", "minLength": 1}, False),
    ("nullable string", {"type": "string"}, True),
    ("value must be a boolean.", {"type": "boolean"}, False),
    ("nullable boolean", {"type": "boolean"}, True),
    (
        "value may be nil, or if non-nil, value must be a valid boolean string ('true' or 'false').",
        {"type": "boolean"},
        True,
    ),
    (
        "value may be nil, or if non-nil, value must be one of: `all`, `mine`.",
        {"type": "string", "enum": ["all", "mine"]},
        True,
    ),
    (
        "nullable enum of archived, table, mine",
        {"type": "string", "enum": ["archived", "table", "mine"]},
        True,
    ),
    ("enum of card, :card", {"type": "string", "enum": ["card", ":card"]}, False),
    ("nullable must equal events", {"type": "string", "enum": ["events"]}, True),
    ("value must be a map.", {"type": "object"}, False),
    ("Value must be a map.", {"type": "object"}, False),
    ("nullable map", {"type": "object"}, True),
    (
        "value must be a valid email address.",
        {"type": "string", "format": "email"},
        False,
    ),
    ("value must be a valid UUID.", {"type": "string", "format": "uuid"}, False),
    (
        "value must be a string that matches the regex `^#[0-9A-Fa-f]{6}$`.",
        {"type": "string", "pattern": "^#[0-9A-Fa-f]{6}$"},
        False,
    ),
    (
        "value must be an array. Each value must be an integer greater than zero. "
        "The array cannot be empty.",
        {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
        False,
    ),
    (
        "value must be an array. Each value must be a map.",
        {"type": "array", "items": {"type": "object"}},
        False,
    ),
    (
        "nullable sequence of value must be an integer greater than zero.",
        {"type": "array", "items": {"type": "integer", "minimum": 1}},
        True,
    ),
    ("nullable sequence of map", {"type": "array", "items": {"type": "object"}}, True),
    (
        "nullable map from <keyword> to <anything>",
        {"type": "object", "additionalProperties": {}},
        True,
    ),
    (
        "value must be a map with the keys `id`, `include_csv`, and `include_xls`.",
        {"type": "object", "properties": {"id": {}, "include_csv": {}, "include_xls": {}}},
        False,
    ),
    (
        "sequence of map where {:type -> <enum of card, dashboard, collection>, "
        ":item_id -> <value must be an integer greater than zero.>}",
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "type": {"type": "string", "enum": ["card", "dashboard", "collection"]},
                    "item_id": {"type": "integer", "minimum": 1},
                },
                "required": ["type", "item_id"],
            },
        },
        False,
    ),
    (
        "value may be nil, or if non-nil, value must satisfy one of the following requirements: "
        "1) value must be a boolean. 2) value must be a valid boolean string ('true' or 'false').",
        {"type": "boolean"},
        True,
    ),
    (
        "value must satisfy one of the following requirements: 1) value must be a valid integer "
        "greater than zero. 2) value must be an array. Each value must be a valid integer greater "
        "than zero. The array cannot be empty.",
        {
            "anyOf": [
                {"type": "integer", "minimum": 1},
                {"type": "array", "items": {"type": "integer", "minimum": 1}, "minItems": 1},
            ]
        },
        False,
    ),
    (
        "nullable must equal all, or natural integer",
        {"anyOf": [{"type": "string", "enum": ["all"]}, {"type": "integer", "minimum": 0}]},
        True,
    ),
    ("", {}, False),
    ("nullable :metabase.sync.schedules/ExpandedSchedulesMap", {}, True),
    ("Something no era ever wrote", {}, False),
]


@pytest.mark.parametrize(("prose", "schema", "nullable"), CASES)
def test_prose_reads_to_schema(prose: str, schema: dict[str, Any], nullable: bool) -> None:
    reading = read_prose(prose)
    assert reading.schema == schema
    assert reading.nullable is nullable


def test_map_where_keeps_optional_keys_out_of_required() -> None:
    prose = (
        "nullable map where {:method -> <enum of GET, POST>, :url -> <string with length >= 1>, "
        ":body (optional) -> <nullable string>} with no other keys"
    )
    reading = read_prose(prose)
    assert reading.nullable
    assert reading.schema["required"] == ["method", "url"]
    assert reading.schema["properties"]["body"] == {"type": ["string", "null"]}
    assert reading.schema["properties"]["url"] == {"type": "string", "minLength": 1}


def test_make_nullable_spellings() -> None:
    assert make_nullable({"type": "integer"}) == {"type": ["integer", "null"]}
    assert make_nullable({"type": "string", "enum": ["a"]}) == {
        "type": ["string", "null"],
        "enum": ["a", None],
    }
    assert make_nullable({"anyOf": [{"type": "integer"}]}) == {
        "anyOf": [{"anyOf": [{"type": "integer"}]}, {"type": "null"}]
    }
    assert make_nullable({}) == {}
