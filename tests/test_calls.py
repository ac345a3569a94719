"""Raw HTTP calls of Metabase's API in code written for these tests: every form the scanner
recognises, the strings it must not take for calls, and matching paths against a release."""

from __future__ import annotations

import ast
import textwrap
from pathlib import Path

import pytest

from generator.calls.files import python_files
from generator.calls.inventory import match_calls, python_call, scan_files, scan_tree
from generator.calls.paths import HOLE, EndpointIndex, api_path
from generator.calls.raw import RawCall, Unresolved
from generator.diff.impact import ClientNames
from generator.ir import IR, Endpoint, Param


def scan(code: str) -> tuple[list[RawCall], list[Unresolved]]:
    return scan_tree(ast.parse(textwrap.dedent(code)), "example.py")


def found(code: str) -> list[tuple[int, str, str]]:
    """(line, method, path with {} for holes) of each call found."""
    calls, _ = scan(code)
    return [(c.line, c.method, c.path.replace(HOLE, "{}")) for c in calls]


def test_one_literal_with_the_method_from_the_function_name() -> None:
    code = """
    import requests, httpx
    requests.get("http://mb/api/card")
    session.post("http://mb/api/card", json={"name": "x"})
    client.put("/api/card/1", json={})
    httpx.delete("/api/card/2")
    """
    assert found(code) == [
        (3, "GET", "/api/card"),
        (4, "POST", "/api/card"),
        (5, "PUT", "/api/card/1"),
        (6, "DELETE", "/api/card/2"),
    ]


def test_f_string_format_percent_and_concatenation() -> None:
    code = """
    def f(host, card_id, url):
        requests.get(f"{host}/api/card/{card_id}")
        requests.get("/api/card/{}/query".format(card_id))
        requests.get("/api/card/{cid}/query".format(cid=card_id))
        requests.get("/api/card/%s/related" % card_id)
        requests.get("/api/card/%(c)s" % {"c": card_id})
        requests.post(url + "/api/card")
    """
    calls, _ = scan(code)
    assert [(c.path.replace(HOLE, "{}"), c.form) for c in calls] == [
        ("/api/card/{}", "f-string"),
        ("/api/card/{}/query", "format"),
        ("/api/card/{}/query", "format"),
        ("/api/card/{}/related", "percent"),
        ("/api/card/{}", "percent"),
        ("/api/card", "concat"),
    ]
    assert calls[0].template == "/api/card/{card_id}"


def test_method_from_a_string_argument() -> None:
    code = """
    class C:
        def go(self):
            self.api("get", "/api/card")
            request("POST", "/api/dashboard")
            self._api(method="put", path="/api/field/3")
    """
    assert found(code) == [
        (4, "GET", "/api/card"),
        (5, "POST", "/api/dashboard"),
        (6, "PUT", "/api/field/3"),
    ]


def test_a_base_url_that_ends_in_api() -> None:
    code = """
    class Client:
        def __init__(self, url):
            self.api_url = url + "/api"
        def me(self):
            return requests.get(self.api_url + "/user/current")
        def card(self, i):
            return requests.get(f"{self.api_url}/card/{i}")
    """
    assert found(code) == [(6, "GET", "/api/user/current"), (8, "GET", "/api/card/{}")]


def test_a_wrapper_that_prefixes_api_is_followed() -> None:
    code = """
    class Client:
        def __init__(self, base):
            self.api_url = f"{base}/api"
        def _request(self, method, endpoint, **kw):
            url = f"{self.api_url}/{endpoint.lstrip('/')}"
            return self._session.request(method, url, **kw)
        def _get(self, endpoint):
            return self._request("get", endpoint)
        def card(self, i):
            return self._request("get", f"/card/{i}")
        def tree(self):
            return self._get("/collection/tree")
        def create(self, payload):
            return self._request("post", "/card", json=payload)
    """
    calls, unresolved = scan(code)
    assert [(c.line, c.method, c.path.replace(HOLE, "{}")) for c in calls] == [
        (11, "GET", "/api/card/{}"),
        (13, "GET", "/api/collection/tree"),
        (15, "POST", "/api/card"),
    ]
    assert calls[0].form == "f-string via _request"
    assert calls[2].body_keys is None  # built elsewhere: not known
    assert unresolved == []


