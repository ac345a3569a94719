"""What mbgen accepts from a parsed document, checked once in one iterative pass.

An API description is untrusted text. Every consumer (repairs, renderer, differ) may recurse
over schemas and use names in identifiers, file contents and messages, so the document is held
to bounds far above anything Metabase publishes (the 2025-12 document: 19 levels, names of 168
characters, strings of 2,000) and refused in one line when it goes past them:

- nesting deeper than `MAX_DEPTH` levels of objects and arrays;
- a key (a path, a property or component name) longer than `MAX_NAME` characters, or any
  string longer than `MAX_STRING`;
- a lone surrogate (`"\\ud800"` in JSON): not Unicode text, cannot be written as UTF-8;
- NaN or an infinity (which Python's JSON reader accepts): not JSON.

YAML keys that are numbers or booleans (`200:` for a response code) become the JSON strings
they are written as (`"200"`), as OpenAPI means them; YAML's ordered maps and pairs, lists.
"""

from __future__ import annotations

import math
from typing import Any

from generator.errors import MbgenError
from generator.ir import IR
from generator.paths import escape_pointer

MAX_DEPTH = 100
MAX_NAME = 1_000
MAX_STRING = 1_000_000


# A place in the document as a chain of (parent place, key), made into a JSON pointer only for
# a message: most values pass, and building every pointer would cost more than the checks.
_Place = tuple["_Place", str] | None


def _pointer(place: _Place) -> str:
    tokens: list[str] = []
    while place is not None:
        place, token = place
        tokens.append(escape_pointer(token))
    return "/" + "/".join(reversed(tokens))


def _short(text: str) -> str:
    shown = text.encode("utf-8", "backslashreplace").decode("ascii", "backslashreplace")
    return shown if len(shown) <= 80 else shown[:77] + "..."


def _check_text(text: str, limit: int, what: str, place: _Place, source: str) -> None:
    if len(text) > limit:
        raise MbgenError(
            source,
            f"{what} of {len(text):,} characters at {_short(_pointer(place))}; "
            f"the limit is {limit:,}",
        )
    if not text.isascii():
        try:
            text.encode("utf-8")
        except UnicodeEncodeError as err:
            raise MbgenError(
                source,
                f"lone surrogate {text[err.start]!r} in {what} at {_short(_pointer(place))}: "
                "not Unicode text",
            ) from None


def _json_key(key: object) -> str:
    """A YAML key (`200:`, `true:`) as the JSON string it is written as."""
    if isinstance(key, bool) or key is None:
        return {True: "true", False: "false", None: "null"}[key]
    return str(key)


def checked_data(data: Any, source: str) -> Any:
    """`data` (parsed JSON or YAML) within the bounds above, YAML-only types made JSON;
    raises MbgenError naming `source`, the place and the problem."""
    root: list[Any] = [data]
    # (container, key in it, value, depth, place): values are replaced in place when YAML's.
    stack: list[tuple[Any, Any, Any, int, _Place]] = [(root, 0, data, 0, None)]
    while stack:
        parent, slot, value, depth, place = stack.pop()
        if isinstance(value, str):
            _check_text(value, MAX_STRING, "a string", place, source)
            continue
        if depth > MAX_DEPTH:
            raise MbgenError(
                source, f"nested deeper than {MAX_DEPTH} levels at {_short(_pointer(place))}"
            )
        if isinstance(value, dict):
            if not all(isinstance(k, str) for k in value):
                value = parent[slot] = {_json_key(k): v for k, v in value.items()}
            for key, sub in value.items():
                _check_text(key, MAX_NAME, "a name", (place, key), source)
                stack.append((value, key, sub, depth + 1, (place, key)))
        elif isinstance(value, list | tuple):
            if isinstance(value, tuple):  # YAML's !!omap and !!pairs
                value = parent[slot] = list(value)
            for i, sub in enumerate(value):
                stack.append((value, i, sub, depth + 1, (place, str(i))))
        elif isinstance(value, float) and not math.isfinite(value):
            raise MbgenError(source, f"{value} at {_short(_pointer(place))} is not a JSON number")
    return root[0]


def check_names(ir: IR, source: str) -> None:
    """What becomes an identifier (a path, a tag, a parameter name) within `MAX_NAME`, whatever
    format it came from (a Markdown heading, a tag, which JSON holds as a string)."""
    for endpoint in ir.endpoints:
        texts = [("path", endpoint.path), ("tag", endpoint.tag)]
        texts += [("parameter name", p.name) for p in endpoint.params]
        for what, text in texts:
            if len(text) > MAX_NAME:
                raise MbgenError(
                    source,
                    f"{endpoint.method} {_short(endpoint.path)}: a {what} of {len(text):,} "
                    f"characters; the limit is {MAX_NAME:,}",
                )
