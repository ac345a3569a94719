"""IR -> what the templates render: namespaces, operations with Python names and types."""

from __future__ import annotations

import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from typing import Any

from generator.ir import IR, Endpoint
from generator.naming import EXPORT_PARAMS, operation_names, operation_param_names, safe_identifier
from generator.overlay.supplied import SuppliedFacts
from generator.render import docs
from generator.render.pytypes import ANY, AliasDef, TypedDictDef, TypeRegistry, _union
from generator.render.samples import Scalar, accepts, literal_for, render
from generator.render.version import package_version


@dataclass
class PyParam:
    published: str
    python: str
    location: str
    required: bool
    type_expr: str
    description: str
    facts: str = ""  # type, allowed values, default: what the docstring says without a description


@dataclass
class Overload:
    """One `@t.overload` of an export: the format parameter narrowed, the answer it gives."""

    format_type: str
    response_type: str
    values: list[str] = field(default_factory=list)  # the formats it takes; [] for any other
    body_type: str | None = None


@dataclass
class PyOperation:
    namespace: str
    name: str
    method: str
    path: str
    params: list[PyParam]
    body_type: str | None
    body_required: bool
    body_media_type: str | None
    response_type: str
    summary: str
    description: str
    deprecated: bool
    body_doc: list[str] = field(default_factory=list)
    answer_doc: list[str] = field(default_factory=list)
    overloads: list[Overload] = field(default_factory=list)
    format_param: str = ""  # the Python name of the export format, when there are overloads
    # The body the method itself takes: with overloads, also any mapping (see _export_overloads)
    signature_body_type: str | None = None
    # The overlays the answer's type comes from (not Metabase's description), names made safe.
    response_overlays: list[str] = field(default_factory=list)
    history: list[str] = field(default_factory=list)  # the releases of a series that have it

    @property
    def builder(self) -> str:
        return f"{self.namespace}__{self.name}"

    @property
    def call(self) -> str:
        return f"{self.namespace}.{self.name}"


@dataclass
class PyNamespace:
    attribute: str
    class_name: str
    tag: str
    operations: list[PyOperation] = field(default_factory=list)
    # Deprecated aliases of older releases' calls (generator/render/history.py's PyAlias).
    aliases: list[Any] = field(default_factory=list)

    def type_expressions(self) -> list[str]:
        """Every type the namespace's methods spell."""
        out: list[str] = []
        for op in [*self.operations, *self.aliases]:
            out += [op.response_type, *([op.body_type] if op.body_type else [])]
            out += [p.type_expr for p in op.params]
            out += [e for o in op.overloads for e in (o.format_type, o.response_type)]
            out += [op.signature_body_type] if op.signature_body_type else []
        return out

    @property
    def method_names(self) -> list[str]:
        return [op.name for op in self.operations] + [a.name for a in self.aliases]

    @property
    def uses_deprecated(self) -> bool:
        return bool(self.aliases) or any(op.deprecated for op in self.operations)

    @property
    def shadowed(self) -> list[str]:
        """Builtin types the class's own methods hide (a method `list` and a `list[...]` type)
        that its module must spell `builtins.list`."""
        used: set[str] = set()
        for expression in self.type_expressions():
            used |= _names_in(expression)
        return sorted(used & _BUILTIN_TYPES & set(self.method_names))


_BUILTIN_TYPES = frozenset(
    {"bool", "bytes", "dict", "float", "frozenset", "int", "list", "object", "set", "str"}
    | {"tuple", "type"}
)


def _names_in(expression: str) -> set[str]:
    """The bare names a type expression uses (not attributes, not string contents)."""
    names: set[str] = set()
    previous = ""
    for token in tokenize.generate_tokens(io.StringIO(expression).readline):
        if token.type == tokenize.NAME and previous != ".":
            names.add(token.string)
        previous = token.string
    return names