def test_a_wrapper_given_the_method_as_a_function() -> None:
    code = """
    class Client:
        def request(self, method, path, data=None):
            return method(self.url + "/api" + path, json=data)
        def get(self, path):
            return self.request(requests.get, path)
        def cards(self):
            return self.get("/card")
    """
    assert found(code) == [(8, "GET", "/api/card")]


def test_literal_values_query_strings_and_trailing_slashes() -> None:
    calls, _ = scan("""
    requests.get(base + "/api/database/1/")
    requests.get(base + "/api/user?include_deactivated=true&f=all")
    requests.post(base + "/api/card/7/query/csv", params={"format_rows": "true"})
    """)
    assert [c.path for c in calls] == ["/api/database/1", "/api/user", "/api/card/7/query/csv"]
    assert calls[1].query_keys == frozenset({"include_deactivated", "f"})
    assert calls[2].query_keys == frozenset({"format_rows"})


def test_a_placeholder_can_be_any_expression() -> None:
    calls, _ = scan("""
    for table in tables:
        requests.put(f"{url}/api/table/{table['id']}", json={"display_name": "x"})
    """)
    assert calls[0].template == "/api/table/{table['id']}"
    assert calls[0].body_keys == frozenset({"display_name"})


def test_a_narrowed_segment_expands_to_each_value() -> None:
    code = """
    def get_item(self, item_type, item_id):
        assert item_type in ["card", "dashboard", None]
        return self.get("/api/{}/{}".format(item_type, item_id))

    def export(self, card_id, fmt):
        if fmt in ("csv", "json"):
            self.post(f"/api/card/{card_id}/query/{fmt}")
    """
    assert found(code) == [
        (4, "GET", "/api/card/{}"),
        (4, "GET", "/api/dashboard/{}"),
        (8, "POST", "/api/card/{}/query/csv"),
        (8, "POST", "/api/card/{}/query/json"),
    ]


def test_the_line_is_the_calls_or_its_paths_inside_a_call_over_several_lines() -> None:
    code = """
    def get_card(card_id):
        api_card_url = "/api/card/{}".format(card_id)
        call_api("get", api_card_url)
        call_api("put", api_card_url, json={})
        self._api(
            method="post",
            path="/api/session",
        )
    """
    assert found(code) == [
        (4, "GET", "/api/card/{}"),
        (5, "PUT", "/api/card/{}"),
        (8, "POST", "/api/session"),
    ]


def test_not_calls_docstrings_comments_ui_links_and_other_strings() -> None:
    code = '''
    def card_url(self, uid):
        """GET /api/card/{id} returns the card: see requests.get("/api/card")."""
        # requests.get(f"{self.url}/api/card/{uid}")
        logger.info("calling /api/card/%s", uid)
        print(f"{self.url}/api/card/{uid}")
        webbrowser.open(f"{self.url}/card/{uid}")
        requests.get(f"{self.url}/card/{uid}")
        return f"{self.url}/api/card/{uid}"
    '''
    assert scan(code) == ([], [])


def test_a_computed_namespace_or_method_is_unresolved_not_guessed() -> None:
    calls, unresolved = scan("""
    def get(self, kind, i, verb):
        requests.get(f"{self.url}/api/{kind}/{i}")
        requests.request(verb.upper(), f"{self.url}/api/card")
    """)
    assert calls == []
    assert [(u.line, u.reason) for u in unresolved] == [
        (3, "the namespace is an argument (read at each call)"),
        (4, "the method is computed"),
    ]


def test_the_wrapper_itself_is_not_a_call() -> None:
    calls, _ = scan("""
    class C:
        def _api(self, method, path, **kw):
            return self.session.request(method=method, url=f"{self.url}{path}", **kw)
    """)
    assert calls == []


# --- paths and matching ---------------------------------------------------------------------


def _ir(*paths: str) -> IR:
    endpoints = []
    for label in paths:
        method, path = label.split(" ")
        params = [
            Param(name, "path", True, {"type": "integer"})
            for name in (s[1:-1] for s in path.split("/") if s.startswith("{"))
        ]
        endpoints.append(Endpoint(method, path, "/api/" + path.split("/")[2], params=params))
    return IR("test", {}, endpoints)


