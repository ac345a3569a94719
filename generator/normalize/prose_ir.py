"""ProseDocument (Markdown or rendered text) -> IR.

The prose formats do not say where a parameter goes. Path parameters are the path's
placeholders; the rest are query parameters for GET and DELETE (what Metabase's routes read
there) and JSON body properties for POST, PUT and PATCH. Each inference below is one function
that returns what it inferred and the repairs that record it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
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
# Prose that says a value may be left out: "include must be either empty or the value tables",
# "Default: `false`", "(optional)".
_SAYS_OPTIONAL = re.compile(
    r"\b(?:optional|either empty|may be empty|defaults?(?:\s*:|\s+(?:is|to|value)\b))",
    re.IGNORECASE,
)
# Bodies the Markdown lists flat although the handler destructures nested maps (Metabase's
# `POST /api/setup/`: `{{:keys [email ...]} :user, {:keys [site_name ...]} :prefs, ...}`): the
# outer key, and for each of its keys the flat name the Markdown shows.
KNOWN_NESTINGS: dict[tuple[str, str], dict[str, dict[str, str]]] = {
    ("POST", "/api/setup/"): {
        "user": {n: n for n in ("first_name", "last_name", "email", "password")},
        "prefs": {n: n for n in ("site_name", "site_locale", "allow_tracking")},
        "database": {
            n: n
            for n in (
                "name",
                "engine",
                "details",
                "schedules",
                "auto_run_queries",
                "is_full_sync",
                "is_on_demand",
            )
        },
        "invite": {f"invited_{n}": n for n in ("first_name", "last_name", "email")},
    }
}


@dataclass
class Inferred:
    """What one endpoint's inferences found so far."""

    method: str
    path: str
    description: str
    params: list[Param] = field(default_factory=list)
    body: dict[str, Any] | None = None
    body_required: bool = False
    repairs: list[Repair] = field(default_factory=list)

    @property
    def label(self) -> str:
        return f"{self.method} {self.path}"


def is_server_binding(param: ProseParam) -> bool:
    if param.prose:
        return False
    name = param.name
    return (
        name in SERVER_BINDINGS
        or name.endswith(("body", "-updates"))
        or "->" in name
        # `_dashboard`: Clojure's leading underscore marks a binding the handler ignores.
        or (name.startswith("_") and len(name) > 1)
    )


def _namespace_word(path: str) -> str:
    return derive_tag(path).rsplit("/", 1)[-1]


def _body_names(path: str) -> tuple[str, ...]:
    """Names under which a handler binds the whole body: the namespace's word, or `body`."""
    namespace = _namespace_word(path)
    return (namespace, namespace.rstrip("s"), "body")


def _is_whole_body_binding(method: str, path: str, param: ProseParam, listed: int) -> bool:
    """With other parameters beside it, a parameter named for the body (`dashboard` in
    POST /api/dashboard/, `body` "value must be a map." in PUT /api/collection/graph) is the
    handler's `:as` binding of the whole body, not one of its keys."""
    if method not in BODY_METHODS or listed < 2 or param.name not in _body_names(path):
        return False
    return not param.prose or read_prose(param.prose).schema == {"type": "object"}


def drop_server_bindings(found: Inferred, doc: ProseEndpoint, names: list[str]) -> list[ProseParam]:
    """The listed parameters a client sends: the handler's own bindings left out, recorded."""
    listed = len([p for p in doc.params if p.name not in names])
    kept: dict[str, ProseParam] = {}
    bindings, with_prose = [], False
    for p in doc.params:
        if p.name not in names and (
            is_server_binding(p) or _is_whole_body_binding(found.method, found.path, p, listed)
        ):
            bindings.append(p.name)
            with_prose = with_prose or bool(p.prose)
        else:
            kept.setdefault(p.name, p)
    if bindings:
        found.repairs.append(
            Repair(
                "server-binding",
                found.label,
                f"{', '.join(bindings)}: "
                + ("" if with_prose else "listed without prose, ")
                + "the handler's own binding (request, callbacks or the whole body), not a "
                "client parameter; left out",
            )
        )
    return list(kept.values())


