"""Exports say `bytes` where the format makes the answer a file: `@t.overload`s on the format
literal (csv and xlsx -> bytes, api -> the declared answer, json -> the decoded JSON), checked
by mypy on a user's script and at run time against a local server. The last overload takes any
mapping as the body, so that `stream(method, ..., body={...})` still passes mypy, which reads
the arguments of an overloaded method given to `stream`/`raw` without the model's context."""

from __future__ import annotations

import asyncio
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, Generated, generate_and_import
from tests.scripted_server import Reply, ScriptedServer

BIN = Path(sys.executable).parent
FIXTURE = ROOT / "tests" / "golden" / "fixture.openapi.json"
XLSX = b"PK\x03\x04 not really a workbook"

USER = """
import typing as t
from typing import assert_type

from mbexports import AsyncMetabaseClient, MetabaseClient, RawResponse, raw, stream


def use(mb: MetabaseClient, fmt: t.Literal["csv", "xlsx", "json"]) -> None:
    assert_type(mb.card.export_query(id=1, export_format="csv"), bytes)
    assert_type(mb.card.export_query(id=1, export_format="xlsx", body={}), bytes)
    reveal_type(mb.card.export_query(id=1, export_format="json"))
    reveal_type(mb.card.export_query(id=1, export_format=fmt))
    assert_type(raw(mb.card.export_query, id=1, export_format="csv"), RawResponse[bytes])
    # A dict literal body through raw/stream: mypy reads it without the model's context.
    with stream(mb.card.export_query, id=1, export_format="csv", body={"format_rows": True}) as a:
        a.write_to("card.csv")


async def use_async(mb: AsyncMetabaseClient) -> None:
    assert_type(await mb.card.export_query(id=1, export_format="csv"), bytes)
"""


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    """The golden description's client (12 operations, one export), generated and imported."""
    return generate_and_import(FIXTURE, tmp_path_factory.mktemp("exports") / "c", "mbexports")


def test_mypy_sees_bytes_for_file_formats(exports: Generated) -> None:
    files = {"user.py": USER, "wrong.py": USER.replace("), bytes)", "), str)", 1)}
    for name, text in files.items():
        (exports.root / name).write_text(text)
    result = subprocess.run(
        [str(BIN / "mypy"), "--strict", "--no-incremental", "--cache-dir=/dev/null", *files],
        capture_output=True,
        text=True,
        cwd=exports.root,
    )
    lines = result.stdout.splitlines()
    errors = [line for line in lines if ": error:" in line]
    assert [line.split(":")[0] for line in errors] == ["wrong.py"], errors
    assert 'Expression is of type "bytes", not "str"' in errors[0]
    revealed = [
        line.split("Revealed type is ")[1]
        for line in lines
        if "user.py" in line and "Revealed" in line
    ]
    assert revealed == ['"Any"', '"bytes | Any"']


def test_the_answer_is_bytes_for_csv_and_xlsx_and_json_for_json(exports: Generated) -> None:
    csv = b"a,b\n1,2\n"
    with ScriptedServer() as server:
        server.on("POST", "/api/card/5/query/csv", Reply(body=csv, content_type="text/csv"))
        server.on(
            "POST",
            "/api/card/5/query/xlsx",
            Reply(body=XLSX, content_type="application/vnd.ms-excel"),
        )
        server.on("POST", "/api/card/5/query/json", Reply(body=b'[{"a": 1, "b": 2}]'))
        with exports.module.MetabaseClient(server.url, api_key="k") as mb:
            answers = [mb.card.export_query(id=5, export_format=f) for f in ("csv", "xlsx", "json")]

        async def run() -> object:
            async with exports.module.AsyncMetabaseClient(server.url, api_key="k") as mb:
                return await mb.card.export_query(id=5, export_format="csv")

        awaited = asyncio.run(run())
    assert answers == [csv, XLSX, [{"a": 1, "b": 2}]]
    assert isinstance(answers[0], bytes) and isinstance(awaited, bytes) and awaited == csv
