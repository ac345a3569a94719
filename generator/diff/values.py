"""One value's schema against its next release: type, null, enum, bounds, pattern, default,
deprecation, and the places nested in it (properties, items, additionalProperties, each
anyOf/oneOf branch, if/then/else). `response` turns the direction: what widens a request is
harmless, what widens a response is what its readers did not expect (oasdiff's severities)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Any

from generator.diff.changes import Change
from generator.diff.context import Context, make_change
from generator.diff.rules import BREAKING
from generator.diff.shapes import ObjectView, Shape, object_view, shape, strip_null
from generator.ir import Endpoint, ref_name

MAX_DEPTH = 4  # how deep into nested values a diff looks (body.a.b.c)
# Each side of a range (an inclusive and an exclusive keyword), and which way it tightens.
_BOUND_PAIRS: tuple[tuple[tuple[str, ...], int], ...] = (
    (("minimum", "exclusiveMinimum"), 1),
    (("maximum", "exclusiveMaximum"), -1),
    (("minLength",), 1),
    (("maxLength",), -1),
    (("minItems",), 1),
    (("maxItems",), -1),
)
_CONDITIONS = ("if", "then", "else")


@dataclass
class Place:
    """Where a value sits: its operation, a printable name, and which way it travels."""

    endpoint: Endpoint
    ctx: Context
    response: bool = False
    depth: int = 0
    seen: frozenset[tuple[str, str]] = field(default_factory=frozenset)
    # Top-level body properties whose null mbgen's optional-body-nullable repair added, (old,
    # new): the diff compares what each release published, not the repair.
    null_added: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())
    parameter: str | None = None  # the parameter whose schema this is (None: a body)
    read_only: bool = False  # inside a request property the server sets (readOnly)
    path_segment: bool = False  # a path parameter's own value: never empty

    def change(self, kind: str, name: str, **fields: Any) -> Change:
        """The change of `kind` as this place words it: a response's own kinds, oasdiff's
        warning for a type change inside an object-typed parameter, and a read-only request
        property's tightening, which breaks no request."""
        if self.response:
            kind = "response-" + kind
        elif kind == "type-changed" and self.parameter and name.startswith(self.parameter + "."):
            kind = "parameter-property-type-changed"
        change = make_change(kind, self.endpoint, name or "(body)", **fields)
        if self.read_only and change.severity == BREAKING:
            change.fields["detail"] = change.message
            change.kind = "read-only-property-tightened"
        return change


def _accepts(types: frozenset[str]) -> frozenset[str]:
    return types | {"integer"} if "number" in types else types


def type_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    """A type change; a wider set of types is harmless in a request, a risk in a response."""
    if not old.types or not new.types or old.types == new.types:
        return []
    a, b = _accepts(old.types), _accepts(new.types)
    text = {"old": "|".join(sorted(old.types)), "new": "|".join(sorted(new.types))}
    detail = f"{text['old']} -> {text['new']}"
    if b >= a:
        kind = "widened" if at.response else "type-widened"
    elif b <= a:
        if at.ctx.prose_involved and not at.response:
            return []  # prose says "number" of what OpenAPI calls an integer
        kind = "narrowed" if at.response else "type-narrowed"
    else:
        return [at.change("type-changed", name, **text)]
    return [at.change(kind, name, detail=detail)]


def format_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    """A `format` set, dropped or changed on the same type: oasdiff reads it as part of the type.
    Dropping it accepts more (harmless in a request, a risk in a response)."""
    if old.format == new.format or old.types != new.types:
        return []
    text = {
        "old": f"{'|'.join(sorted(old.types))} ({old.format or 'any format'})",
        "new": f"{'|'.join(sorted(new.types))} ({new.format or 'any format'})",
    }
    if new.format is None:
        kind = "type-changed" if at.response else "type-widened"
    elif old.format is None:
        kind = "narrowed" if at.response else "type-changed"
    else:
        kind = "type-changed"
    if kind in ("type-widened", "narrowed"):
        return [at.change(kind, name, detail=f"{text['old']} -> {text['new']}")]
    return [at.change(kind, name, **text)]


def mutability_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    """readOnly/writeOnly set or unset: which direction a value travels in."""
    changes = []
    for flag, was, now in (
        ("readOnly", old.read_only, new.read_only),
        ("writeOnly", old.write_only, new.write_only),
    ):
        if was != now:
            changes.append(
                at.change("mutability-changed", name, detail=f"{flag} {'set' if now else 'unset'}")
            )
    return changes


def _enum_text(values: frozenset[str]) -> str:
    return ", ".join(sorted(values))


