"""The request body of one operation against its next release: there or not, required or not,
its media types, and its schema (objects property by property, scalars and arrays as values)."""

from __future__ import annotations

import json

from generator.diff.changes import Change
from generator.diff.context import Context, make_change
from generator.diff.shapes import ObjectView, object_view
from generator.diff.values import Place, compare_properties, compare_schema
from generator.ir import Endpoint, Repair
from generator.repair_kinds import NULLABLE_MARK


def published_required(endpoint: Endpoint, repairs: dict[str, list[Repair]]) -> bool:
    """The body's `required` as the release published it: the required-body and optional-body
    repairs (mbgen's reading of the keys) are undone, so they hide no flip of the flag."""
    flipped = any(
        r.kind in ("required-body", "optional-body") for r in repairs.get(endpoint.label, ())
    )
    return endpoint.body_required != flipped


def body_presence(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    if old.body is None and new.body is not None:
        if not published_required(new, ctx.new_repairs):
            return [make_change("optional-request-body-added", new)] if ctx.same_fidelity else []
        if ctx.prose_involved and object_view(new.body, ctx.new.schemas) is None:
            return []  # prose cannot say what an OpenAPI body is
        return [make_change("request-body-added", new)]
    if old.body is not None and new.body is None and ctx.same_fidelity:
        return [make_change("request-body-removed", new)]
    return []


def body_required(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    if old.body is None or new.body is None or not ctx.same_fidelity:
        return []
    was, now = published_required(old, ctx.old_repairs), published_required(new, ctx.new_repairs)
    if now and not was:
        return [make_change("request-body-became-required", new)]
    if was and not now:
        return [make_change("request-body-became-optional", new)]
    return []


def _media(endpoint: Endpoint) -> list[str]:
    if endpoint.body_media_types:
        return endpoint.body_media_types
    return [endpoint.body_media_type] if endpoint.body_media_type else []


def body_media_types(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    """A media type no longer accepted breaks its senders; one more accepted breaks nobody."""
    if old.body is None or new.body is None or ctx.prose_involved:
        return []  # prose sources cannot say multipart
    a, b = _media(old), _media(new)
    if not a or not b:
        return []
    if not set(a) & set(b):
        return [make_change("media-type-changed", new, old=a[0], new=b[0])]
    changes = [make_change("body-media-type-removed", new, detail=m) for m in a if m not in b]
    changes += [make_change("body-media-type-added", new, detail=m) for m in b if m not in a]
    return changes


def comparable_bodies(old: Endpoint, new: Endpoint) -> bool:
    """Whether the two body schemas the IRs keep are of one media type. An IR keeps the schema
    of the media type a client sends (JSON first); when a release adds JSON beside a body that
    was only multipart or text, the new schema is of the added type and the old type's is not
    kept: the change is a media type added (oasdiff: info), not a body changed."""
    a, b = old.body_media_type, new.body_media_type
    return a == b or a is None or b is None or a not in _media(new)


def null_added(endpoint: Endpoint, repairs: dict[str, list[Repair]]) -> frozenset[str]:
    """The body properties the optional-body-nullable repair made nullable (JSON strings after
    its fixed words)."""
    names: set[str] = set()
    for repair in repairs.get(endpoint.label, ()):
        if repair.kind == "optional-body-nullable":
            listed = repair.what.partition(NULLABLE_MARK)[2]
            try:
                names.update(str(n) for n in json.loads(f"[{listed}]"))
            except ValueError:  # an IR file from before the names were JSON
                names.update(n.strip() for n in listed.split(","))
    return frozenset(names)


def compare_body(
    old: Endpoint, new: Endpoint, now_params: set[str], were_params: set[str], ctx: Context
) -> list[Change]:
    """A body property that became a query parameter (or back) was reported with the
    parameters: `now_params`/`were_params` keep it from being reported again here."""
    changes = body_presence(old, new, ctx) + body_required(old, new, ctx)
    changes += body_media_types(old, new, ctx)
    at = Place(
        new, ctx, null_added=(null_added(old, ctx.old_repairs), null_added(new, ctx.new_repairs))
    )
    if old.body is not None and new.body is not None:
        if not comparable_bodies(old, new):
            return changes
        return changes + compare_schema(old.body, new.body, "", at, now_params, were_params)
    empty = ObjectView({}, frozenset())
    old_view = object_view(old.body, ctx.old.schemas) or empty
    new_view = object_view(new.body, ctx.new.schemas) or empty
    return changes + compare_properties(old_view, new_view, "", at, now_params, were_params)
