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


def respelled(old: Endpoint, new: Endpoint) -> list[Change]:
    """The same operation at a path spelled with or without a trailing slash: Metabase serves
    both (its tutorial posts to `/api/card` where the Markdown era documented `/api/card/`), so
    no call breaks; said once, as info, for readers of the document."""
    a, b = old.path, new.path
    if a == b or a.endswith("/") == b.endswith("/"):
        return []
    how = "dropped" if a.endswith("/") else "added"
    return [make_change("path-respelled", new, old=a, new=b, how=how)]


def deprecation(old: Endpoint, new: Endpoint) -> list[Change]:
    if new.deprecated and not old.deprecated:
        return [make_change("operation-deprecated", new)]
    if old.deprecated and not new.deprecated:
        return [make_change("operation-undeprecated", new)]
    return []


def operation_id_rule(old: Endpoint, new: Endpoint) -> list[Change]:
    if old.operation_id == new.operation_id:
        return []
    return [
        make_change(
            "operation-id-changed",
            new,
            old=old.operation_id or "none",
            new=new.operation_id or "none",
        )
    ]


def tags_rule(old: Endpoint, new: Endpoint) -> list[Change]:
    changes = [make_change("tag-removed", new, t) for t in old.tags if t not in new.tags]
    return changes + [make_change("tag-added", new, t) for t in new.tags if t not in old.tags]


def _requirements(endpoint: Endpoint) -> dict[str, set[str]]:
    """Each alternative security requirement (its schemes, joined) with its scopes."""
    out: dict[str, set[str]] = {}
    for requirement in endpoint.security or []:
        key = " + ".join(sorted(requirement)) or "(none)"
        out[key] = {f"{k}:{s}" for k, scopes in requirement.items() for s in scopes}
    return out


def security_rule(old: Endpoint, new: Endpoint) -> list[Change]:
    """A way to authenticate removed locks its users out; a scope added asks more of a token."""
    if old.security == new.security:
        return []
    a, b = _requirements(old), _requirements(new)
    changes = [make_change("security-removed", new, k) for k in sorted(set(a) - set(b))]
    changes += [make_change("security-added", new, k) for k in sorted(set(b) - set(a))]
    for key in sorted(set(a) & set(b)):
        changes += [make_change("security-scope-added", new, s) for s in sorted(b[key] - a[key])]
        changes += [make_change("security-scope-removed", new, s) for s in sorted(a[key] - b[key])]
    return changes