def _enum_json(values: frozenset[str]) -> str:
    """The values as one JSON array (each is JSON text already): what `impact` compares a
    value a call sends with."""
    return "[" + ",".join(sorted(values)) + "]"


def enum_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    """Values removed from or added to an enum, or an enum appearing or going."""
    if old.enum is None and new.enum is not None:
        if at.ctx.prose_involved:  # prose says "string" where OpenAPI lists the values
            return []
        kind = "narrowed" if at.response else "type-narrowed"
        detail = f"now one of {_enum_text(new.enum)}"
        return [at.change(kind, name, detail=detail, allowed=_enum_json(new.enum))]
    if old.enum is not None and new.enum is None:
        kind = "widened" if at.response else "type-widened"
        return [at.change(kind, name, detail="no longer a fixed list of values")]
    if old.enum is None or new.enum is None:
        return []
    changes = []
    removed, added = old.enum - new.enum, new.enum - old.enum
    if removed:
        values = _enum_json(removed)
        changes.append(
            at.change("enum-value-removed", name, detail=_enum_text(removed), values=values)
        )
    if added:
        changes.append(at.change("enum-value-added", name, detail=_enum_text(added)))
    return changes


def nullable_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    was, now = old.nullable, new.nullable
    if at.depth == 1 and not at.response:  # as published, before the repair
        was, now = was and name not in at.null_added[0], now and name not in at.null_added[1]
    if was == now:
        return []
    detail = "null now possible" if now else "null no longer possible"
    if at.response:
        return [at.change("widened" if now else "narrowed", name, detail=detail)]
    return [at.change("type-widened" if now else "type-narrowed", name, detail=detail)]


def _number(value: float | None) -> str:
    if value is None:
        return "none"
    return str(int(value)) if float(value).is_integer() else str(value)


_Bound = tuple[float, bool, str]  # value, exclusive, the keyword that says it


def _tightest(shape: Shape, names: tuple[str, ...], sign: int) -> _Bound | None:
    """The binding one of an inclusive and an exclusive bound on the same side (`minimum` and
    `exclusiveMinimum`), so a switch from one keyword to the other is one bound that moved."""
    found: list[_Bound] = []
    for name, exclusive in zip(names, (False, True), strict=False):
        value = shape.bound(name)
        if value is not None:
            found.append((value, exclusive, name))
    if not found:
        return None
    return max(found, key=lambda b: (sign * b[0], b[1]))


def _bound_text(bound: _Bound | None, name: str) -> str:
    return f"{bound[2]} {_number(bound[0])}" if bound else f"{name} none"


def bound_changes(old: Shape, new: Shape) -> tuple[list[str], list[str]]:
    """(narrowed, widened) descriptions of the bounds that moved."""
    narrowed: list[str] = []
    widened: list[str] = []
    for names, sign in _BOUND_PAIRS:  # a lower bound tightens upwards
        a, b = _tightest(old, names, sign), _tightest(new, names, sign)
        if a == b:
            continue
        if a is not None and b is not None and a[:2] == b[:2]:
            continue
        text = f"{_bound_text(a, names[0])} -> {_bound_text(b, names[0])}"
        if a is not None and b is not None and a[2] == b[2]:
            text = f"{a[2]} {_number(a[0])} -> {_number(b[0])}"
        tighter = b is not None and (a is None or (sign * b[0], b[1]) > (sign * a[0], a[1]))
        (narrowed if tighter else widened).append(text)
    return narrowed, widened


def segment_bounds(shape: Shape) -> Shape:
    """A path segment is never empty: `minLength` 1 is what any path parameter already means,
    so a published 0 or none reads as 1 (Metabase 0.59 wrote `minLength: 1` on 23 of them)."""
    bounds = dict(shape.bounds)
    bounds["minLength"] = max(bounds.get("minLength", 0.0), 1.0)
    return replace(shape, bounds=tuple(sorted(bounds.items())))


def bounds_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    if at.path_segment and at.depth == 0:
        old, new = segment_bounds(old), segment_bounds(new)
    narrowed, widened = bound_changes(old, new)
    changes = []
    if narrowed:
        kind = "narrowed" if at.response else "type-narrowed"
        changes.append(at.change(kind, name, detail="; ".join(narrowed)))
    if widened:
        kind = "widened" if at.response else "type-widened"
        changes.append(at.change(kind, name, detail="; ".join(widened)))
    return changes


def pattern_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    if old.pattern == new.pattern:
        return []
    if old.pattern and new.pattern:
        return [at.change("pattern-changed", name, old=old.pattern, new=new.pattern)]
    if new.pattern:
        kind = "narrowed" if at.response else "type-narrowed"
        return [at.change(kind, name, detail=f"pattern {new.pattern}")]
    kind = "widened" if at.response else "type-widened"
    return [at.change(kind, name, detail=f"pattern {old.pattern} removed")]


