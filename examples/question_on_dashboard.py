"""Put a question on a new dashboard: create the dashboard, then set its cards.

`PUT /api/dashboard/{id}` takes `card_id` in each dashcard, a key Metabase's description omits:
a subclass of the generated TypedDict adds it, typed."""

from __future__ import annotations

from _connect import connect
from metabase_client import models as m


class Dashcard(m.DashboardUpdateBodyDashcardsItem):
    card_id: int


def main(card_id: int = 1) -> None:
    with connect() as mb:
        dashboard = mb.dashboard.create(body={"name": "Sales"})
        mb.dashboard.update(
            id=dashboard["id"],
            body={
                "dashcards": [
                    Dashcard(id=-1, card_id=card_id, row=0, col=0, size_x=12, size_y=6),
                ]
            },
        )
        print(f"dashboard {dashboard['id']} shows card {card_id}")


if __name__ == "__main__":
    main()