@dataclass
class PackageModel:
    package: str
    distribution: str
    version: str
    release: str | None
    source: dict[str, str]
    namespaces: list[PyNamespace]
    types: TypeRegistry
    overlays: list[str] = field(default_factory=list)  # every overlay an answer's type is from
    series: Any = None  # a release series (generator/series_data.py's SeriesData), if given

    @property
    def release_label(self) -> str:
        """The release as prose in docstrings and README: only characters that are safe there."""
        return release_label(self.release)

    @property
    def typed_answers(self) -> int:
        """How many operations answer a declared type rather than `Any` (an export counts when
        its `api` form does)."""
        return sum(
            op.response_type != ANY or any(o.response_type != ANY for o in op.overloads[1:])
            for op in self.operations
        )

    @property
    def series_labels(self) -> list[str]:
        """The releases of the series, as prose: only characters that are safe there."""
        names = self.series.names if self.series else []
        return [re.sub(r"[^A-Za-z0-9._+-]", "", name)[:40] for name in names]

    @property
    def operations(self) -> list[PyOperation]:
        return [op for ns in self.namespaces for op in ns.operations]

    def call(self, method: str, path: str) -> str:
        """`client.<namespace>.<method>` of an operation, for the README's examples."""
        for op in self.operations:
            if (op.method, op.path) == (method, path):
                return op.call
        raise KeyError(f"{method} {path}")

    def type_expressions(self) -> list[str]:
        """Every type the request builders spell."""
        return [e for ns in self.namespaces for e in ns.type_expressions()]

    def operation(self, method: str, path: str) -> PyOperation:
        for op in self.operations:
            if (op.method, op.path) == (method, path):
                return op
        raise KeyError(f"{method} {path}")

    def is_model(self, type_expr: str | None) -> bool:
        """Whether a type is one named model (`UserCreateBody`), which a user can subclass."""
        return type_expr in self.types.definitions

    def has(self, method: str, path: str) -> bool:
        return any((op.method, op.path) == (method, path) for op in self.operations)

    # --- the README's examples, written from what each release declares -------------------

    def _resolve(self, name: str) -> str | None:
        definition = self.types.definitions.get(name)
        if isinstance(definition, AliasDef):
            return definition.type_expr
        return "dict" if isinstance(definition, TypedDictDef) else None

    def _body_fields(self, method: str, path: str) -> dict[str, str] | None:
        """The body's keys and their types when it is one TypedDict (bases included)."""
        name = self.operation(method, path).body_type or ""
        if not isinstance(self.types.definitions.get(name), TypedDictDef):
            return None
        return self._fields_of(name)

    def _fields_of(self, name: str, depth: int = 0) -> dict[str, str]:
        definition = self.types.definitions.get(name)
        if not isinstance(definition, TypedDictDef) or depth > 20:  # bases do not cycle; still
            return {}
        fields: dict[str, str] = {}
        for base in definition.bases:
            fields.update(self._fields_of(base, depth + 1))
        return fields | {f.key: f.type_expr for f in definition.fields}

    def body_keys(self, method: str, path: str) -> list[str]:
        """The keys the operation's body declares ([] unless the body is a TypedDict)."""
        return list(self._body_fields(method, path) or {})

    def body_accepts(self, method: str, path: str, key: str, value: object) -> bool:
        """Whether `body={key: value}` type-checks: the key is declared with a type `value`
        fits, or the body is a free-form dict."""
        fields = self._body_fields(method, path)
        if fields is None:
            body_type = self.operation(method, path).body_type
            return body_type is not None and accepts(body_type, {}, self._resolve)
        return key in fields and accepts(fields[key], value, self._resolve)

    def body_literal(self, method: str, path: str, entries: dict[str, Scalar]) -> str:
        """`{"key": value, ...}` of the entries the body accepts; "" when it accepts none."""
        kept = [(k, v) for k, v in entries.items() if self.body_accepts(method, path, k, v)]
        if not kept:
            return ""
        return "{" + ", ".join(f"{render(k)}: {render(v)}" for k, v in kept) + "}"

    def argument(self, method: str, path: str, python_name: str, wanted: Scalar) -> str:
        """A literal for a parameter: `wanted` where its declared type accepts it, else one of
        that type (`"1"` for a `str` id where `1` was wanted); "" when there is none."""
        for param in self.operation(method, path).params:
            if param.python == python_name:
                return literal_for(param.type_expr, wanted, self._resolve) or ""
        return ""

    def manifest(self) -> list[dict[str, Any]]:
        from generator.render.history import manifest_extra

        return [
            {
                "method": op.method,
                "path": op.path,
                "python": op.call,
                "params": {p.published: p.python for p in op.params},
                **({"body": "body"} if op.body_type is not None else {}),
                **(manifest_extra(self.series, (op.method, op.path)) if self.series else {}),
            }
            for op in sorted(self.operations, key=lambda o: (o.path, o.method))
        ]


def release_label(release: str | None) -> str:
    return re.sub(r"[^A-Za-z0-9._+-]", "", release or "")[:40]


def typed_answers(ir: IR) -> tuple[int, int]:
    """(operations whose answer the generated client types, all operations) of a release: the
    figure the README gives for each bundled release."""
    model = build_model(ir, "metabase_client")
    return model.typed_answers, len(model.operations)


def package_identifier(name: str) -> str:
    cleaned = re.sub(r"[^0-9A-Za-z_]+", "_", name).strip("_").lower()
    return safe_identifier(cleaned or "metabase_client", "metabase")


def class_for(attribute: str) -> str:
    return "".join(p.capitalize() for p in attribute.split("_") if p) + "Api"


def _operation(
    endpoint: Endpoint, namespace: str, name: str, registry: TypeRegistry, hint: str
) -> PyOperation:
    names = operation_param_names(
        endpoint.path, endpoint.tag, [(p.name, p.location) for p in endpoint.params]
    )
    params = [
        PyParam(
            published=p.name,
            python=names[i],
            location=p.location,
            required=p.required or p.location == "path",
            type_expr=registry.expr(p.schema, f"{hint}{names[i].title().replace('_', '')}"),
            description=p.description,
        )
        for i, p in enumerate(endpoint.params)
    ]
    body_type = registry.expr(endpoint.body, hint + "Body") if endpoint.body is not None else None
    response_type = (
        registry.expr(endpoint.response, hint + "Response")
        if endpoint.response is not None
        else ANY
    )
    return PyOperation(
        namespace=namespace,
        name=name,
        method=endpoint.method,
        path=endpoint.path,
        params=sorted(params, key=lambda p: (not p.required, p.location != "path")),
        body_type=body_type,
        body_required=endpoint.body_required,
        body_media_type=endpoint.body_media_type,
        response_type=response_type,
        summary=endpoint.summary,
        description=endpoint.description,
        deprecated=endpoint.deprecated,
    )


