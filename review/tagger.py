"""Tag an answer with codebook themes: normalise, stem lightly, match pre-compiled phrases.

Answers and phrases are normalised and compiled by ``review.phrases`` (``shout at`` also
matches "SHOUTED at"; ``...`` is a gap, ``word*`` a prefix). Patterns are regexes run over the
normalised (unstemmed) answer.

An exclude phrase or pattern cancels include matches that overlap it, so ``leave me alone``
stops "leave" counting there without hiding a real mention of leave elsewhere in the answer.

Phrases alone miss wordings nobody wrote down, so a statistical model (``review.classifier``)
can add a theme the codebook did not find. A surviving include match counts towards the theme
with a per-theme weight (1, the usual case, means it always tags; the weights are chosen by
leave-one-set-out validation), and any exclude match in an answer stops the model adding that
theme.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

import numpy as np

from review.classifier import ThemeModel, load_packaged
from review.codebook import Codebook, CodebookError, Theme
from review.phrases import (
    GAP,
    MAX_GAP,
    PREFIX_KEY,
    compile_phrase,
    phrase_problem,
    stem,
    surface_tokens,
)


@dataclass(frozen=True, slots=True)
class Tagging:
    """The themes of one answer and the codebook version that produced them."""

    themes: tuple[str, ...]
    codebook_version: str


_Tokens = tuple[list[str], list[str]]  # (stems, surface words), index-aligned


@dataclass(frozen=True, slots=True)
class _Phrase:
    parts: tuple[str, ...]
    theme: int
    exclude: bool


def _part_matches(part: str, stem_: str, word: str) -> bool:
    # Prefixes test the unstemmed word: "rule*" must match "rules" though its stem is "rul".
    if part.endswith("*"):
        return word.startswith(part[:-1])
    return part == stem_


def _match(parts: tuple[str, ...], toks: _Tokens, i: int, p: int) -> int:
    """End index of ``parts[p:]`` matched from token ``i`` (-1 when it does not match)."""
    stems, words = toks
    while p < len(parts):
        part = parts[p]
        if part == GAP:
            for j in range(i, min(i + MAX_GAP, len(stems)) + 1):
                end = _match(parts, toks, j, p + 1)
                if end >= 0:
                    return end
            return -1
        if i >= len(stems) or not _part_matches(part, stems[i], words[i]):
            return -1
        i += 1
        p += 1
    return i


PACKAGED: Literal["packaged"] = "packaged"


class Tagger:
    """Tags answers with the themes of one codebook; build once, tag many."""

    def __init__(
        self, codebook: Codebook, model: ThemeModel | Literal["packaged"] | None = PACKAGED
    ) -> None:
        """Compile ``codebook``; ``model`` is the packaged one by default, None for phrases only."""
        self.codebook = codebook
        if model == PACKAGED:
            model = load_packaged()
        self.model: ThemeModel | None = model if not isinstance(model, str) else None
        # The model only speaks for themes it was trained on that this codebook also has.
        known = set(self.model.themes) if self.model is not None else set()
        self._model_themes = {
            theme.id: index for index, theme in enumerate(codebook.themes) if theme.id in known
        }
        self._exact: dict[str, list[_Phrase]] = {}
        self._prefixed: dict[str, list[_Phrase]] = {}
        self._include_re: list[tuple[int, re.Pattern[str]]] = []
        self._exclude_re: dict[int, re.Pattern[str]] = {}
        problems: list[str] = []
        for index, theme in enumerate(codebook.themes):
            self._add_theme(index, theme, problems)
        if problems:
            raise CodebookError(problems)

    @property
    def semantic(self) -> bool:
        """Whether the model reads sentence embeddings (False: phrases and words only)."""
        return self.model is not None and self.model.uses_encoder

    @property
    def version(self) -> str:
        """The version to store beside each tagging: the codebook's, plus ``+m<model hash>``."""
        if self.model is None or not self._model_themes:
            return self.codebook.version
        return f"{self.codebook.version}+m{self.model.version}"

    def _add_theme(self, index: int, theme: Theme, problems: list[str]) -> None:
        for exclude, phrases in ((False, theme.include), (True, theme.exclude)):
            for phrase in phrases:
                problem = phrase_problem(phrase)
                if problem:
                    kind = "exclude" if exclude else "include"
                    problems.append(
                        f"{self.codebook.source}:{theme.id}: {kind} phrase {phrase!r} {problem}"
                    )
                    continue
                compiled = _Phrase(compile_phrase(phrase), index, exclude)
                first = compiled.parts[0]
                if first.endswith("*"):
                    self._prefixed.setdefault(first[:PREFIX_KEY], []).append(compiled)
                else:
                    self._exact.setdefault(first, []).append(compiled)
        if theme.include_patterns:
            joined = "|".join(f"(?:{p})" for p in theme.include_patterns)
            self._include_re.append((index, re.compile(joined)))
        if theme.exclude_patterns:
            joined = "|".join(f"(?:{p})" for p in theme.exclude_patterns)
            self._exclude_re[index] = re.compile(joined)

    def tag(self, text: str) -> tuple[str, ...]:
        """Theme ids found in ``text``, in codebook order (empty when none match)."""
        return self.tag_many([text])[0]

    def phrase_themes(self, text: str) -> tuple[frozenset[int], frozenset[int]]:
        """Indices of themes the codebook tags in ``text``, and of themes an exclude vetoes."""
        surface = surface_tokens(text)
        if not surface:
            return frozenset(), frozenset()
        stems = [stem(word) for word in surface]
        hits: dict[int, list[tuple[int, int]]] = {}
        blocks: dict[int, list[tuple[int, int]]] = {}
        toks = (stems, surface)
        for i, tok in enumerate(stems):
            candidates = self._exact.get(tok, [])
            prefixed = self._prefixed.get(surface[i][:PREFIX_KEY])
            if prefixed:
                candidates = candidates + prefixed
            for phrase in candidates:
                end = _match(phrase.parts, toks, i, 0)
                if end >= 0:
                    target = blocks if phrase.exclude else hits
                    target.setdefault(phrase.theme, []).append((i, end))
        if self._include_re or self._exclude_re:
            self._match_patterns(surface, hits, blocks)
        found = frozenset(
            theme
            for theme, spans in hits.items()
            if any(not _overlaps(span, blocks.get(theme, ())) for span in spans)
        )
        return found, frozenset(blocks) - found

    def _match_patterns(
        self,
        surface: list[str],
        hits: dict[int, list[tuple[int, int]]],
        blocks: dict[int, list[tuple[int, int]]],
    ) -> None:
        """Run regex patterns over the joined words, turning char spans into token spans."""
        joined = " ".join(surface)
        starts: list[int] = []
        position = 0
        for word in surface:
            starts.append(position)
            position += len(word) + 1

        def span(match: re.Match[str]) -> tuple[int, int]:
            first = bisect.bisect_right(starts, match.start()) - 1
            last = bisect.bisect_right(starts, max(match.end() - 1, match.start())) - 1
            return (first, last + 1)

        for theme, pattern in self._include_re:
            for match in pattern.finditer(joined):
                hits.setdefault(theme, []).append(span(match))
        for theme, pattern in self._exclude_re.items():
            for match in pattern.finditer(joined):
                blocks.setdefault(theme, []).append(span(match))

    def tagging(self, text: str) -> Tagging:
        """Themes of ``text`` together with the codebook version, ready to save."""
        return Tagging(themes=self.tag(text), codebook_version=self.version)

    def tag_many(self, texts: Iterable[str]) -> list[tuple[str, ...]]:
        """Themes for each text in order (batched, so the model runs once per chunk)."""
        batch = list(texts)
        phrased = [self.phrase_themes(text) for text in batch]
        chosen = [set(found) for found, _ in phrased]
        model = self.model
        if model is not None and self._model_themes and batch:
            columns = [self._model_themes.get(theme) for theme in model.themes]
            hits = np.zeros((len(batch), len(columns)), dtype=np.bool_)
            vetoes = np.zeros_like(hits)
            for row, (found, vetoed) in enumerate(phrased):
                for j, index in enumerate(columns):
                    if index is not None:
                        hits[row, j] = index in found
                        vetoes[row, j] = index in vetoed
            decided = model.combine(model.probabilities(batch), hits, vetoes)
            for row, picks in enumerate(chosen):
                # The model decides its own themes (a weight below 1 lets it overrule a phrase);
                # themes it does not know stay with the codebook.
                for j, index in enumerate(columns):
                    if index is not None:
                        if decided[row, j]:
                            picks.add(index)
                        else:
                            picks.discard(index)
        ids = self.codebook.themes
        return [tuple(ids[index].id for index in sorted(picks)) for picks in chosen]


def _overlaps(span: tuple[int, int], blocks: Iterable[tuple[int, int]]) -> bool:
    start, end = span
    return any(start < b_end and b_start < end for b_start, b_end in blocks)
