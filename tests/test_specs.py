"""specs/ holds the IR of every corpus release, fresh and indexed; the newest is the default."""

from __future__ import annotations

import json

from generator.ingest import read_source
from scripts.build_specs import SPECS, build
from tests.conftest import ROOT


def test_specs_are_fresh_and_byte_identical_to_a_rebuild() -> None:
    for path, text in build().items():
        assert path.exists(), path
        assert path.read_text() == text, f"{path.name} is stale: run `make specs`"


def test_index_matches_files_and_is_ordered_by_date() -> None:
    index = json.loads((SPECS / "index.json").read_text())
    assert len(index) == 10
    assert [e["date"] for e in index] == sorted(e["date"] for e in index)
    for entry in index:
        ir = read_source(str(SPECS / entry["file"]))
        assert ir.release == entry["release"]
        assert len(ir.endpoints) == entry["endpoints"]
        assert (ROOT / entry["source"]).exists()
    assert index[-1]["release"] == "0.63.2" and index[-1]["endpoints"] == 667
