"""Finding where a removed operation went.

Metabase renames endpoints (0.55 moved nine `/api/util/...` endpoints; 0.50 renamed
`/api/metric` to `/api/legacy-metric`). What survives a move: the method, the number of path
parameters, the parameters' names, the description, and words of the path (`stats` in
`/api/util/stats` -> `/api/analytics/anonymous-stats`). A removed and an added operation are
paired when those agree well enough, best pairs first, each operation in one pair at most.
"""

from __future__ import annotations

import heapq
import re
from collections.abc import Set as AbstractSet
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


def _jaccard(a: AbstractSet[str], b: AbstractSet[str]) -> float:
    if not a and not b:
        return 0.0
    common = len(a & b)
    return common / (len(a) + len(b) - common)  # len(a | b) without building the union


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
    word_set: frozenset[str]
    names: set[str]
    text: str


def _features(endpoint: Endpoint, ir: IR) -> _Features:
    words = path_words(endpoint.path)
    return _Features(
        endpoint.method,
        len(_PLACEHOLDER.findall(endpoint.path)),
        words,
        frozenset(words),
        _names(endpoint, ir),
        _description(endpoint),
    )


class _Similarity:
    """How alike two descriptions are, each pair of texts worked out once. A release that moves
    a family of paths repeats the same few descriptions in every member of it, and
    `SequenceMatcher.ratio` is the costly part of a score; each description is indexed once as
    the second sequence, for every text it meets."""

    def __init__(self) -> None:
        self.matchers: dict[str, SequenceMatcher[str]] = {}
        self.bounds: dict[tuple[str, str], float] = {}  # SequenceMatcher.quick_ratio
        self.ratios: dict[tuple[str, str], float] = {}

    def _matcher(self, old: str, new: str) -> SequenceMatcher[str]:
        matcher = self.matchers.get(new)
        if matcher is None:
            matcher = self.matchers[new] = SequenceMatcher(None, "", new)
        matcher.set_seq1(old)  # nothing to do when it already holds `old`
        return matcher

    def at_least(self, old: str, new: str, needed: float) -> float:
        """The similarity of `old` and `new`, or 0.0 when cheap upper bounds show it is below
        `needed`."""
        pair = (old, new)
        if needed > 0:
            if 2.0 * min(len(old), len(new)) / (len(old) + len(new)) < needed:
                return 0.0  # SequenceMatcher.real_quick_ratio, from the lengths alone
            bound = self.bounds.get(pair)
            if bound is None:
                bound = self.bounds[pair] = self._matcher(old, new).quick_ratio()
            if bound < needed:
                return 0.0
        ratio = self.ratios.get(pair)
        if ratio is None:
            ratio = self.ratios[pair] = self._matcher(old, new).ratio()
        return ratio


def _score(
    old: _Features,
    new: _Features,
    at_least: float = 0.0,
    similarity: _Similarity | None = None,
) -> float:
    """The score, or 0.0 as soon as it is sure to stay below `at_least` (the description's
    similarity, the costly part, is bounded by cheap upper bounds first)."""
    if old.method != new.method or old.placeholders != new.placeholders:
        return 0.0
    old_words, new_words = old.words, new.words
    words = _jaccard(old.word_set, new.word_set)
    tail = 1.0 if old_words and new_words and old_words[-1] == new_words[-1] else 0.0
    names = _jaccard(old.names, new.names) if old.names or new.names else 0.5
    rest = 0.25 * words + 0.15 * tail + 0.2 * names
    text = 0.0
    if old.text and old.text == new.text:
        text = 1.0  # what SequenceMatcher says of equal texts, without its quadratic search
    elif old.text and new.text:
        # The least similarity that could still reach `at_least` (scores are rounded to 0.01).
        needed = max((at_least - 0.005 - rest) / 0.4, 0.8 if words == 0.0 else 0.0)
        text = (similarity or _Similarity()).at_least(old.text, new.text, needed)
        if text == 0.0 and needed > 0:
            return 0.0
    if words == 0.0 and text < 0.8:
        return 0.0  # nothing of the path survived and the description does not vouch for it
    return round(0.4 * text + 0.25 * words + 0.15 * tail + 0.2 * names, 2)


def move_score(old: Endpoint, new: Endpoint, old_ir: IR, new_ir: IR) -> float:
    """How sure we are that `new` is `old` under another path (0 to 1)."""
    return _score(_features(old, old_ir), _features(new, new_ir))


# Each removed operation is scored against every added one of its method and number of path
# parameters while they are this many or fewer (a Metabase release removes a few dozen at most);
# past that, against the MAX_CANDIDATES of them that share the most with it (its description, its
# path words, its last path word), found through indexes read at most _SCAN entries deep per
# posting: thousands of renamed paths cost a bounded number of pairs each, not millions.
MAX_CANDIDATES = 64
_SCAN = 4 * MAX_CANDIDATES


class _Pool:
    """The added operations of one kind (method, number of path parameters), indexed."""

    def __init__(self) -> None:
        self.members: list[tuple[Endpoint, _Features]] = []
        # Each posting is kept twice: in order (to read the first entries) and as a set.
        self.by_word: dict[str, tuple[list[int], set[int]]] = {}
        self.by_text: dict[str, tuple[list[int], set[int]]] = {}

    def add(self, endpoint: Endpoint, features: _Features) -> None:
        index = len(self.members)
        self.members.append((endpoint, features))
        keys = [(self.by_word, word) for word in dict.fromkeys(features.words)]
        if features.text:
            keys.append((self.by_text, features.text))
        for postings, key in keys:
            ordered, members = postings.setdefault(key, ([], set()))
            ordered.append(index)
            members.add(index)

    def likely(self, old: _Features) -> list[int]:
        if len(self.members) <= MAX_CANDIDATES:
            return list(range(len(self.members)))
        # What each shared trait is worth, as in the score: the description, each path word,
        # the last path word again.
        weighted = [(0.4, self.by_text.get(old.text))] if old.text else []
        share = 0.25 / max(len(old.word_set), 1)
        for word in sorted(old.word_set):
            tail = 0.15 if word == old.words[-1] else 0.0
            weighted.append((share + tail, self.by_word.get(word)))
        found = sorted(
            ((weight, posting) for weight, posting in weighted if posting),
            key=lambda wp: len(wp[1][0]),
        )
        shared: dict[int, float] = {}
        for weight, (ordered, members) in found:
            hits = set(ordered[:_SCAN])
            if len(ordered) > _SCAN:  # past its head, a posting counts for those already found
                hits.update(index for index in shared if index in members)
            for index in hits:
                shared[index] = shared.get(index, 0.0) + weight
        best = heapq.nsmallest(MAX_CANDIDATES, ((-weight, i) for i, weight in shared.items()))
        return sorted(index for _, index in best)


def find_moves(
    removed: list[Endpoint], added: list[Endpoint], old_ir: IR, new_ir: IR
) -> list[MoveCandidate]:
    pools: dict[tuple[str, int], _Pool] = {}
    for new in added:
        features = _features(new, new_ir)
        pools.setdefault((features.method, features.placeholders), _Pool()).add(new, features)
    candidates = []
    similarity = _Similarity()
    for old in removed:
        old_features = _features(old, old_ir)
        pool = pools.get((old_features.method, old_features.placeholders))
        if pool is None:
            continue
        for index in pool.likely(old_features):
            new, new_features = pool.members[index]
            score = _score(old_features, new_features, MIN_SCORE, similarity)
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
