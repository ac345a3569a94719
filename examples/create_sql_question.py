"""Create a native-SQL question (a card) in the first database."""

from __future__ import annotations

from _connect import connect


def main() -> None:
    with connect() as mb:
        card = mb.card.create(
            body={
                "name": "Orders per day",
                "display": "line",
                "dataset_query": {
                    "type": "native",
                    "database": 1,
                    "native": {
                        "query": "SELECT CAST(created_at AS DATE), count(*) FROM orders GROUP BY 1"
                    },
                },
                "visualization_settings": {},
            }
        )
        print(f"created card {card['id']}: {card['name']}")


if __name__ == "__main__":
    main()
