"""The tagger's words: normalise an answer, stem it lightly, and compile codebook phrases.

Answers and codebook phrases go through the same normaliser and stemmer, so a lead writes
``shout at`` and it also matches "SHOUTED at", "shoutin at" or "shouts at". Inside a phrase,
``...`` allows a gap of up to ``MAX_GAP`` words and a trailing ``*`` matches any word starting
with what comes before it. The codebook checks its phrases with ``phrase_problem``, the tagger
matches them and the theme model reads the same ``tokens``, so all three share this module.
"""

from __future__ import annotations

import itertools
import re

GAP = "..."
MAX_GAP = 3
PREFIX_KEY = 3

_PLACEHOLDER = re.compile(r"\[\s*([a-z][a-z ]*?)\s*\d*\s*\]")
_G_DROP = re.compile(r"\b(\w{3,})in'")
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "`": "'"})
_CONTRACTIONS = (
    (re.compile(r"\bcan'?t\b"), "can not"),
    (re.compile(r"\bwon'?t\b"), "will not"),
    (re.compile(r"\bain'?t\b"), "is not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)
_NON_WORD = re.compile(r"[^a-z0-9_]+")
_REPEATS = re.compile(r"([a-z])\1{2,}")
# Phone and text-speak seen on wards, as "typed=meant"; expansions are plain words so that
# codebook phrases need not list both spellings.
_SPEAK_TEXT = """
    dont=do_not didnt=did_not doesnt=does_not isnt=is_not wasnt=was_not werent=were_not
    arent=are_not couldnt=could_not wouldnt=would_not shouldnt=should_not havent=have_not
    hasnt=has_not hadnt=had_not mustnt=must_not neednt=need_not
    cant=can_not wont=will_not aint=is_not u=you ya=you ur=your r=are n=and nd=and
    cos=because coz=because cuz=because bc=because bcos=because becuz=because bcoz=because
    pls=please plz=please ppl=people b4=before 2day=today 2nite=tonight tonite=tonight
    tho=though wiv=with nuff=enough enuf=enough thx=thanks wot=what wat=what im=i_am
    ive=i_have idk=i_do_not_know gonna=going_to wanna=want_to gotta=got_to abt=about
    bout=about shud=should cud=could wud=would dat=that dis=this jus=just rly=really
    msg=message nite=night 2moro=tomorrow tmrw=tomorrow sum1=someone some1=someone
    no1=no_one noone=no_one any1=anyone every1=everyone aggro=aggressive obs=observations
"""
_IRREGULAR_TEXT = """
    took=take taken=take felt=feel kept=keep told=tell said=say gave=give given=give went=go
    gone=go came=come held=hold threw=throw thrown=throw fought=fight brought=bring
    thought=think men=man women=woman sat=sit spoke=speak woke=wake heard=hear bought=buy
    sent=send ate=eat slept=sleep knew=know known=know got=get forgot=forget
"""


def _pairs(text: str) -> dict[str, str]:
    """Parse "typed=meant" pairs separated by white space."""
    return dict(item.split("=", 1) for item in text.split())


_SPEAK = {typed: tuple(meant.split("_")) for typed, meant in _pairs(_SPEAK_TEXT).items()}
_IRREGULAR = _pairs(_IRREGULAR_TEXT)
_VOWEL = re.compile(r"[aeiouy]")
_NO_UNDOUBLE = frozenset("lsz")


def stem(word: str) -> str:
    """A light, consistent stem: enough to fold plurals and -ed/-ing forms together."""
    if len(word) <= 3 or "_" in word or not word.isalpha():
        return word
    if word in _IRREGULAR:
        return stem(_IRREGULAR[word])
    if word.endswith(("ies", "ied")) and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    if word.endswith("ing") and len(word) >= 6 and _VOWEL.search(word[:-3]):
        word = word[:-3]
    elif word.endswith("ed") and len(word) >= 5 and _VOWEL.search(word[:-2]):
        word = word[:-2]
    if word.endswith("ly") and len(word) >= 6:
        word = word[:-2]
    # Dropping a final e makes "make" and "making" (-> "mak") meet.
    if word.endswith("e") and len(word) >= 4:
        word = word[:-1]
    # Undoubling every word, not just stripped ones, keeps "staff" and "staffing" together.
    return _undouble(word)


def _undouble(word: str) -> str:
    """Drop one letter of a doubled final consonant ("stopp" -> "stop")."""
    if len(word) >= 3 and word[-1] == word[-2] and word[-1] not in _NO_UNDOUBLE:
        return word[:-1]
    return word


def surface_tokens(text: str) -> list[str]:
    """Lower-cased words with contractions and phone-speak expanded and placeholders kept."""
    text = text.casefold().translate(_APOSTROPHES)
    text = _PLACEHOLDER.sub(lambda m: " _" + "_".join(m.group(1).split()) + "_ ", text)
    text = text.replace("&", " and ")
    text = _G_DROP.sub(r"\1ing", text)
    for pattern, replacement in _CONTRACTIONS:
        text = pattern.sub(replacement, text)
    text = _REPEATS.sub(r"\1\1", text)
    out: list[str] = []
    for word in _NON_WORD.sub(" ", text).split():
        out.extend(_SPEAK.get(word, (word,)))
    return out


def tokens(text: str) -> list[str]:
    """Stemmed tokens of ``text``, as phrases are matched against them."""
    return [stem(word) for word in surface_tokens(text)]


def compile_phrase(phrase: str) -> tuple[str, ...]:
    """A phrase as stemmed parts; ``...`` stays a gap and ``word*`` stays a prefix marker."""
    parts: list[str] = []
    for raw in phrase.casefold().split():
        if raw == GAP:
            parts.append(GAP)
        elif raw.endswith("*") and len(raw) > 1:
            # Only the last word of "de-escalat*" is a prefix; the rest match as usual.
            words = surface_tokens(raw[:-1])
            parts.extend(stem(word) for word in words[:-1])
            parts.extend(f"{word}*" for word in words[-1:])
        else:
            parts.extend(tokens(raw))
    return tuple(parts)


def phrase_problem(phrase: str) -> str | None:
    """Why ``phrase`` cannot be matched, or None when it is fine."""
    parts = compile_phrase(phrase)
    words = [part for part in parts if part != GAP]
    if not words:
        return "has no words once normalised"
    if parts[0] == GAP or parts[-1] == GAP:
        return f"cannot start or end with {GAP}"
    if any(a == b == GAP for a, b in itertools.pairwise(parts)):
        return f"has two {GAP} in a row"
    if parts[0].endswith("*") and len(parts[0]) - 1 < PREFIX_KEY:
        return f"a leading prefix needs at least {PREFIX_KEY} letters before *"
    return None
