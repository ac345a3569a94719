"""read -> repair -> IR: the one place that runs the readers, then the repairs, then builds the IR.

Readers (`generator.sources`) only read what was published; repairs (`generator.normalize`) only
repair, each recording what it did; consumers (render, diff, export) read only the IR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import BinaryIO

from generator.errors import MbgenError
from generator.ir import IR
from generator.limits import check_names
from generator.normalize.bodies import decide_bodies_required
from generator.normalize.openapi_repairs import repair_document
from generator.normalize.prose_ir import prose_to_ir
from generator.normalize.tags import fill_missing_tags
from generator.sources import Document, OpenAPISource, ProseSource, read_document
from generator.sources.fetch import Fetcher
from generator.sources.openapi import (
    check_openapi_document,
    convert_repaired_openapi,
    published_version,
)
from generator.sources.structured import parse_json


def read_source(
    source: str,
    release: str | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> IR:
    """Read any supported SOURCE into the repaired IR, or raise MbgenError naming SOURCE and
    the problem. `release` names the release where the source does not, or overrides it."""
    ir = ingest(read_document(source, fetcher, stdin), release)
    check_names(ir, source)
    return ir


def ingest(document: Document, release: str | None) -> IR:
    """A document as read -> the IR, with every repair recorded."""
    if isinstance(document, IR):
        if release:
            document.release = release
        return document
    if isinstance(document, ProseSource):
        ir = prose_to_ir(document.doc, document.info, release)
    else:
        ir = ingest_openapi(document, release)
    ir.repairs.extend(fill_missing_tags(ir.endpoints))
    ir.repairs.extend(decide_bodies_required(ir.endpoints))
    return ir


def ingest_openapi(document: OpenAPISource, release: str | None) -> IR:
    """Repair the document in place (no copy: it is ours) and convert it. The release is read
    before the repairs, which fill a missing `info.version` with it."""
    doc = document.data
    published = published_version(doc)
    repairs = repair_document(doc, release)
    ir = convert_repaired_openapi(doc, document.shown, document.info, release or published or None)
    ir.repairs = repairs + ir.repairs
    return ir


def ingest_openapi_data(
    data: object, shown: str, info: dict[str, str], release: str | None = None
) -> IR:
    """An OpenAPI document already in memory (parsed JSON) -> IR, as `read_source` would."""
    return ingest(OpenAPISource(check_openapi_document(data, shown), shown, info), release)


def spec_sources(specs: Iterable[str]) -> list[str]:
    """The sources SPECS name, in order: a folder with an `index.json` (such as specs/) gives
    its releases oldest first; anything else is one source."""
    sources: list[str] = []
    for spec in specs:
        index = Path(spec) / "index.json"
        if not index.is_file():
            sources.append(spec)
            continue
        try:
            # parse_json bounds depth and size as for any document (it raises MbgenError).
            entries = parse_json(index.read_text(encoding="utf-8"), str(index))
            sources.extend(str(Path(spec) / e["file"]) for e in entries)
        except (OSError, ValueError, KeyError, TypeError):
            raise MbgenError(str(index), "not an mbgen specs index") from None
    return sources


def repair_report(ir: IR, verbose: bool) -> list[str]:
    """The stderr lines that say what was repaired: a summary by kind, and with `verbose` each
    repair."""
    if not ir.repairs:
        return []
    kinds = Counter(r.kind for r in ir.repairs)
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(kinds.items()))
    lines = [f"mbgen: warning: {len(ir.repairs)} repairs ({summary})"]
    if verbose:
        lines.extend(f"mbgen: repair: {r.kind}: {r.where}: {r.what}" for r in ir.repairs)
    return lines
