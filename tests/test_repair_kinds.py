"""The registry of repair kinds holds every kind the code records and every kind in specs/."""

from __future__ import annotations

import ast
import json

from generator.repair_kinds import HEURISTIC, REPAIR_KINDS, STRUCTURAL, is_heuristic
from tests.conftest import ROOT


def _kinds_in_code() -> set[str]:
    """The first argument of every `Repair(...)` call in generator/ that is a plain string."""
    found = set()
    for path in (ROOT / "generator").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "Repair"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                found.add(node.args[0].value)
    return found


def test_every_kind_the_code_records_is_registered() -> None:
    kinds = _kinds_in_code()
    assert "server-binding" in kinds and "colon-placeholder" in kinds
    assert kinds - REPAIR_KINDS == set()


def test_every_kind_in_the_bundled_specs_is_registered() -> None:
    kinds = {
        r["kind"]
        for path in (ROOT / "specs").glob("metabase-*.json")
        for r in json.loads(path.read_text())["repairs"]
    }
    assert kinds - REPAIR_KINDS == set()


def test_structural_and_heuristic_are_disjoint() -> None:
    assert not STRUCTURAL & HEURISTIC
    assert is_heuristic("inferred-query") and not is_heuristic("colon-placeholder")
