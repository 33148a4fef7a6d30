"""The layered anonymiser: UK patterns, organisation lists, context rules and the name model."""

from __future__ import annotations

import bisect
import logging
from collections import Counter
from collections.abc import Sequence

from privacy.context import WORD_RE, find_context_names
from privacy.cues import Question, capitalised_mid_sentence, ordinary_use, questions
from privacy.name_model import NameHit, NameModel, RampartNameModel, shared_model
from privacy.organisation import OrganisationLists
from privacy.patterns import find_patterns
from privacy.placeholders import PlaceholderBook
from privacy.places import find_places
from privacy.repeats import repeats
from privacy.spans import Span, settle
from privacy.text import AnonymisedText, Redaction
from privacy.vocabulary import CLINICAL, EVERYDAY, FUNCTION, NAME_WORDS

log = logging.getLogger(__name__)

# Words either side of an unfamiliar word that the model sees; enough for "X said" or "my X".
_CONTEXT_WORDS = 4
MODEL_RULE = "name model"
# An unfamiliar word the model calls a town or county ("truro", "fernlea") is a place.
UNFAMILIAR_PLACE_BAR = 0.0


def render(text: str, spans: Sequence[Span], book: PlaceholderBook) -> AnonymisedText:
    """Replace settled ``spans`` of ``text`` with placeholders numbered by ``book``."""
    parts: list[str] = []
    redactions: list[Redaction] = []
    cursor = 0
    for span in spans:
        if span.kind == "name":
            placeholder = f"[name {book.number_for('name', text[span.start : span.end])}]"
        else:
            placeholder = f"[{span.kind}]"
        parts.append(text[cursor : span.start])
        parts.append(placeholder)
        redactions.append(Redaction(kind=span.kind, placeholder=placeholder, reason=span.rule))
        cursor = span.end
    parts.append(text[cursor:])
    return AnonymisedText(text="".join(parts), redactions=tuple(redactions))


def summarise(result: AnonymisedText) -> dict[str, int]:
    """How many of each kind were removed, for "3 things removed: 2 names, 1 phone" in the UI."""
    return dict(Counter(r.kind for r in result.redactions))