def default_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    if old.default == new.default:
        return []
    return [
        at.change("default-changed", name, old=old.default or "none", new=new.default or "none")
    ]


def deprecation_rule(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    if old.deprecated == new.deprecated:
        return []
    kind = "property-deprecated" if new.deprecated else "property-undeprecated"
    return [at.change(kind, name)]


_FIDELITY_RULES = (
    nullable_rule,
    bounds_rule,
    pattern_rule,
    default_rule,
    deprecation_rule,
    mutability_rule,
)


def compare_shapes(old: Shape, new: Shape, name: str, at: Place) -> list[Change]:
    """The rules on one value itself; nested places are `compare_schema`'s."""
    changes = type_rule(old, new, name, at) or format_rule(old, new, name, at)
    if changes:
        return changes
    changes.extend(enum_rule(old, new, name, at))
    if not at.ctx.same_fidelity:
        return changes
    for rule in _FIDELITY_RULES:
        changes.extend(rule(old, new, name, at))
    return changes


def _ref_of(schema: dict[str, Any]) -> str:
    ref = schema.get("$ref")
    return ref if isinstance(ref, str) else ""


def compare_schema(
    old: dict[str, Any] | None,
    new: dict[str, Any] | None,
    name: str,
    at: Place,
    skip_removed: set[str] | frozenset[str] = frozenset(),
    skip_added: set[str] | frozenset[str] = frozenset(),
) -> list[Change]:
    """A value and every place nested in it, down to MAX_DEPTH; a pair of `$ref`s already on
    the way down (a recursive schema) is not entered again. `name` "" is a whole body: its
    properties are named bare, and so are those of each item of an array body."""
    if old is None or new is None:
        return []
    if at.null_added[0] == at.null_added[1] and at.ctx.unchanged(old, new):
        return []
    old_shape, new_shape = shape(old, at.ctx.old.schemas), shape(new, at.ctx.new.schemas)
    changes = compare_shapes(old_shape, new_shape, name, at)
    whole_body = at.depth == 0 and not name
    if at.depth + 1 >= MAX_DEPTH or not (at.ctx.same_fidelity or whole_body):
        return changes  # prose sources say too little of nested values to compare them
    pair = (_ref_of(old), _ref_of(new))
    if pair[0] and pair in at.seen:
        return changes
    inner = replace(at, depth=at.depth + 1, seen=at.seen | {pair})
    # A value made nullable by wrapping it (`oneOf: [X, {type: null}]`) is X plus null, which
    # nullable_rule said: its places are X's, not the wrapper's one branch.
    a, b = strip_null(old, at.ctx.old.schemas)[0], strip_null(new, at.ctx.new.schemas)[0]
    if a is b and not pair[0]:
        return changes  # one object on both sides (an IR compared with itself)
    if at.ctx.same_fidelity:
        for nested in (
            items_rule,
            additional_rule,
            variants_rule,
            conditions_rule,
            discriminator_rule,
        ):
            changes.extend(nested(a, b, name, inner))
    old_view = object_view(a, at.ctx.old.schemas)
    new_view = object_view(b, at.ctx.new.schemas)
    if old_view is not None and new_view is not None:
        prefix = f"{name}." if name else ""
        changes.extend(
            compare_properties(old_view, new_view, prefix, inner, skip_removed, skip_added)
        )
    return changes


def items_rule(old: dict[str, Any], new: dict[str, Any], name: str, at: Place) -> list[Change]:
    a, b = old.get("items"), new.get("items")
    if isinstance(a, dict) and isinstance(b, dict):
        return compare_schema(a, b, f"{name}[]" if name else "", at)
    return []


def additional_rule(old: dict[str, Any], new: dict[str, Any], name: str, at: Place) -> list[Change]:
    """`additionalProperties`: both schemas compared; closing an open map narrows it."""
    a, b = old.get("additionalProperties"), new.get("additionalProperties")
    if isinstance(a, dict) and isinstance(b, dict):
        return compare_schema(a, b, name + "{}", at)
    if a is False and b not in (None, False):
        kind = "widened" if at.response else "type-widened"
        return [at.change(kind, name, detail="additional properties now allowed")]
    if b is False and a is not False:
        kind = "narrowed" if at.response else "type-narrowed"
        return [at.change(kind, name, detail="additional properties no longer allowed")]
    return []


def _branch_key(branch: object, index: int) -> str:
    if isinstance(branch, dict):
        ref = branch.get("$ref")
        if isinstance(ref, str):
            return ref_name(ref) or ref
        if isinstance(branch.get("title"), str):
            return str(branch["title"])
        if branch.get("type") == "null":
            return "null"
    return f"#{index}"


def variants_rule(old: dict[str, Any], new: dict[str, Any], name: str, at: Place) -> list[Change]:
    """Each anyOf/oneOf branch: matched by `$ref` name or title, else by position."""
    changes: list[Change] = []
    for key in ("anyOf", "oneOf", "allOf"):
        a, b = old.get(key), new.get(key)
        a = a if isinstance(a, list) else []
        b = b if isinstance(b, list) else []
        if not a and not b:
            continue
        old_keys = {_branch_key(x, i): x for i, x in enumerate(a) if _branch_key(x, i) != "null"}
        new_keys = {_branch_key(x, i): x for i, x in enumerate(b) if _branch_key(x, i) != "null"}
        if not old_keys or not new_keys:
            continue  # a property moved into (or out of) branches: compared as one object
        # another allOf part is one more thing to satisfy: the reverse of another alternative
        what = "part" if key == "allOf" else "variant"
        for k in sorted(set(new_keys) - set(old_keys)):
            changes.append(at.change(f"{what}-added", name, detail=f"{key} {k}"))
        for k in sorted(set(old_keys) - set(new_keys)):
            changes.append(at.change(f"{what}-removed", name, detail=f"{key} {k}"))
        for k in sorted(set(old_keys) & set(new_keys)):
            x, y = old_keys[k], new_keys[k]
            if isinstance(x, dict) and isinstance(y, dict):
                changes.extend(compare_schema(x, y, f"{name}({key} {k})", at))
    return changes


def discriminator_rule(
    old: dict[str, Any], new: dict[str, Any], name: str, at: Place
) -> list[Change]:
    a, b = old.get("discriminator"), new.get("discriminator")
    if a == b:
        return []
    return [at.change("discriminator-changed", name, detail=f"{a!r} -> {b!r}")]


def conditions_rule(old: dict[str, Any], new: dict[str, Any], name: str, at: Place) -> list[Change]:
    changes: list[Change] = []
    for key in _CONDITIONS:
        if key in new and key not in old:
            changes.append(at.change("condition-added", name, detail=key))
        elif key in old and key not in new:
            changes.append(at.change("condition-removed", name, detail=key))
    return changes


def compare_properties(
    old_view: ObjectView,
    new_view: ObjectView,
    prefix: str,
    at: Place,
    skip_removed: set[str] | frozenset[str] = frozenset(),
    skip_added: set[str] | frozenset[str] = frozenset(),
) -> list[Change]:
    """Properties of an object: gone, new, required flipped, and each one's own value."""
    changes: list[Change] = []
    old_props, new_props = old_view.properties, new_view.properties
    for name in old_props:
        if name not in new_props and name not in skip_removed:
            changes.append(property_removed(old_view, name, prefix + name, at))
    for name in new_props:
        if name not in old_props and name not in skip_added:
            changes.append(property_added(new_view, name, prefix + name, at))
    for name in sorted(set(old_props) & set(new_props)):
        changes.extend(required_rule(old_view, new_view, name, prefix + name, at))
        read_only = at.read_only or new_props[name].get("readOnly") is True
        inner_at = replace(at, read_only=read_only) if not at.response else at
        changes.extend(compare_schema(old_props[name], new_props[name], prefix + name, inner_at))
    return changes


def property_removed(view: ObjectView, name: str, label: str, at: Place) -> Change:
    if not at.response:
        return at.change("property-removed", label)
    required = name in view.required and not view.properties[name].get("writeOnly")
    kind = "response-property-removed" if required else "optional-response-property-removed"
    return make_change(kind, at.endpoint, label)


def property_added(view: ObjectView, name: str, label: str, at: Place) -> Change:
    if at.response:
        return make_change("response-property-added", at.endpoint, label)
    read_only = view.properties[name].get("readOnly") is True  # the server sets it
    required = name in view.required and not read_only
    return at.change("required-property-added" if required else "optional-property-added", label)


def required_rule(
    old_view: ObjectView, new_view: ObjectView, name: str, label: str, at: Place
) -> list[Change]:
    was, now = name in old_view.required, name in new_view.required
    if was == now:
        return []
    if at.response:
        if new_view.properties[name].get("writeOnly") is True:
            return []  # never in a response anyway
        return [
            make_change(
                "response-became-optional" if was else "response-became-required",
                at.endpoint,
                label,
            )
        ]
    return [at.change("became-required" if now else "became-optional", label)]