def infer_path_params(found: Inferred, names: list[str], listed: list[ProseParam]) -> None:
    """One required string-or-better parameter per placeholder; one not listed is recorded."""
    by_name = {p.name: p for p in listed}
    for name in names:
        if name not in by_name:
            found.repairs.append(
                Repair(
                    "undeclared-path-parameter",
                    found.label,
                    f"path parameter {name!r} used in the path but not listed; taken as a string",
                )
            )
            found.params.append(Param(name, "path", True, {"type": "string"}, ""))
            continue
        prose = by_name[name].prose
        # A path segment is text whatever the prose could not say.
        schema = read_prose(prose).schema or {"type": "string"}
        found.params.append(Param(name, "path", True, schema, prose))


def infer_whole_body(found: Inferred, others: list[ProseParam]) -> bool:
    """The body, when the one parameter a body method lists is the body itself, named for the
    namespace: `PUT /api/action/:id` lists `action` as `map where {...}` (malli's body schema
    under the handler's binding name); `POST /api/dashboard/save` lists just `dashboard`."""
    if found.method not in BODY_METHODS or len(others) != 1:
        return False
    (param,) = others
    if param.name not in _body_names(found.path):
        return False
    if not param.prose:
        found.body = {"type": "object", "description": f"the {param.name}, as a whole"}
    else:
        schema = read_prose(param.prose).schema
        if schema == {"type": "object"}:  # `body`: "value must be a map."
            schema = {"type": "object", "description": param.prose}
        elif schema.get("type") != "object" or not schema.get("properties"):
            return False
        found.body = schema
    found.body_required = True
    if not param.prose:
        what = " (no schema published)"
    elif found.body.get("properties"):
        what = ", written as a map: its keys are the body's properties"
    else:
        what = ", a map"
    found.repairs.append(
        Repair(
            "body-map-unwrapped",
            found.label,
            f"the one parameter {param.name!r} is the whole body{what}",
        )
    )
    return True


def says_optional(param: ProseParam, description: str) -> bool:
    """Whether the prose says the value may be left out: its own text ("either empty",
    "optional", a default), or a line of the endpoint's description that names it and gives its
    default (GET /api/database: "`include=tables` means ... Default: `false`")."""
    if _SAYS_OPTIONAL.search(param.prose):
        return True
    mention = re.compile(rf"`{re.escape(param.name)}(?:=[^`]*)?`")
    lines = re.split(r"\n\s*\*|\n\s*\n", description)
    return any(mention.search(line) and _SAYS_OPTIONAL.search(line) for line in lines)


def _optional_repair(found: Inferred, optional: list[str]) -> None:
    if optional:
        found.repairs.append(
            Repair(
                "optional-by-prose",
                found.label,
                f"{', '.join(optional)}: the prose says it may be left out (a default, "
                "'optional' or 'either empty'); not required",
            )
        )


def _property(param: ProseParam) -> tuple[dict[str, Any], bool]:
    """A body key's schema (null allowed where the prose says nil) and whether the prose alone
    makes it required: without prose nothing says so; with prose, only "nullable" or "may be
    nil" says it may be left out."""
    reading = read_prose(param.prose)
    schema = make_nullable(reading.schema) if reading.nullable else reading.schema
    schema = {**schema, "description": param.prose} if param.prose else schema
    return schema, bool(param.prose) and not reading.nullable


def infer_body(found: Inferred, others: list[ProseParam]) -> None:
    """A body method's parameters are the keys of a JSON object body."""
    properties: dict[str, Any] = {}
    required: list[str] = []
    optional: list[str] = []
    for p in others:
        properties[p.name], needed = _property(p)
        if needed and says_optional(p, found.description):
            optional.append(p.name)
        elif needed:
            required.append(p.name)
    found.body = {"type": "object", "properties": properties}
    if required:
        found.body["required"] = required
    found.body_required = bool(required)
    found.repairs.append(
        Repair(
            "inferred-body",
            found.label,
            f"{len(others)} parameter(s) taken as JSON body properties: the source does not "
            "say where they go",
        )
    )
    _optional_repair(found, optional)


