"""Reader for the Markdown that Metabase's `api-documentation` command wrote, every era:

- one file, `# API Documentation for Metabase v0.32.2`, `## \\`GET /api/...\\`` headings,
  `##### PARAMS:` lists (0.21 to 0.41);
- one file without a version, with a table of contents per namespace and `###` headings (0.42);
- one page per namespace with YAML front matter, `## ` headings and `### PARAMS:`, an `ee/`
  folder for enterprise endpoints and an index page with no endpoints (0.44 to 0.50).
"""

from __future__ import annotations

import re
from pathlib import Path

from generator.errors import MbgenError
from generator.prose_doc import ProseDocument, ProseEndpoint, ProseParam

# `## \`GET /api/card/\``; some pages drop the backticks.
ENDPOINT_HEADING = re.compile(
    r"^#{2,4} (`?)(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/[^\s`]*)\1\s*$"
)
PARAMS_HEADING = re.compile(r"^#{2,6} PARAMS:?\s*$")
ANY_HEADING = re.compile(r"^#{1,6} ")
PARAM_ITEM = re.compile(r"^[*-]\s+\*\*`([^`]+)`\*\*\s?(.*)$")
TITLE_RELEASE = re.compile(r"^# .*\bMetabase v?(\d+\.\d+[\w.+-]*)\s*$")
TOC_LINE = re.compile(r"^\s*- \[(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) ")
PAGE_FOOTER = re.compile(r"^(---\s*$|\[<< Back to API index\])")


def looks_like_markdown(text: str) -> bool:
    return any(ENDPOINT_HEADING.match(line) for line in text.splitlines())


def _strip_front_matter(lines: list[str]) -> int:
    """Index of the first line after a leading `---` ... `---` block (0 if none)."""
    if lines and lines[0].strip() == "---":
        for i in range(1, len(lines)):
            if lines[i].strip() == "---":
                return i + 1
    return 0


def parse_markdown(text: str, origin: str) -> ProseDocument:
    lines = text.splitlines()
    start = _strip_front_matter(lines)
    release = None
    endpoints: list[ProseEndpoint] = []
    current: ProseEndpoint | None = None
    description: list[str] = []
    in_params = False
    in_footer = False

    def finish() -> None:
        if current is not None:
            current.description = "\n".join(description).strip()
            endpoints.append(current)

    for number, line in enumerate(lines[start:], start=start + 1):
        if release is None and not endpoints and current is None:
            title = TITLE_RELEASE.match(line)
            if title:
                release = title.group(1)
        heading = ENDPOINT_HEADING.match(line)
        if heading:
            finish()
            current = ProseEndpoint(
                heading.group(2), heading.group(3), "", [], f"{origin}:{number}"
            )
            description, in_params, in_footer = [], False, False
            continue
        if current is None:
            continue
        if PARAMS_HEADING.match(line):
            in_params = True
            continue
        if ANY_HEADING.match(line):  # a namespace heading ends the endpoint (0.42 layout)
            finish()
            current, description = None, []
            continue
        if PAGE_FOOTER.match(line) or in_footer:
            in_footer = True
            continue
        if in_params:
            item = PARAM_ITEM.match(line)
            if item:
                current.params.append(ProseParam(item.group(1), item.group(2).strip()))
            elif line.strip() and current.params:  # a continuation of the last parameter's prose
                last = current.params[-1]
                last.prose = f"{last.prose}\n{line.rstrip()}".strip()
            continue
        if TOC_LINE.match(line):
            continue
        description.append(line.rstrip())
    finish()
    return ProseDocument(endpoints, release)


def read_markdown_file(path: Path, text: str) -> ProseDocument:
    doc = parse_markdown(text, path.name)
    if not doc.endpoints:
        raise MbgenError(str(path), "Markdown with no endpoint headings (## `GET /api/...`)")
    return doc


def read_markdown_folder(folder: Path, texts: dict[str, str]) -> ProseDocument:
    """`texts` maps each .md file's path relative to `folder` (sorted) to its text."""
    endpoints: list[ProseEndpoint] = []
    release = None
    for relative, text in texts.items():
        doc = parse_markdown(text, relative)
        endpoints.extend(doc.endpoints)
        release = release or doc.release
    if not endpoints:
        raise MbgenError(str(folder), "no Markdown file in this folder has endpoint headings")
    return ProseDocument(endpoints, release)
