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


@dataclass(frozen=True)
class _Features:
    """What a score reads of one operation, worked out once per operation, not once per pair."""

    method: str
    placeholders: int
    words: list[str]
    names: set[str]
    text: str


def _features(endpoint: Endpoint, ir: IR) -> _Features:
    return _Features(
        endpoint.method,
        len(_PLACEHOLDER.findall(endpoint.path)),
        path_words(endpoint.path),
        _names(endpoint, ir),
        _description(endpoint),
    )


def _score(
    old: _Features,
    new: _Features,
    at_least: float = 0.0,
    matcher: SequenceMatcher[str] | None = None,
) -> float:
    """The score, or 0.0 as soon as it is sure to stay below `at_least` (the description's
    similarity, the costly part, is bounded by cheap upper bounds first). `matcher`, when
    given, already holds `new`'s description, indexed once for every operation it meets."""
    if old.method != new.method or old.placeholders != new.placeholders:
        return 0.0
    old_words, new_words = old.words, new.words
    words = _jaccard(set(old_words), set(new_words))
    tail = 1.0 if old_words and new_words and old_words[-1] == new_words[-1] else 0.0
    names = _jaccard(old.names, new.names) if old.names or new.names else 0.5
    rest = 0.25 * words + 0.15 * tail + 0.2 * names
    text = 0.0
    if old.text and old.text == new.text:
        text = 1.0  # what SequenceMatcher says of equal texts, without its quadratic search
    elif old.text and new.text:
        if matcher is None:
            matcher = SequenceMatcher(None, old.text, new.text)
        else:
            matcher.set_seq1(old.text)
        # The least similarity that could still reach `at_least` (scores are rounded to 0.01).
        needed = max((at_least - 0.005 - rest) / 0.4, 0.8 if words == 0.0 else 0.0)
        if needed > 0 and (matcher.real_quick_ratio() < needed or matcher.quick_ratio() < needed):
            return 0.0
        text = matcher.ratio()
    if words == 0.0 and text < 0.8:
        return 0.0  # nothing of the path survived and the description does not vouch for it
    return round(0.4 * text + 0.25 * words + 0.15 * tail + 0.2 * names, 2)


def move_score(old: Endpoint, new: Endpoint, old_ir: IR, new_ir: IR) -> float:
    """How sure we are that `new` is `old` under another path (0 to 1)."""
    return _score(_features(old, old_ir), _features(new, new_ir))


# Each removed operation is scored against every added one of its method and number of path
# parameters while they are this many or fewer (a Metabase release removes a few dozen at most);
# past that, against this many of them: those with its description, then those sharing its
# rarest path words. That keeps thousands of renamed paths from costing millions of pairs.
MAX_CANDIDATES = 64


class _Pool:
    """The added operations of one kind (method, number of path parameters), indexed."""

    def __init__(self) -> None:
        self.members: list[tuple[Endpoint, _Features]] = []
        self.matchers: dict[int, SequenceMatcher[str]] = {}
        self.by_word: dict[str, list[int]] = {}
        self.by_text: dict[str, list[int]] = {}

    def add(self, endpoint: Endpoint, features: _Features) -> None:
        index = len(self.members)
        self.members.append((endpoint, features))
        for word in dict.fromkeys(features.words):
            self.by_word.setdefault(word, []).append(index)
        if features.text:
            self.by_text.setdefault(features.text, []).append(index)

    def matcher(self, index: int) -> SequenceMatcher[str]:
        if index not in self.matchers:
            self.matchers[index] = SequenceMatcher(None, "", self.members[index][1].text)
        return self.matchers[index]

    def likely(self, old: _Features) -> list[int]:
        if len(self.members) <= MAX_CANDIDATES:
            return list(range(len(self.members)))
        chosen: dict[int, None] = {}
        postings = [self.by_text.get(old.text, [])] if old.text else []
        rarest = sorted(set(old.words), key=lambda w: (len(self.by_word.get(w, [])), w))
        postings += [self.by_word.get(word, []) for word in rarest]
        for posting in postings:
            for index in posting[: MAX_CANDIDATES - len(chosen)]:
                chosen.setdefault(index)
        return sorted(chosen)


def find_moves(
    removed: list[Endpoint], added: list[Endpoint], old_ir: IR, new_ir: IR
) -> list[MoveCandidate]:
    pools: dict[tuple[str, int], _Pool] = {}
    for new in added:
        features = _features(new, new_ir)
        pools.setdefault((features.method, features.placeholders), _Pool()).add(new, features)
    candidates = []
    for old in removed:
        old_features = _features(old, old_ir)
        pool = pools.get((old_features.method, old_features.placeholders))
        if pool is None:
            continue
        for index in pool.likely(old_features):
            new, new_features = pool.members[index]
            score = _score(old_features, new_features, MIN_SCORE, pool.matcher(index))
            if score >= MIN_SCORE:
                candidates.append(MoveCandidate(old, new, score))
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
