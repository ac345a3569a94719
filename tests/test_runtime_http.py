"""The runtime against local servers scripted to misbehave, through a generated client (and,
where noted, the runtime modules directly): bad Retry-After values, same-origin and cross-host
redirects, invalid JSON and HTML answers, errors naming the template, one login for concurrent
calls, 401 storms, per-call options, raw and streamed answers, paging, a user's http_client,
and no credential in any repr, log line or reachable exception."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs

import httpx
import pytest

from generator.runtime._auth import Credentials
from generator.runtime._request import Request
from generator.runtime._retry import RetryPolicy
from generator.runtime._transport import Settings, SyncTransport
from tests.conftest import Generated
from tests.scripted_server import Reply, ScriptedServer

SECRET = "mb_TOPSECRET_KEY_456"
PASSWORD = "correct-horse-Battery9"
CARD = ("GET", "/api/card/{id}")
ITEMS = ("GET", "/api/collection/{id}/items")
EXPORT = ("POST", "/api/card/{card-id}/query/{export-format}")
CREATE_CARD = ("POST", "/api/card/")


@pytest.fixture
def server() -> Iterator[ScriptedServer]:
    with ScriptedServer() as s:
        yield s


@pytest.fixture
def elsewhere() -> Iterator[ScriptedServer]:
    """Another origin (another port), which must never see a credential."""
    with ScriptedServer() as s:
        s.on("GET", "/steal", Reply(body=b'{"stolen": true}'))
        s.on("POST", "/steal", Reply(body=b'{"stolen": true}'))
        yield s


def op(client: Any, generated: Generated, operation: tuple[str, str]) -> Any:
    """The client's method for an operation, found through the manifest (names may change)."""
    python = next(
        o["python"] for o in generated.manifest() if (o["method"], o["path"]) == operation
    )
    namespace, name = python.split(".")
    return getattr(getattr(client, namespace), name)


def sync_client(generated: Generated, server: ScriptedServer, **kwargs: Any) -> Any:
    kwargs.setdefault("backoff", 0.01)
    return generated.module.MetabaseClient(server.url, **kwargs)


def reachable_text(err: BaseException) -> str:
    """Everything an exception lets a user reach: messages, causes, contexts, the requests
    and responses it keeps (headers and bodies)."""
    parts: list[str] = []
    seen: set[int] = set()
    stack: list[Any] = [err]
    while stack:
        item = stack.pop()
        if item is None or id(item) in seen:
            continue
        seen.add(id(item))
        parts += [repr(item), str(item)]
        if isinstance(item, BaseException):
            stack += [item.__cause__, item.__context__, getattr(item, "_request", None)]
            stack += [getattr(item, "request", None), getattr(item, "response", None)]
            stack += list(item.args)
        elif isinstance(item, httpx.Request):
            parts += [str(item.url), repr(item.headers.raw), item.read().decode(errors="replace")]
        elif isinstance(item, httpx.Response):
            parts += [repr(item.headers.raw), item.content.decode(errors="replace")]
            stack.append(item._request)
    return "\n".join(parts)


# Retries


