"""Context rules for names: the words around a token say it is a person ("dr X", "X said")."""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy.spans import Span
from privacy.vocabulary import CLINICAL, EVERYDAY, FUNCTION, NAME_WORDS

# A word that could be a name: letters, with an inner apostrophe or hyphen (o'neill, mary-jane).
WORD = r"[^\W\d_](?:[^\W\d_]|['\u2019-](?=[^\W\d_]))*"
WORD_RE = re.compile(WORD)

# Titles that put a name right after them, even a name that is also a word ("dr may").
_TITLES = r"dr|doctor|mr|mrs|ms|miss|mx|prof|professor"
# Relations and roles: "my sister aisha", "the hca ola", "a nurse called ...".
_ROLES = (
    r"brother|sister|mum|mam|mom|mother|dad|father|son|daughter|wife|husband|partner"
    r"|boyfriend|girlfriend|friend|mate|cousin|aunt|auntie|uncle|nan|nana|gran|grandma"
    r"|grandad|grandmother|grandfather|niece|nephew|hca|consultant|psychiatrist|psychologist"
    r"|advocate|chaplain|worker|coordinator|co-ordinator|therapist|officer|manager|nurse"
    r"|student|doctor|carer|keyworker|named nurse|staff nurse|charge nurse|ward manager|s/n|rmn"
    r"|nok|next of kin"
)
_INTROS = r"called|named|name is|name was|name's|known as|names are|names were"
# Verbs that take a person as object: "i told kwame", "thanked oluwaseun".
_OBJECT_VERBS = r"told|asked|thanked|phoned|rang|texted|trust|trusted|hugged|saw|met"
# Speech verbs are strong enough for word-names ("will said"); the rest only for other words.
_SPEECH = r"said|says|told|tells|shouted|asked|explained|apologised|replied|yelled|whispered"
_ACTS = (
    r"came|held|grabbed|restrained|pinned|helped|listened|gave|and i|sat|stayed|pulled"
    r"|pushed|injected"
)
# Abbreviated honorifics are only ever followed by a name, even "dr young" or "mr white".
_HONORIFIC = re.compile(rf"\b(?:dr|mr|mrs|ms|mx|prof)\.?\s+(?P<x>{WORD})", re.I)

_AFTER_TITLE = re.compile(rf"\b(?:{_TITLES})\.?\s+(?P<x>{WORD}(?:\s+{WORD})?)", re.I)
_AFTER_ROLE = re.compile(rf"\b(?:{_ROLES}|{_OBJECT_VERBS}):?\s+(?P<x>{WORD}(?:\s+{WORD})?)", re.I)
_AFTER_INTRO = re.compile(
    rf"\b(?:{_INTROS})\s+(?P<x>{WORD}(?:\s+{WORD})?(?:\s+and\s+{WORD})?)", re.I
)
_DETERMINER = re.compile(r"\b(?:the|a|an|my|your|our|their|his|her|that|this)\s+$", re.I)
_BEFORE_SPEECH = re.compile(rf"(?P<x>{WORD})\s+(?:{_SPEECH})\b", re.I)
_BEFORE_ACT = re.compile(rf"(?P<x>{WORD})\s+(?:{_ACTS})\b", re.I)


_ROLE_WORDS = frozenset(re.split(r"\||\s", _ROLES)) | {"key", "worker", "keyworker"}


def _is_ordinary(word: str) -> bool:
    w = word.casefold()
    return w in EVERYDAY or w in FUNCTION or w in CLINICAL or w in _ROLE_WORDS


# Verbs that end a name even though they are names too ("dr chen said", "Said" is a name).
_VERB_STOPS = frozenset(re.split(r"\||\s", f"{_SPEECH}|{_OBJECT_VERBS}|{_ACTS}"))


def _names_in(text: str, start: int, end: int, *, allow_name_words: bool) -> Iterator[Span]:
    # Take words from the start while they look like names; stop at the first ordinary word.
    for n, m in enumerate(WORD_RE.finditer(text, start, end)):
        word = m.group().casefold()
        if word == "and":
            continue
        if n and word in _VERB_STOPS:
            return
        if _is_ordinary(word) or (word in NAME_WORDS and not allow_name_words):
            return
        yield Span(m.start(), m.end(), "name", "context rule")


def _cue_words(*alternations: str) -> frozenset[str]:
    return frozenset(w for a in alternations for w in re.split(r"\||\s", a) if w)


# Each pattern runs only when one of its cue words is in the text: most texts hold few cues,
# and scanning every position with a long alternation is the slow part of the rules.
_CUES: dict[re.Pattern[str], frozenset[str]] = {
    _HONORIFIC: _cue_words("dr|mr|mrs|ms|mx|prof"),
    _AFTER_TITLE: _cue_words(_TITLES),
    _AFTER_INTRO: _cue_words(_INTROS),
    _BEFORE_SPEECH: _cue_words(_SPEECH),
    _AFTER_ROLE: _cue_words(_ROLES, _OBJECT_VERBS),
    _BEFORE_ACT: _cue_words(_ACTS),
}
_TOKENS = re.compile(r"[^\W\d_](?:[\w'/-]*\w)?")


def _present(text: str) -> set[str]:
    tokens = set(_TOKENS.findall(text.casefold()))
    # "dr." and "s/n" are cue words too; "name's" also counts as "name".
    return tokens | {t.split("'")[0] for t in tokens if "'" in t}


def find_context_names(text: str) -> list[Span]:
    """Names that the surrounding words mark as a person."""
    found: list[Span] = []
    present = _present(text)
    active = {p for p, cues in _CUES.items() if not cues.isdisjoint(present)}
    if _HONORIFIC in active:
        for m in _HONORIFIC.finditer(text):
            if m.group("x").casefold() not in FUNCTION:
                found.append(Span(m.start("x"), m.end("x"), "name", "context rule (title)"))
    # A title or an introduction is strong enough even for "dr may" or "called grace", but
    # "the doctor will" is a role followed by a verb, so a determiner weakens the title.
    for pattern in (_AFTER_TITLE, _AFTER_INTRO, _BEFORE_SPEECH):
        if pattern not in active:
            continue
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 8) : m.start()]
            strong = pattern is not _AFTER_TITLE or not _DETERMINER.search(before)
            found.extend(_names_in(text, m.start("x"), m.end("x"), allow_name_words=strong))
    # "my sister will" / "will said" are too weak for word-names: the model decides those.
    for pattern in (_AFTER_ROLE, _BEFORE_ACT):
        if pattern not in active:
            continue
        for m in pattern.finditer(text):
            found.extend(_names_in(text, m.start("x"), m.end("x"), allow_name_words=False))
    return found
