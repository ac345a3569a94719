"""The client: what it calls goes through the adapter, whose paths lack `/api`."""

import re

from mbclient.models import Card, Dashboard, Metric
from mbclient.settings import DASHBOARD, api_base
from mbclient.transport import Adapter

ROUTES = [
    (re.compile(r"^card:(\d+)$"), lambda m: f"/card/{m.group(1)}"),
    (re.compile(r"^collection:(\d+)$"), lambda m: f"/collection/{m.group(1)}/items"),
]


def path_for(reference):
    for pattern, build in ROUTES:
        found = pattern.match(reference)
        if found:
            return build(found)
    raise ValueError(reference)


class Client:
    def __init__(self, host=None, token=None):
        self._adapter = Adapter(api_base(host), token)

    def public_cards(self):
        return self._adapter.get(endpoint="/card/public")

    def resolve(self, reference):
        return self._adapter.get(path_for(reference))

    def dashboard_url(self, dashboard_id):
        return f"{self._adapter.base_url}/{DASHBOARD}/{dashboard_id}"

    def add_card(self, dashboard_id, card_id):
        path = f"/{DASHBOARD}/{dashboard_id}/cards"
        return self._adapter.post(path, json={"cardId": card_id})

    def items(self, card_id, dashboard_id, metric_id):
        return [Card(self._adapter, card_id), Dashboard(self._adapter, dashboard_id)] + [
            Metric(self._adapter, metric_id)
        ]

    def fetch_all(self, rows):
        def send(method, path):
            return self._adapter.request(method, path)

        return [send(method, path) for method, path in rows]

    def sync(self):
        return self.fetch_all(
            [
                ("GET", "/collection/root/items"),
                ("POST", "/card"),
            ]
        )
