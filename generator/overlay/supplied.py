"""Which facts of an IR an overlay supplied, read from its repairs of kind `overlay`.

Each such repair has a JSON pointer: into /paths (an operation, or its responses, requestBody or
parameters) or into /components/schemas (a schema that answers or bodies may reference). The
diff marks the changes that rest on one; the renderer says which answers' types are an
overlay's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import unquote

from generator.ir import HTTP_METHODS, IR, ref_name
from generator.paths import unescape_pointer
from generator.repair_kinds import SUPPLIED

_PARTS = {"responses": "response", "requestBody": "body", "parameters": "parameter"}


def overlay_name(what: str) -> str:
    """The overlay a repair's `what` names (`core.yaml action 3 (...): update` -> core.yaml)."""
    return what.split(" action ", 1)[0]


class SuppliedFacts:
    """Where one IR's overlays set something: (method, path) -> part -> overlays, and
    component schema -> overlays."""

    def __init__(self, ir: IR) -> None:
        self.ir = ir
        self.operations: dict[tuple[str, str], dict[str, set[str]]] = {}
        self.schemas: dict[str, set[str]] = {}
        for repair in ir.repairs:
            if repair.kind in SUPPLIED:
                self._add(repair.where.split("/"), overlay_name(repair.what))

    def _add(self, parts: list[str], name: str) -> None:
        if len(parts) >= 4 and parts[1] == "components" and parts[2] == "schemas":
            self.schemas.setdefault(unescape_pointer(parts[3]), set()).add(name)
        elif len(parts) >= 3 and parts[1] == "components" and parts[2] == "schemas":
            return  # the (empty) schemas object itself
        elif len(parts) >= 4 and parts[1] == "paths" and parts[3].upper() in HTTP_METHODS:
            key = (parts[3].upper(), unquote(unescape_pointer(parts[2])))
            part = _PARTS.get(parts[4], "other") if len(parts) > 4 else "*"
            self.operations.setdefault(key, {}).setdefault(part, set()).add(name)

    def behind(self, method: str, path: str, part: str) -> set[str]:
        """The overlays behind one part (`response`, `body`, `*`) of an operation."""
        parts = self.operations.get((method, path), {})
        found = set(parts.get("*", set())) | parts.get(part, set())
        endpoint = self.ir.endpoint_map().get((method, path))
        if endpoint is None or not self.schemas:
            return found
        schema: Any = endpoint.response if part == "response" else endpoint.body
        # Name the overlays of the schemas the part references itself (the Dashboard of an
        # answer, not every schema inside it); those further in only where none closer did.
        direct = {n for name in _refs(schema) for n in self.schemas.get(name, set())}
        if direct or found:
            return found | direct
        return {
            n
            for name in _referenced(schema, self.ir.schemas)
            for n in self.schemas.get(name, set())
        }


def _refs(value: Any) -> Iterator[str]:
    if isinstance(value, dict):
        ref = value.get("$ref")
        if isinstance(ref, str) and (name := ref_name(ref)) is not None:
            yield name
        for item in value.values():
            yield from _refs(item)
    elif isinstance(value, list):
        for item in value:
            yield from _refs(item)


def _referenced(schema: Any, schemas: dict[str, Any]) -> set[str]:
    """Every component `schema` references, directly or through other components."""
    seen: set[str] = set()
    todo = list(_refs(schema))
    while todo:
        name = todo.pop()
        if name not in seen:
            seen.add(name)
            todo.extend(_refs(schemas.get(name)))
    return seen
