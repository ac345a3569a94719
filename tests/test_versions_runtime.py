"""The runtime's version handling on its own (generator/runtime/_version_tags.py, _versions.py):
reading Metabase version tags, which releases of a series a server may run, and what a call
becomes for it: the same request, one rerouted to an older path, or a refusal."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from generator.runtime._request import Request
from generator.runtime._version_tags import candidates, parse_version
from generator.runtime._versions import UnsupportedOperationError, VersionGate, version_tag
from generator.runtime.errors import ConfigurationError, MetabaseError

BUNDLED = [
    "0.21.0-snapshot",
    "0.32.2",
    "2020-10-22",
    "0.42.0",
    "2022-07-27",
    "2023-01-05",
    "2024-05-10",
    "0.58",
    "0.59",
    "0.63.2",
]


@pytest.mark.parametrize(
    ("tag", "version"),
    [
        ("v0.58.3", (58, 3, 0, 1)),
        ("v1.58.3", (58, 3, 0, 1)),  # the Enterprise edition numbers the same release 1.x
        ("0.58", (58, 0, 0, 1)),
        ("v0.46.6.1", (46, 6, 1, 1)),
        ("0.21.0-snapshot", (21, 0, 0, 0)),
        ("v0.50.0-RC2", (50, 0, 0, 0)),
        (" v0.59.1 ", (59, 1, 0, 1)),
        ("vLOCAL_DEV", None),
        ("2024-05-10", None),
        ("v2.1.0", None),  # not a Metabase major
        ("", None),
        ("0.5x", None),
    ],
)
def test_version_tags(tag: str, version: tuple[int, ...] | None) -> None:
    assert parse_version(tag) == version


@pytest.mark.parametrize(
    ("server", "releases"),
    [
        ("0.20.1", ["0.21.0-snapshot"]),  # older than the series: its oldest release
        ("0.21.0", ["0.21.0-snapshot"]),
        ("0.32.2", ["0.32.2"]),
        ("0.37.1", ["0.32.2", "2020-10-22"]),  # a dated release covers what is between
        ("0.42.3", ["0.42.0"]),  # the dated ones come after 0.42's minor release
        ("0.45.0", ["0.42.0", "2022-07-27", "2023-01-05", "2024-05-10"]),
        ("0.57.9", ["0.42.0", "2022-07-27", "2023-01-05", "2024-05-10"]),
        ("0.58.0-RC1", ["0.42.0", "2022-07-27", "2023-01-05", "2024-05-10"]),
        ("0.58.3", ["0.58"]),
        ("1.59.1", ["0.59"]),
        ("0.70.0", ["0.63.2"]),
    ],
)
def test_which_releases_a_server_may_run(server: str, releases: list[str]) -> None:
    versions = [parse_version(r) for r in BUNDLED]
    version = parse_version(server)
    assert version is not None
    assert [BUNDLED[i] for i in candidates(versions, version)] == releases


def _table(routes: dict[tuple[str, str], tuple[str, tuple[Any, ...]]]) -> SimpleNamespace:
    series = (("0.58", (58, 0, 0, 1)), ("0.59", (59, 0, 0, 1)), ("0.63.2", (63, 2, 0, 1)))
    return SimpleNamespace(SERIES=series, ROUTES=routes)


MOVED = ("GET", "/api/ee/transform/{id}", (("path", "transform-id", "id"),), "")
TABLE = _table(
    {
        ("GET", "/api/transform/{transform-id}"): ("transform.get", (MOVED, "", "")),
        ("GET", "/api/new"): ("new.list", (None, None, "")),
        ("POST", "/api/changed"): (
            "changed.create",
            (("POST", "/api/ee/changed", (), "0.58 takes the required query parameter x"), "", ""),
        ),
    }
)


def test_a_moved_operation_goes_to_the_old_path_with_its_parameter_names() -> None:
    gate = VersionGate("0.58.3", TABLE)
    request: Request[Any] = Request(
        "GET", "/api/transform/{transform-id}", path_params={"transform-id": 7}, query={"a": 1}
    )
    routed = gate.route(request)
    assert (routed.method, routed.path, routed.path_params) == (*MOVED[:2], {"id": 7})
    assert routed.url_path() == "/api/ee/transform/7" and routed.query == {"a": 1}
    assert VersionGate("0.59.0", TABLE).route(request) is request


def test_an_operation_the_release_lacks_is_refused_naming_it() -> None:
    with pytest.raises(UnsupportedOperationError) as caught:
        VersionGate("v1.58.3", TABLE).route(Request("GET", "/api/new"))
    err = caught.value
    assert isinstance(err, MetabaseError)
    assert (err.operation, err.server_version, err.releases) == ("new.list", "v1.58.3", ["0.63.2"])
    assert "new.list()" in str(err) and "0.58" in str(err) and "Nothing was sent" in str(err)


def test_a_move_whose_parameters_do_not_map_is_refused_saying_why() -> None:
    with pytest.raises(UnsupportedOperationError, match="required query parameter x"):
        VersionGate("0.58.1", TABLE).route(Request("POST", "/api/changed"))


def test_operations_the_same_everywhere_are_left_alone() -> None:
    request: Request[Any] = Request("GET", "/api/card")
    assert VersionGate("0.58.1", TABLE).route(request) is request


@pytest.mark.parametrize("setting", ["latest", "", "0.58.x.y", "2024-05-10"])
def test_a_setting_that_is_not_a_version_is_a_configuration_error(setting: str) -> None:
    with pytest.raises(ConfigurationError, match="server_version"):
        VersionGate(setting, TABLE)


@pytest.mark.parametrize(
    ("properties", "tag"),
    [
        ({"version": {"tag": "v0.58.3"}}, "v0.58.3"),
        ({"version": {"tag": 58}}, None),
        ({"version": "v0.58.3"}, None),
        ([], None),
        (None, None),
    ],
)
def test_version_tag_of_odd_properties(properties: Any, tag: str | None) -> None:
    assert version_tag(properties) == tag


def test_auto_with_an_unreadable_tag_routes_nothing(caplog: pytest.LogCaptureFixture) -> None:
    gate = VersionGate("auto", TABLE)
    gate.resolve(lambda: {"version": {"tag": "vLOCAL_DEV"}})
    request: Request[Any] = Request("GET", "/api/new")
    assert gate.route(request) is request
    assert "vLOCAL_DEV" in caplog.text


def test_auto_asks_once_and_again_after_a_failure() -> None:
    gate = VersionGate("auto", TABLE)
    asked: list[int] = []

    def failing() -> Any:
        asked.append(1)
        raise MetabaseError("down")

    with pytest.raises(MetabaseError):
        gate.resolve(failing)

    def answering(mark: int) -> Any:
        def fetch() -> Any:
            asked.append(mark)
            return {"version": {"tag": "v0.58.3"}}

        return fetch

    gate.resolve(answering(2))
    gate.resolve(answering(3))
    assert asked == [1, 2]
    assert gate.version == (58, 3, 0, 1)


def test_deprecated_warns_at_the_callers_line_and_keeps_coroutines() -> None:
    import asyncio
    import inspect

    from generator.runtime._deprecation import deprecated

    @deprecated("old: use new")
    def old(x: int) -> int:
        return x + 1

    @deprecated("aold: use anew")
    async def aold(x: int) -> int:
        return x + 2

    with pytest.warns(DeprecationWarning, match="old: use new") as caught:
        assert old(1) == 2
    assert caught[0].filename == __file__
    assert inspect.iscoroutinefunction(aold) and not inspect.iscoroutinefunction(old)
    with pytest.warns(DeprecationWarning, match="aold: use anew") as caught:
        assert asyncio.run(aold(1)) == 3
    assert getattr(old, "__deprecated__", None) == "old: use new"
    assert getattr(aold, "__deprecated__", None) == "aold: use anew"
