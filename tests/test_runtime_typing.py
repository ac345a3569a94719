"""The per-call options, `raw`, `stream` and `paginate` are typed: user code that uses them
right passes mypy --strict against a generated package, and a misspelt option fails it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT, generate_and_import

BIN = Path(sys.executable).parent

USE = """
from pathlib import Path

import httpx

from {package} import MetabaseClient, RawResponse, paginate, raw, stream


def use(mb: MetabaseClient) -> int:
    get = mb.{call}
    card = get(id="1", extra_query={{"legacy-mbql": True}}, extra_headers={{"X-A": "1"}}, timeout=2.0)
    answer_: RawResponse[object] = raw(get, id="1", timeout=httpx.Timeout(5.0))
    with stream(get, id="1") as answer:
        written: int = answer.write_to(Path("card.json"))
    items = list(paginate(get, id="1", extra_query={{"limit": 10}}))
    return answer_.status_code + written + len(items) + len(str(card))
"""


def test_per_call_options_raw_and_stream_type_check(tmp_path: Path) -> None:
    generated = generate_and_import(
        ROOT / "specs" / "metabase-0.21.0-snapshot.json", tmp_path / "client", "mbtyped"
    )
    call = next(
        o["python"]
        for o in generated.manifest()
        if (o["method"], o["path"]) == ("GET", "/api/card/{id}")
    )
    good = USE.format(package="mbtyped", call=call)
    files = {
        "good.py": good,
        "misspelt.py": good.replace("extra_headers=", "extra_header="),
        "wrong_type.py": good.replace("timeout=2.0", 'timeout="soon"'),
        "paged_misspelt.py": good.replace('paginate(get, id="1"', 'paginate(get, idd="1"'),
    }
    for name, text in files.items():
        (generated.root / name).write_text(text)
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir=/dev/null", *files],
        capture_output=True,
        text=True,
        cwd=generated.root,
    )
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    failing = {line.split(":")[0] for line in errors}
    assert failing == {"misspelt.py", "wrong_type.py", "paged_misspelt.py"}, errors
    assert any('Unexpected keyword argument "extra_header"' in line for line in errors)
    assert any("wrong_type.py" in line and '"timeout"' in line for line in errors)
