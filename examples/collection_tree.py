"""Walk the collection tree, printing each collection indented under its parent."""

from __future__ import annotations

from typing import TYPE_CHECKING

from _connect import connect

if TYPE_CHECKING:
    # The answer's type, from mbgen's bundled overlay: Metabase's description leaves it untyped.
    from metabase_client.models import Collection


def walk(collections: list[Collection], depth: int = 0) -> int:
    """Print `collections` and their children; how many were printed."""
    count = 0
    for collection in collections:
        print("  " * depth + str(collection.get("name")))
        count += 1 + walk(collection.get("children") or [], depth + 1)
    return count


def main() -> None:
    with connect() as mb:
        tree = mb.collection.get_tree(exclude_archived=True)
        print(f"{walk(tree)} collections")


if __name__ == "__main__":
    main()
