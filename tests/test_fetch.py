"""`mbgen fetch` (and URL sources) against a real local HTTP(S) server: every auth flow, every
failure as one line with its own exit code, and credentials never shown."""

from __future__ import annotations

import json
import socket
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.sources.fetch import (
    EXIT_AUTH,
    EXIT_CONNECTION,
    EXIT_NOT_FOUND,
    EXIT_NOT_OPENAPI,
)
from tests.conftest import OPENAPI_2025, run_mbgen
from tests.fake_metabase import API_KEY, PASSWORD, USERNAME, FakeMetabase

SECRETS = (API_KEY, PASSWORD, "session-token-xyz")


@pytest.fixture
def metabase() -> Iterator[FakeMetabase]:
    with FakeMetabase() as server:
        yield server


def _assert_no_secrets(*texts: str) -> None:
    for text in texts:
        for secret in SECRETS:
            assert secret not in text


def _fails(result: subprocess.CompletedProcess[str], code: int, words: str) -> None:
    assert result.returncode == code, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    assert words.lower() in lines[0].lower(), lines[0]
    _assert_no_secrets(result.stdout, result.stderr)


def test_api_key_from_option_and_from_environment(metabase: FakeMetabase, tmp_path: Path) -> None:
    out = tmp_path / "openapi.json"
    result = run_mbgen("fetch", metabase.url, "-o", str(out), "--api-key", API_KEY)
    assert result.returncode == 0, result.stderr
    assert json.loads(out.read_text())["openapi"] == "3.1.0"
    assert metabase.state.requests[-1][2]["x-api-key"] == API_KEY
    out.unlink()
    result = run_mbgen("fetch", metabase.url, "-o", str(out), env={"MB_API_KEY": API_KEY})
    assert result.returncode == 0, result.stderr
    assert out.exists()
    _assert_no_secrets(result.stdout, result.stderr, out.read_text())


def test_session_token(metabase: FakeMetabase, tmp_path: Path) -> None:
    metabase.state.sessions.add("session-token-xyz")
    out = tmp_path / "o.json"
    result = run_mbgen(
        "fetch", metabase.url, "-o", str(out), "--session-token", "session-token-xyz"
    )
    assert result.returncode == 0, result.stderr
    assert metabase.state.requests[-1][2]["x-metabase-session"] == "session-token-xyz"


