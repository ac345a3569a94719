"""Applying an Overlay's actions to a parsed OpenAPI document, in order, in place.

Semantics (OpenAPI Overlay Specification 1.0.0, "Action Object"): a target selects objects or
arrays; `update` is merged into each selected object (recursively: a key only in the update is
added, objects merge, arrays concatenate, a primitive replaces a primitive; other pairs are
incompatible, as the 1.1 clarification spells out) or appended to each selected array as one
entry; `remove: true` removes each selected node from its object or array (and `update` then has
no effect). Every node an action changes is recorded as a repair of kind `overlay`, so the IR
says which facts an overlay supplied.
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from generator.errors import MbgenError
from generator.ir import Repair
from generator.overlay.document import Action, Overlay, json_type
from generator.overlay.jsonpath import Location, TargetError, select
from generator.paths import escape_pointer

OVERLAY_REPAIR = "overlay"


@dataclass
class Applied:
    repairs: list[Repair] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


def pointer(location: Location) -> str:
    """A JSONPath node location as the JSON pointer repairs use ("" is the root)."""
    return "".join("/" + escape_pointer(str(part)) for part in location)


def _parent(document: Any, location: Location) -> tuple[Any, str | int]:
    node = document
    for part in location[:-1]:
        node = node[part]
    return node, location[-1]


def _node(document: Any, location: Location) -> Any:
    node = document
    for part in location:
        node = node[part]
    return node


class _Incompatible(Exception):
    def __init__(self, where: str, problem: str) -> None:
        super().__init__(problem)
        self.where = where
        self.problem = problem


def merge(target: dict[str, Any], update: dict[str, Any], where: str = "") -> None:
    """`update` merged into `target` in place (the specification's recursive merge)."""
    for key, value in update.items():
        at = f"{where}/{escape_pointer(key)}"
        if key not in target:
            target[key] = copy.deepcopy(value)
            continue
        old = target[key]
        if isinstance(old, dict) and isinstance(value, dict):
            merge(old, value, at)
        elif isinstance(old, list) and isinstance(value, list):
            old.extend(copy.deepcopy(value))
        elif not isinstance(old, dict | list) and not isinstance(value, dict | list):
            target[key] = value
        else:
            raise _Incompatible(at, f"cannot merge {json_type(value)} into {json_type(old)}")


def _fail(overlay: Overlay, action: Action, problem: str) -> MbgenError:
    return MbgenError(overlay.shown, f"{action.label}: {problem}")


def _update(document: Any, overlay: Overlay, action: Action, location: Location) -> list[str]:
    """Apply the update at one node; the pointers of what it set (each key merged into an
    object, or the entry appended to an array)."""
    node = _node(document, location)
    where = pointer(location) or "/"
    if isinstance(node, dict):
        if not isinstance(action.update, dict):
            raise _fail(
                overlay,
                action,
                f"update is {json_type(action.update)}; merging into the "
                f"object at {where} needs an object",
            )
        try:
            merge(node, action.update, pointer(location))
        except _Incompatible as err:
            raise _fail(overlay, action, f"at {err.where}: {err.problem}") from None
        return [pointer((*location, key)) for key in action.update] or [where]
    if isinstance(node, list):
        node.append(copy.deepcopy(action.update))
        return [pointer((*location, len(node) - 1))]
    raise _fail(
        overlay,
        action,
        f"selects {json_type(node)} at {where}; Overlay 1.0 targets select objects or arrays "
        "(select the object holding it)",
    )


def _remove(document: Any, overlay: Overlay, action: Action, locations: list[Location]) -> None:
    """Remove every selected node; array items from the end, so indexes stay valid."""
    from_arrays: dict[int, tuple[list[Any], list[int]]] = {}
    for location in locations:
        if not location:
            raise _fail(overlay, action, "cannot remove the document itself ('$')")
        node = _node(document, location)
        if not isinstance(node, dict | list):
            raise _fail(
                overlay,
                action,
                f"selects {json_type(node)} at {pointer(location)}; "
                "Overlay 1.0 removes objects or arrays",
            )
    for location in locations:
        try:
            parent, key = _parent(document, location)
        except (KeyError, IndexError, TypeError):
            continue  # inside a node this action already removed
        if isinstance(parent, list) and isinstance(key, int):
            from_arrays.setdefault(id(parent), (parent, []))[1].append(key)
        elif isinstance(parent, dict):
            parent.pop(key, None)
    for array, indexes in from_arrays.values():
        for index in sorted(set(indexes), reverse=True):
            del array[index]


def apply_action(document: Any, overlay: Overlay, action: Action, applied: Applied) -> None:
    try:
        locations = select(action.target, document)
    except TargetError as err:
        raise _fail(overlay, action, f"target {action.target!r}: {err}") from None
    if not locations:
        applied.warnings.append(
            f"{overlay.shown}: {action.label}: target {action.target} matches nothing; skipped"
        )
        return
    if action.remove:
        _remove(document, overlay, action, locations)
        verb, places = "remove", [pointer(loc) for loc in locations]
    elif action.has_update:
        verb, places = "update", []
        for location in locations:
            places += _update(document, overlay, action, location)
    else:
        applied.warnings.append(f"{overlay.shown}: {action.label}: neither update nor remove")
        return
    what = f"{overlay.name} {action.label}: {verb}"
    applied.repairs.extend(Repair(OVERLAY_REPAIR, place or "/", what) for place in places)


def extends_warning(overlay: Overlay, source: str, names: set[str]) -> str | None:
    """A warning when the overlay says it was written for another document.

    Not a refusal: an overlay written for one release is meant to serve the next ones too (the
    bundled one spans releases), so mbgen says so and applies it. `extends` names the same
    document when, resolved against the overlay's folder (a relative reference) or read as a URL,
    it is SOURCE, or its last segment is the base name of SOURCE or of the file an IR was built
    from (`names`)."""
    if not overlay.extends:
        return None
    ref = overlay.extends
    parts = urlsplit(ref)
    if parts.scheme in ("http", "https"):
        if ref == source or posixpath.basename(parts.path) in names:
            return None
    else:
        local = Path(overlay.shown).parent / parts.path
        if Path(source).exists() and local.resolve() == Path(source).resolve():
            return None
        if posixpath.basename(parts.path) in names:
            return None
    return f"{overlay.shown}: extends {ref!r}, not {source}; applied anyway"


def apply_overlay(document: dict[str, Any], overlay: Overlay) -> Applied:
    """Every action of `overlay` applied to `document` in place, in order."""
    applied = Applied()
    for action in overlay.actions:
        apply_action(document, overlay, action, applied)
    return applied
