"""`mbgen normalize` output is a document the Prism mock server starts on and serves."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from tests.conftest import OPENAPI_2025, run_mbgen
from tests.prism import prism_mock


def test_prism_starts_on_the_normalized_2025_document(tmp_path: Path) -> None:
    repaired = tmp_path / "metabase.openapi.json"
    result = run_mbgen(
        "normalize", str(OPENAPI_2025), "--openapi-out", str(repaired), "--release", "2025-12"
    )
    assert result.returncode == 0, result.stderr
    with prism_mock(repaired, tmp_path / "prism.log") as url:
        with urllib.request.urlopen(url + "/api/permissions/group", timeout=30) as response:
            assert response.status == 200
        request = urllib.request.Request(
            url + "/api/card/1", headers={"Accept": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.status == 200
    doc = json.loads(repaired.read_text())
    assert doc["info"]["version"] == "2025-12"
