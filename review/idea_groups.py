"""Ideas grouped: answers that propose something, by theme and by the words they share.

Each group has a short stable id (six hex digits of a hash of its theme and its first answer's
key words), so an action can name the idea it came from. Groups form in the order answers were
saved, so a group keeps its id as later answers join it.

Disclosure control, as the report's: the count of different people is a standalone count under
primary suppression (a person may propose several ideas, so group counts add up to no
published total); the words that name a group are only those at least ``quote_min_people``
different people used; quotes come only from people who agreed to be quoted, only when the
group's count is shown and ``quote_min_people`` different people proposed it, each once.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from dataclasses import dataclass, field

from review.aggregate import QUOTE_MAX_CHARS, QUOTE_MIN_CHARS, IdeaAnswer, ReviewData
from review.suppression import Cell, DisclosurePolicy, count_cell

ID_CHARS = 6
# Two answers are one idea when this share of their key words is common to both (Jaccard).
SIMILAR = 0.3
KEY_WORDS = 4  # words of the first answer its group's id is made from
NAME_WORDS = 3  # most shared words shown as a group's name
_WORD = re.compile(r"[a-z]+")
# Words that say nothing about what is proposed.
_STOP_TEXT = """
    a about after again all also am an and any are as at be been before being but by can could
    did do does doing don done for from get give go had has have having he her him his how i if
    in into is it its just know let like lot make maybe me might more most much must my need
    needed needs next no not now of off on one only or other our out over please rather really
    should so some someone something than that the their them then there these they thing
    things think this those time to too try trying up us very want was way we were what when
    where which while who why will with would you your less better help helps helped first
    instead
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())


def key_words(text: str) -> frozenset[str]:
    """The words of an answer that say what it proposes: no stop words, no placeholders, no
    plural or -ing endings (so "explains" and "explaining" meet "explain")."""
    # placeholders such as [name 1] are not words of the idea
    plain = re.sub(r"\[[^\]]*\]", " ", text.lower())
    words = set()
    for word in _WORD.findall(plain):
        if len(word) < 3 or word in STOP_WORDS:
            continue
        for ending in ("ing", "es", "s"):
            if word.endswith(ending) and len(word) - len(ending) >= 3:
                word = word[: -len(ending)]
                break
        words.add(word)
    return frozenset(words)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    """Share of the two sets' words they have in common (0 when either is empty)."""
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


def group_id(theme: str, words: frozenset[str]) -> str:
    """The short stable id of a group: six hex digits of its theme and key words."""
    canonical = f"{theme}|{' '.join(sorted(words)[:KEY_WORDS])}"
    return hashlib.sha256(canonical.encode()).hexdigest()[:ID_CHARS]


@dataclass(slots=True)
class _Forming:
    theme: str
    seed: frozenset[str]
    answers: list[IdeaAnswer] = field(default_factory=list)
    words: list[frozenset[str]] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class IdeaGroup:
    """One idea as leads see it, after disclosure control.

    Fields: ``id`` (six hex digits), ``theme`` (theme id), ``label`` (theme label), ``words``
    (the words enough different people used, most shared first; may be empty), ``people``
    (different people who proposed it, perhaps hidden), ``quotes`` (quotable answers, perhaps
    none).
    """

    id: str
    theme: str
    label: str
    words: tuple[str, ...]
    people: Cell
    quotes: tuple[str, ...]


def form_groups(answers: list[IdeaAnswer]) -> list[_Forming]:
    """Raw groups, by theme then by shared words, in the order the answers were saved."""
    groups: list[_Forming] = []
    by_theme: dict[str, list[_Forming]] = {}
    for answer in sorted(answers, key=lambda a: a.reflection_id):
        words = key_words(answer.text)
        if not words:
            continue
        candidates = by_theme.setdefault(answer.theme, [])
        best: _Forming | None = None
        best_score = 0.0
        for group in candidates:
            score = max(similarity(words, w) for w in group.words)
            if score >= SIMILAR and score > best_score:
                best, best_score = group, score
        if best is None:
            best = _Forming(answer.theme, words)
            candidates.append(best)
            groups.append(best)
        best.answers.append(answer)
        best.words.append(words)
    return groups


def _shared_words(group: _Forming, least: int) -> tuple[str, ...]:
    people_of: dict[str, set[str]] = {}
    for answer, words in zip(group.answers, group.words, strict=True):
        for word in words:
            people_of.setdefault(word, set()).add(answer.participant)
    users = Counter({word: len(people) for word, people in people_of.items()})
    ranked = sorted((w for w, n in users.items() if n >= least), key=lambda w: (-users[w], w))
    return tuple(ranked[:NAME_WORDS])


def idea_groups(
    data: ReviewData, policy: DisclosurePolicy, *, limit: int = 20
) -> tuple[IdeaGroup, ...]:
    """The grouped ideas of a selection, most people first, under disclosure control.

    An empty tuple when the selection has too few reflections to show anything.
    """
    if data.reflections < policy.min_reflections or data.people < policy.threshold:
        return ()
    formed = form_groups(list(data.idea_answers))
    formed.sort(key=_most_people)
    used: set[str] = set()
    shown = []
    for group in formed[:limit]:
        people = {a.participant for a in group.answers}
        cell = count_cell(len(people), policy)
        quotes: tuple[str, ...] = ()
        if not cell.hidden and len(people) >= policy.quote_min_people:
            quotes = _quotes(group.answers, used)
        shown.append(
            IdeaGroup(
                id=group_id(group.theme, group.seed),
                theme=group.theme,
                label=data.label(group.theme),
                words=_shared_words(group, policy.quote_min_people),
                people=cell,
                quotes=quotes,
            )
        )
    return tuple(shown)


def _most_people(group: _Forming) -> tuple[int, int]:
    return (-len({a.participant for a in group.answers}), group.answers[0].reflection_id)


def _quotes(answers: list[IdeaAnswer], used: set[str], limit: int = 2) -> tuple[str, ...]:
    # one per person, only from those who agreed; fewest removed names first, then shortest
    seen: set[str] = set()
    pool = []
    for answer in answers:
        text = answer.text.strip()
        if (
            answer.quotable
            and QUOTE_MIN_CHARS <= len(text) <= QUOTE_MAX_CHARS
            and answer.participant not in seen
            and text not in used
            and text not in pool
        ):
            seen.add(answer.participant)
            pool.append(text)
    chosen = sorted(pool, key=lambda t: (t.count("["), len(t), t))[:limit]
    used.update(chosen)
    return tuple(chosen)


__all__ = ["IdeaGroup", "group_id", "idea_groups", "key_words", "similarity"]
