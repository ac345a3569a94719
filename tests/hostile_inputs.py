"""Hostile inputs, made on the fly: each small, each one class of trouble from issue #11."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

Schema = dict[str, Any]


@dataclass(frozen=True)
class Case:
    name: str  # also the file name: its suffix says JSON, YAML or Markdown
    data: bytes
    refusal: str | None  # words of the one-line refusal, or None when it must succeed
    generate_only: bool = False  # refused by generate alone (ingest and diff take it)
    generate: bool = True  # False where what is tested is reading (keeps the corpus quick)


def document(paths: dict[str, Any], schemas: dict[str, Schema] | None = None) -> Schema:
    doc: Schema = {"openapi": "3.1.0", "info": {"title": "t", "version": "1.0"}, "paths": paths}
    if schemas is not None:
        doc["components"] = {"schemas": schemas}
    return doc


def operation(
    response: Schema | None = None, params: list[Schema] | None = None, tag: str | None = None
) -> Schema:
    op: Schema = {"responses": {"200": {"description": "ok"}}}
    if response is not None:
        op["responses"]["200"]["content"] = {"application/json": {"schema": response}}
    if params:
        op["parameters"] = params
    if tag is not None:
        op["tags"] = [tag]
    return op


def one(response: Schema | None = None, **kwargs: Any) -> Schema:
    return document({"/api/x/{id}": {"get": operation(response, **kwargs)}})


def nested(wrap: Callable[[Schema], Schema], levels: int) -> Schema:
    schema: Schema = {"type": "object", "properties": {"leaf": {"type": "string"}}}
    for _ in range(levels):
        schema = wrap(schema)
    return schema


WRAPS: dict[str, Callable[[Schema], Schema]] = {
    "items": lambda s: {"type": "array", "items": s},
    "additionalProperties": lambda s: {"type": "object", "additionalProperties": s},
    "properties": lambda s: {"type": "object", "properties": {"a": s}, "required": ["a"]},
    "anyOf": lambda s: {"anyOf": [s, {"type": "null"}]},
    "type-list": lambda s: {"type": ["array", "null"], "items": s},
}


def deep_link(schema: Schema) -> Schema:
    for _ in range(80):
        schema = {"type": "array", "items": schema}
    return schema


def ref_chain(links: int, wrap: Callable[[Schema], Schema] = lambda s: s) -> Schema:
    schemas = {f"S{i}": wrap({"$ref": f"#/components/schemas/S{i + 1}"}) for i in range(links)}
    schemas[f"S{links}"] = {"type": "object", "properties": {"a": {"type": "string"}}}
    return document({"/api/x": {"post": operation({"$ref": "#/components/schemas/S0"})}}, schemas)


def query(name: str, schema: Schema | None = None) -> Schema:
    return {"in": "query", "name": name, "schema": schema or {"type": "string"}}


EXTERNAL: Schema = {
    "$id": "LISTENER/id.json",
    "$schema": "LISTENER/meta.json",
    "type": "object",
    "properties": {"a": {"$ref": "LISTENER/a.json", "default": "x", "pattern": "(a+)+$"}},
}


def _json(doc: Any) -> bytes:
    return json.dumps(doc).encode()


YAML_HEAD = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n"


def _yaml_nested(levels: int) -> bytes:
    lines = [YAML_HEAD + "paths:\n  /api/x:\n    get:\n      responses:\n        '200':"]
    lines.append("          description: ok\n          content:\n            application/json:")
    lines.append("              schema:")
    indent = 16
    for _ in range(levels):
        lines.append(" " * indent + "items:")
        indent += 1
    lines.append(" " * indent + "type: string")
    return ("\n".join(lines) + "\n").encode()


def _yaml_aliases(length: int, uses: int) -> bytes:
    text = YAML_HEAD + f"x-big: &b {'x' * length}\npaths:\n"
    for i in range(uses):
        text += f"  /api/x{i}:\n    get:\n      description: *b\n"
        text += "      responses: {'200': {description: ok}}\n"
    return text.encode()


BILLION_LAUGHS = YAML_HEAD + "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n"
for _prev, _name in zip("abcdefgh", "bcdefghi", strict=True):
    BILLION_LAUGHS += f"{_name}: &{_name} [{', '.join(['*' + _prev] * 9)}]\n"
BILLION_LAUGHS += "paths: {}\n"

MARKDOWN = "# API\n\n## `POST /api/x`\n\nDo it.\n\n### PARAMS:\n\n*  **`a`** {prose}\n"


def _raw(doc_text: str) -> bytes:
    return doc_text.encode()


def cases() -> list[Case]:
    # As deep as MAX_DEPTH (100) allows: 10 levels of document around the schema.
    per_level = {"items": 1, "additionalProperties": 1, "properties": 2, "anyOf": 2}
    deep = {f"deep-{k}.json": nested(w, 88 // per_level.get(k, 1)) for k, w in WRAPS.items()}
    # generate for three of them: black takes seconds on each deep module
    out = [
        Case(
            name,
            _json(one(schema)),
            None,
            generate="anyOf" not in name and "additional" not in name,
        )
        for name, schema in deep.items()
    ]
    out += [
        Case("deep-items-500.json", _json(one(nested(WRAPS["items"], 500))), "nested deeper"),
        Case(
            "deep-additional-500.json",
            _json(one(nested(WRAPS["additionalProperties"], 500))),
            "nested deeper",
        ),
        Case("deep-yaml-990.yaml", _yaml_nested(990), "nested"),
        Case("deep-json-5000.json", b'{"openapi": "3.1.0", "x": ' + b"[" * 5000, "JSON"),
        Case("ref-chain-1500.json", _json(ref_chain(1500)), None),
        # LISTENER becomes the test's listener URL: each reference would reach it if followed.
        Case("external-refs.json", _json(one(EXTERNAL, params=[query("q", EXTERNAL)])), None),
        Case(
            "ref-chain-deep.json",
            _json(ref_chain(60, deep_link)),
            None,
        ),
        Case(
            "markdown-sequence-5000.md", MARKDOWN.format(prose="sequence of " * 5000).encode(), None
        ),
        Case(
            "markdown-sequence-800.md", MARKDOWN.format(prose="sequence of " * 800).encode(), None
        ),
        Case(
            "surrogate-string.json",
            _raw('{"openapi": "3.1.0", "paths": {"/api/x": {"get": {"description": "\\ud800"}}}}'),
            "lone surrogate",
        ),
        Case(
            "surrogate-name.json",
            _json(one(params=[query("a\ud800")])).replace(b"\\ud800", b"\\udc00"),
            "lone surrogate",
        ),
        Case(
            "integer-5000-digits.json",
            _raw('{"openapi": "3.1.0", "x": ' + "1" * 5000 + "}"),
            "4,300 digits",
        ),
        Case(
            "integer-5000-digits.yaml",
            (YAML_HEAD + "x: " + "1" * 5000 + "\npaths: {}\n").encode(),
            "4,300 digits",
        ),
        Case("nan.json", _raw('{"openapi": "3.1.0", "x": NaN, "paths": {}}'), "not a JSON number"),
        Case(
            "yaml-odd-types.yaml",
            (
                YAML_HEAD.replace("'1'", "2024-01-01")
                + "paths:\n  /api/x:\n    get:\n      parameters:\n"
                + "        - {in: query, name: d, schema: {type: string, default: 2024-01-01,"
                + " enum: [2024-01-01, 2024-01-02T10:00:00Z, !!binary aGVsbG8=]}}\n"
                + "      responses:\n        200:\n          description: ok\n"
                + "          content: {application/json: {schema: {type: object,"
                + " properties: {1: {type: string}, true: {type: integer}}}}}\n"
            ).encode(),
            None,
        ),
        Case("yaml-billion-laughs.yaml", BILLION_LAUGHS.encode(), "aliases"),
        Case("yaml-alias-bytes.yaml", _yaml_aliases(1_000_000, 100), "aliases"),
        Case("yaml-alias-fine.yaml", _yaml_aliases(10_000, 20), None),
        Case(
            "enum-100k-duplicates.json",
            _json(one({"type": "string", "enum": [f"v{i % 50_000}" for i in range(100_000)]})),
            None,
            generate=False,
        ),
        Case(
            "enum-1500.json",
            _json(one({"type": "string", "enum": [f"v{i}" for i in range(1500)]})),
            None,
        ),
        Case(
            "long-path.json", _json(document({"/api/" + "p" * 2000: {"get": operation()}})), "limit"
        ),
        Case("long-tag.json", _json(one(tag="t" * 2000)), "limit"),
        Case("long-parameter.json", _json(one(params=[query("p" * 2000)])), "limit"),
        Case("long-string.json", _json(one(tag="t" * 1_100_000)), "limit"),
        Case(
            "same-parameter-name.json",
            _json(
                one(
                    params=[
                        {
                            "in": "path",
                            "name": "id",
                            "required": True,
                            "schema": {"type": "integer"},
                        },
                        query("id"),
                        query("a-b"),
                        query("a_b"),
                        query("a.b"),
                    ]
                )
            ),
            None,
        ),
        Case(
            "tag-quotes.json",
            _json(
                document(
                    {
                        "/api/x": {"get": operation(tag='"""')},
                        "/api/y": {"get": operation(tag='a\\"')},
                    }
                )
            ),
            None,
        ),
        Case("no-operations.json", _json(document({"/api/x": {}})), "no operations", True),
        Case("truncated.json", _json(ref_chain(3))[:-40], "invalid JSON"),
        Case("truncated-in-braces.yaml", _yaml_aliases(10, 3)[:-12], "invalid YAML"),
        Case("truncated-before-paths.yaml", YAML_HEAD.encode(), "no 'paths'"),
    ]
    return out
