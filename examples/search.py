"""Search everything (questions, dashboards, collections, tables) for a word."""

from __future__ import annotations

import sys

from _connect import connect


def main(query: str = "orders") -> None:
    with connect() as mb:
        found = mb.search.list(q=query, models=["card", "dashboard"])
        for item in found["data"]:
            print(f"{item['model']:>10}  {item['id']}  {item['name']}")
        print(f"{len(found['data'])} results for {query!r}")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "orders")
