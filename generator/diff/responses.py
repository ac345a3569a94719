"""The responses of one operation against its next release: statuses, media types, headers and
schemas. Releases read from an IR without `responses` (older files, prose sources) compare the
one success schema they have."""

from __future__ import annotations

from typing import Any

from generator.diff.changes import Change
from generator.diff.context import Context, make_change
from generator.diff.values import Place, compare_schema
from generator.ir import Endpoint


def _success(code: str) -> bool:
    return code.startswith("2")


def status_rules(old: Endpoint, new: Endpoint) -> list[Change]:
    """Statuses gone or new; one success status swapped for another is one change."""
    a, b = set(old.responses), set(new.responses)
    gone, came = sorted(a - b), sorted(b - a)
    gone_ok, came_ok = [c for c in gone if _success(c)], [c for c in came if _success(c)]
    changes: list[Change] = []
    if len(gone_ok) == 1 and len(came_ok) == 1:
        changes.append(make_change("response-status-changed", new, old=gone_ok[0], new=came_ok[0]))
    else:
        changes += [make_change("response-status-removed", new, detail=c) for c in gone_ok]
        changes += [make_change("response-status-added", new, detail=c) for c in came_ok]
    changes += [make_change("error-status-removed", new, detail=c) for c in gone if not _success(c)]
    changes += [make_change("error-status-added", new, detail=c) for c in came if not _success(c)]
    return changes


def media_type_rules(
    a: dict[str, Any], b: dict[str, Any], code: str, new: Endpoint
) -> list[Change]:
    old_media, new_media = a.get("content") or {}, b.get("content") or {}
    changes = [
        make_change("response-media-type-removed", new, detail=f"{m} ({code})")
        for m in sorted(old_media)
        if m not in new_media
    ]
    changes += [
        make_change("response-media-type-added", new, detail=f"{m} ({code})")
        for m in sorted(new_media)
        if m not in old_media
    ]
    return changes


def header_rules(a: dict[str, Any], b: dict[str, Any], at: Place) -> list[Change]:
    old_headers, new_headers = a.get("headers") or {}, b.get("headers") or {}
    changes: list[Change] = []
    for name, header in sorted(old_headers.items()):
        if name not in new_headers:
            required = bool(header.get("required"))
            kind = "response-header-removed" if required else "optional-response-header-removed"
            changes.append(make_change(kind, at.endpoint, name))
        elif bool(header.get("required")) != bool(new_headers[name].get("required")):
            now = "optional" if header.get("required") else "required"
            changes.append(make_change(f"response-header-became-{now}", at.endpoint, name))
    for name in sorted(set(new_headers) - set(old_headers)):
        changes.append(make_change("response-header-added", at.endpoint, name))
    for name in sorted(set(old_headers) & set(new_headers)):
        old_schema, new_schema = old_headers[name].get("schema"), new_headers[name].get("schema")
        changes.extend(compare_schema(old_schema, new_schema, f"header {name}", at))
    return changes


def compare_status(
    code: str, primary: bool, old: Endpoint, new: Endpoint, ctx: Context
) -> list[Change]:
    a, b = old.responses[code], new.responses[code]
    at = Place(new, ctx, response=True)
    changes = media_type_rules(a, b, code, new) + header_rules(a, b, at)
    old_media, new_media = a.get("content") or {}, b.get("content") or {}
    name = "" if primary else f"[{code}]"
    for media in sorted(set(old_media) & set(new_media)):
        changes.extend(compare_schema(old_media[media], new_media[media], name, at))
    return changes


def compare_responses(old: Endpoint, new: Endpoint, ctx: Context) -> list[Change]:
    if not old.responses or not new.responses:
        if old.response is None or new.response is None:
            return []  # nothing to compare with: prose sources and many operations publish none
        return compare_schema(old.response, new.response, "", Place(new, ctx, response=True))
    changes = status_rules(old, new)
    common = sorted(set(old.responses) & set(new.responses))
    success = [c for c in common if _success(c)]
    for code in common:
        changes.extend(
            compare_status(code, code == (success[0] if success else None), old, new, ctx)
        )
    return _unique(changes)


def _unique(changes: list[Change]) -> list[Change]:
    seen: set[tuple[str, str | None, tuple[tuple[str, str], ...]]] = set()
    out = []
    for change in changes:
        key = (change.kind, change.param, tuple(sorted(change.fields.items())))
        if key not in seen:
            seen.add(key)
            out.append(change)
    return out
