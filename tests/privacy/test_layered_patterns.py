"""Each UK identifier kind is removed with its own placeholder; clinical words survive."""

from __future__ import annotations

import pytest

from privacy import Anonymiser
from privacy.patterns import nhs_checksum_ok


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("ring me on 07700 900456 tonight", "[phone]"),
        ("ring me on +44 (0)161 496 0123", "[phone]"),
        ("number is 0117-496-0999", "[phone]"),
        ("write to sam.lee@example.org please", "[email]"),
        ("my nhs number is 943 476 5919", "[nhs number]"),
        ("my nhs number is 123-456-7890", "[nhs number]"),
        ("post code ls6 2ab", "[postcode]"),
        ("it was on 03/03/1990 i think", "[date]"),
        ("it was the 3rd march", "[date]"),
        ("march 3rd 2024 was the day", "[date]"),
        ("dob 1990-03-05.", "[date]"),
        ("i am aged 34", "[age]"),
        ("a 34 year old man", "[age]"),
        ("im 34yo", "[age]"),
        ("my number is RX1234567", "[record number]"),
        ("hospital number 12345 is wrong", "[record number]"),
        ("mrn 0012345", "[record number]"),
        ("i live at 12 acacia avenue", "[address]"),
        ("flat 3, 12 acacia avenue", "[address]"),
        ("i was on larch ward", "[ward]"),
        ("they took me to millbrook hospital", "[site]"),
    ],
)
def test_identifier_is_replaced(anonymiser: Anonymiser, text: str, placeholder: str) -> None:
    result = anonymiser.anonymise(text)
    assert placeholder in result.text
    assert all(r.reason for r in result.redactions)


def test_nhs_checksum_only_labels() -> None:
    assert nhs_checksum_ok("9434765919")
    assert not nhs_checksum_ok("1234567890")


def test_invalid_ten_digit_run_still_removed_with_other_reason(anonymiser: Anonymiser) -> None:
    valid = anonymiser.anonymise("nhs 943 476 5919").redactions
    other = anonymiser.anonymise("nhs 123 456 7890").redactions
    assert [r.reason for r in valid] == ["valid NHS number"]
    assert [r.reason for r in other] == ["10-digit number"]


@pytest.mark.parametrize(
    "text",
    [
        "i was on section 136 and then section 2, s136 first",
        "they gave 5mg lorazepam im and 10 mg haloperidol prn",
        "i was in bed 4 and then room 2 before ward round",
        "i hope it will be better, may i go out? the mark on my arm is sore",
        "to be frank the bill was wrong and the rose garden is calm",
    ],
)
def test_clinical_and_everyday_words_survive(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.anonymise(text).text == text


def test_redactions_never_hold_the_raw_value(anonymiser: Anonymiser) -> None:
    result = anonymiser.anonymise("oluwaseun rang 07700 900456 from 12 acacia avenue")
    for redaction in result.redactions:
        for raw in ("oluwaseun", "07700", "acacia"):
            assert raw not in redaction.placeholder
            assert raw not in redaction.reason


@pytest.mark.parametrize(
    ("text", "placeholder"),
    [
        ("seen on tuesday the 14th after the hold", "[date]"),
        ("it all kicked off on 21/3 at night", "[date]"),
        ("xmas eve 2022 was the worst night", "[date]"),
        ("my prison number was a1234bc", "[record number]"),
        ("ni number qq 12 34 56 c", "[record number]"),
        ("datix 45678 was filed", "[record number]"),
    ],
)
def test_more_identifier_shapes(anonymiser: Anonymiser, text: str, placeholder: str) -> None:
    assert placeholder in anonymiser.anonymise(text).text


@pytest.mark.parametrize(
    "text",
    ["pain 5/10 after the hold", "2/3 staff were new", "bed 4/5 was empty", "sat 2 of them down"],
)
def test_scores_and_shares_are_not_dates(anonymiser: Anonymiser, text: str) -> None:
    assert anonymiser.anonymise(text).text == text