def _document(op: PyOperation, endpoint: Endpoint, types: TypeRegistry, release: str) -> None:
    """What the docstring adds to Metabase's prose, and an export's overloads."""
    schemas = {p.name: p.schema for p in endpoint.params if p.location != "body"}
    for param in op.params:
        if not param.description.strip():
            schema = schemas.get(param.published, {})
            param.facts = docs.param_entry(schema, param.type_expr, param.location, types)
    if op.body_type is not None:
        op.body_doc = docs.body_lines(op.body_type, types)
    exported = [p for p in op.params if p.published in EXPORT_PARAMS and p.location == "path"]
    if exported:
        values = docs.allowed_values(schemas.get(exported[0].published, {}), types.schemas)
        op.format_param = exported[0].python
        op.overloads = _export_overloads(exported[0].type_expr, values, op.response_type)
        if op.body_type is not None:
            op.signature_body_type = f"{op.body_type} | t.Mapping[str, t.Any]"
        for overload in op.overloads:
            last = overload is op.overloads[-1]
            overload.body_type = op.signature_body_type if last else op.body_type
        forms = [(o.values, o.response_type) for o in op.overloads[:-1]]
        op.answer_doc = docs.export_answer_lines(forms, types)
        op.response_type = _union([o.response_type for o in op.overloads])
    else:
        supplied = bool(op.response_overlays)
        op.answer_doc = docs.answer_lines(op.response_type, release, types, supplied)


def _literal(values: list[str]) -> str:
    return "t.Literal[" + ", ".join(json.dumps(v) for v in values) + "]"


def _export_overloads(format_type: str, values: list[Any], declared: str) -> list[Overload]:
    """A file format answers bytes; `api` the declared answer (the query result); any other
    format (`json`: rows as JSON) an untyped value. The last overload takes the parameter's
    own type, for a format held in a variable of that type, and any mapping as the body:
    `raw`/`stream` hand an overloaded method's arguments to mypy without the model's context,
    so a dict literal body reaches it as `dict[str, bool]`, which only this one accepts."""
    files = [v for v in docs.FILE_FORMATS if not values or v in values]
    out = [Overload(_literal(files), "bytes", files)]
    rest = [v for v in values if isinstance(v, str) and v not in docs.FILE_FORMATS]
    if "api" in rest and declared != ANY:
        out.append(Overload(_literal(["api"]), declared, ["api"]))
        rest.remove("api")
    if rest:
        out.append(Overload(_literal(rest), ANY, rest))
    wide = _union([o.response_type for o in out] + ([] if values else [ANY]))
    out.append(Overload(format_type, wide))
    return out


def _safe_name(name: str) -> str:
    """An overlay's file name as docstrings and the README may show it (it is user input)."""
    return re.sub(r"[^A-Za-z0-9._:+-]", "", name)[:60] or "overlay"


def _response_overlays(facts: SuppliedFacts, endpoint: Endpoint) -> list[str]:
    if endpoint.response is None:
        return []
    return sorted({_safe_name(n) for n in facts.behind(endpoint.method, endpoint.path, "response")})


def build_model(ir: IR, package: str) -> PackageModel:
    registry = TypeRegistry(ir.schemas)
    facts = SuppliedFacts(ir)
    endpoints = sorted(ir.endpoints, key=lambda e: (e.path, e.method))
    tags = {e.key: e.tag for e in endpoints}
    names = operation_names((e.method, e.path, tags[e.key]) for e in endpoints)
    namespaces: dict[str, PyNamespace] = {}
    for endpoint in endpoints:
        attribute, name = names[endpoint.key]
        namespace = namespaces.setdefault(
            attribute, PyNamespace(attribute, class_for(attribute), tags[endpoint.key])
        )
        hint = namespace.class_name[: -len("Api")] + name.title().replace("_", "")
        operation = _operation(endpoint, attribute, name, registry, hint)
        operation.response_overlays = _response_overlays(facts, endpoint)
        namespace.operations.append(operation)
    # Once every type is defined: the docstrings write aliases out, and read them all.
    by_key = ir.endpoint_map()
    for ns in namespaces.values():
        for op in ns.operations:
            _document(op, by_key[(op.method, op.path)], registry, release_label(ir.release))
    package = package_identifier(package)
    return PackageModel(
        package=package,
        distribution=package.replace("_", "-"),
        version=package_version(ir.release),
        release=ir.release,
        source=ir.source,
        namespaces=[namespaces[a] for a in sorted(namespaces)],
        types=registry,
        overlays=sorted(
            {n for ns in namespaces.values() for op in ns.operations for n in op.response_overlays}
        ),
    )
