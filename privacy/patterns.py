"""UK identifier patterns: emails, phones, NHS numbers, postcodes, dates, ages, records, addresses.

Each finder returns :class:`Span` objects; none of them decides placeholders or overlaps.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator

import phonenumbers

from privacy.spans import Span

_I = re.IGNORECASE

EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

# Any ten digits with at most one space, dot or dash between digits: every NHS number layout.
NHS = re.compile(r"(?<![\d\w])\d(?:[ .-]?\d){9}(?![\d])")

# Fallback for phone shapes the phonenumbers library rejects (fictional or mistyped ranges).
PHONE_FALLBACK = re.compile(
    r"(?<![\w+])(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[\s().-]{0,2}\d){8,9}(?!\d)"
)
INTL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[\s().-]{0,2}\d){6,12}(?!\d)")

POSTCODE = re.compile(r"\b[a-z]{1,2}\d[a-z\d]?\s*\d[abd-hjlnp-uw-z]{2}\b", _I)

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_WEEKDAY = r"(?:mon|tues|wednes|thurs|fri|satur|sun)day"
_WEEKDAY_SHORT = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)"
_HOLIDAY = (
    r"(?:(?:christmas|xmas|x-mas|new\s+year'?s?)\s+(?:eve|day)|boxing\s+day|valentine'?s\s+day"
    r"|bonfire\s+night|halloween|st\.?\s+(?:patrick|david|andrew|george)'?s\s+day)"
)
_YEAR = r"(?:19|20)\d{2}|'\d{2}"
DATES = (
    # A full stop may end the sentence right after a date, so only ".digit" blocks a match.
    re.compile(r"(?<![\d/.-])\d{1,2}[/.-]\d{1,2}[/.-](?:\d{4}|\d{2})(?![\d/-]|\.\d)"),
    re.compile(r"(?<![\d/-])(?:19|20)\d{2}[/.-]\d{1,2}[/.-]\d{1,2}(?![\d/-]|\.\d)"),
    re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH}\b(?:,?\s+(?:{_YEAR})\b)?", _I),
    re.compile(rf"\b{_MONTH}\.?\s+(?:the\s+)?{_DAY}\b(?:,?\s+(?:{_YEAR})\b)?", _I),
    # A month with a year but no day ("march 1990") still narrows a birth date.
    re.compile(rf"\b{_MONTH}\s+(?:19|20)\d{{2}}\b", _I),
    # A bare day written as an ordinal ("on the 3rd") is a date once it follows "on the".
    re.compile(r"\bon the (?P<x>(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th))\b", _I),
    # A weekday with its day of the month ("tuesday the 14th", "fri 3rd").
    re.compile(
        rf"\b{_WEEKDAY},?\s+(?:the\s+)?{_DAY}\b(?!\s*(?:mg|ml|%|hours?|mins?|of\b|staff|people|times|nurses))",
        _I,
    ),
    re.compile(
        rf"\b{_WEEKDAY_SHORT}\.?\s+(?:the\s+)?(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)\b", _I
    ),
    # Holidays on a fixed day, with or without the year ("xmas eve 2022", "boxing day").
    re.compile(rf"\b{_HOLIDAY}\b(?:,?\s+(?:{_YEAR})\b)?", _I),
    # Day and month alone ("21/3"); not a score ("pain 5/10") or a share ("2/3 staff").
    re.compile(
        r"(?<![\d/.:-])(?:[12]\d|3[01]|0?[1-9])/(?:1[0-2]|0?[1-9])(?![\d/:]|\.\d|\s*(?:hourly|staff"
        r"|of|people|nurses|doses?))",
    ),
)
# Words before "5/10" that make it a score, not a date.
_SCORE_CUE = re.compile(
    r"\b(?:pain|score[ds]?|rated?|news2?|gcs|out of|scale|mood|bed|bay|room|level)\W*\w*\W*$", _I
)
DOB_CUE = re.compile(r"\b(?:dob|d\.o\.b\.?|date of birth|born(?: on)?|birthday)\W*$", _I)

AGES = (
    re.compile(r"\b(?:aged?|age:)\s*\d{1,3}\b", _I),
    re.compile(r"\b\d{1,3}\s*(?:-\s*)?(?:years?|yrs?)(?:\s*-\s*|\s+)old\b", _I),
    re.compile(r"\b\d{1,3}\s*(?:yo|y/o|y\.o\.)(?!\w)", _I),
    re.compile(r"\b(?:just\s+)?turned\s+\d{1,3}\b", _I),
    re.compile(r"\b\d{1,3}(?:st|nd|rd|th)\s+birthday\b", _I),
)

RECORDS = (
    # Letters then five or more digits: RiO, PAS and trust hospital numbers ("RX1234567").
    re.compile(r"\b[a-z]{1,3}\d{5,}[a-z]?\b", _I),
    # A cue word then the number, whatever its layout ("hospital number 12345", "MRN: A-77").
    re.compile(
        r"\b(?:hospital|patient|record|case|rio|pas|unit|nhs|mha|ref(?:erence)?|id|datix|crime"
        r"|safeguarding|incident|log|prison|inmate|custody)"
        r"\s*(?:number|no\.?|num|#|id)?\s*[:#]?\s*(?P<x>[a-z]{0,3}[-/]?\d[\d/-]{2,}\d)\b",
        _I,
    ),
    re.compile(r"\bmrn\s*[:#]?\s*(?P<x>[a-z]{0,3}[-/]?\d[\d/-]*)\b", _I),
    # A prison number (A1234BC) and a National Insurance number (QQ 12 34 56 C).
    re.compile(r"\b[a-z]\d{4}[a-z]{2}\b", _I),
    re.compile(
        r"\b(?!(?:at|on|in|to|by|of|is|it|am|an|as|be|do|go|he|if|me|my|no|or|so|up|us|we)\b)"
        r"[a-z]{2}\s?\d{2}\s?\d{2}\s?\d{2}\s?[a-d]\b",
        _I,
    ),
    # Six to nine digits on their own are almost never a dose, a bed or a section.
    re.compile(r"(?<![\d.,£$])\b\d{6,9}\b(?![.,]\d)"),
)

_STREET = (
    r"(?:street|st|road|rd|avenue|ave|lane|ln|close|drive|crescent|court|ct|place|terrace"
    r"|gardens|grove|hill|park|square|mews|row|walk|view|rise|green|parade|way|boulevard"
    r"|wharf|estate|gate|yard)"
)
_QUIET_STREET = r"(?:street|road|avenue|lane|close|drive|crescent|terrace|gardens|grove|mews)"
_NOT_A_STREET = (
    r"(?!(?:the|a|an|my|his|her|their|our|your|its|this|that|some|any|every|no|same|one)\b)"
)
ADDRESSES = (
    re.compile(
        rf"\b(?:(?:flat|apartment|apt|unit|room)\s+\d+[a-z]?,?\s+)?\d{{1,4}}[a-z]?,?\s+"
        rf"(?:[a-z'-]+\s+){{1,3}}{_STREET}\b",
        _I,
    ),
    re.compile(r"\b(?:flat|apartment|apt)\s+\d+[a-z]?\b", _I),
    re.compile(
        rf"\b(?:on|in|at|off|near|from|down|to)\s+(?P<x>{_NOT_A_STREET}(?:[a-z'-]+\s+){{1,2}}"
        rf"{_QUIET_STREET})\b",
        _I,
    ),
)


def _core(m: re.Match[str]) -> tuple[int, int]:
    # Some patterns match a cue word for context; group "x" is the part to remove.
    if "x" in m.re.groupindex:
        return m.span("x")
    return m.span()


def find_emails(text: str) -> Iterator[Span]:
    """Email addresses."""
    for m in EMAIL.finditer(text):
        yield Span(m.start(), m.end(), "email", "email pattern")


def find_phones(text: str) -> Iterator[Span]:
    """Phone numbers: the phonenumbers library first, then shapes it rejects."""
    # Every shape below has at least 9 digits; most texts have none, and the matcher is slow.
    if sum(c.isdigit() for c in text) < 9:
        return
    for match in phonenumbers.PhoneNumberMatcher(text, "GB", phonenumbers.Leniency.VALID):
        # Short "valid" numbers are usually doses, years or bed numbers, not phones.
        if sum(c.isdigit() for c in match.raw_string) >= 9:
            yield Span(match.start, match.end, "phone", "phone number (phonenumbers)")
    for pattern in (PHONE_FALLBACK, INTL_PHONE):
        for m in pattern.finditer(text):
            yield Span(m.start(), m.end(), "phone", "phone number shape")


def nhs_checksum_ok(digits: str) -> bool:
    """True when ten digits pass the NHS number modulus-11 check."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    check = 0 if check == 11 else check
    return check != 10 and check == int(digits[9])


