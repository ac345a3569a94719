"""Untrusted text from the document -> safe Python source fragments.

Descriptions, summaries, names and enum values are data. They reach generated code only as
`repr()` string literals, as docstrings escaped here, or as comments on a single line: no quote,
backslash, newline or code in a spec can end a literal early or become executable.
"""

from __future__ import annotations

import re
import textwrap

_QUOTE_RUN = re.compile(r'"{2,}')


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"


def _visible(text: str) -> str:
    """Control characters (not newline or tab) as escapes: a source file cannot hold them raw."""
    return _CONTROL.sub(_escape, text)  # one regex pass, not a Python step per character


def docstring(text: str, indent: str = "") -> str:
    """A triple-quoted docstring whose content reads as `text`, indented for its place."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    first, _, rest = text.partition("\n")
    body = first.strip() + ("\n" + textwrap.dedent(rest) if rest else "")
    body = body.replace("\\", "\\\\")
    body = _visible(body)
    body = _QUOTE_RUN.sub(lambda m: '\\"' * len(m.group()), body)
    # A quote last would meet the closing quotes; it may already be escaped (a run of quotes
    # was) or follow an escaped backslash (`\\"`, which leaves it bare).
    unescaped = body.rstrip('"')
    if body.endswith('"') and (len(unescaped) - len(unescaped.rstrip("\\"))) % 2 == 0:
        body = body[:-1] + '\\"'
    lines = [line.rstrip() for line in body.split("\n")]
    if len(lines) == 1:
        return f'"""{lines[0]}"""'
    inner = "\n".join((indent + line) if line else "" for line in lines[1:])
    return f'"""{lines[0]}\n{inner}\n{indent}"""'


def comment(text: str, limit: int = 90) -> str:
    """One line of text for a `#` comment: no newline can end the comment."""
    line = " ".join(_visible(text).split())
    return line if len(line) <= limit else line[: limit - 3] + "..."


def pystr(text: str) -> str:
    """A Python string literal for `text`, double-quoted where black would make it so."""
    literal = repr(str(text))
    if literal.startswith("'") and '"' not in text:
        return '"' + literal[1:-1] + '"'  # no quote of either kind inside: nothing to escape
    return literal
