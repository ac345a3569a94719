"""Every source format -> IR. `read_source` finds out what SOURCE is and hands it to its reader.

SOURCE is a URL, `-` (stdin), a file (OpenAPI JSON/YAML, an mbgen IR, Markdown, rendered
reference text) or a folder of Markdown pages. Detection is by content, not by file name, so a
spec saved under any name still reads.
"""

from __future__ import annotations

import hashlib
import re
import sys
from pathlib import Path
from typing import BinaryIO

from generator.errors import MbgenError
from generator.ir import IR, ir_from_dict, is_ir_document
from generator.normalize.prose_ir import prose_to_ir
from generator.sources.fetch import Credentials, Fetcher, openapi_url, public_url
from generator.sources.markdown import (
    looks_like_markdown,
    read_markdown_file,
    read_markdown_folder,
)
from generator.sources.openapi import openapi_to_ir
from generator.sources.rendered_text import looks_like_rendered_text, parse_rendered_text
from generator.sources.structured import parse_json, parse_yaml

MAX_SOURCE_BYTES = 64 * 1024 * 1024
_YAML_OPENAPI = re.compile(r"^(?:openapi|swagger)\s*:", re.MULTILINE)


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


def ir_from_text(text: str, shown: str, name: str, release: str | None) -> IR:
    """One document's text (any single-file format) -> IR. `shown` names the source in errors
    as the user gave it; `name` is what the IR records (a file's base name, so the same file
    gives the same IR wherever it lies)."""
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        data = parse_json(text, shown)
        if is_ir_document(data):
            ir = ir_from_dict(data, shown)
            if release:
                ir.release = release
            return ir
        return openapi_to_ir(data, shown, _source_info("openapi", name, digest), release)
    if _looks_like_html(text):
        raise MbgenError(shown, "an HTML page, not an API description (a login or error page?)")
    if _YAML_OPENAPI.search(text):
        data = parse_yaml(text, shown)
        return openapi_to_ir(data, shown, _source_info("openapi", name, digest), release)
    if looks_like_markdown(text):
        doc = read_markdown_file(Path(shown), text)
        return prose_to_ir(doc, _source_info("markdown", name, digest), release)
    if looks_like_rendered_text(text):
        doc = parse_rendered_text(text, name)
        return prose_to_ir(doc, _source_info("rendered-text", name, digest), release)
    raise MbgenError(
        shown,
        "not an API description: no OpenAPI document, mbgen IR, Markdown endpoint headings "
        "(## `GET /api/...`) or reference text (GET /api/...) found",
    )


def ir_from_folder(folder: Path, release: str | None) -> IR:
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
    return prose_to_ir(doc, info, release)


def read_source(
    source: str,
    release: str | None = None,
    fetcher: Fetcher | None = None,
    stdin: BinaryIO | None = None,
) -> IR:
    """Read any supported SOURCE into the IR, or raise MbgenError naming SOURCE and the problem."""
    if source.startswith(("http://", "https://")):
        fetcher = fetcher or Fetcher(Credentials())
        shown = public_url(openapi_url(source))
        return ir_from_text(_decode(fetcher.fetch(source), shown), shown, shown, release)
    if source == "-":
        stream = stdin or sys.stdin.buffer
        data = stream.read(MAX_SOURCE_BYTES + 1)
        if len(data) > MAX_SOURCE_BYTES:
            raise MbgenError("<stdin>", "input larger than 64 MiB")
        return ir_from_text(_decode(data, "<stdin>"), "<stdin>", "<stdin>", release)
    path = Path(source)
    if path.is_dir():
        return ir_from_folder(path, release)
    if not path.exists():
        raise MbgenError(source, "no such file or folder")
    return ir_from_text(_decode(_read_file(path), source), source, path.name, release)
