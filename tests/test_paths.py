"""Path templates, placeholders and JSON pointers (generator/paths.py)."""

from __future__ import annotations

from generator.paths import (
    colon_placeholders,
    escape_pointer,
    placeholders,
    to_brace_path,
    unescape_pointer,
)


def test_brace_placeholders_in_order_never_empty_or_across_a_slash() -> None:
    assert placeholders("/api/card/{id}/x/{card-id}") == ["id", "card-id"]
    assert placeholders("/api/x/{}/{a/b}") == []


def test_colon_paths_become_brace_paths() -> None:
    assert colon_placeholders("/api/card/:card-id/fks") == ["card-id"]
    assert to_brace_path("/api/table/card__:id/fks") == "/api/table/card__{id}/fks"
    assert to_brace_path("/api/x") == "/api/x"


def test_json_pointer_tokens_round_trip() -> None:
    assert escape_pointer("a/b~c") == "a~1b~0c"
    assert unescape_pointer("a~1b~0c") == "a/b~c"
    for token in ("~1", "/~", "~01", ""):
        assert unescape_pointer(escape_pointer(token)) == token
