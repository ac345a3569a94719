"""Build specs/: the IR of every release in specs/sources/, and an index of them.

python scripts/build_specs.py            # rebuild specs/*.json, specs/index.json, INDEX.md
python scripts/build_specs.py --check    # exit 1 if anything in specs/ is stale
python scripts/build_specs.py --newest   # print the path of the newest release's IR
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import dataclass
from pathlib import Path

from generator.calls.history import DATA as RELEASES
from generator.calls.history import releases_json
from generator.ingest import read_source
from generator.ir import IR, dumps

ROOT = Path(__file__).resolve().parent.parent
SPECS = ROOT / "specs"
CORPUS = SPECS / "sources" / "metabase"


@dataclass(frozen=True)
class Snapshot:
    source: Path  # relative to ROOT
    release: str
    date: str


def snapshots() -> list[Snapshot]:
    """Every snapshot in the corpus, oldest first. Dates come from the corpus's SOURCES.txt."""
    found = []
    for line in (CORPUS / "markdown" / "SOURCES.txt").read_text().splitlines():
        folder, _commit, date = line.split()
        # Folders are named by release (v0.42.0) or by snapshot date (2024-05-10).
        release = folder.removeprefix("v")
        found.append(Snapshot(Path("specs/sources/metabase/markdown") / folder, release, date))
    found.extend(openapi_snapshots())
    return sorted(found, key=lambda s: s.date)


def openapi_snapshots() -> list[Snapshot]:
    """The OpenAPI documents, labelled by the Metabase version their SOURCES.txt note gives
    ("0.58 line: newest migration v58...", "v0.63.2 (...)"): none carries info.version."""
    found = []
    for line in (CORPUS / "openapi" / "SOURCES.txt").read_text().splitlines():
        name, _repo, _commit, date, _path, note = line.split("\t")
        if not name.endswith(".openapi.json"):
            continue
        version = re.match(r"v?(\d+\.\d+(?:\.\d+)?)\b", note)
        if version is None:
            raise SystemExit(f"openapi/SOURCES.txt: no version in the note of {name}")
        found.append(Snapshot(Path("specs/sources/metabase/openapi") / name, version[1], date))
    return found


def spec_file(ir: IR) -> Path:
    return SPECS / f"metabase-{ir.release}.json"


def build() -> dict[Path, str]:
    """Every file specs/ should hold (besides sources/), with its content."""
    files: dict[Path, str] = {}
    index = []
    irs = []
    for snap in snapshots():
        ir = read_source(str(ROOT / snap.source), release=snap.release)
        irs.append(ir)
        path = spec_file(ir)
        files[path] = dumps(ir)
        index.append(
            {
                "release": ir.release,
                "date": snap.date,
                "file": path.name,
                "source": snap.source.as_posix(),
                "format": ir.source["format"],
                "endpoints": len(ir.endpoints),
                "schemas": len(ir.schemas),
                "repairs": len(ir.repairs),
            }
        )
    files[SPECS / "index.json"] = json.dumps(index, indent=1) + "\n"
    # Which bundled releases have each endpoint, for `mbgen calls` (ships inside mbgen).
    files[RELEASES] = releases_json(irs)
    rows = [
        f"| {e['release']} | {e['date']} | {e['format']} | {e['endpoints']} | {e['repairs']} | "
        f"`{e['source']}` |"
        for e in index
    ]
    files[SPECS / "INDEX.md"] = (
        "# Bundled Metabase API releases\n\n"
        "The IR (`mbgen-ir` v1) of each snapshot in `sources/`, built by `make specs`; the newest "
        "is what `make generate` uses. Do not edit: rebuild.\n\n"
        "| release | date | source format | endpoints | repairs | source |\n"
        "| --- | --- | --- | ---: | ---: | --- |\n" + "\n".join(rows) + "\n"
    )
    return files


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--check", action="store_true")
    parser.add_argument("--newest", action="store_true")
    args = parser.parse_args()
    if args.newest:
        index = json.loads((SPECS / "index.json").read_text())
        print((SPECS / index[-1]["file"]).relative_to(ROOT))
        return 0
    files = build()
    if args.check:
        stale = [p for p, text in files.items() if not p.exists() or p.read_text() != text]
        for p in stale:
            print(f"stale: {p.relative_to(ROOT)}", file=sys.stderr)
        return 1 if stale else 0
    for path, text in files.items():
        path.write_text(text)
    print(f"wrote {len(files)} files to specs/")
    return 0


if __name__ == "__main__":
    sys.exit(main())
