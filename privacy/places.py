"""Places by context, with no organisation list: "<name> ward", "on <name> 2", "moved to <name>".

A word counts as the name part of a place when it is not ordinary English (an unfamiliar word),
is a word wards are often named after ("oak", "willow"), is a UK town or county, or is written
with a capital away from a sentence start and is not a describing word ("the Acute ward").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from privacy.context import WORD, WORD_RE
from privacy.spans import Span
from privacy.vocabulary import CLINICAL, EVERYDAY, FUNCTION, NAME_WORDS, UK_PLACES, WARD_WORDS

# Describing words that never name a ward, even capitalised ("the Acute Unit", "Female Ward").
_DESCRIBING = frozenset(
    str.split(
        """
    acute psychiatric psychiatry psych mental health female male women's men's womens mens
    mixed older adult adults adolescent adolescents children's childrens child kids young
    open locked secure low medium high rehab rehabilitation recovery assessment admission
    admissions treatment medical surgical maternity forensic crisis intensive care dementia
    elderly old new other same different next another whole entire previous last first second
    third local nearest private nhs district community mother baby eating disorder disorders
    learning disability disabilities emergency day night main big small busy quiet calm noisy
    decision observation triage inpatient outpatient specialist general stroke cardiac renal
    burns respiratory isolation seclusion respite residential nursing home halfway safe
    mums mum's dads dad's nans nan's grans gran's mates mate's friends friend's sisters
    sister's brothers brother's parents parents' aunties auntie's uncles uncle's carers
    foster family families hospital hospitals ward wards unit units
    """
    )
)
# Words that sit inside a place's name without naming it alone ("Ravensby Royal Infirmary").
_JOINING = frozenset(
    str.split(
        "st st. saint royal general county city district memorial university community road "
        "street lane park hill green north south east west upper lower great little"
    )
)
_WARD_SUFFIX = frozenset(str.split("ward unit wing suite"))
_SITE_SUFFIX = frozenset(
    str.split("hospital infirmary clinic centre center site house lodge surgery practice hospice")
)
_SENTENCE_END = ".!?:;\"'(\n"
SUFFIX_RULE = "place name before ward, unit, hospital, centre, site ..."


def _capitalised_in_sentence(text: str, start: int, word: str) -> bool:
    if not (word[:1].isupper() and word[1:] and not word.isupper()):
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END


def names_a_place(text: str, start: int, end: int) -> bool:
    """Whether the word at ``start:end`` can be the naming part of a place."""
    word = text[start:end]
    w = word.casefold()
    if w in FUNCTION or w in CLINICAL or w in _DESCRIBING or w in _JOINING:
        return False
    if w in WARD_WORDS or w in UK_PLACES or w.removesuffix("'s") in UK_PLACES:
        return True
    if w not in EVERYDAY and len(w) > 2:
        return True
    return _capitalised_in_sentence(text, start, word)


def _chain_before(text: str, words: list[re.Match[str]], i: int) -> int | None:
    # The first word of the name standing right before words[i] (a suffix), or None.
    first = None
    n = i - 1
    while n >= 0 and i - n <= 3:
        m = words[n]
        if text[m.end() : words[n + 1].start()].strip():
            break  # punctuation between the words
        w = m.group().casefold()
        if names_a_place(text, m.start(), m.end()):
            first = n
        elif w not in _JOINING:
            break
        n -= 1
    if first is None:
        return None
    # Take a "st" or "royal" just before the name too ("st bede's unit").
    if first > 0 and words[first - 1].group().casefold() in _JOINING:
        first -= 1
    return first


def _suffixed(text: str) -> Iterator[Span]:
    words = list(WORD_RE.finditer(text))
    for i, m in enumerate(words):
        w = m.group().casefold()
        if w in _WARD_SUFFIX or w in _SITE_SUFFIX or w == "general":
            first = _chain_before(text, words, i)
            if first is None:
                continue
            kind = "ward" if w in _WARD_SUFFIX else "site"
            yield Span(words[first].start(), m.end(), kind, SUFFIX_RULE)


_NUMBERED = re.compile(
    rf"\b(?:on|onto|off|to|from|at|in|into|then)\s+(?P<x>{WORD})\s+\d{{1,2}}\b(?![:.]\d)", re.I
)
_AFTER_PREPOSITION = re.compile(rf"\b(?:on|onto|off|to|from|at)\s+(?P<x>{WORD})", re.I)
# What follows a tree or flower word when it is the plant, not the ward ("lavender oil").
_PLANT_USE = frozenset(
    str.split(
        "tree trees leaf leaves oil oils tea bush bushes bench table floor wood wooden flower "
        "flowers garden scent smell petals bark branch branches seeds syrup juice cream soap "
        "blossom plant plants hedge pie jam"
    )
)
_MOVED = re.compile(
    r"\b(?:in\s+and\s+out\s+of|(?:moved|transferred|transfer|sent|taken|brought|admitted"
    r"|discharged|went|go|going|gone|come|came|returned|moving)(?:\s+(?:me|him|her|them|us|back))?"
    r"\s+(?:to|from|onto|into|out\s+of)|back\s+(?:on|onto|to|at|in))"
    rf"\s+(?:the\s+)?(?P<x>{WORD}(?:\s+{WORD}){{0,2}})",
    re.I,
)
# A lookahead, so "in hope in derbyshire" leaves the second "in" for the next match.
_TOWN_CUE = re.compile(
    rf"\b(?:in|at|from|to|near|into|outside|around|towards|of)\s+(?=(?P<x>{WORD}(?:\s+{WORD})?))",
    re.I,
)
_SAINT = re.compile(rf"\b(?:st\.?|saint)\s+(?P<x>{WORD})", re.I)


def _numbered(text: str) -> Iterator[Span]:
    for m in _NUMBERED.finditer(text):
        if names_a_place(text, m.start("x"), m.end("x")):
            yield Span(m.start("x"), m.end(), "ward", "ward name before a number")


def _ward_words(text: str) -> Iterator[Span]:
    for m in _AFTER_PREPOSITION.finditer(text):
        if m.group("x").casefold() not in WARD_WORDS:
            continue
        if plant_use(text, m.end()):
            continue
        yield Span(m.start("x"), m.end("x"), "ward", "ward-name word after on/to/from/at")


def _proper_run(text: str, start: int, end: int) -> tuple[int, int] | None:
    # The leading words of start:end that name a place ("fernlea" of "fernlea since").
    last = None
    for n, m in enumerate(WORD_RE.finditer(text, start, end)):
        if not names_a_place(text, m.start(), m.end()) and not (
            n == 0 and m.group().casefold() in {"st", "saint"}
        ):
            break
        last = m.end()
    return (start, last) if last is not None else None


_ONWARD = re.compile(rf"\s+(?:to|onto|into|then)\s+(?P<x>{WORD}(?:\s+{WORD}){{0,2}})", re.I)
_NAMED_WARD = re.compile(
    rf"\b(?:ward|unit)\s+(?:was|is|called|named|were)\s+(?P<x>{WORD}(?:\s+{WORD}){{0,2}})", re.I
)


def plant_use(text: str, end: int) -> bool:
    after = WORD_RE.match(text, end + 1) if text[end : end + 1] == " " else None
    return after is not None and after.group().casefold() in _PLANT_USE


def _moved(text: str) -> Iterator[Span]:
    rule = "place after a moving word (moved to, back on, ...)"
    for m in _MOVED.finditer(text):
        run = _proper_run(text, m.start("x"), m.end("x"))
        # "go to the rose garden": after "the" a name-word or plant is not read as a ward name.
        the = m.group()[: m.start("x") - m.start()].casefold().rstrip().endswith(" the")
        if run is None or plant_use(text, run[1]):
            continue
        if the and text[run[0] : run[1]].casefold().split()[0] in NAME_WORDS | WARD_WORDS:
            continue
        yield Span(*run, "place", rule)
        # "moved from willow to maple": the second name is a place too.
        onward = _ONWARD.match(text, run[1])
        if onward:
            nxt = _proper_run(text, onward.start("x"), onward.end("x"))
            if nxt is not None and not plant_use(text, nxt[1]):
                yield Span(*nxt, "place", rule)
    for m in _NAMED_WARD.finditer(text):
        run = _proper_run(text, m.start("x"), m.end("x"))
        if run is not None:
            yield Span(*run, "ward", "ward name after 'ward was', 'unit called'")


def _towns(text: str) -> Iterator[Span]:
    for m in _TOWN_CUE.finditer(text):
        two = m.group("x").casefold()
        one = two.split()[0]
        if two in UK_PLACES:
            yield Span(m.start("x"), m.end("x"), "place", "UK town or county")
        elif one in UK_PLACES:
            yield Span(m.start("x"), m.start("x") + len(one), "place", "UK town or county")


def _saints(text: str) -> Iterator[Span]:
    for m in _SAINT.finditer(text):
        before = text[: m.start()].rstrip()
        word = m.group("x")
        w = word.casefold()
        # "12 high st" is a street; "st bede's" is a place.
        if before[-1:].isdigit() or w in FUNCTION or w in CLINICAL:
            continue
        if w in EVERYDAY and not word[:1].isupper():
            continue
        yield Span(m.start(), m.end(), "site", "saint's name of a place (st ...)")


# UK towns that are also ordinary words: a place only where people live, are born or go.
_WORD_TOWNS = frozenset(
    str.split("bath reading hope deal wells sale march street rugby ware wick harrow rye holt diss")
)
# After "went to", "moved to" only towns that are nouns, never verbs ("went to deal with it").
_NOUN_TOWNS = frozenset(str.split("bath reading wells street rugby ware wick harrow rye holt diss"))
_LIVES_IN = re.compile(
    r"\b(?:lives?|lived|living|grew\s+up|born|brought\s+up)\s+in\s+"
    rf"(?P<x>{WORD})(?=\s*(?:$|[,.!?;]|\s+(?:in|near|with|and|now|so|which|where|but)\b))",
    re.I,
)
_WENT_TO = re.compile(
    r"\b(?:went|go|going|gone|moved|moving|drove|visit(?:ed|ing)?)\s+(?:to\s+)?"
    rf"(?P<x>{WORD})(?=\s*(?:$|[,.!?;]|\s+(?:with|and|for|on|to|in|last|yesterday)\b))",
    re.I,
)
# Hospital initials after a place word: "at the rri", "to the QEH" (a hospital or infirmary).
_INITIALS = re.compile(
    r"\b(?:at|to|from|in|into|of|out\s+of)\s+the\s+(?P<x>[^\W\d_]{2,4})(?![\w'-])", re.I
)


def _word_towns(text: str) -> Iterator[Span]:
    rule = "town that is also a word, after lives in / went to"
    for m in _LIVES_IN.finditer(text):
        if m.group("x").casefold() in _WORD_TOWNS:
            yield Span(m.start("x"), m.end("x"), "place", rule)
    for m in _WENT_TO.finditer(text):
        if m.group("x").casefold() in _NOUN_TOWNS:
            yield Span(m.start("x"), m.end("x"), "place", rule)


def _initials(text: str) -> Iterator[Span]:
    for m in _INITIALS.finditer(text):
        word = m.group("x")
        w = word.casefold()
        if w in EVERYDAY or w in FUNCTION or w in CLINICAL or w in NAME_WORDS:
            continue
        if not (word.isupper() or w[-1] in "hi"):
            continue
        yield Span(m.start("x"), m.end("x"), "site", "hospital initials (at the rri, to the QEH)")


def find_places(text: str) -> list[Span]:
    """Ward, site and town names that the words around them mark as a place."""
    found: list[Span] = []
    for finder in (
        _suffixed,
        _numbered,
        _ward_words,
        _moved,
        _towns,
        _saints,
        _word_towns,
        _initials,
    ):
        found.extend(finder(text))
    return found
