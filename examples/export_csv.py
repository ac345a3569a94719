"""Export a card's result as CSV to a file."""

from __future__ import annotations

import sys
from pathlib import Path

from _connect import connect


def main(card_id: int = 1, out: Path = Path("card.csv")) -> None:
    with connect() as mb:
        data = mb.card.export_query(
            card_id=card_id,
            export_format="csv",
            body={"format_rows": False, "pivot_results": False},
        )
    content = data if isinstance(data, bytes) else str(data).encode()
    out.write_bytes(content)
    print(f"wrote {len(content)} bytes to {out}")


if __name__ == "__main__":
    main(out=Path(sys.argv[1]) if len(sys.argv) > 1 else Path("card.csv"))
