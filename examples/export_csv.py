"""Export a card's result as CSV to a file, streamed: a large export never sits in memory."""

from __future__ import annotations

import sys
from pathlib import Path

from _connect import connect
from metabase_client import stream


def main(card_id: int = 1, out: Path = Path("card.csv")) -> None:
    with (
        connect() as mb,
        stream(
            mb.card.export_query,
            id=card_id,
            export_format="csv",
            body={"format_rows": False, "pivot_results": False},
            timeout=300.0,  # a long export may take minutes
        ) as answer,
    ):
        written = answer.write_to(out)
    print(f"wrote {written} bytes to {out} (the server named it {answer.filename!r})")


if __name__ == "__main__":
    main(out=Path(sys.argv[1]) if len(sys.argv) > 1 else Path("card.csv"))
