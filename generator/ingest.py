"""read -> repair -> IR: the one place that runs the readers, then the repairs, then builds the IR.

Readers (`generator.sources`) only read what was published; repairs (`generator.normalize`) only
repair, each recording what it did; consumers (render, diff, export) read only the IR.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from generator.errors import MbgenError
from generator.export.openapi import ir_to_openapi
from generator.ir import IR, Endpoint, Repair
from generator.limits import check_names
from generator.normalize.bodies import decide_bodies_required
from generator.normalize.openapi_repairs import repair_document
from generator.normalize.prose_ir import prose_to_ir
from generator.normalize.tags import fill_missing_tags
from generator.overlay import OverlayPlan, Warn
from generator.overlay.apply import apply_overlay, extends_warning
from generator.sources import Document, OpenAPISource, read_document
from generator.sources.fetch import Fetcher
from generator.sources.openapi import (
    check_openapi_document,
    convert_repaired_openapi,
    published_version,
)
from generator.sources.structured import parse_json


def _ignore(_message: str) -> None:
    pass


def read_source(
    source: str,
    release: str | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
    overlays: OverlayPlan | None = None,
    warn: Warn = _ignore,
) -> IR:
    """Read any supported SOURCE into the repaired IR, or raise MbgenError naming SOURCE and
    the problem. `release` names the release where the source does not, or overrides it.
    `overlays` are applied before the repairs; what they say that is not an error (a target
    that matches nothing) goes to `warn`."""
    ir = ingest(read_document(source, fetcher, stdin), release, overlays, warn, source)
    check_names(ir, source)
    return ir


def ingest(
    document: Document,
    release: str | None,
    overlays: OverlayPlan | None = None,
    warn: Warn = _ignore,
    source: str = "",
) -> IR:
    """A document as read -> the IR, with every repair recorded. Overlays apply to an OpenAPI
    document as published; to any other source (Markdown, reference text, an IR) they apply to
    its normalised OpenAPI form, so one mechanism serves every source."""
    plan = overlays or OverlayPlan()
    if isinstance(document, OpenAPISource):
        return _finish(ingest_openapi(document, release, plan, warn, source))
    if isinstance(document, IR):
        ir = document  # repaired when it was written
        ir.release = release or ir.release
    else:
        ir = _finish(prose_to_ir(document.doc, document.info, release))
    if plan.for_release(ir.release):
        ir = _finish(overlay_normalized(ir, plan, warn, source or ir.source.get("name", "")))
    return ir


def _finish(ir: IR) -> IR:
    ir.repairs.extend(fill_missing_tags(ir.endpoints))
    ir.repairs.extend(decide_bodies_required(ir.endpoints))
    return ir


def overlay_normalized(ir: IR, plan: OverlayPlan, warn: Warn, source: str) -> IR:
    """The overlays applied to `ir` exported as OpenAPI, read back. What the export cannot say
    (security requirements, and what a prose source never published: responses by status,
    summaries, tag lists) is taken back from `ir`, so an overlay changes only what it targets."""
    doc = ir_to_openapi(ir)
    names = {ir.source.get("name", ""), Path(source).name} - {""}
    supplied = _apply_plan(doc, ir.release, plan, warn, source, names)
    if not isinstance(doc.get("paths"), dict):
        raise MbgenError(source, "the overlays left the document without a 'paths' object")
    # The export is mbgen's own, already repaired: only what the overlays added can need repair,
    # and the quirks of Metabase's OpenAPI output are not in it.
    repairs = repair_document(doc, ir.release, published_openapi=False)
    back = convert_repaired_openapi(doc, source, ir.source, ir.release)
    _take_back_unexported(back.endpoints, ir.endpoints)
    back.repairs = ir.repairs + supplied + repairs + back.repairs
    return back


def _take_back_unexported(endpoints: list[Endpoint], before: list[Endpoint]) -> None:
    originals = {e.key: e for e in before}
    for endpoint in endpoints:
        original = originals.get(endpoint.key)
        if original is None:
            continue  # an overlay added it
        endpoint.security = original.security
        if not original.responses:
            endpoint.responses = {}
        if not original.summary and endpoint.summary == endpoint.label:
            endpoint.summary = ""
        if not original.tags and endpoint.tags == [original.tag]:
            endpoint.tags = []
        if not original.operation_id:
            endpoint.operation_id = ""
        if endpoint.body_media_types == [endpoint.body_media_type or ""]:
            endpoint.body_media_types = original.body_media_types


def _apply_plan(
    doc: dict[str, Any],
    release: str | None,
    plan: OverlayPlan,
    warn: Warn,
    source: str,
    names: set[str],
) -> list[Repair]:
    repairs: list[Repair] = []
    for overlay in plan.for_release(release):
        mismatch = extends_warning(overlay, source, names)
        if mismatch:
            warn(mismatch)
        applied = apply_overlay(doc, overlay)
        for message in applied.warnings:
            warn(message)
        repairs.extend(applied.repairs)
    return repairs


def ingest_openapi(
    document: OpenAPISource,
    release: str | None,
    plan: OverlayPlan | None = None,
    warn: Warn = _ignore,
    source: str = "",
) -> IR:
    """Apply the overlays, then repair the document in place (no copy: it is ours) and convert
    it. The release is read before the repairs, which fill a missing `info.version` with it."""
    doc = document.data
    published = published_version(doc)
    names = {document.info.get("name", ""), Path(source).name if source else ""} - {""}
    shown = source or document.shown
    supplied = _apply_plan(
        doc, release or published or None, plan or OverlayPlan(), warn, shown, names
    )
    if supplied and not isinstance(doc.get("paths"), dict):
        raise MbgenError(document.shown, "the overlays left the document without a 'paths' object")
    repairs = repair_document(doc, release)
    ir = convert_repaired_openapi(doc, document.shown, document.info, release or published or None)
    ir.repairs = supplied + repairs + ir.repairs
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
