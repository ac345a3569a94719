"""Operations as a whole: gone, new, deprecated."""

from __future__ import annotations

from generator.diff.changes import Change
from generator.diff.context import make_change
from generator.ir import Endpoint


def operation_removed(endpoint: Endpoint) -> Change:
    """Removing what was deprecated is what deprecation announced: a warning, not a break."""
    kind = "deprecated-operation-removed" if endpoint.deprecated else "operation-removed"
    return make_change(kind, endpoint)


def operation_added(endpoint: Endpoint) -> Change:
    return make_change("operation-added", endpoint)


def deprecation(old: Endpoint, new: Endpoint) -> list[Change]:
    if new.deprecated and not old.deprecated:
        return [make_change("operation-deprecated", new)]
    if old.deprecated and not new.deprecated:
        return [make_change("operation-undeprecated", new)]
    return []
