"""Reader for the API reference as the docs site renders it, copied as plain text:

GET /api/action/:action-id

Fetch an Action.

  • action-id value must be an integer greater than zero.
"""

from __future__ import annotations

import re

from generator.prose_doc import ProseDocument, ProseEndpoint, ProseParam

ENDPOINT_LINE = re.compile(r"^\s*(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/\S*)\s*$")
PARAM_LINE = re.compile(r"^\s*[•·*-]\s+(\S+)\s?(.*)$")
LONE_BULLET = re.compile(
    r"^\s*[•·*-]\s*$"
)  # a bullet whose name and prose follow on their own lines
PARAMS_LABEL = re.compile(r"^\s*PARAMS:?\s*$")
PAGE_END = re.compile(
    r"^\s*(« Back to API index|<< Back to API index|Read docs for other versions)"
)


def looks_like_rendered_text(text: str) -> bool:
    return any(ENDPOINT_LINE.match(line) for line in text.splitlines())


def parse_rendered_text(text: str, origin: str) -> ProseDocument:
    endpoints: list[ProseEndpoint] = []
    current: ProseEndpoint | None = None
    description: list[str] = []
    in_params = False
    orphaned = False  # text after a parameter list: an endpoint whose heading the page lost
    expect_name = False  # a lone bullet: the parameter's name is on the next line
    expect_prose = False  # ... and its prose on the line after that
    ended = False

    def finish() -> None:
        if current is not None:
            current.description = "\n".join(description).strip()
            endpoints.append(current)

    for number, line in enumerate(text.splitlines(), start=1):
        if PAGE_END.match(line):
            ended = True
        if ended:
            continue
        heading = ENDPOINT_LINE.match(line)
        if heading:
            finish()
            current = ProseEndpoint(
                heading.group(1), heading.group(2), "", [], f"{origin}:{number}"
            )
            description, in_params, orphaned = [], False, False
            expect_name = expect_prose = False
            continue
        if current is None or orphaned or PARAMS_LABEL.match(line) or not line.strip():
            continue
        if LONE_BULLET.match(line):
            expect_name, expect_prose, in_params = True, False, True
            continue
        if expect_name:
            current.params.append(ProseParam(line.strip(), ""))
            expect_name, expect_prose = False, True
            continue
        item = PARAM_LINE.match(line)
        if expect_prose and not item:
            prose = line.strip()
            expect_prose = False
            if prose.endswith(" -"):  # the next bullet, run into this line by the page's layout
                prose, expect_name = prose[:-2].strip(), True
            current.params[-1].prose = prose
            continue
        if item:
            in_params, expect_prose = True, False
            current.params.append(ProseParam(item.group(1), item.group(2).strip()))
        elif in_params:
            orphaned = True
        else:
            description.append(line.rstrip())
    finish()
    return ProseDocument(endpoints, None)
