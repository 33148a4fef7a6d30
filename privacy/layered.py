"""The layered anonymiser: UK patterns, organisation lists, context rules and the name model."""

from __future__ import annotations

import asyncio
import logging
from collections import Counter
from collections.abc import Sequence

from privacy.context import WORD_RE, find_context_names
from privacy.name_model import NameModel, RampartNameModel
from privacy.organisation import OrganisationLists
from privacy.patterns import find_patterns
from privacy.placeholders import PlaceholderBook
from privacy.spans import Span, settle
from privacy.text import AnonymisedText, Redaction
from privacy.vocabulary import CLINICAL, EVERYDAY, FUNCTION, NAME_WORDS

log = logging.getLogger(__name__)

# Words either side of an unfamiliar word that the model sees; enough for "X said" or "my X".
_CONTEXT_WORDS = 4
MODEL_RULE = "name model"


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
            self._model = name_model if name_model is not None else RampartNameModel()
            if not self._model.available:
                log.warning("name model not installed: names found by rules and lists only")
                self._model = None

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
        return [settle(spans) for spans in found]

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
        return await asyncio.to_thread(self.anonymise, text, book)

    def _rule_spans(self, text: str) -> list[Span]:
        spans = find_patterns(text)
        spans.extend(self.organisation.find(text))
        spans.extend(find_context_names(text))
        return spans

    def _model_spans(self, texts: Sequence[str], found: Sequence[list[Span]]) -> list[list[Span]]:
        assert self._model is not None
        windows: list[tuple[int, int, int]] = []  # (text index, start, end)
        suspects: list[list[tuple[int, int]]] = []
        for t, text in enumerate(texts):
            words = [(m.start(), m.end()) for m in WORD_RE.finditer(text)]
            # Words a rule already removed (emails, postcodes, "dr X") need no second opinion.
            ruled = [(s.start, s.end) for s in found[t]]
            marks = [
                i
                for i, (a, b) in enumerate(words)
                if _unfamiliar(text[a:b])
                and not any(s <= a and b <= e for s, e in ruled)
                and not (i and _plain_use(text, words[i - 1], (a, b)))
            ]
            suspects.append([words[i] for i in marks])
            for lo, hi in _merge_windows(marks, len(words)):
                windows.append((t, words[lo][0], words[hi][1]))
        names = self._model.find_names([texts[t][a:b] for t, a, b in windows])
        out: list[list[Span]] = [[] for _ in texts]
        for (t, offset, _), hits in zip(windows, names, strict=True):
            for hit in hits:
                start, end = hit.start + offset, hit.end + offset
                # Only unfamiliar words may be called names: keeps everyday and clinical words.
                if not any(s <= start < e for s, e in suspects[t]):
                    continue
                word = texts[t][start:end]
                firm = word.casefold() in NAME_WORDS and not _capitalised_mid_sentence(
                    texts[t], start, end
                )
                bar = self.word_name_threshold if firm else self.name_threshold
                if hit.score > bar:
                    out[t].append(Span(start, end, "name", MODEL_RULE))
        return out


def _unfamiliar(word: str) -> bool:
    w = word.casefold()
    return len(w) > 1 and w not in EVERYDAY and w not in FUNCTION and w not in CLINICAL


# A lowercase name-word straight after one of these is grammar, not a person: "the bill",
# "a joy", "i hope", "they said", "it will".
_PLAIN_BEFORE = frozenset(
    str.split("a an the this that these those some any no every i you he she it we they")
)


def _plain_use(text: str, before: tuple[int, int], word: tuple[int, int]) -> bool:
    w = text[word[0] : word[1]]
    if not w.islower() or w not in NAME_WORDS:
        return False
    gap = text[before[1] : word[0]]
    return gap.isspace() and text[before[0] : before[1]].casefold() in _PLAIN_BEFORE


def _capitalised_mid_sentence(text: str, start: int, end: int) -> bool:
    # "i told Will" or "my sister Hope": a capital away from a sentence start marks a name.
    word = text[start:end]
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in ".!?:;\"'(\n"


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
