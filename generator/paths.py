"""Path templates, their placeholders, and JSON pointers: one definition each, shared by the
readers, the repairs and every consumer.

A placeholder is `{name}` in OpenAPI and the IR, `:name` in the Markdown eras. JSON pointers
(RFC 6901) escape `~` as `~0` and `/` as `~1`; a `$ref` to a schema named `a/b` is `.../a~1b`.
"""

from __future__ import annotations

import re

# `{name}`: never empty and never spanning a `/`, so `{}` and `{a/b}` are text, not parameters.
BRACE_PLACEHOLDER = re.compile(r"\{([^{}/]+)\}")
# `:name`, as the Markdown eras and some OpenAPI paths (`/api/table/card__:id/fks`) write it.
COLON_PLACEHOLDER = re.compile(r":([A-Za-z_][A-Za-z0-9_-]*)")

COMPONENT_SCHEMA_PREFIX = "#/components/schemas/"
# The operation keys of an OpenAPI path item, in the order the readers visit them.
OPERATION_METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")


def placeholders(path: str) -> list[str]:
    """The `{name}` placeholders of a path, in order: `/api/card/{id}/x/{k}` -> `['id', 'k']`."""
    return BRACE_PLACEHOLDER.findall(path)


def colon_placeholders(path: str) -> list[str]:
    """The `:name` placeholders of a Markdown-era path, in order."""
    return COLON_PLACEHOLDER.findall(path)


def to_brace_path(path: str) -> str:
    """`/api/card/:card-id` -> `/api/card/{card-id}` (published names kept)."""
    return COLON_PLACEHOLDER.sub(r"{\1}", path)


def escape_pointer(token: str) -> str:
    """One JSON-pointer reference token: `a/b~c` -> `a~1b~0c`."""
    return token.replace("~", "~0").replace("/", "~1")


def unescape_pointer(token: str) -> str:
    """The inverse of `escape_pointer`."""
    return token.replace("~1", "/").replace("~0", "~")
