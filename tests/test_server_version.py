"""A 0.63.2 client generated with the bundled series (`--previous specs/`) against local servers
that say they are Metabase 0.58.3: a moved operation goes to the old path, one added after 0.58
is refused before anything is sent, `server_version="auto"` reads the version once per client
(sync and async, calls at once), and without a version nothing changes."""

from __future__ import annotations

import asyncio
import json
import threading
from typing import Any

import pytest

from tests.conftest import ROOT, Generated, generate_and_import
from tests.scripted_server import Reply, ScriptedServer

PROPERTIES = "/api/session/properties"


@pytest.fixture(scope="module")
def series_063(tmp_path_factory: pytest.TempPathFactory) -> Generated:
    out = tmp_path_factory.mktemp("series063") / "client"
    spec = ROOT / "specs" / "metabase-0.63.2.json"
    return generate_and_import(spec, out, "mbseries063", "--previous", str(ROOT / "specs"))


def _added_after_058(generated: Generated) -> dict[str, Any]:
    data = json.loads((generated.package_dir / "operations.json").read_text())
    assert data["series"][-3:] == ["0.58", "0.59", "0.63.2"] and len(data["series"]) == 10
    added = [
        op
        for op in data["operations"]
        if "0.58" not in op["releases"] and op["method"] == "GET" and "{" not in op["path"]
    ]
    assert added
    return dict(added[0])


def _server() -> ScriptedServer:
    server = ScriptedServer()
    tag = json.dumps({"version": {"tag": "v0.58.3"}}).encode()
    server.on("GET", PROPERTIES, Reply(body=tag, delay=0.2))  # slow: calls pile up meanwhile
    server.on("GET", "/api/ee/transform/", Reply(body=b"[]"))
    server.on("GET", "/api/transform", Reply(body=b'[{"id": 1}]'))
    return server


def test_a_moved_operation_goes_to_the_path_of_the_servers_release(series_063: Generated) -> None:
    with (
        _server() as server,
        series_063.module.MetabaseClient(server.url, api_key="k", server_version="0.58.3") as mb,
    ):
        assert mb.transform.list(tag_ids=[1, 2]) == []
    # 0.58 published the parameter as tag_ids; 0.59 on, as tag-ids
    assert [s.target for s in server.seen] == ["/api/ee/transform/?tag_ids=1&tag_ids=2"]


def test_an_operation_added_after_the_servers_release_is_refused(series_063: Generated) -> None:
    module = series_063.module
    added = _added_after_058(series_063)
    namespace, name = added["python"].split(".")
    with (
        _server() as server,
        module.MetabaseClient(server.url, api_key="k", server_version="0.58.3") as mb,
        pytest.raises(module.UnsupportedOperationError) as caught,
    ):
        getattr(getattr(mb, namespace), name)()
    err = caught.value
    assert isinstance(err, module.MetabaseError)
    assert err.operation == added["python"] and err.server_version == "0.58.3"
    assert err.releases == added["releases"] and "0.58" not in err.releases
    assert f"{added['python']}()" in str(err) and "0.58.3" in str(err)
    assert server.seen == []  # nothing was sent


def test_without_a_version_nothing_changes(series_063: Generated) -> None:
    with _server() as server, series_063.module.MetabaseClient(server.url, api_key="k") as mb:
        assert mb.transform.list() == [{"id": 1}]
    assert [s.path for s in server.seen] == ["/api/transform"]


def test_auto_reads_the_version_once_per_client(series_063: Generated) -> None:
    module = series_063.module
    with _server() as server:
        for _ in range(2):  # two clients: each asks once
            with module.MetabaseClient(server.url, api_key="k", server_version="auto") as mb:
                threads = [threading.Thread(target=mb.transform.list) for _ in range(6)]
                for thread in threads:
                    thread.start()
                for thread in threads:
                    thread.join()
                mb.transform.list()
    paths = [s.path for s in server.seen]
    assert paths.count(PROPERTIES) == 2
    assert paths.count("/api/ee/transform/") == 14 and "/api/transform" not in paths
    assert paths[0] == PROPERTIES and paths[8] == PROPERTIES  # before each client's calls


def test_auto_reads_the_version_once_per_async_client(series_063: Generated) -> None:
    module = series_063.module
    added = _added_after_058(series_063)
    namespace, name = added["python"].split(".")

    async def main(url: str) -> list[Any]:
        async with module.AsyncMetabaseClient(url, api_key="k", server_version="auto") as mb:
            answers = await asyncio.gather(*(mb.transform.list() for _ in range(6)))
            with pytest.raises(module.UnsupportedOperationError):
                await getattr(getattr(mb, namespace), name)()
            return list(answers)

    with _server() as server:
        assert asyncio.run(main(server.url)) == [[]] * 6
    paths = [s.path for s in server.seen]
    assert paths == [PROPERTIES] + ["/api/ee/transform/"] * 6


def test_a_version_that_is_not_one_is_refused_at_once(series_063: Generated) -> None:
    module = series_063.module
    with pytest.raises(module.ConfigurationError, match="server_version"):
        module.MetabaseClient("http://127.0.0.1:1", api_key="k", server_version="latest")