class Anonymiser:
    """Implements ``TextAnonymiser`` with every layer; the model runs only near unfamiliar words."""

    def __init__(
        self,
        organisation: OrganisationLists | None = None,
        *,
        name_model: NameModel | None = None,
        use_model: bool = True,
        name_threshold: float = -4.5,
        word_name_threshold: float = -1.5,
    ) -> None:
        self.organisation = organisation or OrganisationLists()
        # Unfamiliar words need only a weak model vote; words that are also ordinary English
        # ("will", "hope") need a firm one, since a wrong call there deletes meaning.
        self.name_threshold = name_threshold
        self.word_name_threshold = word_name_threshold
        self._model: NameModel | None = None
        if use_model:
            self._model = name_model if name_model is not None else shared_model()
            if not self._model.available:
                log.warning("name model not installed: names found by rules and lists only")
                self._model = None
            elif isinstance(self._model, RampartNameModel):
                # Loading overlaps whatever the caller does next (reading input, the rules pass).
                self._model.preload()

    @property
    def name_model(self) -> NameModel | None:
        """The name model in use, to share with another anonymiser (``None`` without one)."""
        return self._model

    @property
    def model_in_use(self) -> bool:
        """False when the name model is missing and only rules and patterns run."""
        return self._model is not None

    def find_spans(self, text: str) -> list[Span]:
        """The settled identifier spans in ``text`` (for evaluation and ``--explain``)."""
        return self.find_spans_many([text])[0]

    def find_spans_many(self, texts: Sequence[str]) -> list[list[Span]]:
        """Settled spans for many texts, with one batched pass of the name model."""
        found = [self._rule_spans(text) for text in texts]
        if self._model is not None:
            for spans, extra in zip(found, self._model_spans(texts, found), strict=True):
                spans.extend(extra)
        return [
            settle(spans + repeats(text, settle(spans)))
            for text, spans in zip(texts, found, strict=True)
        ]

    def anonymise(self, text: str, book: PlaceholderBook | None = None) -> AnonymisedText:
        """Return ``text`` with identifiers replaced by placeholders."""
        return render(
            text, self.find_spans(text), book if book is not None else PlaceholderBook.transient()
        )

    def anonymise_many(
        self, texts: Sequence[str], book: PlaceholderBook | None = None
    ) -> list[AnonymisedText]:
        """Anonymise a batch; one shared ``book`` numbers names across them, else one book each."""
        return [
            render(text, spans, book if book is not None else PlaceholderBook.transient())
            for text, spans in zip(texts, self.find_spans_many(texts), strict=True)
        ]

    async def anonymise_async(
        self, text: str, book: PlaceholderBook | None = None
    ) -> AnonymisedText:
        """:meth:`anonymise` on a worker thread, so model inference never blocks the event loop."""
        import asyncio  # only the bot needs it; `reflect redact` starts faster without

        return await asyncio.to_thread(self.anonymise, text, book)

    def _rule_spans(self, text: str) -> list[Span]:
        spans = find_patterns(text)
        spans.extend(self.organisation.find(text))
        spans.extend(find_places(text))
        spans.extend(find_context_names(text))
        return spans

    def _model_spans(self, texts: Sequence[str], found: Sequence[list[Span]]) -> list[list[Span]]:
        assert self._model is not None
        windows: list[tuple[int, int, int]] = []  # (text index, start, end)
        asked: list[dict[int, tuple[int, Question]]] = []  # per text: start -> (end, question)
        for t, text in enumerate(texts):
            words = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
            # Words a rule already removed (emails, postcodes, "dr X") need no second opinion.
            ruled = [(s.start, s.end) for s in found[t]]
            marks = {
                i: Question(self._default_bar(text, a, b), UNFAMILIAR_PLACE_BAR, MODEL_RULE)
                for i, (a, b) in enumerate(words)
                if _unfamiliar(text[a:b])
            }
            for i, question in questions(text, words).items():
                marks[i] = _lower(marks.get(i), question)
            marks = {
                i: q
                for i, q in marks.items()
                if not any(s <= words[i][0] and words[i][1] <= e for s, e in ruled)
                and not ordinary_use(text, words, i)
            }
            asked.append({words[i][0]: (words[i][1], marks[i]) for i in sorted(marks)})
            for lo, hi in _merge_windows(sorted(marks), len(words)):
                windows.append((t, words[lo][0], words[hi][1]))
        hits = self._model.find_names([texts[t][a:b] for t, a, b in windows])
        # The tokenizer splits "o'sullivan" and "adebayo-smith" into pieces: a word in question
        # scores as its best piece, and is removed whole.
        best: list[dict[int, NameHit]] = [{} for _ in texts]
        for (t, offset, _), window_hits in zip(windows, hits, strict=True):
            starts = list(asked[t])
            for hit in window_hits:
                n = bisect.bisect_right(starts, hit.start + offset) - 1
                if n < 0:
                    continue
                start, (end, _question) = starts[n], asked[t][starts[n]]
                if hit.start + offset >= end:
                    continue  # not inside a word in question: everyday and clinical words stay
                old = best[t].get(start)
                if old is None:
                    best[t][start] = NameHit(start, end, hit.score, hit.place)
                else:
                    best[t][start] = NameHit(
                        start, end, max(old.score, hit.score), max(old.place, hit.place)
                    )
        out: list[list[Span]] = [[] for _ in texts]
        for t, scored in enumerate(best):
            for start, hit in scored.items():
                span = self._judge(hit, asked[t][start][1])
                if span is not None:
                    out[t].append(span)
        return out

    @staticmethod
    def _judge(hit: NameHit, question: Question) -> Span | None:
        if question.name_bar is not None and hit.score > question.name_bar:
            return Span(hit.start, hit.end, "name", question.rule)
        if question.place_bar is not None and hit.place > question.place_bar:
            return Span(hit.start, hit.end, "place", f"{question.rule}: a place")
        return None

    def _default_bar(self, text: str, start: int, end: int) -> float:
        # Unfamiliar words need only a weak vote; name-words ("will", "hope") a firm one.
        word = text[start:end].casefold()
        if word in NAME_WORDS and not capitalised_mid_sentence(text, start, end):
            return self.word_name_threshold
        return self.name_threshold


def _lower(old: Question | None, new: Question) -> Question:
    # A cue joins what the word already had: the lower bar of each kind wins.
    if old is None:
        return new

    def low(a: float | None, b: float | None) -> float | None:
        return b if a is None else a if b is None else min(a, b)

    return Question(low(old.name_bar, new.name_bar), low(old.place_bar, new.place_bar), new.rule)


def _unfamiliar(word: str) -> bool:
    w = word.casefold()
    return len(w) > 1 and w not in EVERYDAY and w not in FUNCTION and w not in CLINICAL


def _merge_windows(marks: Sequence[int], n_words: int) -> list[tuple[int, int]]:
    # Overlapping neighbourhoods of unfamiliar words become one model input.
    merged: list[tuple[int, int]] = []
    for i in marks:
        # Near either end of the text the window borrows words from the other side: a name
        # opening a reflection needs as much context as one in the middle.
        lo = max(0, min(i - _CONTEXT_WORDS, n_words - 1 - 2 * _CONTEXT_WORDS))
        hi = min(n_words - 1, max(i + _CONTEXT_WORDS, 2 * _CONTEXT_WORDS))
        if merged and lo <= merged[-1][1] + 1:
            merged[-1] = (merged[-1][0], max(merged[-1][1], hi))
        else:
            merged.append((lo, hi))
    return merged
