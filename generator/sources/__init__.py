"""The readers: `read_document` finds out what SOURCE is and reads it as published, without
repairing anything (`generator.ingest` runs the repairs and builds the IR).

SOURCE is a URL, `-` (stdin), a file (OpenAPI JSON/YAML, an mbgen IR, Markdown, rendered
reference text) or a folder of Markdown pages. Detection is by content, not by file name, so a
spec saved under any name still reads.
"""

from __future__ import annotations

import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any, BinaryIO

from generator.errors import MbgenError
from generator.ir import IR, ir_from_dict, is_ir_document
from generator.prose_doc import ProseDocument
from generator.sources.fetch import Credentials, Fetcher, openapi_url, public_url
from generator.sources.markdown import (
    looks_like_markdown,
    read_markdown_file,
    read_markdown_folder,
)
from generator.sources.openapi import check_openapi_document
from generator.sources.rendered_text import looks_like_rendered_text, parse_rendered_text
from generator.sources.structured import parse_json, parse_yaml

MAX_SOURCE_BYTES = 64 * 1024 * 1024
_YAML_OPENAPI = re.compile(r"^(?:openapi|swagger)\s*:", re.MULTILINE)


@dataclass(frozen=True)
class OpenAPISource:
    """An OpenAPI 3.x document as published (parsed, checked to be OpenAPI, not repaired)."""

    data: dict[str, Any]
    shown: str  # the source as the user named it, for messages
    info: dict[str, str]  # the IR's `source` record


@dataclass(frozen=True)
class ProseSource:
    """A Markdown or rendered-text description as published."""

    doc: ProseDocument
    info: dict[str, str]


# What a reader returns; an mbgen IR file is read straight into the IR.
Document = OpenAPISource | ProseSource | IR


def _decode(data: bytes, name: str) -> str:
    if not data.strip():
        raise MbgenError(name, "empty input")
    if b"\x00" in data[:65536]:
        raise MbgenError(name, "binary data, not an API description")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise MbgenError(name, f"not UTF-8 text (byte {err.start})") from None


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_SOURCE_BYTES:
            raise MbgenError(str(path), f"file is {size:,} bytes; the limit is 64 MiB")
        return path.read_bytes()
    except PermissionError:
        raise MbgenError(str(path), "permission denied") from None
    except OSError as err:
        raise MbgenError(str(path), f"cannot read ({err.strerror})") from None


def _source_info(fmt: str, name: str, digest: str) -> dict[str, str]:
    return {"format": fmt, "name": name, "sha256": digest}


def _looks_like_html(text: str) -> bool:
    head = text.lstrip()[:64].lower()
    return head.startswith(("<!doctype", "<html", "<head", "<body", "<?xml"))


def document_from_text(text: str, shown: str, name: str) -> Document:
    """One document's text (any single-file format), read. `shown` names the source in errors
    as the user gave it; `name` is what the IR records (a file's base name, so the same file
    gives the same IR wherever it lies)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        data = parse_json(text, shown)
        if is_ir_document(data):
            return ir_from_dict(data, shown)
        doc = check_openapi_document(data, shown)
        return OpenAPISource(doc, shown, _source_info("openapi", name, digest))
    if _looks_like_html(text):
        raise MbgenError(shown, "an HTML page, not an API description (a login or error page?)")
    if _YAML_OPENAPI.search(text):
        doc = check_openapi_document(parse_yaml(text, shown), shown)
        return OpenAPISource(doc, shown, _source_info("openapi", name, digest))
    if looks_like_markdown(text):
        markdown = read_markdown_file(Path(shown), text)
        return ProseSource(markdown, _source_info("markdown", name, digest))
    if looks_like_rendered_text(text):
        rendered = parse_rendered_text(text, name)
        return ProseSource(rendered, _source_info("rendered-text", name, digest))
    raise MbgenError(
        shown,
        "not an API description: no OpenAPI document, mbgen IR, Markdown endpoint headings "
        "(## `GET /api/...`) or reference text (GET /api/...) found",
    )


def document_from_folder(folder: Path) -> ProseSource:
    files = sorted(p for p in folder.rglob("*.md") if p.is_file())
    if not files:
        raise MbgenError(str(folder), "folder has no Markdown (.md) files")
    texts: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in files:
        relative = path.relative_to(folder).as_posix()
        text = _decode(_read_file(path), str(path))
        texts[relative] = text
        digest.update(relative.encode() + b"\0" + text.encode() + b"\0")
    doc = read_markdown_folder(folder, texts)
    info = _source_info("markdown", folder.resolve().name, digest.hexdigest())
    return ProseSource(doc, info)


def read_document(
    source: str, fetcher: Fetcher | None = None, stdin: BinaryIO | None = None
) -> Document:
    """Read any supported SOURCE as published, or raise MbgenError naming SOURCE and the
    problem."""
    if source.startswith(("http://", "https://")):
        fetcher = fetcher or Fetcher(Credentials())
        shown = public_url(openapi_url(source))
        return document_from_text(_decode(fetcher.fetch(source), shown), shown, shown)
    if source == "-":
        stream = stdin or sys.stdin.buffer
        data = stream.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise MbgenError("<stdin>", "input larger than 64 MiB")
        return document_from_text(_decode(data, "<stdin>"), "<stdin>", "<stdin>")
    path = Path(source)
    if path.is_dir():
        return document_from_folder(path)
    if not path.exists():
        raise MbgenError(source, "no such file or folder")
    return document_from_text(_decode(_read_file(path), source), source, path.name)