def test_api_path_keeps_only_the_metabase_part() -> None:
    assert api_path(f"{HOLE}/api/user/?x=1#top") == api_path("/api/user?x=1")
    assert api_path(f"{HOLE}/card/{HOLE}") is None
    assert api_path(f"{HOLE}/apiary/card") is None
    found_path = api_path(f"{HOLE}//api//card/")
    assert found_path is not None and found_path.path == "/api/card"


def test_templates_match_on_fixed_segments_whatever_the_names() -> None:
    index = EndpointIndex(
        _ir("GET /api/card/{id}", "GET /api/card/embeddable", "GET /api/card/{card-id}/query/{f}")
    )
    card = index.match("GET", f"/api/card/{HOLE}")
    assert card is not None and card.path == "/api/card/{id}"
    embeddable = index.match("GET", "/api/card/embeddable")
    assert embeddable is not None and embeddable.path == "/api/card/embeddable"
    export = index.match("GET", f"/api/card/{HOLE}/query/csv")
    assert export is not None and export.path == "/api/card/{card-id}/query/{f}"
    assert index.match("POST", "/api/card/1") is None
    assert index.match("GET", f"/api/{HOLE}/1") is None  # a hole is never a fixed word


def test_the_equivalent_call_names_a_slot_inside_a_segment_and_the_path_parameter() -> None:
    fks = Endpoint(
        "GET",
        "/api/table/card__{id}/fks",
        "/api/table",
        params=[Param("id", "path", True, {"type": "integer"})],
    )
    both = Endpoint(
        "GET",
        "/api/card/{id}",
        "/api/card",
        params=[Param("id", "query", False, {}), Param("id", "path", True, {})],
    )
    names = ClientNames(IR("test", {}, [fks, both]))
    assert python_call(names, fks, "/api/table/card__7/fks") == "table.get_card_fks(id=7)"
    assert python_call(names, fks, f"/api/table/card__{HOLE}/fks") == ("table.get_card_fks(id=...)")
    # As the rendered client names them: the path's `id` is `id`, the query's `id_`.
    assert python_call(names, both, "/api/card/5") == "card.get(id=5)"
    assert names.argument(both, "id", "query") == "id_"


def test_the_generated_clients_equivalent_call() -> None:
    ir = _ir("GET /api/database/{id}", "GET /api/card/{card-id}/query/{export-format}")
    names = ClientNames(ir)
    database, export = ir.endpoints
    assert python_call(names, database, "/api/database/1") == "database.get(id=1)"
    assert (
        python_call(names, export, f"/api/card/{HOLE}/query/csv")
        == "card.export_query(id=..., export_format='csv')"
    )


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_a_path_the_release_does_not_have_is_reported_with_no_endpoint(method: str) -> None:
    calls, _ = scan(f'requests.{method.lower()}(base + "/api/metric/1")')
    [result], ignored = match_calls(_ir("GET /api/card/{id}"), calls)
    assert result.endpoint is None and result.python is None and ignored == []
    assert result.call.template == "/api/metric/1"
    # Bundled releases had it: which did, with its path as they publish it.
    assert result.seen is not None and result.seen.path == "/api/metric/{id}"


def test_class_constants_urljoin_and_a_callable_method_argument() -> None:
    code = """
    class Cards:
        PATH = "/api/card"
        def list(self, token):
            return self.client.request("get", self.PATH, token)

    class Loader:
        def __init__(self, endpoint):
            self.api = f"{endpoint}/api"
        @staticmethod
        def make_request(request, url):
            return request(url=url)
        def tables(self):
            return self.make_request(self.session.get, f"{self.api}/table")

    def send(method, path):
        return requests.request(method, urljoin(BASE, path))

    send("delete", "/api/card/3")
    """
    assert found(code) == [
        (5, "GET", "/api/card"),
        (14, "GET", "/api/table"),
        (19, "DELETE", "/api/card/3"),
    ]


def test_loops_and_comprehensions_over_built_urls() -> None:
    code = """
    def metadata(self, ids):
        urls = [f"{self.url}/api/table/{i}/query_metadata" for i in ids]
        pages = [client.get(u) for u in urls]
        for url in urls:
            self.session.get(url=url)
        return self.session.get(url=urls[0])
    """
    assert found(code) == [
        (4, "GET", "/api/table/{}/query_metadata"),
        (6, "GET", "/api/table/{}/query_metadata"),
        (7, "GET", "/api/table/{}/query_metadata"),
    ]


