"""The first repair: every value where OpenAPI or JSON Schema expects an object or a list (or a
string) has that JSON type, so that no later step meets `responses: "x"`, `parameters: 1.5`,
`allOf: 0` or `required: 7`. A value of the wrong type is dropped and recorded, never guessed at:
the rest of the document is still read.
"""

from __future__ import annotations

from typing import Any

from generator.ir import Repair
from generator.paths import OPERATION_METHODS, escape_pointer
from generator.schema_helpers import schema_type_problems

_TYPE_NAMES: dict[type[Any], str] = {dict: "an object", list: "a list", str: "a string"}
_COMPONENT_MAPS = ("schemas", "parameters", "requestBodies", "responses")


class _Fixer:
    def __init__(self) -> None:
        self.repairs: list[Repair] = []

    def drop(
        self, container: dict[str, Any] | list[Any], key: Any, pointer: str, want: str
    ) -> None:
        value = container[key]
        shown = type(value).__name__ if value is not None else "null"
        self.repairs.append(
            Repair("wrong-type", pointer, f"expected {want}, found {shown} {value!r:.40}; dropped")
        )
        del container[key]

    def expect(self, node: dict[str, Any], key: str, kind: type[Any], pointer: str) -> bool:
        """Whether node[key] is there with the JSON type `kind`; drops it (recorded) if not."""
        if key not in node:
            return False
        if isinstance(node[key], kind):
            return True
        self.drop(node, key, f"{pointer}/{escape_pointer(key)}", _TYPE_NAMES[kind])
        return False

    def keep_objects(self, items: dict[str, Any] | list[Any], pointer: str, what: str) -> None:
        """Drop every member of a map or list that is not an object."""
        if isinstance(items, dict):
            for name in [n for n, v in items.items() if not isinstance(v, dict)]:
                self.drop(items, name, f"{pointer}/{escape_pointer(str(name))}", what)
            return
        for i in reversed(range(len(items))):  # from the end: indexes stay valid while deleting
            if not isinstance(items[i], dict):
                self.drop(items, i, f"{pointer}/{i}", what)

    def schema(self, schema: dict[str, Any], pointer: str) -> None:
        """Every keyword below `schema` that holds subschemas, or `required`, has its type."""
        for container, key, where, want in schema_type_problems(schema, pointer):
            self.drop(container, key, where, want)

    def content(self, node: dict[str, Any], pointer: str) -> None:
        """`content` of a body, response or parameter: media type -> {schema}."""
        if not self.expect(node, "content", dict, pointer):
            return
        self.keep_objects(node["content"], f"{pointer}/content", "a media type object")
        for media, entry in node["content"].items():
            here = f"{pointer}/content/{escape_pointer(media)}"
            if self.expect(entry, "schema", dict, here):
                self.schema(entry["schema"], f"{here}/schema")

    def parameter(self, param: dict[str, Any], pointer: str) -> None:
        if self.expect(param, "schema", dict, pointer):
            self.schema(param["schema"], f"{pointer}/schema")
        self.content(param, pointer)

    def parameters(self, node: dict[str, Any], pointer: str) -> None:
        if not self.expect(node, "parameters", list, pointer):
            return
        params = node["parameters"]
        self.keep_objects(params, f"{pointer}/parameters", "a parameter object")
        for i in reversed(range(len(params))):
            param = params[i]
            here = f"{pointer}/parameters/{i}"
            if "$ref" not in param and not isinstance(param.get("name"), str):
                self.drop(params, i, here, "a parameter with a name")
            else:
                self.parameter(param, here)

    def responses(self, op: dict[str, Any], pointer: str) -> None:
        if not self.expect(op, "responses", dict, pointer):
            return
        self.keep_objects(op["responses"], f"{pointer}/responses", "a response object")
        for code, response in op["responses"].items():
            self.content(response, f"{pointer}/responses/{escape_pointer(str(code))}")

    def operation(self, op: dict[str, Any], pointer: str) -> None:
        self.parameters(op, pointer)
        if self.expect(op, "requestBody", dict, pointer):
            self.content(op["requestBody"], f"{pointer}/requestBody")
        self.responses(op, pointer)
        self.expect(op, "tags", list, pointer)

    def path_item(self, item: dict[str, Any], pointer: str) -> None:
        self.parameters(item, pointer)
        for method in OPERATION_METHODS:
            if self.expect(item, method, dict, pointer):
                self.operation(item[method], f"{pointer}/{method}")

    def components(self, doc: dict[str, Any]) -> None:
        if not self.expect(doc, "components", dict, ""):
            return
        components = doc["components"]
        for kind in _COMPONENT_MAPS:
            if self.expect(components, kind, dict, "/components"):
                self.keep_objects(components[kind], f"/components/{kind}", "an object")
        for name, schema in components.get("schemas", {}).items():
            self.schema(schema, f"/components/schemas/{escape_pointer(name)}")
        for name, param in components.get("parameters", {}).items():
            self.parameter(param, f"/components/parameters/{escape_pointer(name)}")
        for kind in ("requestBodies", "responses"):
            for name, entry in components.get(kind, {}).items():
                self.content(entry, f"/components/{kind}/{escape_pointer(name)}")


def repair_wrong_types(doc: dict[str, Any]) -> list[Repair]:
    """Drop, and record, every value whose JSON type is not what its place requires."""
    fixer = _Fixer()
    fixer.expect(doc, "info", dict, "")
    fixer.components(doc)
    paths = doc["paths"]
    fixer.keep_objects(paths, "/paths", "a path item object")
    for path, item in paths.items():
        fixer.path_item(item, f"/paths/{escape_pointer(path)}")
    return fixer.repairs
