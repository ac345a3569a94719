"""A script calling Metabase directly."""

import requests

METABASE = "http://localhost:3000"
GRAFANA = "http://localhost:3001"


def report(kind, item_id, metric_id):
    assert kind in ("card", "dashboard")
    item = requests.get(f"{METABASE}/api/{kind}/{item_id}").json()
    requests.put(f"{METABASE}/api/metric/{metric_id}", json={"name": item["name"]})
    requests.get(f"{GRAFANA}/api/dashboards/uid/{item_id}")
    return requests.get(f"{METABASE}/api/health").json()