def test_a_dict_get_of_a_parameter_does_not_make_a_wrapper() -> None:
    code = """
    class C:
        def update(self, params, column_id=None, column_name=None):
            column_id = mapping.get(column_name)
            return self.put("/api/field/{}".format(column_id), json=params)
    """
    assert found(code) == [(5, "PUT", "/api/field/{}")]


def test_deep_or_wide_code_is_bounded_not_a_crash() -> None:
    chain = " + ".join(['"/x"'] * 400)
    values = ", ".join(f'"v{i}"' for i in range(50))
    code = f"""
    def f(a, b):
        assert a in [{values}]
        assert b in [{values}]
        requests.get(base + "/api/" + {chain})
        requests.get(f"{{base}}/api/card/{{a}}/{{b}}")
    """
    calls, _ = scan(code)
    # The 400-piece chain is one computed value past 64 pieces (its `/api` is out of sight: no
    # call, no crash), and 50 x 50 narrowed values give the first 64 paths, not 2,500.
    assert len(calls) == 64
    assert all(c.path.startswith("/api/card/v") for c in calls)


def test_a_property_that_returns_built_text_is_read_as_that_text() -> None:
    code = '''
    class Dashboards:
        def __init__(self, site):
            self.site = site

        @property
        def base(self):
            """Where dashboards live: /api/dashboard, see requests.get("/api/card")."""
            return "{}/api/dashboard".format(self.site)

        @property
        def public(self):
            return self.site + "/public/dashboard"

        @property
        def shown(self):
            return f"{self.site}/api/activity"

        def fetch(self, board_id):
            url = "{}/{}".format(self.base, board_id)
            requests.get(url=url)
            requests.post(self.base, json={"name": "x"})
            requests.get(self.public)
            requests.put("%s/%s/cards" % (self.base, board_id))
            requests.get(self.shown())

    class Unrelated:
        def fetch(self):
            requests.get(self.base)
    '''
    calls, _ = scan(code)
    assert [(c.line, c.method, c.path.replace(HOLE, "{}"), c.form) for c in calls] == [
        (21, "GET", "/api/dashboard/{}", "format"),
        (22, "POST", "/api/dashboard", "format"),
        (24, "PUT", "/api/dashboard/{}/cards", "percent"),
    ]
    assert calls[0].template == "/api/dashboard/{board_id}"


def test_a_property_of_several_statements_gives_each_of_its_returns() -> None:
    code = """
    class C:
        @property
        def url(self):
            if self.beta:
                return self.site + "/api/beta"
            return self.site + "/api/card"

        @property
        def looked_up(self):
            return self.urls["card"]

        @url.setter
        def url(self, value):
            return "/api/setting"

        def go(self):
            requests.get(self.url)
            requests.get(self.looked_up)
    """
    # Both returns, never the setter's; a value looked up in a dict the code does not show is
    # no path.
    assert found(code) == [(18, "GET", "/api/beta"), (18, "GET", "/api/card")]


def test_a_method_that_returns_built_text_is_read_with_its_arguments() -> None:
    code = """
    class Session:
        def __init__(self, host):
            self.host = host

        def __login_url(self):
            return "{}/api/session".format(self.host)

        def _card_url(self, card_id):
            return f"{self.host}/api/card/{card_id}"

        @classmethod
        def health(cls):
            return "/api/health"

        def login(self, user):
            requests.post(url=self.__login_url(), json={"username": user})
            requests.get(self.__login_url)
            requests.get(self._card_url(3))
            requests.get(self.health())
    """
    # `self.__login_url` without a call is the method, not its text; `self._card_url(3)` is
    # read with its argument.
    assert found(code) == [
        (17, "POST", "/api/session"),
        (19, "GET", "/api/card/3"),
        (20, "GET", "/api/health"),
    ]