def test_bad_retry_after_values_fall_back_to_backoff(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    values = ["-1", "nan", "soon", "inf", "1e309", "Fri, 31 Feb 2023 25:00:00 GMT", "86400"]
    replies = [Reply(429, b"{}", headers={"Retry-After": v}) for v in values]
    server.on("GET", "/api/card/8", *replies, Reply(body=b'{"id": 8}'))
    with sync_client(generated_2025, server, api_key=SECRET, max_retries=len(values)) as mb:
        assert op(mb, generated_2025, CARD)(id=8) == {"id": 8}
    assert len(server.seen) == len(values) + 1


def test_retry_after_is_honoured_and_the_last_answer_raised(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on(
        "GET", "/api/card/8", Reply(503, b'{"message": "down"}', headers={"Retry-After": "0"})
    )
    with (
        sync_client(generated_2025, server, api_key=SECRET, max_retries=2) as mb,
        pytest.raises(generated_2025.module.ServerError) as caught,
    ):
        op(mb, generated_2025, CARD)(id=8)
    assert len(server.seen) == 3 and caught.value.status_code == 503
    assert str(caught.value) == "503 on GET /api/card/{id}: down"


# Redirects


def test_same_origin_redirect_is_followed_with_credentials(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on(
        "GET",
        "/api/card/8",
        Reply(301, b"<html>moved</html>", "text/html", {"Location": "/v2/card/8"}),
    )
    server.on("GET", "/v2/card/8", Reply(body=b'{"id": 8}'))
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        assert op(mb, generated_2025, CARD)(id=8) == {"id": 8}
    assert [s.path for s in server.seen] == ["/api/card/8", "/v2/card/8"]
    assert all(s.headers["x-api-key"] == SECRET for s in server.seen)


@pytest.mark.parametrize("follow", [False, True])
def test_redirect_to_another_origin_is_refused_and_gets_no_credential(
    generated_2025: Generated, server: ScriptedServer, elsewhere: ScriptedServer, follow: bool
) -> None:
    """Also when the user's own httpx client says follow_redirects=True."""
    server.on("GET", "/api/card/8", Reply(302, b"", headers={"Location": f"{elsewhere.url}/steal"}))
    own = httpx.Client(follow_redirects=follow)
    mb = sync_client(generated_2025, server, api_key=SECRET, http_client=own)
    with mb, pytest.raises(generated_2025.module.RedirectError) as caught:
        op(mb, generated_2025, CARD)(id=8)
    assert elsewhere.seen == []
    assert "is another origin" in str(caught.value) and caught.value.response.status_code == 302
    assert SECRET not in reachable_text(caught.value)


def test_a_3xx_is_never_a_result(generated_2025: Generated, server: ScriptedServer) -> None:
    server.on("GET", "/api/card/8", Reply(301, b"<html>moved</html>", "text/html"))
    server.on("GET", "/api/card/9", Reply(302, b"", headers={"Location": "/api/card/9"}))
    server.on("POST", "/api/card/", Reply(302, b"", headers={"Location": "/api/card/new"}))
    module = generated_2025.module
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        with pytest.raises(module.RedirectError, match="no Location header"):
            op(mb, generated_2025, CARD)(id=8)
        with pytest.raises(module.RedirectError, match="more than 5 redirects"):
            op(mb, generated_2025, CARD)(id=9)
        with pytest.raises(module.RedirectError, match="turn POST into GET"):
            op(mb, generated_2025, CREATE_CARD)(
                body={
                    "name": "q",
                    "display": "table",
                    "dataset_query": {},
                    "visualization_settings": {},
                }
            )
    assert [s.method for s in server.seen].count("POST") == 1


# Answers that are not what they say, and error messages


def test_invalid_json_and_html_answers_raise_decoding_errors(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1, '))
    server.on("GET", "/api/card/2", Reply(body=b"<html>login</html>", content_type="text/html"))
    module = generated_2025.module
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        get = op(mb, generated_2025, CARD)
        with pytest.raises(module.DecodingError, match="invalid JSON") as bad_json:
            get(id=1)
        with pytest.raises(module.DecodingError, match="HTML page") as html:
            get(id=2)
    for err in (bad_json.value, html.value):
        assert isinstance(err, module.MetabaseError) and err.response.status_code == 200
        assert str(err).startswith("200 on GET /api/card/{id}")
        assert SECRET not in reachable_text(err)


def test_404_names_the_template_and_an_empty_body_is_said(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("GET", "/api/card/8", Reply(404, b"", content_type="text/plain"))
    with (
        sync_client(generated_2025, server, api_key=SECRET) as mb,
        pytest.raises(generated_2025.module.NotFoundError) as caught,
    ):
        op(mb, generated_2025, CARD)(id=8)
    assert str(caught.value) == "404 on GET /api/card/{id}: (no body)"
    assert caught.value.request.url.path == "/api/card/8"
    assert caught.value.request.headers["x-api-key"] == "[redacted]"


# Login


def _login_script(server: ScriptedServer, delay: float = 0.3) -> None:
    server.on("POST", "/api/session", Reply(body=b'{"id": "the-session"}', delay=delay))
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1}'))


def _logins(server: ScriptedServer) -> int:
    return sum(s.path == "/api/session" for s in server.seen)


def _eight_async_card_gets(generated: Generated, server: ScriptedServer) -> list[Any]:
    """Eight concurrent `GET /api/card/1` from one async client that logs in with a password;
    each call's answer, or the exception it raised."""

    async def run() -> list[Any]:
        async with generated.module.AsyncMetabaseClient(
            server.url, username="ada@example.com", password=PASSWORD
        ) as mb:
            get = op(mb, generated, CARD)
            return await asyncio.gather(*(get(id=1) for _ in range(8)), return_exceptions=True)

    return asyncio.run(run())


def test_eight_concurrent_async_calls_make_one_login(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    _login_script(server)
    assert _eight_async_card_gets(generated_2025, server) == [{"id": 1}] * 8
    assert _logins(server) == 1
    calls = [s for s in server.seen if s.path == "/api/card/1"]
    assert len(calls) == 8 and {s.headers["x-metabase-session"] for s in calls} == {"the-session"}


def test_eight_threads_share_one_login(generated_2025: Generated, server: ScriptedServer) -> None:
    _login_script(server)
    answers: list[Any] = []
    with sync_client(generated_2025, server, username="ada@example.com", password=PASSWORD) as mb:
        get = op(mb, generated_2025, CARD)
        threads = [threading.Thread(target=lambda: answers.append(get(id=1))) for _ in range(8)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert answers == [{"id": 1}] * 8 and _logins(server) == 1


def test_a_wrong_password_costs_one_attempt_for_concurrent_calls(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on(
        "POST", "/api/session", Reply(401, b'{"errors": {"password": "did not match"}}', delay=0.3)
    )
    module = generated_2025.module
    results = _eight_async_card_gets(generated_2025, server)
    assert all(isinstance(r, module.AuthenticationError) for r in results)
    assert _logins(server) == 1
    assert all(PASSWORD not in reachable_text(r) for r in results)


def test_a_401_storm_makes_one_new_login_and_raises(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("POST", "/api/session", Reply(body=b'{"id": "s"}'))
    server.on(
        "GET", "/api/card/1", Reply(401, b'"Unauthenticated"', content_type="application/json")
    )
    module = generated_2025.module
    results = _eight_async_card_gets(generated_2025, server)
    assert all(isinstance(r, module.AuthenticationError) for r in results)
    assert str(results[0]) == "401 on GET /api/card/{id}: Unauthenticated"
    assert _logins(server) == 2  # the first session, and one more after the 401s
    assert sum(s.path == "/api/card/1" for s in server.seen) == 16


def test_login_lock_directly_on_the_runtime(server: ScriptedServer) -> None:
    """The runtime modules on their own, without a generated package."""
    _login_script(server, delay=0.2)
    settings = Settings(httpx.URL(server.url), 5.0, RetryPolicy(backoff=0.01))
    credentials = Credentials(username="ada", password=PASSWORD)
    with httpx.Client() as http:
        transport = SyncTransport(http, credentials, settings)
        request: Request[Any] = Request("GET", "/api/card/{id}", path_params={"id": 1})
        threads = [threading.Thread(target=transport.send, args=(request,)) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert _logins(server) == 1 and len(server.seen) == 5


# Per-call options, raw and streamed answers, paging


def test_extra_query_headers_and_timeout_per_call(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("GET", "/api/user/", Reply(body=b'{"data": []}'))
    server.on("GET", "/api/card/5", Reply(body=b"{}", delay=0.5))
    module = generated_2025.module
    with sync_client(generated_2025, server, api_key=SECRET, timeout=5.0, max_retries=0) as mb:
        users = op(mb, generated_2025, ("GET", "/api/user/"))
        users(
            status="active", extra_query={"limit": 2, "offset": 4}, extra_headers={"X-Trace": "t1"}
        )
        with pytest.raises(module.RequestTimeoutError) as caught:
            op(mb, generated_2025, CARD)(id=5, timeout=0.1)
    assert parse_qs(server.seen[0].query) == {"status": ["active"], "limit": ["2"], "offset": ["4"]}
    assert server.seen[0].headers["x-trace"] == "t1"
    assert isinstance(caught.value, module.TransportError)
    assert isinstance(caught.value.__cause__, httpx.TimeoutException)
    assert caught.value.__context__ is None or caught.value.__context__ is caught.value.__cause__


def test_raw_response_and_streaming_an_export_to_a_file(
    generated_2025: Generated, server: ScriptedServer, tmp_path: Path
) -> None:
    csv = b"id,name\n" + b"".join(b"%d,row\n" % i for i in range(20_000))
    disposition = {"Content-Disposition": 'attachment; filename="orders.csv"'}
    server.on(
        "POST",
        "/api/card/5/query/csv",
        Reply(body=csv, content_type="text/csv", headers=disposition),
    )
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1}', headers={"X-Answer": "yes"}))
    server.on("POST", "/api/card/6/query/csv", Reply(404, b'{"message": "no card"}'))
    module = generated_2025.module
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        raw = module.raw(op(mb, generated_2025, CARD), id=1)
        export = op(mb, generated_2025, EXPORT)
        with module.stream(export, id=5, export_format="csv", body={}) as answer:
            written = answer.write_to(tmp_path / "orders.csv")
        with (
            pytest.raises(module.NotFoundError),
            module.stream(export, id=6, export_format="csv", body={}),
        ):
            pass
        with pytest.raises(TypeError, match="method of a MetabaseClient namespace"):
            module.raw(len, [1])
    async_mb = module.AsyncMetabaseClient(server.url, api_key=SECRET)
    with pytest.raises(TypeError, match="raw/stream take a method of a MetabaseClient"):
        module.raw(op(async_mb, generated_2025, CARD), id=1)
    assert (raw.status_code, raw.data, raw.headers["x-answer"]) == (200, {"id": 1}, "yes")
    assert answer.filename == "orders.csv" and answer.status_code == 200
    assert written == len(csv) and (tmp_path / "orders.csv").read_bytes() == csv


def test_async_raw_and_stream(
    generated_2025: Generated, server: ScriptedServer, tmp_path: Path
) -> None:
    server.on(
        "POST",
        "/api/card/5/query/xlsx",
        Reply(body=b"PK\x03\x04 xlsx", content_type="application/octet-stream"),
    )
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1}'))

    module = generated_2025.module

    async def run() -> tuple[Any, int]:
        async with module.AsyncMetabaseClient(server.url, api_key=SECRET) as mb:
            raw = await module.araw(op(mb, generated_2025, CARD), id=1)
            export = op(mb, generated_2025, EXPORT)
            async with module.astream(export, id=5, export_format="xlsx", body={}) as answer:
                written = await answer.write_to(tmp_path / "x.xlsx")
            return raw, written

    raw, written = asyncio.run(run())
    assert raw.data == {"id": 1} and written == len(b"PK\x03\x04 xlsx")


def test_paginate_walks_a_paged_list_on_a_server(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    def page(items: list[int], offset: int) -> Reply:
        body = {"data": [{"id": i} for i in items], "total": 5, "limit": 2, "offset": offset}
        return Reply(body=__import__("json").dumps(body).encode())

    server.on("GET", "/api/collection/root/items", page([1, 2], 0), page([3, 4], 2), page([5], 4))
    module = generated_2025.module
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        items = list(
            module.paginate(
                op(mb, generated_2025, ITEMS), id="root", models=["card"], extra_query={"limit": 2}
            )
        )
    assert [i["id"] for i in items] == [1, 2, 3, 4, 5]
    queries = [parse_qs(s.query) for s in server.seen]
    assert [(q["limit"], q["offset"], q["models"]) for q in queries] == [
        (["2"], ["0"], ["card"]),
        (["2"], ["2"], ["card"]),
        (["2"], ["4"], ["card"]),
    ]


# The user's http_client, and credentials everywhere


def test_http_client_without_base_url_reaches_the_server(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1}'))
    module = generated_2025.module
    with module.MetabaseClient(server.url, api_key=SECRET, http_client=httpx.Client()) as mb:
        assert op(mb, generated_2025, CARD)(id=1) == {"id": 1}
    with pytest.raises(module.ConfigurationError, match="verify"):
        module.MetabaseClient(server.url, http_client=httpx.Client(), verify=False)
    with pytest.raises(module.ConfigurationError, match=r"httpx\.Client"):
        module.MetabaseClient(server.url, http_client=httpx.AsyncClient())
    with pytest.raises(module.ConfigurationError, match="absolute"):
        module.MetabaseClient("localhost:3000")


def test_password_in_the_url_stays_out_of_repr(generated_2025: Generated) -> None:
    mb = generated_2025.module.MetabaseClient("http://ada:s3cr3t-pw@metabase.local:3000")
    assert "s3cr3t-pw" not in repr(mb) and "metabase.local:3000" in repr(mb)
    assert "s3cr3t-pw" not in repr(mb._credentials)
    mb.close()


def test_connection_failure_keeps_no_credential_anywhere(generated_2025: Generated) -> None:
    with ScriptedServer() as closed:
        url = closed.url  # shut down on leaving: nothing listens there any more
    module = generated_2025.module
    for kwargs in ({"api_key": SECRET}, {"username": "ada", "password": PASSWORD}):
        with (
            module.MetabaseClient(url, max_retries=1, backoff=0.01, **kwargs) as mb,
            pytest.raises(module.TransportError) as caught,
        ):
            op(mb, generated_2025, CARD)(id=1)
        text = reachable_text(caught.value)
        assert SECRET not in text and PASSWORD not in text
        assert isinstance(caught.value.__cause__, httpx.ConnectError)


def test_debug_log_shows_requests_and_retries_without_credentials(
    generated_2025: Generated, server: ScriptedServer, caplog: pytest.LogCaptureFixture
) -> None:
    server.on("POST", "/api/session", Reply(body=b'{"id": "session-XYZ"}'))
    server.on(
        "GET", "/api/card/1", Reply(503, b"{}", headers={"Retry-After": "0"}), Reply(body=b"{}")
    )
    caplog.set_level(logging.DEBUG, logger=generated_2025.package)
    with sync_client(generated_2025, server, username="ada", password=PASSWORD) as mb:
        op(mb, generated_2025, CARD)(id=1)
    text = caplog.text
    assert "POST http://127.0.0.1" in text and "/api/card/1 -> 503" in text
    assert "retrying GET /api/card/{id} after 503" in text
    assert PASSWORD not in text and "session-XYZ" not in text and "[redacted]" in text


def test_a_307_keeps_method_body_and_credentials_on_the_same_origin(
    generated_2025: Generated, server: ScriptedServer
) -> None:
    server.on("POST", "/api/card/", Reply(307, b"", headers={"Location": "/v2/card/"}))
    server.on("POST", "/v2/card/", Reply(body=b'{"id": 3}'))
    body = {"name": "q", "display": "table", "dataset_query": {}, "visualization_settings": {}}
    with sync_client(generated_2025, server, api_key=SECRET) as mb:
        assert op(mb, generated_2025, CREATE_CARD)(body=body) == {"id": 3}
    first, second = server.seen
    assert (second.method, second.path, second.body) == ("POST", "/v2/card/", first.body)
    assert second.headers["x-api-key"] == SECRET


def test_the_configured_base_url_wins_over_the_http_clients(
    generated_2025: Generated, server: ScriptedServer, elsewhere: ScriptedServer
) -> None:
    server.on("GET", "/api/card/1", Reply(body=b'{"id": 1}'))
    own = httpx.Client(base_url=elsewhere.url, follow_redirects=True)
    with sync_client(generated_2025, server, api_key=SECRET, http_client=own) as mb:
        assert op(mb, generated_2025, CARD)(id=1) == {"id": 1}
    assert elsewhere.seen == [] and len(server.seen) == 1
