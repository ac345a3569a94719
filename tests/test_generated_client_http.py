"""The generated client against a real local HTTP server: authentication flows, retries with
backoff, error mapping, exports as bytes, multipart upload, query arrays, and secrets kept out of
every repr and exception."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import parse_qs

import pytest

from generator.ir import IR
from tests.conftest import Generated
from tests.sample_values import sample
from tests.scripted_server import Reply, ScriptedServer

SECRET = "mb_TOPSECRET_KEY_123"
PASSWORD = "hunter2-Passw0rd"


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as s:
        yield s


def method_of(client: Any, generated: Generated, method: str, path: str) -> Callable[..., Any]:
    """The client's method for an operation, found through the package's manifest."""
    python = next(
        o["python"] for o in generated.manifest() if (o["method"], o["path"]) == (method, path)
    )
    namespace, name = python.split(".")
    bound: Callable[..., Any] = getattr(getattr(client, namespace), name)
    return bound


def client(generated: Generated, server: ScriptedServer, **kwargs: Any) -> Any:
    kwargs.setdefault("backoff", 0.01)
    return generated.module.MetabaseClient(server.url, **kwargs)


def test_api_key_header_and_json(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("GET", "/api/permissions/group", Reply(body=b'[{"id": 1, "name": "All Users"}]'))
    with client(generated_2025, server, api_key=SECRET) as mb:
        groups = mb.permissions.list_group()
        assert SECRET not in repr(mb)
        assert "api_key" in repr(mb)
    assert groups == [{"id": 1, "name": "All Users"}]
    assert server.seen[0].headers["x-api-key"] == SECRET
    assert mb._http.is_closed  # the context manager closed the pool


def test_session_token_header(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("GET", "/api/card/7", Reply(body=b'{"id": 7}'))
    with client(generated_2025, server, session_token="tok-1") as mb:
        assert mb.card.get(id=7) == {"id": 7}
    assert server.seen[0].headers["x-metabase-session"] == "tok-1"


def test_login_then_relogin_once_on_401(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on(
        "POST", "/api/session", Reply(body=b'{"id": "first"}'), Reply(body=b'{"id": "second"}')
    )
    server.on(
        "GET",
        "/api/card/1",
        Reply(body=b'{"id": 1}'),
        Reply(401, b'"Unauthenticated"'),
        Reply(body=b'{"id": 1}'),
    )
    with client(generated_2025, server, username="me@example.com", password=PASSWORD) as mb:
        assert mb.card.get(id=1) == {"id": 1}
        assert mb.card.get(id=1) == {"id": 1}  # the session expired in between
        assert PASSWORD not in repr(mb)
    seen = [(s.method, s.path, s.headers.get("x-metabase-session")) for s in server.seen]
    assert seen == [
        ("POST", "/api/session", None),
        ("GET", "/api/card/1", "first"),
        ("GET", "/api/card/1", "first"),
        ("POST", "/api/session", None),
        ("GET", "/api/card/1", "second"),
    ]
    assert json.loads(server.seen[0].body) == {"username": "me@example.com", "password": PASSWORD}


def test_login_refused_raises_without_the_password(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("POST", "/api/session", Reply(401, b'{"errors": {"password": "did not match"}}'))
    mb = client(generated_2025, server, username="me@example.com", password=PASSWORD)
    with pytest.raises(generated_2025.module.AuthenticationError) as caught:
        mb.card.get(id=1)
    assert caught.value.status_code == 401
    assert PASSWORD not in str(caught.value) and PASSWORD not in repr(caught.value)


def test_idempotent_requests_retry_on_503_and_429(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on(
        "GET",
        "/api/card/2",
        Reply(503, b"busy", "text/plain"),
        Reply(429, b"{}", headers={"Retry-After": "0"}),
        Reply(body=b'{"id": 2}'),
    )
    with client(generated_2025, server, api_key=SECRET) as mb:
        assert mb.card.get(id=2) == {"id": 2}
    assert len(server.seen) == 3


def test_retries_stop_after_max_retries(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("GET", "/api/card/3", Reply(502, b'{"message": "bad gateway"}'))
    with (
        client(generated_2025, server, api_key=SECRET, max_retries=2) as mb,
        pytest.raises(generated_2025.module.ServerError) as caught,
    ):
        mb.card.get(id=3)
    assert caught.value.status_code == 502 and caught.value.message == "bad gateway"
    assert len(server.seen) == 3


def test_post_is_not_retried(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("POST", "/api/card/", Reply(503, b'{"message": "down"}'))
    with (
        client(generated_2025, server, api_key=SECRET) as mb,
        pytest.raises(generated_2025.module.ServerError),
    ):
        mb.card.create(
            body={
                "name": "q",
                "display": "table",
                "dataset_query": {},
                "visualization_settings": {},
            }
        )
    assert len(server.seen) == 1


@pytest.mark.parametrize(
    ("status", "error"),
    [(400, "BadRequestError"), (403, "PermissionDeniedError"), (404, "NotFoundError")],
)
def test_error_statuses_map_to_typed_exceptions(
    generated_2025: Generated, server: ScriptedServer, status: int, error: str
) -> None:
    body = {"errors": {"name": "value must be a non-blank string."}}
    server.on("GET", "/api/card/9", Reply(status, json.dumps(body).encode()))
    with (
        client(generated_2025, server, api_key=SECRET) as mb,
        pytest.raises(getattr(generated_2025.module, error)) as caught,
    ):
        mb.card.get(id=9)
    err = caught.value
    assert isinstance(err, generated_2025.module.APIError)
    assert (err.status_code, err.body, err.method) == (status, body, "GET")
    assert "non-blank" in str(err) and SECRET not in str(err)


def test_csv_and_xlsx_exports_come_back_as_bytes(
    generated_2025: Generated, server: ScriptedServer, openapi_2025_ir: IR
) -> None:
    path = "/api/card/{card-id}/query/{export-format}"
    schema = openapi_2025_ir.endpoint_map()[("POST", path)].body
    assert schema is not None
    body = sample(schema, openapi_2025_ir.schemas)
    xlsx = b"PK\x03\x04 fake xlsx bytes"
    server.on("POST", "/api/card/5/query/csv", Reply(body=b"a,b\n1,2\n", content_type="text/csv"))
    server.on(
        "POST",
        "/api/card/5/query/xlsx",
        Reply(
            body=xlsx,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
    )
    with client(generated_2025, server, api_key=SECRET) as mb:
        export = method_of(mb, generated_2025, "POST", path)
        assert export(id=5, export_format="csv", body=body) == b"a,b\n1,2\n"
        assert export(id=5, export_format="xlsx", body=body) == xlsx
    assert json.loads(server.seen[0].body) == body


def test_multipart_csv_upload(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("POST", "/api/upload/csv", Reply(body=b'{"id": 42}'))
    with client(generated_2025, server, api_key=SECRET) as mb:
        upload = method_of(mb, generated_2025, "POST", "/api/upload/csv")
        answer = upload(
            body={"file": ("people.csv", b"name\nAda\n", "text/csv"), "collection_id": 3}
        )
    assert answer == {"id": 42}
    seen = server.seen[0]
    assert seen.headers["content-type"].startswith("multipart/form-data; boundary=")
    assert b'filename="people.csv"' in seen.body and b"name\nAda\n" in seen.body
    assert b'name="collection_id"' in seen.body and b"\r\n3\r\n" in seen.body


def test_query_arrays_booleans_and_published_names(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("GET", "/api/search/", Reply(body=b"{}"))
    server.on("GET", "/api/card/a%2Fb", Reply(body=b"{}"))
    with client(generated_2025, server, api_key=SECRET) as mb:
        mb.search.list(q="orders", ids=[1, 2], archived=True)
        mb.card.get(id="a/b", legacy_mbql=True)
    assert parse_qs(server.seen[0].query) == {
        "q": ["orders"],
        "ids": ["1", "2"],
        "archived": ["true"],
    }
    assert server.seen[1].path == "/api/card/a%2Fb" and server.seen[1].query == "legacy-mbql=true"


def test_timeout_raises_transport_error(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("GET", "/api/card/4", Reply(body=b"{}", delay=1.0))
    with (
        client(generated_2025, server, api_key=SECRET, timeout=0.2, max_retries=0) as mb,
        pytest.raises(generated_2025.module.TransportError),
    ):
        mb.card.get(id=4)


def test_async_client_logs_in_and_calls(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("POST", "/api/session", Reply(body=b'{"id": "async-session"}'))
    server.on("GET", "/api/permissions/group", Reply(body=b"[]"))

    async def run() -> Any:
        async with generated_2025.module.AsyncMetabaseClient(
            server.url, username="me@example.com", password=PASSWORD
        ) as mb:
            assert asyncio.iscoroutinefunction(mb.permissions.list_group)
            return await mb.permissions.list_group()

    assert asyncio.run(run()) == []
    assert server.seen[1].headers["x-metabase-session"] == "async-session"
