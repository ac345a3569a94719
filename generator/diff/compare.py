"""IR vs IR -> the list of changes, on meaning: operations are matched by method and path (with
`{name}` placeholders whatever the source wrote), schemas by what they accept, never by text.

Sources that are prose (Markdown, rendered text) say less than OpenAPI: they have no responses,
no nullability an OpenAPI would also state, and parameter locations mbgen inferred. Between a
prose source and an OpenAPI source the comparison keeps to what both can say (see `_Context`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from generator.diff.changes import Change, MovedTo
from generator.diff.moves import find_moves
from generator.diff.rules import RULES, SEVERITY_RANK
from generator.diff.shapes import (
    ObjectView,
    Schemas,
    Shape,
    object_view,
    response_view,
    shape,
)
from generator.ir import IR, Endpoint, Param
from generator.paths import BRACE_PLACEHOLDER as _PLACEHOLDER

PROSE_FORMATS = frozenset({"markdown", "rendered-text"})
# Kind changes that make a value accept less (narrowed) or more (widened), not another type.
_NARROWING = {("string", "enum"), ("number", "integer")}
_WIDENING = {("enum", "string"), ("integer", "number")}


@dataclass(frozen=True)
class _Context:
    old: IR
    new: IR

    @property
    def prose_involved(self) -> bool:
        formats = {self.old.source.get("format"), self.new.source.get("format")}
        return bool(formats & PROSE_FORMATS)

    @property
    def same_fidelity(self) -> bool:
        """Both sides say as much: bounds, nullability and defaults can be compared."""
        return self.old.source.get("format") == self.new.source.get("format")


def shape_key(path: str) -> str:
    return _PLACEHOLDER.sub("{}", path)


def _change(kind: str, endpoint: Endpoint, param: str | None = None, **fields: Any) -> Change:
    assert kind in RULES, kind
    return Change(
        kind=kind,
        method=endpoint.method,
        path=endpoint.path,
        tag=endpoint.tag,
        param=param,
        fields={k: str(v) for k, v in fields.items()},
    )


def _enum_text(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))


def compare_values(
    old: Shape, new: Shape, where: Endpoint, name: str, ctx: _Context, response: bool = False
) -> list[Change]:
    """A request value (parameter or body property), or with `response`, a response value."""
    changes: list[Change] = []
    if old.kind and new.kind and old.kind != new.kind:
        pair = (old.kind, new.kind)
        if response:
            changes.append(
                _change("response-type-changed", where, name, old=old.kind, new=new.kind)
            )
        elif pair in _NARROWING:
            if not ctx.prose_involved:  # prose says "string" where OpenAPI lists the values
                detail = f"{old.kind} -> {new.kind}"
                changes.append(_change("type-narrowed", where, name, detail=detail))
        elif pair in _WIDENING:
            changes.append(_change("type-widened", where, name, detail=f"{old.kind} -> {new.kind}"))
        else:
            changes.append(_change("type-changed", where, name, old=old.kind, new=new.kind))
        return changes
    if old.enum is not None and new.enum is not None:
        removed, added = old.enum - new.enum, new.enum - old.enum
        if response:
            if added:
                changes.append(
                    _change("response-enum-value-added", where, name, detail=_enum_text(added))
                )
        else:
            if removed:
                changes.append(
                    _change("enum-value-removed", where, name, detail=_enum_text(removed))
                )
            if added:
                changes.append(_change("enum-value-added", where, name, detail=_enum_text(added)))
    if response or not ctx.same_fidelity:
        return changes
    if old.nullable and not new.nullable:
        changes.append(_change("type-narrowed", where, name, detail="null no longer accepted"))
    narrowed, widened = _bound_changes(old, new)
    if narrowed:
        changes.append(_change("type-narrowed", where, name, detail="; ".join(narrowed)))
    if widened:
        changes.append(_change("type-widened", where, name, detail="; ".join(widened)))
    if old.default is not None and new.default is not None and old.default != new.default:
        changes.append(_change("default-changed", where, name, old=old.default, new=new.default))
    return changes


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


def _bound_changes(old: Shape, new: Shape) -> tuple[list[str], list[str]]:
    narrowed: list[str] = []
    widened: list[str] = []
    for bound in ("minimum", "exclusiveMinimum", "minLength", "minItems"):
        a, b = old.bound(bound), new.bound(bound)
        if b is not None and (a is None or b > a):
            narrowed.append(f"{bound} {_number(a)} -> {_number(b)}")
        elif a is not None and (b is None or b < a):
            widened.append(f"{bound} {_number(a)} -> {_number(b)}")
    for bound in ("maximum", "exclusiveMaximum", "maxLength", "maxItems"):
        a, b = old.bound(bound), new.bound(bound)
        if b is not None and (a is None or b < a):
            narrowed.append(f"{bound} {_number(a)} -> {_number(b)}")
        elif a is not None and (b is None or b > a):
            widened.append(f"{bound} {_number(a)} -> {_number(b)}")
    if new.pattern and new.pattern != old.pattern:
        narrowed.append(f"pattern {new.pattern}")
    return narrowed, widened


def _path_params(endpoint: Endpoint) -> list[str]:
    return [m.strip("{}") for m in _PLACEHOLDER.findall(endpoint.path)]


def _compare_required(
    old_required: bool, new_required: bool, where: Endpoint, name: str
) -> list[Change]:
    if new_required and not old_required:
        return [_change("became-required", where, name)]
    if old_required and not new_required:
        return [_change("became-optional", where, name)]
    return []


def _compare_params(old: Endpoint, new: Endpoint, ctx: _Context) -> list[Change]:
    changes: list[Change] = []
    for old_name, new_name in zip(_path_params(old), _path_params(new), strict=True):
        if old_name != new_name:
            changes.append(_change("path-parameter-renamed", new, old_name, new=new_name))
    old_params = {p.name: p for p in old.params if p.location != "path"}
    new_params = {p.name: p for p in new.params if p.location != "path"}
    old_body = object_view(old.body, ctx.old.schemas)
    new_body = object_view(new.body, ctx.new.schemas)
    old_props = set(old_body.properties) if old_body else set()
    new_props = set(new_body.properties) if new_body else set()
    for name, param in old_params.items():
        if name in new_params:
            continue
        if name in new_props:
            changes.append(_moved_location(new, name, param.location, "body property", ctx))
        else:
            changes.append(_change("parameter-removed", new, name, where=param.location))
    for name, param in new_params.items():
        if name in old_params or name in old_props:
            if name in old_props:
                changes.append(_moved_location(new, name, "body property", param.location, ctx))
            continue
        kind = "required-parameter-added" if param.required else "optional-parameter-added"
        changes.append(_change(kind, new, name, where=param.location))
    for name in sorted(set(old_params) & set(new_params)):
        a, b = old_params[name], new_params[name]
        changes.extend(_compare_param(a, b, new, ctx))
    # A body property that became a query parameter was reported above; skip it below.
    changes.extend(
        _compare_body(old, new, old_body, new_body, set(new_params), set(old_params), ctx)
    )
    return changes


def _moved_location(where: Endpoint, name: str, old: str, new: str, ctx: _Context) -> Change:
    kind = "parameter-location-inferred" if ctx.prose_involved else "parameter-moved"
    return _change(kind, where, name, old=old, new=new)


def _compare_param(a: Param, b: Param, where: Endpoint, ctx: _Context) -> list[Change]:
    changes = _compare_required(a.required, b.required, where, a.name)
    if b.deprecated and not a.deprecated:
        changes.append(_change("parameter-deprecated", where, a.name))
    changes.extend(
        compare_values(
            shape(a.schema, ctx.old.schemas), shape(b.schema, ctx.new.schemas), where, a.name, ctx
        )
    )
    return changes


def _compare_body(
    old: Endpoint,
    new: Endpoint,
    old_body: ObjectView | None,
    new_body: ObjectView | None,
    now_params: set[str],
    were_params: set[str],
    ctx: _Context,
) -> list[Change]:
    changes: list[Change] = []
    body_appeared = old.body is None and new.body is not None and new.body_required
    if body_appeared and not (ctx.prose_involved and new_body is None):
        changes.append(_change("request-body-added", new))
    if (
        old.body is not None
        and new.body is not None
        and old.body_media_type
        and new.body_media_type
        and old.body_media_type != new.body_media_type
        and not ctx.prose_involved  # prose sources cannot say multipart
    ):
        changes.append(
            _change("media-type-changed", new, old=old.body_media_type, new=new.body_media_type)
        )
    empty = ObjectView({}, frozenset())
    changes.extend(
        _compare_properties(
            old_body or empty,
            new_body or empty,
            new,
            ctx,
            skip_removed=now_params,
            skip_added=were_params,
        )
    )
    return changes


MAX_DEPTH = 3  # how deep into nested objects a diff looks (body.a.b.c)


def _element_view(schema: dict[str, Any], schemas: Schemas) -> tuple[ObjectView | None, str]:
    """The object a value is (suffix ""), or the object each of its items is (suffix "[]")."""
    view = object_view(schema, schemas)
    if view is not None:
        return view, ""
    items = response_view(schema, schemas)
    return (items, "[]") if items is not None else (None, "")


def _properties_removed_or_added(
    old_view: ObjectView,
    new_view: ObjectView,
    where: Endpoint,
    response: bool,
    prefix: str,
    skip_removed: set[str] | frozenset[str],
    skip_added: set[str] | frozenset[str],
) -> list[Change]:
    """The properties one side has and the other has not."""
    changes: list[Change] = []
    old_props, new_props = old_view.properties, new_view.properties
    for name in old_props:
        if name in new_props or name in skip_removed:
            continue
        if response:
            required = name in old_view.required
            kind = "response-property-removed" if required else "optional-response-property-removed"
        else:
            kind = "property-removed"
        changes.append(_change(kind, where, prefix + name))
    for name in new_props:
        if name in old_props or name in skip_added:
            continue
        if response:
            kind = "response-property-added"
        elif name in new_view.required:
            kind = "required-property-added"
        else:
            kind = "optional-property-added"
        changes.append(_change(kind, where, prefix + name))
    return changes


def _compare_properties(
    old_view: ObjectView,
    new_view: ObjectView,
    where: Endpoint,
    ctx: _Context,
    response: bool = False,
    prefix: str = "",
    depth: int = 0,
    skip_removed: set[str] | frozenset[str] = frozenset(),
    skip_added: set[str] | frozenset[str] = frozenset(),
) -> list[Change]:
    """Properties of a request body (or with `response`, a response) object, and of the objects
    nested in them down to MAX_DEPTH when both sides say as much (`template.method`)."""
    changes = _properties_removed_or_added(
        old_view, new_view, where, response, prefix, skip_removed, skip_added
    )
    old_props, new_props = old_view.properties, new_view.properties
    for name in sorted(set(old_props) & set(new_props)):
        if not response:
            changes.extend(
                _compare_required(
                    name in old_view.required, name in new_view.required, where, prefix + name
                )
            )
        changes.extend(
            compare_values(
                shape(old_props[name], ctx.old.schemas),
                shape(new_props[name], ctx.new.schemas),
                where,
                prefix + name,
                ctx,
                response=response,
            )
        )
        if depth + 1 >= MAX_DEPTH or not ctx.same_fidelity:
            continue  # prose sources say too little of nested maps to compare them
        old_inner, old_suffix = _element_view(old_props[name], ctx.old.schemas)
        new_inner, new_suffix = _element_view(new_props[name], ctx.new.schemas)
        if old_inner is not None and new_inner is not None and old_suffix == new_suffix:
            changes.extend(
                _compare_properties(
                    old_inner,
                    new_inner,
                    where,
                    ctx,
                    response,
                    f"{prefix}{name}{old_suffix}.",
                    depth + 1,
                )
            )
    return changes


def _compare_response(old: Endpoint, new: Endpoint, ctx: _Context) -> list[Change]:
    if old.response is None or new.response is None:
        return []  # nothing to compare with: prose sources and many operations publish none
    old_shape, new_shape = shape(old.response, ctx.old.schemas), shape(
        new.response, ctx.new.schemas
    )
    if old_shape.kind and new_shape.kind and old_shape.kind != new_shape.kind:
        return [
            _change("response-type-changed", new, "(body)", old=old_shape.kind, new=new_shape.kind)
        ]
    old_view = response_view(old.response, ctx.old.schemas)
    new_view = response_view(new.response, ctx.new.schemas)
    if old_view is None or new_view is None:
        return []
    return _compare_properties(old_view, new_view, new, ctx, response=True)


def compare_operation(old: Endpoint, new: Endpoint, ctx: _Context) -> list[Change]:
    changes = _operation_changes(old, new, ctx)
    if old.path != new.path:  # matched with renamed placeholders: keep the old path for impact
        for change in changes:
            change.fields["old_path"] = old.path
    return changes


def _operation_changes(old: Endpoint, new: Endpoint, ctx: _Context) -> list[Change]:
    changes: list[Change] = []
    if new.deprecated and not old.deprecated:
        changes.append(_change("operation-deprecated", new))
    elif old.deprecated and not new.deprecated:
        changes.append(_change("operation-undeprecated", new))
    changes.extend(_compare_params(old, new, ctx))
    changes.extend(_compare_response(old, new, ctx))
    return changes


def _match(
    old: IR, new: IR
) -> tuple[list[tuple[Endpoint, Endpoint]], list[Endpoint], list[Endpoint]]:
    """Pairs of the same operation (same path, or same path but for placeholder names), and
    what is only in the old and only in the new release."""
    new_by_key = new.endpoint_map()
    pairs: list[tuple[Endpoint, Endpoint]] = []
    unmatched_old: list[Endpoint] = []
    for endpoint in old.endpoints:
        twin = new_by_key.pop(endpoint.key, None)
        if twin is not None:
            pairs.append((endpoint, twin))
        else:
            unmatched_old.append(endpoint)
    by_shape = {(e.method, shape_key(e.path)): e for e in new_by_key.values()}
    removed: list[Endpoint] = []
    for endpoint in unmatched_old:
        twin = by_shape.pop((endpoint.method, shape_key(endpoint.path)), None)
        if twin is not None:
            pairs.append((endpoint, twin))
            del new_by_key[twin.key]
        else:
            removed.append(endpoint)
    return pairs, removed, list(new_by_key.values())


def diff_irs(old: IR, new: IR) -> list[Change]:
    ctx = _Context(old, new)
    pairs, removed, added = _match(old, new)
    moves = {m.old.key: m for m in find_moves(removed, added, old, new)}
    moved_targets = {m.new.key for m in moves.values()}
    changes: list[Change] = []
    for endpoint in removed:
        move = moves.get(endpoint.key)
        if move is None:
            changes.append(_change("operation-removed", endpoint))
        else:
            change = _change("operation-moved", endpoint)
            change.moved_to = MovedTo(move.new.method, move.new.path, move.score)
            changes.append(change)
    for endpoint in added:
        if endpoint.key not in moved_targets:
            changes.append(_change("operation-added", endpoint))
    for a, b in pairs:
        changes.extend(compare_operation(a, b, ctx))
    changes.sort(
        key=lambda c: (c.tag, c.path, c.method, -SEVERITY_RANK[c.severity], c.kind, c.param or "")
    )
    return changes
