"""The README's example arguments, chosen by what each release declares (render/samples.py and
the PackageModel helpers the README template calls)."""

from __future__ import annotations

import json

import pytest

from generator.ir import ir_from_dict
from generator.render.model import PackageModel, build_model
from generator.render.samples import Resolve, accepts, literal_for
from tests.conftest import ROOT

ALIASES = {"Format": 't.Literal["csv", "json"]', "Chain": "Format | None", "Loop": "Loop"}


def resolve(name: str) -> str | None:
    return "dict" if name == "Card" else ALIASES.get(name)


NO_MODELS: Resolve = lambda name: None  # noqa: E731


@pytest.mark.parametrize(
    ("expression", "value", "expected"),
    [
        ("int", 1, True),
        ("str", 1, False),
        ("int | str", "root", True),
        ("int", "root", False),
        ("float", 1, True),
        ("int", True, False),  # a bool is an int to Python, not to the example's reader
        ("bool | None", False, True),
        ("int | None", None, True),
        ("int", None, False),
        ("t.Any", {"a": 1}, True),
        ('t.Literal["csv", "json"]', "csv", True),
        ('t.Literal["csv", "json"]', "xlsx", False),
        ("t.Literal[1, 2]", True, False),
        ("dict[str, t.Any]", {}, True),
        ("list[int]", {}, False),
        ("Card | None", {}, True),  # a TypedDict takes a dict
        ("Chain", "json", True),  # alias of an alias of a Literal
        ("Chain", None, True),
        ("Loop", 1, False),  # an alias of itself ends
        ("Unknown", 1, False),
        ("not ( a type", 1, False),
    ],
)
def test_accepts(expression: str, value: object, expected: bool) -> None:
    assert accepts(expression, value, resolve) is expected


@pytest.mark.parametrize(
    ("expression", "wanted", "expected"),
    [
        ("int", 1, "1"),
        ("str", 1, '"1"'),  # the id a Markdown-era release types as str
        ("int | str", "root", '"root"'),
        ("int", "root", "1"),
        ("Format", "csv", '"csv"'),
        ("Format", "xlsx", '"csv"'),  # the first value the Literal allows
        ("bool", "x", "True"),
        ("t.Any", False, "False"),
        ("str | None", 'say "hi"', "'say \"hi\"'"),
        ("list[int]", 1, None),
    ],
)
def test_literal_for(expression: str, wanted: str | int | bool, expected: str | None) -> None:
    assert literal_for(expression, wanted, resolve) == expected


def _model(release: str) -> PackageModel:
    path = ROOT / "specs" / f"metabase-{release}.json"
    return build_model(ir_from_dict(json.loads(path.read_text()), str(path)), "metabase_client")


@pytest.fixture(scope="module")
def model_0_32() -> PackageModel:
    return _model("0.32.2")


@pytest.fixture(scope="module")
def model_2024() -> PackageModel:
    return _model("2024-05-10")


EXPORT = ("POST", "/api/card/{card-id}/query/{export-format}")
ROW_OPTIONS: dict[str, bool | str | int | float | None] = {
    "format_rows": False,
    "pivot_results": False,
}


def test_arguments_follow_the_declared_parameter_types(
    model_0_32: PackageModel, model_2024: PackageModel
) -> None:
    assert model_0_32.argument("GET", "/api/card/{id}", "id", 1) == '"1"'
    assert model_2024.argument("GET", "/api/card/{id}", "id", 1) == "1"
    assert model_0_32.argument("GET", "/api/collection/{id}/items", "id", "root") == '"root"'
    assert model_2024.argument("GET", "/api/collection/{id}/items", "id", "root") == "1"
    assert model_2024.argument(*EXPORT, "export_format", "csv") == '"csv"'
    assert model_2024.argument(*EXPORT, "no_such_parameter", 1) == ""


def test_body_keys_and_literals_only_what_the_body_declares(model_0_32: PackageModel) -> None:
    assert "password" in model_0_32.body_keys("POST", "/api/user/")
    assert model_0_32.body_accepts("POST", "/api/card/", "collection_id", None)
    assert not model_0_32.body_accepts("POST", "/api/card/", "result_metadata_typo", None)
    # 0.32.2's export body declares only `parameters`: no body is written at all.
    assert model_0_32.body_literal(*EXPORT, ROW_OPTIONS) == ""
    assert model_0_32.body_keys("GET", "/api/card/{id}") == []


def test_body_literal_of_the_2025_export() -> None:
    model = _model("0.58")
    assert (
        model.body_literal(*EXPORT, ROW_OPTIONS) == '{"format_rows": False, "pivot_results": False}'
    )
    assert "password" not in model.body_keys("POST", "/api/user/")
