"""ProseDocument (Markdown or rendered text) -> IR.

The prose formats do not say where a parameter goes. Path parameters are the path's
placeholders; the rest are query parameters for GET and DELETE (what Metabase's routes read
there) and JSON body properties for POST, PUT and PATCH. Every such inference is recorded.
"""

from __future__ import annotations

from typing import Any

from generator.ir import IR, Endpoint, Param, Repair
from generator.normalize.prose import read_prose
from generator.normalize.tags import derive_tag
from generator.paths import colon_placeholders, to_brace_path
from generator.prose_doc import ProseDocument, ProseEndpoint, ProseParam
from generator.schema_helpers import make_nullable

BODY_METHODS = ("POST", "PUT", "PATCH")
# Names the Markdown lists without prose that are the handler's own bindings (the Ring request,
# the callbacks, the whole body `:as`-bound), not something a client sends.
SERVER_BINDINGS = frozenset(
    {
        "&",
        "_",
        "request",
        "req",
        "respond",
        "raise",
        "query-params",
        "raw-params",
        "request-parameters",
        "remote-address",
        "metabase-session-id",
    }
)


def is_server_binding(param: ProseParam) -> bool:
    if param.prose:
        return False
    name = param.name
    return name in SERVER_BINDINGS or name.endswith(("body", "-updates")) or "->" in name


def _param_schema(prose: str) -> tuple[dict[str, Any], bool]:
    """The schema without null, and whether the prose allows null. Query values cannot be JSON
    null, so there nullable means optional; body properties get null in their schema."""
    reading = read_prose(prose)
    return reading.schema, reading.nullable


def _merge_duplicate(
    first: ProseEndpoint, again: ProseEndpoint, repairs: list[Repair], label: str
) -> None:
    known = {p.name for p in first.params}
    added = [p for p in again.params if p.name not in known]
    first.params.extend(added)
    if not first.description:
        first.description = again.description
    repairs.append(
        Repair(
            "duplicate-endpoint",
            label,
            f"published twice ({first.origin}, {again.origin}); merged"
            + (f", adding {', '.join(p.name for p in added)}" if added else ""),
        )
    )


def _namespace_word(path: str) -> str:
    return derive_tag(path).rsplit("/", 1)[-1]


def _whole_body(method: str, path: str, others: list[ProseParam]) -> dict[str, Any] | None:
    """The body, when the one parameter a body method lists is the body itself, named for the
    namespace: `PUT /api/action/:id` lists `action` as `map where {...}` (malli's body schema
    under the handler's binding name); `POST /api/dashboard/save` lists just `dashboard`."""
    if method not in BODY_METHODS or len(others) != 1:
        return None
    (param,) = others
    namespace = _namespace_word(path)
    if param.name not in (namespace, namespace.rstrip("s")):
        return None
    if not param.prose:
        return {"type": "object", "description": f"the {param.name}, as a whole"}
    reading = read_prose(param.prose)
    if reading.schema.get("type") != "object" or not reading.schema.get("properties"):
        return None
    return reading.schema


def _build_endpoint(doc: ProseEndpoint, repairs: list[Repair]) -> Endpoint:
    method = doc.method.upper()
    path = to_brace_path(doc.path)
    label = f"{method} {path}"
    placeholders = colon_placeholders(doc.path)
    by_name: dict[str, ProseParam] = {}
    bindings = []
    namespace = _namespace_word(path)
    non_path = [p for p in doc.params if p.name not in placeholders]
    for p in doc.params:
        # With other parameters beside it, a prose-less parameter named for the namespace
        # (`dashboard` in POST /api/dashboard/) is the handler's `:as` binding of the body.
        as_binding = (
            method in BODY_METHODS
            and len(non_path) > 1
            and not p.prose
            and p.name in (namespace, namespace.rstrip("s"))
        )
        if p.name not in placeholders and (is_server_binding(p) or as_binding):
            bindings.append(p.name)
            continue
        by_name.setdefault(p.name, p)
    if bindings:
        repairs.append(
            Repair(
                "server-binding",
                label,
                f"{', '.join(bindings)}: listed without prose, the handler's own binding "
                "(request, callbacks or the whole body), not a client parameter; left out",
            )
        )

    params: list[Param] = []
    for name in placeholders:
        prose = by_name[name].prose if name in by_name else ""
        schema, _ = _param_schema(prose)
        if not schema:
            schema = {"type": "string"}  # a path segment is text whatever the prose said
        if name not in by_name:
            repairs.append(
                Repair(
                    "undeclared-path-parameter",
                    label,
                    f"path parameter {name!r} used in the path but not listed; taken as a string",
                )
            )
            schema = {"type": "string"}
        params.append(Param(name, "path", True, schema, prose))

    others = [p for p in by_name.values() if p.name not in placeholders]
    body: dict[str, Any] | None = None
    whole = _whole_body(method, path, others)
    if whole is not None:
        body = whole
        repairs.append(
            Repair(
                "body-map-unwrapped",
                label,
                f"the one parameter {others[0].name!r} is the whole body"
                + (
                    ", written as a map: its keys are the body's properties"
                    if others[0].prose
                    else " (no schema published)"
                ),
            )
        )
        others = []
    if method in BODY_METHODS and others:
        properties: dict[str, Any] = {}
        required: list[str] = []
        for p in others:
            schema, nullable = _param_schema(p.prose)
            if nullable:
                schema = make_nullable(schema)
            properties[p.name] = {**schema, "description": p.prose} if p.prose else schema
            # Without prose nothing says the key is required; with prose, only "nullable" or
            # "may be nil" says it may be left out.
            if p.prose and not nullable:
                required.append(p.name)
        body = {"type": "object", "properties": properties}
        if required:
            body["required"] = required
        repairs.append(
            Repair(
                "inferred-body",
                label,
                f"{len(others)} parameter(s) taken as JSON body properties: the source does not "
                "say where they go",
            )
        )
    elif others:
        for p in others:
            schema, nullable = _param_schema(p.prose)
            params.append(Param(p.name, "query", bool(p.prose) and not nullable, schema, p.prose))
        repairs.append(
            Repair(
                "inferred-query",
                label,
                f"{len(others)} parameter(s) taken as query parameters: the source does not say "
                "where they go",
            )
        )
    return Endpoint(
        method=method,
        path=path,
        tag=derive_tag(path),
        summary=label,
        description=doc.description,
        params=params,
        body=body,
        body_media_type="application/json" if body is not None else None,
        body_required=body is not None and (whole is not None or bool(body.get("required"))),
    )


def prose_to_ir(doc: ProseDocument, source_info: dict[str, str], release: str | None) -> IR:
    repairs: list[Repair] = []
    unique: dict[tuple[str, str], ProseEndpoint] = {}
    for endpoint in doc.endpoints:
        key = (endpoint.method.upper(), to_brace_path(endpoint.path))
        if key in unique:
            _merge_duplicate(unique[key], endpoint, repairs, f"{key[0]} {key[1]}")
        else:
            unique[key] = endpoint
    endpoints = [_build_endpoint(e, repairs) for e in unique.values()]
    return IR(
        release=release or doc.release,
        source=source_info,
        endpoints=endpoints,
        schemas={},
        repairs=repairs,
    )
