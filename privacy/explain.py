"""What each rule of the anonymiser looks for, as ``reflect redact --explain`` prints it.

The rule names are the ``reason`` of each redaction, so a line's finds can be read against this.
"""

from __future__ import annotations

RULES: tuple[tuple[str, str], ...] = (
    ("email pattern", "an email address"),
    ("phone number (phonenumbers) / phone number shape", "a UK or international phone number"),
    ("valid NHS number / 10-digit number", "any run of 10 digits, spaced or dashed"),
    ("UK postcode pattern", "a UK postcode, spaced or not, any case"),
    (
        "date pattern / date of birth",
        "a date that pins a calendar day: 03/03/1990, 21/3, 3rd march, tuesday the 14th, "
        "xmas eve 2022, a month with a year; not a score (pain 5/10) or a bed (bed 4/5)",
    ),
    ("age pattern", "an age: aged 34, 34 year old, 34yo, turned 34"),
    ("record number pattern", "a hospital, RiO, PAS or MRN number, or 6 to 9 digits alone"),
    ("street address pattern", "a house number and street, a flat number"),
    (
        "organisation ward list / organisation site list / staff roster",
        "a name in the trust's REFLECT_ORG_LISTS",
    ),
    (
        "place name before ward, unit, hospital, centre, site ...",
        "an unfamiliar, capitalised or ward-name word before ward/unit/wing/suite/hospital/"
        "infirmary/centre/clinic/site/house/surgery (oak ward, Hinchingbrooke Hospital); "
        "not a describing word (the acute ward, the psychiatric hospital)",
    ),
    (
        "ward name before a number",
        "on/to/then <name> <number>: on Mulberry 2, then Larkspur 1 (not on level 3, bay 2)",
    ),
    (
        "ward-name word after on/to/from/at",
        "a tree, flower or bird word wards are named after, after on/to/from/at (back on oak); "
        "not the plant (lavender oil, the oak tree)",
    ),
    (
        "place after a moving word (moved to, back on, ...)",
        "an unfamiliar or ward-name word after in and out of, moved to/from, transferred "
        "to/from, back on, sent to, admitted to (in and out of Addenbrooke's)",
    ),
    ("ward name after 'ward was', 'unit called'", "the name that follows: my ward was cedar"),
    ("UK town or county", "a listed UK town or county after in/at/from/to/near"),
    ("saint's name of a place (st ...)", "st or saint and a name: st bede's, st ives"),
    (
        "town that is also a word, after lives in / went to",
        "bath, reading, hope, wells ... after lives in, born in, grew up in (then a comma, "
        "in, near ...), or a noun-only one after went to, moved to (went to bath with); "
        "not i live in hope that, went to deal with it, reading group",
    ),
    (
        "hospital initials (at the rri, to the QEH)",
        "2 to 4 letters after at/to/from/in the that are no word: capitals, or ending h or i "
        "(hospital, infirmary); clinical shorthand (icu, ed, mau) stays",
    ),
    ("context rule (title)", "a name after dr, mr, mrs, ms, mx or prof, even dr may"),
    (
        "context rule",
        "a name marked by the words around it: a title or role (nurse siobhan, s/n iolo), "
        "an introduction (called, named, his name is), a speech or action verb (kwabena said)",
    ),
    (
        "context rule (shift, greeting, 'me and', commas after a kin word)",
        "a name placed by a shift (dawn on nights, sam on lates), spoken to (thanks jo, cheers "
        "rose!), set off by commas after a kin word (my sister, jo, said), or beside me (me and "
        "kai); not after a/the/at (at dawn on nights)",
    ),
    (
        "context rule (surname after a name)",
        "a Capitalised word right after a Capitalised name found by a rule (S/N Iolo Parry), "
        "even an everyday word; not ward, unit, hospital or a verb",
    ),
    ("name model", "an unfamiliar word the offline name model scores as a person"),
    (
        "name model (after a kin or role word)",
        "any word after sister, mum, mate, nurse, hca, dr ... that the model scores as a "
        "name, even two letters or an everyday word (my sister jo)",
    ),
    ("name model (after 'being')", "an unfamiliar word after being (if i imagine being mei)"),
    (
        "name model (a name-word before a verb)",
        "a word that is also a name (will, hope, grace) starting a clause before a past-tense "
        "verb, judged by the model, not by a capital letter (and will kept shouting: a modal "
        "never takes a past tense, so there the model can only veto when sure)",
    ),
    ("name model (a name-word after 'told', ...)", "i told will, i asked hope"),
    (
        "name model ...: a place",
        "a word the model scores as a town or county: an unfamiliar word, or an everyday word "
        "after lives in, born in, went to (firm score needed)",
    ),
    (
        "found elsewhere in the same text",
        "another occurrence of a name or place already found; a name-word stays where it is "
        "ordinary (i hope, will you) or describes the noun after it (a sunny day, rose garden)",
    ),
)
KEPT = (
    "kept: words that are names used as ordinary English (mark my words, will you, i hope, "
    "to be frank, the rose garden, at dawn), everyday and clinical words, clinical shorthand "
    "and units (obs, prn, im, bp, icu, mau: never a place), bed/bay/room numbers, doses, "
    "section numbers, scores; short given names (jo, pete, mo) are never in the everyday list"
)


def explain_rules() -> str:
    """The rules as lines for standard error, before the per-line finds."""
    lines = ["rules:"]
    lines += [f"  {name}: {what}" for name, what in RULES]
    lines.append(f"  {KEPT}")
    return "\n".join(lines) + "\n"