def nest_known_keys(found: Inferred) -> None:
    """Regroup a body the Markdown lists flat into the nested maps its handler reads."""
    nesting = KNOWN_NESTINGS.get((found.method, found.path))
    if nesting is None or found.body is None:
        return
    properties: dict[str, Any] = found.body["properties"]
    required = set(found.body.get("required", []))
    moved = []
    for outer, keys in nesting.items():
        inner = {key: properties.pop(flat) for flat, key in keys.items() if flat in properties}
        if not inner:
            continue
        inner_required = [keys[flat] for flat in keys if flat in required]
        nested: dict[str, Any] = {"type": "object", "properties": inner}
        if inner_required:
            nested["required"] = inner_required
        properties.pop(outer, None)  # the handler's `:as` name for the map, when listed
        properties[outer] = nested
        moved.append(f"{outer} ({', '.join(inner)})")
    flat_required = [k for k in found.body.get("required", []) if k in properties]
    flat_required += [k for k in nesting if k in properties and properties[k].get("required")]
    found.body["required"] = flat_required
    if not flat_required:
        del found.body["required"]
    found.body_required = bool(flat_required)
    found.repairs.append(
        Repair(
            "nested-keys",
            found.label,
            "listed flat; regrouped as the handler reads them: " + "; ".join(moved),
        )
    )


def infer_query(found: Inferred, others: list[ProseParam]) -> None:
    """A GET or DELETE's parameters are query parameters; required unless the prose says nil,
    a default, 'optional' or 'either empty'."""
    optional = []
    for p in others:
        reading = read_prose(p.prose)
        required = bool(p.prose) and not reading.nullable
        if required and says_optional(p, found.description):
            required = False
            optional.append(p.name)
        found.params.append(Param(p.name, "query", required, reading.schema, p.prose))
    found.repairs.append(
        Repair(
            "inferred-query",
            found.label,
            f"{len(others)} parameter(s) taken as query parameters: the source does not say "
            "where they go",
        )
    )
    _optional_repair(found, optional)


def build_endpoint(doc: ProseEndpoint) -> tuple[Endpoint, list[Repair]]:
    found = Inferred(doc.method.upper(), to_brace_path(doc.path), doc.description)
    names = colon_placeholders(doc.path)
    listed = drop_server_bindings(found, doc, names)
    infer_path_params(found, names, listed)
    others = [p for p in listed if p.name not in names]
    if others and not infer_whole_body(found, others):
        if found.method in BODY_METHODS:
            infer_body(found, others)
            nest_known_keys(found)
        else:
            infer_query(found, others)
    endpoint = Endpoint(
        method=found.method,
        path=found.path,
        tag=derive_tag(found.path),
        summary=found.label,
        description=doc.description,
        params=found.params,
        body=found.body,
        body_media_type="application/json" if found.body is not None else None,
        body_required=found.body_required,
    )
    return endpoint, found.repairs


def merge_duplicate(first: ProseEndpoint, again: ProseEndpoint, label: str) -> Repair:
    """The same endpoint on two pages (`table.md`, `ee/sandbox-table.md`): one endpoint, with
    the parameters of both."""
    known = {p.name for p in first.params}
    added = [p for p in again.params if p.name not in known]
    first.params.extend(added)
    if not first.description:
        first.description = again.description
    return Repair(
        "duplicate-endpoint",
        label,
        f"published twice ({first.origin}, {again.origin}); merged"
        + (f", adding {', '.join(p.name for p in added)}" if added else ""),
    )


def prose_to_ir(doc: ProseDocument, source_info: dict[str, str], release: str | None) -> IR:
    repairs: list[Repair] = []
    unique: dict[tuple[str, str], ProseEndpoint] = {}
    for endpoint in doc.endpoints:
        key = (endpoint.method.upper(), to_brace_path(endpoint.path))
        if key in unique:
            repairs.append(merge_duplicate(unique[key], endpoint, f"{key[0]} {key[1]}"))
        else:
            unique[key] = endpoint
    endpoints = []
    for endpoint in unique.values():
        built, found = build_endpoint(endpoint)
        endpoints.append(built)
        repairs.extend(found)
    return IR(
        release=release or doc.release,
        source=source_info,
        endpoints=endpoints,
        schemas={},
        repairs=repairs,
    )
