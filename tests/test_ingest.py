"""The ingest orchestrator: readers only read, ingest repairs and builds the IR; the helpers the
CLI uses to list sources and report repairs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from generator.errors import MbgenError
from generator.ingest import ingest, read_source, repair_report, spec_sources
from generator.ir import IR, Repair
from generator.prose_doc import ProseDocument
from generator.sources import OpenAPISource, ProseSource, read_document
from tests.conftest import MARKDOWN, OPENAPI_2025, ROOT


def test_the_openapi_reader_does_not_repair() -> None:
    document = read_document(str(OPENAPI_2025))
    assert isinstance(document, OpenAPISource)
    # the published defects are still there: 2025-12 has no info.version and `:id` paths
    assert "version" not in document.data["info"]
    assert any(":" in path for path in document.data["paths"])
    ir = ingest(document, "2025-12")
    assert not any(":" in e.path for e in ir.endpoints)
    assert {"missing-info-version", "colon-placeholder"} <= {r.kind for r in ir.repairs}


def test_the_markdown_reader_returns_prose() -> None:
    document = read_document(str(MARKDOWN / "2024-05-10"))
    assert isinstance(document, ProseSource) and isinstance(document.doc, ProseDocument)
    assert any(":" in e.path for e in document.doc.endpoints)  # as published


def test_an_ir_file_is_read_as_is_and_release_overrides(tmp_path: Path) -> None:
    ir = read_source(str(ROOT / "specs" / "metabase-0.42.0.json"), release="renamed")
    assert ir.release == "renamed" and ir.endpoints


def test_every_endpoint_leaves_ingest_with_a_tag() -> None:
    for snapshot in ("v0.21.0-snapshot", "2024-05-10"):
        assert all(e.tag for e in read_source(str(MARKDOWN / snapshot)).endpoints)


def test_spec_sources_expands_an_index_in_order(tmp_path: Path) -> None:
    sources = spec_sources([str(ROOT / "specs"), "extra.json"])
    index = json.loads((ROOT / "specs" / "index.json").read_text())
    assert [Path(s).name for s in sources[:-1]] == [e["file"] for e in index]
    assert sources[-1] == "extra.json"
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "index.json").write_text('{"not": "a list"}')
    with pytest.raises(MbgenError, match="not an mbgen specs index"):
        spec_sources([str(bad)])


def test_repair_report_summarises_by_kind() -> None:
    ir = IR(
        "r", {}, [], repairs=[Repair("b", "x", "1"), Repair("a", "y", "2"), Repair("b", "z", "3")]
    )
    assert repair_report(ir, verbose=False) == ["mbgen: warning: 3 repairs (1 a, 2 b)"]
    assert repair_report(ir, verbose=True)[1] == "mbgen: repair: b: x: 1"
    assert repair_report(IR("r", {}, []), verbose=True) == []
