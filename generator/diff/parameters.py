"""Parameters (path, query, header) of one operation against its next release."""

from __future__ import annotations

from generator.diff.changes import Change
from generator.diff.context import Context, make_change
from generator.diff.values import Place, compare_schema
from generator.ir import Endpoint, Param
from generator.paths import placeholders


def renamed_path_parameters(old: Endpoint, new: Endpoint) -> list[Change]:
    """Placeholders are matched by position: the same operation may name them anew."""
    return [
        make_change("path-parameter-renamed", new, a, new=b)
        for a, b in zip(placeholders(old.path), placeholders(new.path), strict=True)
        if a != b
    ]


def moved_location(where: Endpoint, name: str, old: str, new: str, ctx: Context) -> Change:
    kind = "parameter-location-inferred" if ctx.prose_involved else "parameter-moved"
    return make_change(kind, where, name, old=old, new=new)


def parameter_removed(param: Param, where: Endpoint) -> Change:
    return make_change("parameter-removed", where, param.name, where=param.location)


def parameter_added(param: Param, where: Endpoint) -> Change:
    kind = "required-parameter-added" if param.required else "optional-parameter-added"
    return make_change(kind, where, param.name, where=param.location)


def required_flag(a: Param, b: Param, where: Endpoint) -> list[Change]:
    if b.required and not a.required:
        return [make_change("became-required", where, a.name)]
    if a.required and not b.required:
        return [make_change("became-optional", where, a.name)]
    return []


def deprecation(a: Param, b: Param, where: Endpoint) -> list[Change]:
    if b.deprecated and not a.deprecated:
        return [make_change("parameter-deprecated", where, a.name)]
    if a.deprecated and not b.deprecated:
        return [make_change("parameter-undeprecated", where, a.name)]
    return []


def compare_param(a: Param, b: Param, where: Endpoint, ctx: Context) -> list[Change]:
    """One parameter in both releases: required flag, deprecation and its schema (object-typed
    header and query parameters included, property by property)."""
    changes = required_flag(a, b, where) + deprecation(a, b, where)
    at = Place(where, ctx, parameter=a.name)
    return changes + unused_default(a, b, compare_schema(a.schema, b.schema, a.name, at))


def unused_default(a: Param, b: Param, changes: list[Change]) -> list[Change]:
    """A required parameter's default is never used (every call sends the parameter), so its
    change is none (oasdiff reports defaults of optional parameters only)."""
    if not (a.required and b.required):
        return changes
    return [c for c in changes if not (c.kind == "default-changed" and c.param in (a.name, b.name))]


def compare_path_params(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    """Path parameters by position (their names may differ), schemas compared as query ones."""
    old_by = {p.name: p for p in old.params if p.location == "path"}
    new_by = {p.name: p for p in new.params if p.location == "path"}
    changes: list[Change] = []
    for a_name, b_name in zip(placeholders(old.path), placeholders(new.path), strict=True):
        a, b = old_by.get(a_name), new_by.get(b_name)
        if a is not None and b is not None:
            at = Place(new, ctx, path_segment=True)
            changes.extend(unused_default(a, b, compare_schema(a.schema, b.schema, b_name, at)))
            changes.extend(deprecation(a, b, new))
    return changes