def test_a_loop_over_rows_expands_each_column_to_its_values() -> None:
    code = """
    class Counts:
        def count(self):
            for label, path in [("cards", "/api/card"), ("boards", "/api/dashboard")]:
                self.session.get(path)
            for kind, name in {"table": "t", "field": "f"}.items():
                requests.get(f"{self.url}/api/{kind}/{name}")
            for path, n in (("/api/user", 1), ("/api/user", None), ("/api/pulse", 2)):
                requests.delete(path)
            for one, two in (("/api/a", "/api/b"), "/api/c"):
                requests.get(two)
    """
    assert found(code) == [
        (5, "GET", "/api/card"),
        (5, "GET", "/api/dashboard"),
        (7, "GET", "/api/table/t"),
        (7, "GET", "/api/field/f"),
        (9, "DELETE", "/api/user"),
        (9, "DELETE", "/api/pulse"),
    ]


def test_a_variable_built_from_its_own_earlier_value() -> None:
    code = """
    def export(self, card_id, fmt):
        url = f"{self.url}/api/card/{card_id}/query"
        url = "{}/{}".format(url, fmt)
        url = url + "?format_rows=true"
        requests.post(url=url)
    """
    assert found(code) == [(6, "POST", "/api/card/{}/query/{}")]


# --- a code base of several modules -----------------------------------------------------------


def scan_files_of(tmp_path: Path, files: dict[str, str]) -> list[tuple[str, int, str, str]]:
    """(file, line, method, path with {} for holes) of each call in a code base of these files."""
    for name, code in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(code))
    scanned = scan_files(python_files(tmp_path))
    return [
        (str(Path(c.file).relative_to(tmp_path)), c.line, c.method, c.path.replace(HOLE, "{}"))
        for c in scanned.calls
    ]


def test_a_module_constant_imported_as_a_path_segment(tmp_path: Path) -> None:
    files = {
        "pkg/__init__.py": "",
        "pkg/names.py": 'DASHBOARD = "dashboard"\nCARD: str = "card"\n',
        "pkg/api.py": """
        import requests
        from pkg.names import DASHBOARD
        from pkg import names

        def dashboard(base, dashboard_id):
            return requests.get(f"{base}/api/{DASHBOARD}/{dashboard_id}")

        def card(base, card_id):
            return requests.get("{}/api/{}/{}".format(base, names.CARD, card_id))
        """,
    }
    assert scan_files_of(tmp_path, files) == [
        ("pkg/api.py", 7, "GET", "/api/dashboard/{}"),
        ("pkg/api.py", 10, "GET", "/api/card/{}"),
    ]


def test_a_base_url_made_by_a_method_of_several_statements(tmp_path: Path) -> None:
    files = {"client.py": """
        import httpx

        class Client:
            def __init__(self, url):
                self.url = url

            def _base(self):
                url = self.url.rstrip("/")
                if not url.startswith("http"):
                    url = "https://" + url
                return f"{url}/api"

            @property
            def api(self):
                base = self._base()
                return base

            def card(self, card_id):
                return httpx.get(f"{self._base()}/card/{card_id}")

            def me(self):
                return httpx.get(self.api + "/user/current")
        """}
    assert scan_files_of(tmp_path, files) == [
        ("client.py", 20, "GET", "/api/card/{}"),
        ("client.py", 23, "GET", "/api/user/current"),
    ]


def test_a_dataclass_field_given_where_the_class_is_made(tmp_path: Path) -> None:
    files = {
        "conf.py": """
        from dataclasses import dataclass

        @dataclass
        class Settings:
            host: str
            api_url: str = ""
        """,
        "use.py": """
        import requests
        from conf import Settings

        SETTINGS = Settings("mb.example.com", api_url="https://mb.example.com/api")

        def tables(settings: Settings):
            return requests.get(settings.api_url + "/table")
        """,
    }
    assert scan_files_of(tmp_path, files) == [("use.py", 8, "GET", "/api/table")]


def test_if_and_else_values_and_a_narrowing_by_equality() -> None:
    code = """
    import requests
    def fetch(self, card_id, kind):
        url = f"{self.url}/api/card"
        if card_id:
            url = f"{url}/{card_id}"
        requests.get(url)
        assert kind in ("card", "dashboard", "pulse")
        if kind == "pulse":
            requests.delete(f"{self.url}/api/{kind}/1")
        else:
            requests.put(f"{self.url}/api/{kind}/1")
    """
    assert found(code) == [
        (7, "GET", "/api/card/{}"),
        (7, "GET", "/api/card"),
        (10, "DELETE", "/api/pulse/1"),
        (12, "PUT", "/api/card/1"),
        (12, "PUT", "/api/dashboard/1"),
    ]
    calls, _ = scan(code)
    assert calls[0].notes == ("one of several values assigned before the call",)


