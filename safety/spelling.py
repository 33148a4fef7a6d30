"""Typo tolerance: snap a misspelt word onto a key word of the lexicon.

Only key words are targets, and a list of ordinary words that sit one typo away from a key word
("putting" from "cutting") is never snapped, so tolerance does not turn everyday words into risk.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_DOUBLE = re.compile(r"(.)\1+")

# Below this length a single edit turns too many ordinary words into key words ("hurt"/"hunt").
_MIN_FUZZY_LENGTH = 6
# From this length two edits are allowed: long words survive two slips and stay unambiguous.
_TWO_EDIT_LENGTH = 8


def squeeze(word: str) -> str:
    """Collapse every run of a repeated letter to one letter ("diiieee" -> "die")."""
    return _DOUBLE.sub(r"\1", word)


def edit_distance(a: str, b: str, limit: int) -> int:
    """Return the optimal-string-alignment distance of ``a`` and ``b``, or ``limit + 1`` if more."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    # Three rolling rows are enough for adjacent transpositions (a common thumb slip).
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char_a in enumerate(a, start=1):
        current = [i] + [0] * len(b)
        for j, char_b in enumerate(b, start=1):
            cost = 0 if char_a == char_b else 1
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            if i > 1 and j > 1 and char_a == b[j - 2] and a[i - 2] == char_b:
                current[j] = min(current[j], before[j - 2] + 1)
        if min(current) > limit:
            return limit + 1
        before, previous = previous, current
    return min(previous[-1], limit + 1)


class Speller:
    """Corrects single tokens towards a fixed set of key words."""

    def __init__(
        self, keywords: Iterable[str], fuzzy: Iterable[str], protected: Iterable[str]
    ) -> None:
        """Index the targets: ``keywords`` by squeezed form, ``fuzzy`` also by edit distance.

        ``protected`` words are left exactly as typed.
        """
        fuzzy_words = frozenset(fuzzy)
        self._keywords = frozenset(keywords) | fuzzy_words
        self._protected = frozenset(protected)
        squeezed: dict[str, set[str]] = {}
        for word in self._keywords:
            squeezed.setdefault(squeeze(word), set()).add(word)
        # A squeezed form shared by two key words is ambiguous, so it is not used.
        self._by_squeezed = {form: next(iter(ws)) for form, ws in squeezed.items() if len(ws) == 1}
        self._long = sorted(w for w in fuzzy_words if len(w) >= _MIN_FUZZY_LENGTH)
        self._cache: dict[str, str] = {}

    def correct(self, token: str) -> str:
        """Return the key word ``token`` was probably meant to be, or ``token`` unchanged."""
        cached = self._cache.get(token)
        if cached is None:
            cached = self._correct(token)
            # Answers are short strings and vocabularies small; the cache keeps repeat cost flat.
            if len(self._cache) < 50_000:
                self._cache[token] = cached
        return cached

    def _correct(self, token: str) -> str:
        if token in self._keywords or token in self._protected or not token.isalpha():
            return token
        match = self._by_squeezed.get(squeeze(token))
        if match is not None:
            return match
        if len(token) < _MIN_FUZZY_LENGTH - 1:
            return token
        best, best_distance = token, 3
        for word in self._long:
            # Slips rarely hit the first letter; requiring it halves the accidental matches.
            if word[0] != token[0]:
                continue
            limit = 2 if len(word) >= _TWO_EDIT_LENGTH else 1
            distance = edit_distance(token, word, limit)
            if distance <= limit and distance < best_distance:
                best, best_distance = word, distance
        return best
