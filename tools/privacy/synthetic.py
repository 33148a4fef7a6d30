"""Builds invented reflections with the true identifier spans marked, from a fixed seed.

Templates hold ``{slot}`` markers; each slot is filled with an invented value whose span and
kind are recorded. DEV and TEST use different templates and different name lists.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable
from dataclasses import dataclass

from tools.privacy import names

_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class Gold:
    """One true identifier: characters ``start:end`` of kind ``kind``."""

    start: int
    end: int
    kind: str


@dataclass(frozen=True)
class Example:
    """An invented reflection and its true identifier spans."""

    text: str
    gold: tuple[Gold, ...]


@dataclass(frozen=True)
class Split:
    """Everything one split draws from."""

    given: tuple[str, ...]
    surnames: tuple[str, ...]
    wards: tuple[str, ...]
    sites: tuple[str, ...]
    templates: tuple[str, ...]
    fillers: tuple[str, ...]


DEV_TEMPLATES = (
    "{name} held my arms and i could not breathe.",
    "i was on {ward} ward when {name} pressed the alarm.",
    "dr {surname} gave me the injection, it was 5mg of lorazepam im.",
    "my sister {given} came to visit after, she was upset.",
    "{given} said it would be over soon but it went on.",
    "you can ring me on {phone} if you need to.",
    "my email is {email} for the leaflet.",
    "my nhs number is {nhs} if you need it.",
    "i live at {address}, {postcode}.",
    "it happened on {date} in the evening.",
    "my date of birth is {date} so check the records.",
    "i am {age} and i have never been treated like that.",
    "my hospital number is {record} on the system.",
    "they moved me from {site} to {ward} ward in the night.",
    "the nurse called {name} stayed with me after.",
    "i told {given} i was scared and {given2} just watched.",
    "{fullname} was on shift and he listened to me.",
    "my mum rang {site} hospital on {phone}.",
    "his name is {given} and he works nights.",
    "{given} and {given2} did the prone hold in room 2.",
)

TEST_TEMPLATES = (
    "when {given} pinned me down i felt like i was going to die.",
    "it was {name} who started the restraint, not the others.",
    "nurse {given} was kind to me afterwards on {ward}.",
    "i asked for my brother {given} but nobody phoned him.",
    "please contact my partner on {phone} about this.",
    "send it to {email} please.",
    "nhs no {nhs}.",
    "post it to {address}, {postcode} if that helps.",
    "this was {date}, just after ward round.",
    "dob {date}.",
    "i'm a {age} and they treated me like a child.",
    "record {record} has the details of the seclusion.",
    "at {site} they never explain anything, {ward} is worse.",
    "{given} told me section 136 means they can keep me.",
    "i trust {fullname} more than anyone on the team.",
    "me and {given} were watching tv when the alarm went.",
    "the hca {given} brought me water and sat with me.",
    "i want {name} to know that it hurt my shoulder.",
    "{given} {surname} from the crisis team came at 3am.",
    "even {given} looked shocked by how rough it was.",
)

DEV_FILLERS = (
    "i felt scared and nobody explained what was happening.",
    "they gave me prn lorazepam and haloperidol im after.",
    "i hope next time they talk to me first.",
    "it will be better if staff give me space.",
    "there is a mark on my arm from the hold.",
    "may i have my own clothes back please.",
    "the seclusion room was cold and bright.",
    "i was in bed 4 and the noise was too much.",
    "section 2 was explained but i did not understand it.",
    "10 mg was too much, i slept all day.",
)

TEST_FILLERS = (
    "i just wanted someone to listen for a minute.",
    "on s136 they brought me straight to the suite.",
    "it is a joy to have my music back.",
    "to be frank it felt like a punishment.",
    "the rose garden is the only calm place here.",
    "i have faith the team can do better.",
    "at dawn they checked on me every hour.",
    "the bill for my phone got lost in my bag.",
    "room 2 smelt of bleach and i could not settle.",
    "the ward round said my obs would go down.",
    "my legs still hurt from being held on the floor.",
)

DEV = Split(
    given=tuple(names.DEV_GIVEN),
    surnames=tuple(names.DEV_SURNAMES),
    wards=tuple(names.DEV_WARDS),
    sites=tuple(names.DEV_SITES),
    templates=DEV_TEMPLATES,
    fillers=DEV_FILLERS,
)
TEST = Split(
    given=tuple(names.TEST_GIVEN),
    surnames=tuple(names.TEST_SURNAMES),
    wards=tuple(names.TEST_WARDS),
    sites=tuple(names.TEST_SITES),
    templates=TEST_TEMPLATES,
    fillers=TEST_FILLERS,
)
SPLITS = {"dev": DEV, "test": TEST}

_MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december"]  # fmt: skip


def _ordinal(day: int) -> str:
    suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
    return f"{day}{suffix}"


def _nhs(r: random.Random) -> str:
    d = "".join(str(r.randrange(10)) for _ in range(10))
    return r.choice([d, f"{d[:3]} {d[3:6]} {d[6:]}", f"{d[:3]}-{d[3:6]}-{d[6:]}"])


def _phone(r: random.Random) -> str:
    tail = f"{r.randrange(1000):03d}"
    return r.choice([
        f"07700 900{tail}", f"07700900{tail}", f"+44 7700 900{tail}", f"0161 496 0{tail}",
        f"020 7946 0{tail}", f"(0113) 496 0{tail}", f"+447700900{tail}", f"0117-496-0{tail}",
    ])  # fmt: skip


def _date(r: random.Random) -> str:
    day, month, year = r.randint(1, 28), r.randint(1, 12), r.randint(1950, 2024)
    name = _MONTHS[month - 1]
    return r.choice([
        f"{day:02d}/{month:02d}/{year}", f"{day}/{month}/{year % 100:02d}",
        f"{_ordinal(day)} {name}", f"{name} {_ordinal(day)} {year}", f"{day} {name[:3]} {year}",
        f"{year}-{month:02d}-{day:02d}", f"the {_ordinal(day)} of {name}", f"{day}.{month}.{year}",
    ])  # fmt: skip


def _age(r: random.Random) -> str:
    n = r.randint(18, 80)
    return r.choice([f"aged {n}", f"{n} year old", f"{n}yo", f"{n}-year-old", f"{n} years old"])


def _postcode(r: random.Random) -> str:
    return r.choice(["m1 1ae", "ls6 2ab", "sw1a 2aa", "B15 2TT", "e17 4pq", "NE1 7RU", "cf10 3nq"])


def _record(r: random.Random) -> str:
    n = r.randint(10000, 9999999)
    return r.choice([f"RX{n:07d}", f"{n:07d}", f"mh{n}", f"A{n:06d}"])


def _address(r: random.Random) -> str:
    street = r.choice(["acacia avenue", "mill lane", "church road", "orchard close",
                       "victoria street", "beech grove", "station road"])  # fmt: skip
    flat = f"flat {r.randint(1, 30)}, {r.randint(1, 99)} {street}"
    return r.choice([f"{r.randint(1, 200)} {street}", flat])


def _email(r: random.Random, given: str, surname: str) -> str:
    domain = r.choice(["gmail.com", "nhs.net", "hotmail.co.uk", "outlook.com"])
    return f"{given}.{surname}{r.randint(1, 99)}@{domain}".replace("'", "")


def _fill(template: str, split: Split, r: random.Random) -> tuple[str, list[Gold]]:
    out: list[str] = []
    gold: list[Gold] = []
    cursor = 0
    length = 0
    for m in _SLOT.finditer(template):
        out.append(template[cursor : m.start()])
        length += m.start() - cursor
        slot = m.group(1)
        value, kind = _value(slot, split, r)
        if kind == "name" and r.random() < 0.5:
            value = value.title()
        gold.append(Gold(length, length + len(value), kind))
        out.append(value)
        length += len(value)
        cursor = m.end()
    out.append(template[cursor:])
    return "".join(out), gold


def _value(slot: str, split: Split, r: random.Random) -> tuple[str, str]:
    given, surname = r.choice(split.given), r.choice(split.surnames)
    makers: dict[str, Callable[[], tuple[str, str]]] = {
        "given": lambda: (given, "name"),
        "given2": lambda: (r.choice(split.given), "name"),
        "surname": lambda: (surname, "name"),
        "name": lambda: (r.choice([given, f"{given} {surname}"]), "name"),
        "fullname": lambda: (f"{given} {surname}", "name"),
        "phone": lambda: (_phone(r), "phone"),
        "email": lambda: (_email(r, given, surname), "email"),
        "nhs": lambda: (_nhs(r), "nhs number"),
        "postcode": lambda: (_postcode(r), "postcode"),
        "date": lambda: (_date(r), "date"),
        "age": lambda: (_age(r), "age"),
        "record": lambda: (_record(r), "record number"),
        "address": lambda: (_address(r), "address"),
        "ward": lambda: (r.choice(split.wards), "ward"),
        "site": lambda: (r.choice(split.sites), "site"),
    }
    return makers[slot]()


def build(split_name: str, size: int, seed: int = 7) -> list[Example]:
    """``size`` invented reflections of ``split_name`` ("dev" or "test"), the same every run."""
    split = SPLITS[split_name]
    r = random.Random(f"{split_name}:{seed}")
    examples: list[Example] = []
    for i in range(size):
        pieces = r.sample(split.templates, r.randint(2, 4)) + r.sample(split.fillers, 2)
        r.shuffle(pieces)
        text = ""
        gold: list[Gold] = []
        for piece in pieces:
            filled, spans = _fill(piece, split, r)
            if text:
                text += " "
            gold.extend(Gold(g.start + len(text), g.end + len(text), g.kind) for g in spans)
            text += filled
        # Most people type on a phone without capitals; the lower() keeps lengths (ASCII text).
        text = text.lower() if i % 5 < 3 else text[0].upper() + text[1:]
        examples.append(Example(text=text, gold=tuple(gold)))
    return examples