def test_test_clients_of_the_packages_own_app_are_no_calls(tmp_path: Path) -> None:
    files = {"tests/test_app.py": """
        import httpx
        from django.test import TestCase
        from app import app

        async def test_async():
            async with httpx.AsyncClient(app=app, base_url="http://test") as client:
                await client.get("/api/card/1")
            transport = httpx.ASGITransport(app=app)
            async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app)) as other:
                await other.post("/api/card", json={})

        class Views(TestCase):
            def test_view(self):
                self.client.get("/api/dashboard/1")
        """}
    assert scan_files_of(tmp_path, files) == []


def test_base_urls_a_client_is_made_with_joins_getattr_and_endpoint_tables() -> None:
    code = """
    import os
    import httpx
    import requests
    from urllib.parse import urljoin

    ENDPOINTS = {"cards": "/api/card", "me": "/api/user/current"}

    class Client:
        def __init__(self, url):
            self.url = url
            self.http = httpx.Client(base_url=f"{url}/api", timeout=10)

        def _request(self, method, path, **kw):
            return getattr(requests, method.lower())(urljoin(self.url, path), **kw)

        def cards(self):
            return self._request("GET", "api/card")

        def me(self):
            return requests.get(self.url + ENDPOINTS.get("me"))

        def tables(self):
            with httpx.AsyncClient(base_url=self.url + "/api") as client:
                client.delete("/table/1")
            return self.http.get("/table")

        def joined(self):
            requests.get(urljoin(f"{self.url}/api", "/card"))  # replaces the base's path
            return requests.get(os.path.join(self.url, "api", "database"))
    """
    assert found(code) == [
        (18, "GET", "/api/card"),
        (21, "GET", "/api/user/current"),
        (25, "DELETE", "/api/table/1"),
        (26, "GET", "/api/table"),
        (30, "GET", "/api/database"),
    ]


def test_enum_members_as_paths_and_parts_joined_from_star_arguments() -> None:
    code = """
    import aiohttp
    from enum import Enum

    class Endpoint(str, Enum):
        CARD = "/api/card"
        DASHBOARD = "/api/dashboard"

    class AsyncClient:
        def __init__(self, base):
            self._base = base.rstrip("/")
            self._session = aiohttp.ClientSession()

        async def _get(self, endpoint: Endpoint, **params):
            async with self._session.get(self._base + endpoint.value, params=params) as r:
                return await r.json()

        async def dashboards(self):
            return await self._get(Endpoint.DASHBOARD)

        def _url(self, *parts):
            return "/".join([self._base, "api", *parts])

        async def table(self, table_id):
            async with self._session.get(self._url("table", str(table_id))) as r:
                return await r.json()
    """
    calls, _ = scan(code)
    assert [(c.line, c.method, c.path.replace(HOLE, "{}"), c.form) for c in calls] == [
        (19, "GET", "/api/dashboard", "literal via _get"),
        (25, "GET", "/api/table/{}", "concat"),
    ]


def test_a_wrapper_whose_callers_give_the_namespace() -> None:
    code = """
    import requests

    class Client:
        def __init__(self, url):
            self.api = f"{url}/api"

        def get(self, path, **kw):
            return requests.get(self.api + path, **kw)

        def item(self, kind, item_id):
            return self.get(f"/{kind}/{item_id}")

        def card(self, card_id):
            return self.item("card", card_id)

    def delete(session, base, kind, item_id):
        return session.delete(f"{base}/api/{kind}/{item_id}")

    delete(requests.Session(), "http://mb", "pulse", 3)
    """
    calls, unresolved = scan(code)
    assert [(c.line, c.method, c.path.replace(HOLE, "{}"), c.form) for c in calls] == [
        (15, "GET", "/api/card/{}", "f-string via item"),
        (20, "DELETE", "/api/pulse/3", "f-string via delete"),
    ]
    assert [(u.line, u.template) for u in unresolved] == [
        (12, "/api/{kind}/{item_id}"),
        (18, "/api/{kind}/{item_id}"),
    ]
