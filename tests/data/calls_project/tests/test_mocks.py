"""Tests that mock Metabase: registrations, not calls."""

import re

import httpx
import requests
import requests_mock
import respx
import responses

from mbclient import Client

BASE = "http://mb.test/api"


@responses.activate
def test_public_cards():
    responses.get(f"{BASE}/card/public", json=[])
    responses.add(responses.GET, f"{BASE}/metric/1", json={})
    assert Client("http://mb.test").public_cards() == []


def test_with_a_mock_object():
    with responses.RequestsMock() as rsps:
        rsps.add(method="POST", url=f"{BASE}/card", json={"id": 1})
        requests.post(f"{BASE}/card", json={})


def test_fixture_of_requests_mock(requests_mock):
    requests_mock.get(re.compile(r"http://mb\.test/api/dashboard/\d+"), json={})


@requests_mock.Mocker()
def test_decorated(m):
    m.register_uri("DELETE", f"{BASE}/pulse/3", status_code=204)


def test_httpx(httpx_mock):
    httpx_mock.add_response(url=f"{BASE}/user/current", json={})
    httpx.get(f"{BASE}/user/current")


@respx.mock
def test_respx():
    respx.get(f"{BASE}/database").mock(return_value=httpx.Response(200, json=[]))
