"""A second 2025-12-sized OpenAPI document for the diff benchmark, made from the first by
changes Metabase makes between releases: nine endpoints moved (as 0.55 did with /api/util), five
removed, parameters added and removed, enum values dropped, a required body property added.

    python bench/mutate_spec.py IN.json OUT.json
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

MOVES = {
    "/api/util/random_token": "/api/security/random-token",
    "/api/activity/recents": "/api/recents/activity",
    "/api/alert/": "/api/notification/legacy-alert/",
    "/api/bookmark/": "/api/user-bookmark/",
    "/api/geojson/": "/api/geo/geojson/",
    "/api/login-history/current": "/api/session/login-history",
    "/api/setting/": "/api/settings/",
    "/api/task/": "/api/tasks/",
    "/api/timeline/": "/api/timelines/",
}
REMOVED = [
    "/api/pulse/",
    "/api/pulse/form_input",
    "/api/pulse/preview_card/{id}",
    "/api/slack/settings",
    "/api/tiles/{zoom}/{x}/{y}",
]


def mutate(doc: dict[str, Any]) -> dict[str, Any]:
    paths = doc["paths"]
    for old, new in MOVES.items():
        if old in paths:
            paths[new] = paths.pop(old)
    for path in REMOVED:
        paths.pop(path, None)
    card = paths["/api/card/"]
    card["get"]["parameters"].append(
        {
            "in": "query",
            "name": "include_archived",
            "required": False,
            "schema": {"type": "boolean"},
        }
    )
    card["get"]["parameters"] = [p for p in card["get"]["parameters"] if p["name"] != "model_id"]
    for param in card["get"]["parameters"]:
        if param["name"] == "f" and "enum" in param["schema"]:
            param["schema"]["enum"] = param["schema"]["enum"][:-2]
    body = card["post"]["requestBody"]["content"]["application/json"]["schema"]
    body["properties"]["owner_id"] = {"type": "integer", "minimum": 1}
    body["required"].append("owner_id")
    return doc


def main() -> int:
    source, target = sys.argv[1:3]
    doc = json.loads(Path(source).read_text())
    Path(target).write_text(json.dumps(mutate(doc), indent=1))
    return 0


if __name__ == "__main__":
    sys.exit(main())
