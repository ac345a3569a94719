"""The runtime modules (generator/runtime/, copied into every generated package) on their own:
Retry-After parsing, backoff caps, redirect origins, redaction, error messages, credentials,
request options and paging."""

from __future__ import annotations

import ast
import copy
import email.utils
import math
import pickle
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from generator import runtime
from generator.runtime import errors
from generator.runtime._auth import Credentials
from generator.runtime._client import checked_base_url
from generator.runtime._paginate import paginate
from generator.runtime._redact import redact_url, safe_request
from generator.runtime._request import Request
from generator.runtime._retry import RetryPolicy, parse_retry_after
from generator.runtime._transport import may_follow
from generator.runtime.streaming import _filename

NOW = 1_700_000_000.0


def http_date(offset: float) -> str:
    return email.utils.formatdate(NOW + offset, usegmt=True)


@pytest.mark.parametrize(
    ("value", "seconds"),
    [
        ("3", 3.0),
        ("0", 0.0),
        (" 7 ", 7.0),
        ("1.5", 1.5),
        ("120", 120.0),
        (http_date(20), 20.0),
        (http_date(0), 0.0),
        (None, None),
        ("", None),
        ("-1", None),
        ("-0.5", None),
        ("nan", None),
        ("NaN", None),
        ("inf", None),
        ("-inf", None),
        ("1e3", None),
        ("1_000", None),
        ("soon", None),
        ("3 seconds", None),
        ("0x10", None),
        ("99999999999", None),  # more digits than any real wait
        (http_date(-30), None),  # in the past
        ("Fri, 31 Feb 2023 25:61:00 GMT", None),
        ("Mon, 32 Jan 99999 00:00:00 GMT", None),
        ("\x00\x01", None),
    ],
)
def test_retry_after_values(value: str | None, seconds: float | None) -> None:
    parsed = parse_retry_after(value, NOW)
    if seconds is None:
        assert parsed is None
    else:
        assert parsed is not None and math.isclose(parsed, seconds, abs_tol=0.001)


@pytest.mark.parametrize("value", ["-1", "nan", "inf", "soon", "", "86400", http_date(3600)])
def test_unusable_or_too_long_retry_after_falls_back_to_capped_backoff(value: str) -> None:
    policy = RetryPolicy(max_retries=10, backoff=0.5, max_backoff=4.0, max_retry_after=60.0)
    for attempt in range(10):
        delay = policy.delay(attempt, value, NOW)
        assert 0.0 < delay <= 4.0
        assert delay >= 0.75 * min(0.5 * 2**attempt, 4.0)  # jitter takes at most a quarter


def test_retry_after_within_the_cap_is_honoured() -> None:
    policy = RetryPolicy(max_backoff=1.0, max_retry_after=30.0)
    assert policy.delay(0, "25", NOW) == 25.0
    assert math.isclose(policy.delay(3, http_date(10), NOW), 10.0, abs_tol=0.001)
    assert policy.delay(0, "31", NOW) <= 1.0


def test_only_idempotent_requests_and_retry_statuses_are_retried() -> None:
    policy = RetryPolicy(max_retries=2)
    assert policy.should_retry(True, 503, 0) and policy.should_retry(True, None, 1)
    assert not policy.should_retry(True, 503, 2)
    assert not policy.should_retry(False, 503, 0)
    assert not policy.should_retry(True, 500, 0) and not policy.should_retry(True, 404, 0)


@pytest.mark.parametrize(
    ("target", "allowed"),
    [
        ("http://mb.example.com/api/card/1", True),
        ("https://mb.example.com/api/card/1", True),  # http -> https upgrade, same host
        ("https://mb.example.com:8443/api/card/1", False),
        ("http://mb.example.com:8080/api/card/1", False),
        ("http://evil.example.com/api/card/1", False),
        ("http://mb.example.com.evil.com/", False),
    ],
)
def test_redirects_may_only_stay_on_the_configured_origin(target: str, allowed: bool) -> None:
    base = httpx.URL("http://mb.example.com")
    assert may_follow(base, httpx.URL(target)) is allowed


def test_https_base_never_downgrades() -> None:
    assert not may_follow(httpx.URL("https://mb.example.com"), httpx.URL("http://mb.example.com"))


