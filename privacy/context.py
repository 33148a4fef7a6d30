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
# A person placed by a shift: "dawn on nights", "sam on lates", "ed on the night shift".
_SHIFTS = r"nights|days|lates|earlies|nights\s+shift|the\s+night\s+shift|the\s+day\s+shift"
_BEFORE_SHIFT = re.compile(rf"(?P<x>{WORD})\s+on\s+(?:{_SHIFTS})\b", re.I)
# A person spoken to: "thanks jo,", "cheers mo!" (the comma or end closes the address).
_GREETINGS = r"thanks|thank\s+you|cheers|hi|hiya|hello|hey|bye|sorry|ta"
_ADDRESSED = re.compile(rf"\b(?:{_GREETINGS})\s+(?P<x>{WORD})\s*(?:[,!.?]|$)", re.I)
# A name set off by commas after a kin or role word: "my sister, jo, said".
_APPOSITION = re.compile(rf"\b(?:{_ROLES}),\s*(?P<x>{WORD}(?:\s+{WORD})?)\s*,", re.I)
# "me and kai", "kai and me": a companion is a person.
_WITH_ME = re.compile(rf"\bme\s+and\s+(?P<x>{WORD})|(?P<y>{WORD})\s+and\s+me\b", re.I)
_PLAIN_BEFORE = frozenset(str.split("a an the this that my your his her our their at for of by"))
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
    _BEFORE_SHIFT: _cue_words("nights days lates earlies shift"),
    _ADDRESSED: _cue_words(_GREETINGS),
    _APPOSITION: _cue_words(_ROLES),
    _WITH_ME: frozenset({"me"}),
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
    found.extend(_placed_people(text, active))
    return found + _surnames(text, found)


def _placed_people(text: str, active: set[re.Pattern[str]]) -> Iterator[Span]:
    # Shifts, greetings, commas after a kin word and "me and X" mark a person, even a name-word
    # ("dawn on nights", "thanks rose,"), unless a determiner makes it a thing ("at dawn on").
    rule = "context rule (shift, greeting, 'me and', commas after a kin word)"
    for pattern in (_BEFORE_SHIFT, _ADDRESSED, _APPOSITION):
        if pattern not in active:
            continue
        for m in pattern.finditer(text):
            before = WORD_RE.findall(text[max(0, m.start("x") - 12) : m.start("x")])
            if before and before[-1].casefold() in _PLAIN_BEFORE:
                continue
            for span in _names_in(text, m.start("x"), m.end("x"), allow_name_words=True):
                yield Span(span.start, span.end, "name", rule)
    if _WITH_ME in active:
        for m in _WITH_ME.finditer(text):
            group = "x" if m.group("x") is not None else "y"
            for span in _names_in(text, m.start(group), m.end(group), allow_name_words=False):
                yield Span(span.start, span.end, "name", rule)


_SURNAME_STOPS = frozenset(str.split("ward unit wing hospital centre house lodge i"))


def _surnames(text: str, found: list[Span]) -> list[Span]:
    # A Capitalised word right after a Capitalised name is its surname, even an everyday word
    # ("S/N Iolo Parry", "Kelly Green"): lowercase text gives no such sign, so it is left alone.
    out: list[Span] = []
    for span in found:
        name = text[span.start : span.end]
        if not (name[:1].isupper() and name[1:2].islower()):
            continue
        m = re.compile(rf" (?P<x>{WORD})").match(text, span.end)
        if m is None:
            continue
        word = m.group("x")
        w = word.casefold()
        if not (word[:1].isupper() and word[1:].islower()) or w in FUNCTION:
            continue
        if w in _SURNAME_STOPS or w in _ROLE_WORDS or w in _VERB_STOPS or w in CLINICAL:
            continue
        out.append(Span(m.start("x"), m.end("x"), "name", "context rule (surname after a name)"))
    return out