def find_nhs_numbers(text: str) -> Iterator[Span]:
    """Every 10-digit run; the checksum only changes the reason given."""
    for m in NHS.finditer(text):
        digits = re.sub(r"\D", "", m.group())
        rule = "valid NHS number" if nhs_checksum_ok(digits) else "10-digit number"
        yield Span(m.start(), m.end(), "nhs number", rule)


def find_postcodes(text: str) -> Iterator[Span]:
    """UK postcodes, spaced or not, any case."""
    for m in POSTCODE.finditer(text):
        yield Span(m.start(), m.end(), "postcode", "UK postcode pattern")


# Every date pattern needs a digit, a month, a weekday or a holiday: without one, none can match.
_DATE_HINT = re.compile(
    r"\d|\b(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec|mon|tue|wed|thu|fri|sat|sun"
    r"|christmas|xmas|x-mas|new|boxing|valentine|bonfire|halloween|st)",
    _I,
)


def find_dates(text: str) -> Iterator[Span]:
    """Dates in numeric and written forms; a preceding "dob"/"born" marks a date of birth."""
    if not _DATE_HINT.search(text):
        return
    for pattern in DATES:
        for m in pattern.finditer(text):
            start, end = _core(m)
            if pattern is DATES[-1] and _SCORE_CUE.search(text[max(0, start - 24) : start]):
                continue
            cue = DOB_CUE.search(text[max(0, start - 20) : start])
            yield Span(start, end, "date", "date of birth" if cue else "date pattern")


def find_ages(text: str) -> Iterator[Span]:
    """Ages: "aged 34", "34 year old", "34yo", "turned 34"."""
    for pattern in AGES:
        for m in pattern.finditer(text):
            yield Span(m.start(), m.end(), "age", "age pattern")


def find_records(text: str) -> Iterator[Span]:
    """Hospital, RiO, MRN and other record numbers."""
    for pattern in RECORDS:
        for m in pattern.finditer(text):
            start, end = _core(m)
            yield Span(start, end, "record number", "record number pattern")


def find_addresses(text: str) -> Iterator[Span]:
    """Street addresses ("12 acacia avenue", "flat 3, 12 ...", "lives on acacia avenue")."""
    for pattern in ADDRESSES:
        for m in pattern.finditer(text):
            start, end = _core(m)
            yield Span(start, end, "address", "street address pattern")


FINDERS: tuple[Callable[[str], Iterator[Span]], ...] = (
    find_emails,
    find_phones,
    find_nhs_numbers,
    find_postcodes,
    find_dates,
    find_ages,
    find_records,
    find_addresses,
)


def find_patterns(text: str) -> list[Span]:
    """All pattern finds in ``text``, overlaps not yet settled."""
    return [span for finder in FINDERS for span in finder(text)]
