"""Every occurrence goes: a name or place found once in a text is removed wherever it recurs.

A repeat that is also an ordinary word is kept where the words around it make it ordinary:
"rose" found as a person still leaves "the rose garden" and "rose tea", "will" leaves "will you",
"sunny" leaves "a sunny day".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from privacy.context import WORD_RE
from privacy.cues import PLAIN_BEFORE, compound_use, ordinary_use
from privacy.places import plant_use
from privacy.spans import Span
from privacy.vocabulary import EVERYDAY, NAME_WORDS, WARD_WORDS

_KINDS = frozenset({"name", "place", "ward", "site"})


def repeats(text: str, spans: Sequence[Span]) -> list[Span]:
    """Spans for the other occurrences of each name or place already in ``spans``."""
    taken = [(s.start, s.end) for s in spans]
    values = {text[s.start : s.end].casefold(): s.kind for s in spans if s.kind in _KINDS}
    if not values:
        return []
    words = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
    index = {a: i for i, (a, _) in enumerate(words)}
    found: list[Span] = []
    for value, kind in values.items():
        # An everyday word found as a place once ("reading") is too often plain English to follow.
        if value in EVERYDAY and value not in WARD_WORDS:
            continue
        for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text, re.IGNORECASE):
            if any(a < m.end() and m.start() < b for a, b in taken):
                continue
            i = index.get(m.start())
            if i is None or plant_use(text, m.end()) or _ordinary(text, words, i, value):
                continue
            found.append(Span(m.start(), m.end(), kind, "found elsewhere in the same text"))
    return found


def _ordinary(text: str, words: Sequence[tuple[int, int]], i: int, value: str) -> bool:
    if value in NAME_WORDS:
        return ordinary_use(text, words, i) or compound_use(text, words, i)
    if value in WARD_WORDS and i:
        return text[words[i - 1][0] : words[i - 1][1]].casefold() in PLAIN_BEFORE
    return False