def test_login_posts_to_session_and_uses_the_id(metabase: FakeMetabase, tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    result = run_mbgen(
        "fetch",
        metabase.url,
        "-o",
        str(out),
        env={"MB_USERNAME": USERNAME, "MB_PASSWORD": PASSWORD},
    )
    assert result.returncode == 0, result.stderr
    assert metabase.state.logins == 1
    assert [r[:2] for r in metabase.state.requests] == [
        ("POST", "/api/session"),
        ("GET", "/api/docs/openapi.json"),
    ]


def test_login_retries_once_on_401(metabase: FakeMetabase, tmp_path: Path) -> None:
    metabase.state.reject_first_session = True
    out = tmp_path / "o.json"
    result = run_mbgen(
        "fetch", metabase.url, "-o", str(out), "--username", USERNAME, "--password", PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert metabase.state.logins == 2
    assert [r[:2] for r in metabase.state.requests] == [
        ("POST", "/api/session"),
        ("GET", "/api/docs/openapi.json"),
        ("POST", "/api/session"),
        ("GET", "/api/docs/openapi.json"),
    ]


def test_wrong_password(metabase: FakeMetabase, tmp_path: Path) -> None:
    result = run_mbgen(
        "fetch",
        metabase.url,
        "-o",
        str(tmp_path / "o.json"),
        "--username",
        USERNAME,
        "--password",
        "session-token-xyz",
    )
    _fails(result, EXIT_AUTH, "login failed (HTTP 401)")
    assert not (tmp_path / "o.json").exists()


@pytest.mark.parametrize(
    ("path", "code", "words"),
    [
        ("", EXIT_AUTH, "not authorised (HTTP 401)"),
        ("/forbidden/openapi.json", EXIT_AUTH, "HTTP 403"),
        ("/nothing/here.json", EXIT_NOT_FOUND, "Markdown"),
        ("/login-page/openapi.json", EXIT_NOT_OPENAPI, "HTML page"),
        ("/garbage/openapi.json", EXIT_NOT_OPENAPI, "not JSON"),
    ],
)
def test_failures_are_one_line_with_their_exit_code(
    metabase: FakeMetabase, tmp_path: Path, path: str, code: int, words: str
) -> None:
    out = tmp_path / "o.json"
    result = run_mbgen("fetch", metabase.url + path, "-o", str(out))
    _fails(result, code, words)
    assert not out.exists()


def test_refused_credentials_are_not_echoed(metabase: FakeMetabase, tmp_path: Path) -> None:
    result = run_mbgen(
        "fetch", metabase.url, "-o", str(tmp_path / "o.json"), "--api-key", "session-token-xyz"
    )
    _fails(result, EXIT_AUTH, "credentials were refused")


def test_connection_refused(tmp_path: Path) -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    result = run_mbgen("fetch", f"http://127.0.0.1:{port}", "-o", str(tmp_path / "o.json"))
    _fails(result, EXIT_CONNECTION, "connection refused")


def test_timeout(metabase: FakeMetabase, tmp_path: Path) -> None:
    result = run_mbgen(
        "fetch",
        metabase.url + "/slow/openapi.json",
        "-o",
        str(tmp_path / "o.json"),
        "--timeout",
        "0.5",
    )
    _fails(result, EXIT_CONNECTION, "timed out after 0.5 s")


def test_redirect_to_another_host_drops_credentials(metabase: FakeMetabase, tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    result = run_mbgen(
        "fetch", metabase.url + "/elsewhere/openapi.json", "-o", str(out), "--api-key", API_KEY
    )
    assert result.returncode == 0, result.stderr
    first, second = metabase.state.requests
    assert first[2].get("x-api-key") == API_KEY
    assert second[1] == "/open/openapi.json"
    assert "x-api-key" not in second[2]


def test_user_info_in_the_url_logs_in_and_is_never_shown(
    metabase: FakeMetabase, tmp_path: Path
) -> None:
    url = metabase.url.replace("http://", "http://admin%40example.com:wrong-secret@")
    result = run_mbgen("fetch", url, "-o", str(tmp_path / "o.json"))
    _fails(result, EXIT_AUTH, "login failed")
    assert "wrong-secret" not in result.stderr
    url = metabase.url.replace("http://", "http://admin%40example.com:s3cret-Passw0rd%21@")
    result = run_mbgen("fetch", url, "-o", str(tmp_path / "o.json"))
    assert result.returncode == 0, result.stderr
    assert metabase.state.logins == 1
    _assert_no_secrets(result.stderr)


def test_ingest_reads_a_url_source(metabase: FakeMetabase, tmp_path: Path) -> None:
    metabase.state.openapi = OPENAPI_2025.read_bytes()
    out = tmp_path / "ir.json"
    result = run_mbgen(
        "ingest", metabase.url, "-o", str(out), "--release", "2025-12", "--api-key", API_KEY
    )
    assert result.returncode == 0, result.stderr
    ir = json.loads(out.read_text())
    assert len(ir["endpoints"]) == 540
    assert API_KEY not in out.read_text()
    assert ir["source"]["name"] == metabase.url + "/api/docs/openapi.json"


@pytest.fixture(scope="module")
def tls_files(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("tls")
    cert, key = folder / "cert.pem", folder / "key.pem"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-addext",
            "subjectAltName=IP:127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    return cert, key


def test_tls_is_verified_by_default(tls_files: tuple[Path, Path], tmp_path: Path) -> None:
    cert, key = tls_files
    with FakeMetabase(cert, key) as server:
        out = tmp_path / "o.json"
        result = run_mbgen("fetch", server.url + "/open/openapi.json", "-o", str(out))
        _fails(result, EXIT_CONNECTION, "TLS certificate verification failed")
        assert not out.exists()
        result = run_mbgen(
            "fetch", server.url + "/open/openapi.json", "-o", str(out), "--no-verify-tls"
        )
        assert result.returncode == 0, result.stderr
        assert out.exists()


def test_a_metabase_behind_a_path_prefix(metabase: FakeMetabase, tmp_path: Path) -> None:
    out = tmp_path / "o.json"
    result = run_mbgen(
        "fetch",
        metabase.url + "/metabase/",
        "-o",
        str(out),
        env={"MB_USERNAME": USERNAME, "MB_PASSWORD": PASSWORD},
    )
    assert result.returncode == 0, result.stderr
    assert [r[:2] for r in metabase.state.requests] == [
        ("POST", "/metabase/api/session"),
        ("GET", "/metabase/api/docs/openapi.json"),
    ]
