"""Finding where a removed operation went.

Metabase renames endpoints (0.55 moved nine `/api/util/...` endpoints; 0.50 renamed
`/api/metric` to `/api/legacy-metric`). What survives a move: the method, the number of path
parameters, the parameters' names, the description, and words of the path (`stats` in
`/api/util/stats` -> `/api/analytics/anonymous-stats`). A removed and an added operation are
paired when those agree well enough, best pairs first, each operation in one pair at most.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from generator.diff.shapes import object_view
from generator.ir import IR, Endpoint
from generator.paths import BRACE_PLACEHOLDER as _PLACEHOLDER

MIN_SCORE = 0.55
_WORD = re.compile(r"[a-z0-9]+")
_IGNORED_WORDS = frozenset({"api", "ee"})


def _stem(word: str) -> str:
    """`settings`, `setting` -> `sett`; `reporting`, `reports` -> `report`: enough to see the
    same word in two paths."""
    for suffix in ("s", "ing"):
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            word = word[: -len(suffix)]
    return word


def path_words(path: str) -> list[str]:
    fixed = _PLACEHOLDER.sub(" ", path.lower())
    return [_stem(w) for w in _WORD.findall(fixed) if w not in _IGNORED_WORDS]


def _jaccard(a: set[str], b: set[str]) -> float:
    if not a and not b:
        return 0.0
    return len(a & b) / len(a | b)


def _names(endpoint: Endpoint, ir: IR) -> set[str]:
    names = {p.name for p in endpoint.params if p.location != "path"}
    view = object_view(endpoint.body, ir.schemas)
    if view:
        names |= set(view.properties)
    return names


def _description(endpoint: Endpoint) -> str:
    return " ".join(endpoint.description.lower().split())[:400]


@dataclass(frozen=True)
class MoveCandidate:
    old: Endpoint
    new: Endpoint
    score: float


def move_score(old: Endpoint, new: Endpoint, old_ir: IR, new_ir: IR) -> float:
    """How sure we are that `new` is `old` under another path (0 to 1)."""
    if old.method != new.method:
        return 0.0
    if len(_PLACEHOLDER.findall(old.path)) != len(_PLACEHOLDER.findall(new.path)):
        return 0.0
    old_words, new_words = path_words(old.path), path_words(new.path)
    words = _jaccard(set(old_words), set(new_words))
    tail = 1.0 if old_words and new_words and old_words[-1] == new_words[-1] else 0.0
    old_names, new_names = _names(old, old_ir), _names(new, new_ir)
    names = _jaccard(old_names, new_names) if old_names or new_names else 0.5
    old_text, new_text = _description(old), _description(new)
    text = SequenceMatcher(None, old_text, new_text).ratio() if old_text and new_text else 0.0
    if words == 0.0 and text < 0.8:
        return 0.0  # nothing of the path survived and the description does not vouch for it
    return round(0.4 * text + 0.25 * words + 0.15 * tail + 0.2 * names, 2)


def find_moves(
    removed: list[Endpoint], added: list[Endpoint], old_ir: IR, new_ir: IR
) -> list[MoveCandidate]:
    candidates = [
        MoveCandidate(old, new, score)
        for old in removed
        for new in added
        if (score := move_score(old, new, old_ir, new_ir)) >= MIN_SCORE
    ]
    candidates.sort(key=lambda c: (-c.score, c.old.path, c.new.path, c.old.method))
    taken_old: set[tuple[str, str]] = set()
    taken_new: set[tuple[str, str]] = set()
    moves = []
    for candidate in candidates:
        if candidate.old.key in taken_old or candidate.new.key in taken_new:
            continue
        taken_old.add(candidate.old.key)
        taken_new.add(candidate.new.key)
        moves.append(candidate)
    return moves
