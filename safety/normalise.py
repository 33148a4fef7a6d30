"""Turn messy chat text into plain clauses the lexicon's patterns can match.

Output clauses are lowercase ASCII words separated by single spaces: apostrophes dropped
("can't" -> "cant"), stretched letters shortened, typos snapped to key words, slang and
spelled-out forms mapped to one canonical spelling ("wanna" -> "want to", "do not" -> "dont").
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from safety.spelling import Speller

# Clause breaks: punctuation and "but". Negation must not reach across them ("no, i want to die").
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n\r()\[\]\"]+|\s[-\u2013\u2014]+\s|\bbut\b")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'", "\u00b4": "'"})
# "he'll" without its apostrophe is "hell"; expand these while the apostrophe still tells us.
_WILL = re.compile(r"\b(i|he|she|they|we|you|it)'ll\b")
# "od'd" and friends would otherwise read as the word "odd".
_OD_PAST = re.compile(r"\bod'?(?:d|ed)\b")
_TOKEN = re.compile(r"[a-z0-9]+")
_STRETCH = re.compile(r"([a-z])\1{2,}")


class Normaliser:
    """Splits text into normalised clauses using a lexicon's spelling data."""

    def __init__(self, replacements: Mapping[str, str], speller: Speller) -> None:
        """Prepare the phrase replacements (longest phrase wins) and the typo speller."""
        self._speller = speller
        self._replacements = dict(replacements)
        keys = sorted(self._replacements, key=len, reverse=True)
        self._phrase = (
            re.compile(r"\b(?:" + "|".join(re.escape(k) for k in keys) + r")\b") if keys else None
        )

    def clauses(self, text: str) -> list[str]:
        """Return the normalised, non-empty clauses of ``text``."""
        cleaned = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
        cleaned = _WILL.sub(r"\1 will", cleaned)
        cleaned = _OD_PAST.sub("overdosed", cleaned)
        cleaned = cleaned.replace("'", "")
        out: list[str] = []
        for part in _CLAUSE_BREAK.split(cleaned):
            clause = self._clause(part)
            if clause:
                out.append(clause)
        return out

    def plain(self, text: str) -> str:
        """The whole text as one normalised line, clause breaks and "but" kept as words."""
        cleaned = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES).lower()
        return self._clause(_WILL.sub(r"\1 will", cleaned).replace("'", ""))

    def _clause(self, part: str) -> str:
        words: list[str] = []
        for token in _TOKEN.findall(part):
            # "soooo" and "diiieee" carry emphasis, not spelling; two letters keep "too" intact.
            words.append(self._speller.correct(_STRETCH.sub(r"\1\1", token)))
        joined = " ".join(words)
        if self._phrase is None or not joined:
            return joined
        return self._phrase.sub(lambda m: self._replacements[m.group(0)], joined)
