"""Raw HTTP calls of Metabase's API in code written for these tests: every form the scanner
recognises, the strings it must not take for calls, and matching paths against a release."""

from __future__ import annotations

import ast
import textwrap

import pytest

from generator.calls.inventory import match_calls, python_call, scan_tree
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
        (3, "the namespace is computed"),
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
    [result] = match_calls(_ir("GET /api/card/{id}"), calls)
    assert result.endpoint is None and result.python is None
    assert result.call.template == "/api/metric/1"


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
    # Lookups stop six levels down (the chain's `/api` is out of sight: no call, no crash), and
    # 50 x 50 narrowed values give the first 64 paths, not 2,500.
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


def test_a_property_that_is_not_one_return_of_text_is_not_followed() -> None:
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
    assert found(code) == []


def test_a_method_of_self_alone_that_returns_built_text_is_read_as_that_text() -> None:
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
    assert found(code) == [(17, "POST", "/api/session"), (20, "GET", "/api/health")]


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
