"""OpenAPI Overlay 1.0 support: read an overlay, apply it to a document before its repairs, and
the overlay mbgen ships for Metabase's core answers (`bundled`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from generator.overlay.document import Overlay, read_overlay

Warn = Callable[[str], None]


@dataclass(frozen=True)
class OverlayPlan:
    """Which overlays a command applies: the bundled ones that cover the release (when
    `bundled`), then the user's, in the order given (so a user's overlay can refine the
    bundled one)."""

    user: tuple[Overlay, ...] = ()
    bundled: bool = False

    def for_release(self, release: str | None) -> list[Overlay]:
        from generator.overlay.bundled import bundled_overlays

        return (bundled_overlays(release) if self.bundled else []) + list(self.user)

    @property
    def empty(self) -> bool:
        return not self.user and not self.bundled


def plan(paths: tuple[str, ...] | list[str], bundled: bool = False) -> OverlayPlan:
    """Read every overlay file first, so a bad one fails before any work."""
    return OverlayPlan(tuple(read_overlay(p) for p in paths), bundled)


__all__ = ["Overlay", "OverlayPlan", "Warn", "plan", "read_overlay"]
