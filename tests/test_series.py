"""A release series on small made-up releases: the order of its members, each operation
followed back through moves and respellings, the aliases kept (and not kept, with why), the
routes a client takes to older releases, and the changelog's facts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from generator.diff.changelog import changelog, facts
from generator.diff.history import series_data
from generator.diff.order import member, order_series
from generator.diff.series import aliases, lineages, series_steps
from generator.errors import MbgenError
from generator.ir import IR, Endpoint, Param
from generator.render.history import routes
from generator.render.model import build_model
from generator.series_sources import index_dates
from tests.conftest import run_mbgen

INT = {"type": "integer"}
BODY = {"type": "object", "properties": {"name": {"type": "string"}}}
GET_ONE = "Fetch one thing with its settings and its owner."
CREATE = "Create a thing from a name, and return it."
OTHER = "List the other things, filtered by a and b."


def ep(method: str, path: str, description: str, *params: Param, **extra: Any) -> Endpoint:
    tag = "/" + "/".join(
        path.strip("/").split("/")[:-1] if "{" in path else path.strip("/").split("/")
    )
    if extra.get("body") is not None:
        extra.setdefault("body_media_type", "application/json")
    return Endpoint(method, path, tag, description=description, params=list(params), **extra)


def q(name: str, required: bool = False) -> Param:
    return Param(name, "query", required, INT)


def p(name: str) -> Param:
    return Param(name, "path", True, INT)


def ir(release: str, *endpoints: Endpoint) -> IR:
    return IR(release, {"format": "openapi", "name": release, "sha256": ""}, list(endpoints))


OLD = ir(
    "0.50",
    ep("GET", "/api/ee/thing/{id}", GET_ONE, p("id"), q("with_owner")),
    ep("POST", "/api/ee/thing/", CREATE, body=BODY),
    ep("GET", "/api/ee/other", OTHER, q("a"), q("b", required=True)),
    ep("GET", "/api/card/", "List cards."),
)
MIDDLE = ir(
    "0.51",
    ep("GET", "/api/thing/{thing-id}", GET_ONE, p("thing-id"), q("with-owner")),
    ep("POST", "/api/thing", CREATE, body=BODY),
    ep("GET", "/api/other", OTHER, q("a")),
    ep("GET", "/api/card/", "List cards."),
)
NEW = ir(
    "0.52",
    ep("GET", "/api/thing/{thing-id}", GET_ONE, p("thing-id"), q("with-owner"), q("extra")),
    ep("POST", "/api/thing", CREATE, body=BODY),
    ep("GET", "/api/other", OTHER, q("a")),
    ep("GET", "/api/card/", "List cards."),
    ep("GET", "/api/brand-new", "Something new."),
)
SERIES = [OLD, MIDDLE, NEW]


def test_moved_operations_keep_their_old_calls_where_the_parameters_map() -> None:
    lines = lineages(SERIES, series_steps(SERIES))
    kept, skipped = aliases(SERIES, lines)
    by_call = {f"{a.namespace}.{a.name}": a for a in kept}
    assert sorted(by_call) == ["ee_thing.create", "ee_thing.get"]
    get = by_call["ee_thing.get"]
    assert get.target == ("GET", "/api/thing/{thing-id}") and get.moved_in == "0.51"
    # the old names, mapped by place (path) and by Python name (`with_owner` is `with-owner`)
    assert get.params == [("id", ("path", "thing-id")), ("with_owner", ("query", "with-owner"))]
    assert [(s.call, s.moved_in) for s in skipped] == [("ee_other.list", "0.51")]
    assert "0.50 takes query parameter b, which has no counterpart now" in skipped[0].why


def test_each_operation_is_followed_back_with_the_releases_that_have_it() -> None:
    lines = lineages(SERIES, series_steps(SERIES))
    assert lines[("GET", "/api/thing/{thing-id}")].releases == ["0.50", "0.51", "0.52"]
    assert lines[("GET", "/api/brand-new")].releases == ["0.52"]
    first = lines[("GET", "/api/thing/{thing-id}")].links[0]
    assert first is not None and first.endpoint.path == "/api/ee/thing/{id}" and first.moved_after


def test_routes_to_older_releases() -> None:
    series = series_data(SERIES)
    model = build_model(NEW, "pkg")
    table = {(m, path): (call, entries) for m, path, call, entries in routes(model, series)}
    assert table[("GET", "/api/thing/{thing-id}")] == (
        "thing.get",
        [
            (
                "GET",
                "/api/ee/thing/{id}",
                (("path", "thing-id", "id"), ("query", "with-owner", "with_owner")),
                "",
            ),
            "",
            "",
        ],
    )
    assert table[("GET", "/api/brand-new")] == ("brand_new.list", [None, None, ""])
    older = table[("GET", "/api/other")][1][0]
    assert isinstance(older, tuple)
    assert older[:2] == ("GET", "/api/ee/other") and "0.50 requires query parameter b" in older[3]
    assert ("GET", "/api/card/") not in table  # the same everywhere: not in the table


def test_changelog_and_facts_agree() -> None:
    steps = series_steps(SERIES)
    text = changelog(SERIES, steps)
    data = facts(SERIES, steps)
    assert [r["release"] for r in data["releases"]] == ["0.50", "0.51", "0.52"]
    assert data["releases"][1]["counts"]["moved"] == 3
    assert data["releases"][2]["counts"]["added"] == 1
    assert text.index("## 0.52") < text.index("## 0.51")  # newest first
    assert "`GET /api/brand-new` (Python: `brand_new.list()`)" in text
    assert "(Python: `ee_thing.get()` -> `thing.get()`)" in text
    json.dumps(data)  # plain JSON


def _member(release: str, dates: dict[str, str] | None = None) -> Any:
    return member(ir(release), f"{release}.json", dates or {})


def test_a_series_is_sorted_by_release_whatever_the_order_given() -> None:
    dates = {"0.42.0": "2022-01-20", "0.58": "2025-12-05"}
    given = ["0.58", "2024-05-10", "0.42.0", "2022-07-27", "0.32.2"]
    ordered = order_series([_member(r, dates) for r in given])
    assert [m.name for m in ordered] == ["0.32.2", "0.42.0", "2022-07-27", "2024-05-10", "0.58"]


def test_a_dated_release_that_cannot_be_placed_is_refused() -> None:
    # 0.45's date is unknown: it may be older or newer than the 2024-05-10 document.
    with pytest.raises(MbgenError, match=r"cannot tell whether 0\.45 is older than 2024-05-10"):
        order_series(
            [_member(r, {"0.42.0": "2022-01-20"}) for r in ["0.42.0", "0.45", "2024-05-10"]]
        )


@pytest.mark.parametrize(
    ("release", "problem"),
    [(None, "the release is unknown"), ("latest", "neither a Metabase version nor a date")],
)
def test_a_member_must_name_its_release(release: str | None, problem: str) -> None:
    with pytest.raises(MbgenError, match=problem):
        member(IR(release, {}, []), "x.json", {})


def test_the_same_release_twice_is_refused() -> None:
    with pytest.raises(MbgenError, match="given twice"):
        order_series([_member("0.58"), _member("0.58")])


def test_dates_come_from_the_index_beside_the_files() -> None:
    root = Path(__file__).resolve().parent.parent / "specs"
    dates = index_dates([str(root / "metabase-0.58.json")])
    assert dates["0.58"] == "2025-12-05" and dates["2024-05-10"] == "2024-05-10"


SPECS = Path(__file__).resolve().parent.parent / "specs"
RAW_2025 = SPECS / "sources" / "metabase" / "openapi" / "metabase-2025-12.openapi.json"


@pytest.mark.parametrize(
    ("source", "previous", "problem"),
    [
        (
            "metabase-0.58.json",
            str(SPECS / "metabase-0.59.json"),
            "release 0.59 is newer than 0.58",
        ),
        ("metabase-0.59.json", str(RAW_2025), "the release is unknown"),
        ("metabase-0.59.json", "no-such-file.json", "no such file"),
        ("metabase-0.59.json", str(SPECS / "metabase-0.59.json"), "release 0.59 is given twice"),
    ],
)
def test_a_bad_series_is_one_line_and_writes_nothing(
    tmp_path: Path, source: str, previous: str, problem: str
) -> None:
    out = tmp_path / "out"
    result = run_mbgen("generate", str(SPECS / source), "-o", str(out), "--previous", previous)
    assert result.returncode == 1 and not out.exists()
    assert result.stderr.count("\n") == 1 and problem in result.stderr, result.stderr
    assert result.stderr.startswith("mbgen: ") and "Traceback" not in result.stderr