def test_redact_url_hides_the_password_only() -> None:
    assert redact_url("http://ada:pw@host:3000/x?y=1") == "http://ada:***@host:3000/x?y=1"
    assert redact_url("http://host/x") == "http://host/x"


def test_safe_request_drops_credentials_userinfo_and_body() -> None:
    request = httpx.Request(
        "POST",
        "http://ada:pw@host/api/session",
        headers={"x-api-key": "KEY", "X-Metabase-Session": "SESS", "Accept": "json"},
        json={"password": "PW"},
    )
    safe = safe_request(request)
    text = repr(safe) + str(safe.url) + str(safe.headers) + safe.read().decode()
    for secret in ("KEY", "SESS", "PW", ":pw@"):
        assert secret not in text
    assert safe.headers["accept"] == "json" and safe.url.path == "/api/session"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (None, "(no body)"),
        (b"", "(no body)"),
        ("   ", "(no body)"),
        ({"message": "Not found."}, "Not found."),
        ({"errors": {"name": "blank"}}, "{'name': 'blank'}"),
        (b"plain words", "plain words"),
    ],
)
def test_api_error_names_the_template_and_never_prints_none(body: Any, message: str) -> None:
    err = errors.error_for(404, body, "GET", "/api/card/{id}")
    assert isinstance(err, errors.NotFoundError)
    assert str(err) == f"404 on GET /api/card/{{id}}: {message}"


def test_every_error_class_derives_from_the_base() -> None:
    classes = [
        value
        for value in vars(errors).values()
        if isinstance(value, type) and issubclass(value, Exception)
    ]
    assert len(classes) >= 14
    assert all(issubclass(kind, errors.MetabaseError) for kind in classes)


@pytest.mark.parametrize(
    ("raised", "kind"),
    [
        (httpx.ConnectError("refused"), errors.TransportError),
        (httpx.ReadTimeout("slow"), errors.RequestTimeoutError),
        (httpx.TooManyRedirects("loop"), errors.RedirectError),
        (httpx.DecodingError("gzip"), errors.DecodingError),
        (httpx.InvalidURL("bad"), errors.InvalidRequestError),
        (httpx.LocalProtocolError("header"), errors.TransportError),
    ],
)
def test_httpx_errors_are_wrapped_with_a_request_free_cause(raised: Exception, kind: type) -> None:
    if isinstance(raised, httpx.RequestError):
        raised.request = httpx.Request("GET", "http://h/", headers={"x-api-key": "KEY"})
    safe = httpx.Request("GET", "http://h/")
    error, cause = errors.wrap_httpx_error(raised, "GET /api/card/{id}", safe)
    assert type(error) is kind and error.request is safe
    assert type(cause) is type(raised) and cause is not raised
    if isinstance(cause, httpx.RequestError):
        assert "KEY" not in str(cause.request.headers)


def test_credentials_never_show_a_secret() -> None:
    creds = Credentials(username="ada@example.com", password="PW-123")
    assert "PW-123" not in repr(creds) and repr(creds) == "Credentials(login)"
    assert "PW-123" not in repr(Request("POST", "/api/session", body=creds.login_body()))


def test_a_refused_session_is_replaced_once_per_generation() -> None:
    creds = Credentials(username="ada", password="pw")
    creds.take_session({"id": "s1"})
    generation = creds.generation
    assert creds.forget_session(generation) is True
    creds.take_session({"id": "s2"})
    assert creds.forget_session(generation) is False  # another call already logged in again
    assert creds.headers() == {"X-Metabase-Session": "s2"}


def test_credentials_misuse_is_a_value_error_and_a_metabase_error() -> None:
    with pytest.raises(errors.ConfigurationError) as caught:
        Credentials(username="ada")
    assert isinstance(caught.value, ValueError)
    with pytest.raises(errors.ConfigurationError):
        Credentials(api_key="k", session_token="s")


@pytest.mark.parametrize(
    "bad", ["localhost:3000", "/api", "ftp://host", "http://", "http://host:x", "http:///x"]
)
def test_base_url_must_be_absolute_http(bad: str) -> None:
    with pytest.raises(errors.ConfigurationError, match="base_url"):
        checked_base_url(bad)


