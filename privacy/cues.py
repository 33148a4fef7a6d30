"""Words the context puts in question, for the name model to judge.

The model is case-blind, so a capital letter decides nothing here. A kin or role word ("my sister
jo", "hca ola"), "being" ("imagine being mei"), a name-word before a past-tense verb ("and will
kept shouting") or a word where people live ("lives in reading") makes the model look at a word
it would otherwise skip as ordinary English, with a bar set by how strong the cue is.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from privacy.vocabulary import CLINICAL, EVERYDAY, FUNCTION, NAME_WORDS

Word = tuple[int, int]


@dataclass(frozen=True, slots=True)
class Question:
    """Bars the model's name and place scores must pass for this word, and the cue's name."""

    name_bar: float | None
    place_bar: float | None
    rule: str


# Kin and role words a name often follows ("my mate al", "s/n iolo", "hca sian").
KIN_AND_ROLES = frozenset(
    str.split(
        """
    brother sister mum mam mom mother dad father son daughter wife husband partner boyfriend
    girlfriend friend mate pal bestie bf gf bro sis cousin aunt auntie aunty uncle nan nana
    nanna gran granny grandma grandad grandpa grandmother grandfather niece nephew stepdad
    stepmum hubby missus fiance fiancee ex neighbour flatmate roommate
    hca nurse matron consultant psychiatrist psychologist advocate chaplain worker keyworker
    coordinator co-ordinator therapist officer manager student doctor dr carer sn s/n rmn rgn
    cpn ot physio pharmacist cook cleaner domestic porter guard receptionist teacher
    """
    )
)
# A name-word then one of these is a person doing something: "will kept", "hope came".
PAST_VERBS = frozenset(
    str.split(
        """
    was were is are has had did does said says told tells kept keeps came comes went goes got
    gets gave gives took takes saw sees sat sits stood stands held holds left leaves brought brings
    thought knew made makes ran runs put let found heard hears felt feels grabbed pulled pushed
    shouted screamed laughed smiled cried helped stayed asked tried started stopped walked
    looked listened explained apologised pinned restrained pressed rang phoned texted
    """
    )
)
_ADVERBS = frozenset(str.split("just then also never always still even suddenly finally really"))
# Before a name-word these show a clause starting, where a name may stand as the subject.
_CLAUSE_START = frozenset(
    str.split("and but then so when because cos cause until while if me him her that after even")
)
# Where people live, were born or go: the next word may be a town even if it is a word.
_HOME_CUES = re.compile(
    r"\b(?:lives?|lived|living|grew\s+up|born|brought\s+up|moved|visit(?:ed|ing)?|went"
    r"|staying|stays|family|mum|dad|nan|gran|auntie|aunt|uncle|sister|brother)\s+(?:in|to|at|near)"
    r"\s+$",
    re.I,
)
_PLACE_PREPOSITION = frozenset(str.split("in at from near to"))
_WORDLIKE = EVERYDAY | NAME_WORDS

KIN_BAR = 0.0  # an everyday word after "my sister" needs the model to be fairly sure
KIN_NAME_WORD_BAR = -2.5
BEING_BAR = -12.0  # "imagine being X": anything unfamiliar after it is taken as a person
BEING_NAME_WORD_BAR = -3.0
VERB_BAR = -6.0  # "and will kept shouting": grammar says person already, the model confirms
# "will kept", "may said": a modal never takes a past tense, so only a sure "no" keeps the word.
MODAL_VERB_BAR = -10.0
_MODALS = frozenset({"will", "may"})
OBJECT_BAR = -4.0  # "i told will": a verb that takes a person
HOME_BAR = 0.5  # "lives in reading"


def _verbish(word: str) -> bool:
    return word in PAST_VERBS or (len(word) > 4 and word.endswith(("ed", "ing", "ly")))


def _clause_start(text: str, words: Sequence[Word], i: int) -> bool:
    if not i:
        return True
    gap = text[words[i - 1][1] : words[i][0]]
    return gap.strip() != "" or text[words[i - 1][0] : words[i - 1][1]].casefold() in _CLAUSE_START


def _next_verb(text: str, words: Sequence[Word], i: int) -> bool:
    for n in (i + 1, i + 2):
        if n >= len(words):
            return False
        w = text[words[n][0] : words[n][1]].casefold()
        if w in PAST_VERBS:
            return True
        if w not in _ADVERBS:
            return False
    return False


# Before a lowercase name-word these make it an ordinary word: "the bill", "a joy", "i hope",
# "to be frank", "at dawn", "my bill", "so sunny".
PLAIN_BEFORE = frozenset(
    str.split(
        """
    a an the this that these those some any no every each i you he she it we they my your his
    her our their its be very so too quite really at for of have has had
    """
    )
)
# Name-words that are also verbs: with an object or a verb after them they are grammar
# ("mark my words", "will you", "hope you're ok", "may be", "sue them").
_VERB_NAME_WORDS = frozenset(str.split("will may mark hope sue rob pat bill drew chase"))
# Verbs that take a person as object: a name-word after them is a person ("i told will").
OBJECT_VERBS = frozenset(
    str.split("told asked thanked phoned rang texted hugged saw met trust trusted called")
)
_VERB_FOLLOWERS = frozenset(
    str.split(
        """
    my your his her our their its me you him them us it the a an this that i we they he she so
    not be have get go do come see make take try let help
    """
    )
)
_SENTENCE_END = ".!?:;\"'(\n"


def capitalised_mid_sentence(text: str, start: int, end: int) -> bool:
    """Whether ``text[start:end]`` is Capitalised away from a sentence start ("i told Will")."""
    word = text[start:end]
    if not (word[:1].isupper() and word[1:].islower()):
        return False
    before = text[:start].rstrip()
    return bool(before) and before[-1] not in _SENTENCE_END


def ordinary_use(text: str, words: Sequence[Word], i: int) -> bool:
    """Whether the name-word ``words[i]`` is used as ordinary English by the words around it."""
    a, b = words[i]
    w = text[a:b]
    if w.casefold() not in NAME_WORDS or capitalised_mid_sentence(text, a, b):
        return False
    if i and text[words[i - 1][0] : words[i - 1][1]].casefold() in OBJECT_VERBS:
        return False
    before = text[words[i - 1][0] : words[i - 1][1]].casefold() if i else ""
    if before in PLAIN_BEFORE and text[words[i - 1][1] : a].isspace():
        return True
    if i + 1 < len(words) and w.casefold() in _VERB_NAME_WORDS:
        after = text[words[i + 1][0] : words[i + 1][1]].casefold()
        return text[b : words[i + 1][0]].isspace() and after in _VERB_FOLLOWERS
    return False


def questions(text: str, words: Sequence[Word]) -> dict[int, Question]:
    """For each word index the cues put in question, the bars the model must pass."""
    asked: dict[int, Question] = {}
    for i, (a, b) in enumerate(words):
        w = text[a:b].casefold()
        if w in FUNCTION or len(w) < 2:
            continue
        prev = text[words[i - 1][0] : words[i - 1][1]].casefold() if i else ""
        joined = i and not text[words[i - 1][1] : a].strip()
        # After a kin word even a clinical-looking word may be a name ("my boyfriend ed").
        if joined and prev in KIN_AND_ROLES and not _verbish(w):
            bar = KIN_NAME_WORD_BAR if w in NAME_WORDS else KIN_BAR
            asked[i] = Question(bar, None, "name model (after a kin or role word)")
        elif w in CLINICAL:
            continue
        elif joined and prev == "being" and w not in EVERYDAY:
            bar = BEING_NAME_WORD_BAR if w in NAME_WORDS else BEING_BAR
            asked[i] = Question(bar, None, "name model (after 'being')")
        elif w in NAME_WORDS and _clause_start(text, words, i) and _next_verb(text, words, i):
            bar = MODAL_VERB_BAR if w in _MODALS else VERB_BAR
            asked[i] = Question(bar, None, "name model (a name-word before a verb)")
        elif joined and w in NAME_WORDS and prev in OBJECT_VERBS:
            asked[i] = Question(OBJECT_BAR, None, "name model (a name-word after 'told', ...)")
        elif (
            joined
            and prev in _PLACE_PREPOSITION
            and w in _WORDLIKE
            and _HOME_CUES.search(text, max(0, a - 30), a)
        ):
            asked[i] = Question(None, HOME_BAR, "name model (a place after 'lives in', ...)")
    return asked


def compound_use(text: str, words: Sequence[Word], i: int) -> bool:
    """Whether the name-word ``words[i]`` describes the noun after it: "sunny day", "rose garden".

    Only an everyday word that is not a verb form counts ("rose said", "dawn helps" stay people).
    """
    a, b = words[i]
    if text[a:b].casefold() not in NAME_WORDS or i + 1 >= len(words):
        return False
    c, d = words[i + 1]
    after = text[c:d].casefold()
    if text[b:c] != " " or after not in EVERYDAY or after in FUNCTION or after in NAME_WORDS:
        return False
    return not (_verbish(after) or after.endswith("s") or after in _ADVERBS)
