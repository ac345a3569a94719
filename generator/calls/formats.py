"""The fields of a `str.format` or `%` template, read without formatting anything: a template
that would raise (`"/api/card/{".format(1)`) is no template, not a crash."""

from __future__ import annotations

import re
import string

_PERCENT = re.compile(r"%(?:\((\w+)\))?[-#0 +]*(?:\d+|\*)?(?:\.\d+)?[sdifrxXeEgGc%]")
Field = str | int | None  # a keyword's name, a positional argument's index, or no field


def format_fields(text: str, positional: int) -> list[tuple[str, Field]] | None:
    """(literal text, the argument that follows it) for each part of a `.format` template:
    `"{}/{name}"` -> `("", 0)`, `("/", "name")`; None when Python would refuse the template."""
    try:
        parsed = list(string.Formatter().parse(text))
    except ValueError:
        return None
    fields: list[tuple[str, Field]] = []
    auto = 0
    for literal, name, _spec, _conversion in parsed:
        if name is None:
            fields.append((literal, None))
        elif name == "":
            fields.append((literal, auto))
            auto += 1
        else:
            head = re.split(r"[.\[]", name, maxsplit=1)[0]
            fields.append((literal, int(head) if head.isdigit() else head))
    return fields


def percent_fields(text: str) -> list[tuple[str, Field]] | None:
    """The same for a `%` template: `"%s/api/%(kind)s"` -> `("", 0)`, `("/api/", "kind")`;
    None when Python would refuse it."""
    fields: list[tuple[str, Field]] = []
    position = 0
    auto = 0
    pending = ""
    for match in _PERCENT.finditer(text):
        if "%" in text[position : match.start()]:
            return None  # `%(x` or `%y`: Python refuses the template
        pending += text[position : match.start()]
        position = match.end()
        if match.group(0) == "%%":
            pending += "%"
            continue
        if match.group(1):
            fields.append((pending, match.group(1)))
        else:
            fields.append((pending, auto))
            auto += 1
        pending = ""
    if "%" in text[position:]:
        return None
    fields.append((pending + text[position:], None))
    return fields