def test_extra_query_and_headers_merge_over_the_operation() -> None:
    request: Request[Any] = Request(
        "GET",
        "/api/user/",
        query={"status": "active", "query": None},
        headers={"X-A": "1"},
        extra_query={"limit": 10, "offset": 20, "status": "all"},
        extra_headers={"X-B": "2"},
    )
    assert request.query_params() == [("status", "all"), ("limit", "10"), ("offset", "20")]
    assert request.header_values() == {"X-A": "1", "X-B": "2"}
    assert "X-B" not in repr(request)


def _pages(items: list[int], honour_limit: bool = True) -> Any:
    calls: list[dict[str, Any]] = []

    def call(**kwargs: Any) -> Any:
        calls.append(kwargs)
        query = kwargs["extra_query"]
        limit, offset = query["limit"], query["offset"]
        if not honour_limit:
            return {"data": items, "total": len(items), "limit": None, "offset": None}
        return {"data": items[offset : offset + limit], "total": len(items), "limit": limit}

    return call, calls


def test_paginate_walks_every_page_once() -> None:
    call, calls = _pages(list(range(23)))
    extra = {"limit": 10, "legacy": True}
    assert list(paginate(call, id=1, extra_query=extra)) == list(range(23))
    assert [c["extra_query"]["offset"] for c in calls] == [0, 10, 20]
    assert all(c["id"] == 1 and c["extra_query"]["legacy"] is True for c in calls)
    assert extra == {"limit": 10, "legacy": True}  # the caller's mapping is not changed


def test_paginate_stops_when_the_endpoint_ignores_limit() -> None:
    call, calls = _pages(list(range(7)), honour_limit=False)
    assert list(paginate(call, extra_query={"limit": 3})) == list(range(7))
    assert len(calls) == 1


def test_paginate_pages_of_100_unless_the_call_says_its_limit() -> None:
    call, calls = _pages(list(range(150)))
    assert len(list(paginate(call))) == 150
    assert [c["extra_query"]["limit"] for c in calls] == [100, 100]
    for bad in (0, -1, "10", True):
        with pytest.raises(ValueError, match="page size"):
            list(paginate(call, extra_query={"limit": bad}))


def test_paginate_refuses_an_answer_that_is_not_a_page() -> None:
    with pytest.raises(errors.DecodingError, match="not a paged answer"):
        list(paginate(lambda **_: [1, 2, 3]))


def test_errors_survive_copy_and_pickle() -> None:
    err = errors.error_for(404, {"message": "gone"}, "GET", "/api/card/{id}")
    for clone in (copy.copy(err), pickle.loads(pickle.dumps(err))):
        assert type(clone) is errors.NotFoundError and str(clone) == str(err)
        assert (clone.status_code, clone.body, clone.path) == (
            404,
            {"message": "gone"},
            "/api/card/{id}",
        )


def test_runtime_modules_import_only_each_other_httpx_and_the_standard_library() -> None:
    """They are copied into packages that have no `generator` to import. typing_extensions
    is named only for type checkers (PEP 702's `deprecated` before Python 3.13, in every
    checker's bundled stubs), never imported at run time."""
    folder = Path(runtime.__file__).parent
    for path in sorted(folder.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or ""] if node.level == 0 else []
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            for name in names:
                top = name.split(".")[0]
                allowed = top in ("httpx", "typing_extensions") or top in sys.stdlib_module_names
                assert allowed, (path.name, name)


@pytest.mark.parametrize(
    ("disposition", "expected"),
    [
        ('attachment; filename="orders.csv"', "orders.csv"),
        ("attachment; filename=orders.csv", "orders.csv"),
        ('attachment; filename="a;b.csv"', "a;b.csv"),
        ("attachment; filename*=UTF-8''caf%C3%A9.csv", "café.csv"),
        ('attachment; filename="../../home/user/.bashrc"', ".bashrc"),
        ('attachment; filename="/etc/cron.d/x"', "x"),
        ('attachment; filename="..\\..\\win.ini"', "win.ini"),
        ('attachment; filename=".."', None),
        ('attachment; filename="dir/"', None),
        ('attachment; filename="a\x00b\nc"', "abc"),
        ("inline", None),
        ("", None),
    ],
)
def test_a_streamed_answer_names_a_file_never_a_folder(
    disposition: str, expected: str | None
) -> None:
    """The server names the file an export is saved under; it never chooses where it goes."""
    assert _filename(httpx.Headers({"Content-Disposition": disposition})) == expected
