"""The placeholder book: stable numbers; its stored form confirms no guess without the key."""

from __future__ import annotations

import hashlib
import hmac
import json

import pytest

from privacy import Anonymiser, PlaceholderBook

KEY = b"an invented server key, 32 bytes"
OTHER_KEY = b"somebody else's key, also 32 byte"
GUESS = "sarah okonkwo"


def test_book_survives_a_session_round_trip(anonymiser: Anonymiser) -> None:
    book = PlaceholderBook.new(KEY)
    anonymiser.anonymise("dr nowak was there and dr chen", book)
    again = PlaceholderBook.from_dict(json.loads(json.dumps(book.to_dict())), KEY)
    assert anonymiser.anonymise("dr chen, then dr nowak", again).text == (
        "dr [name 2], then dr [name 1]"
    )


def test_stored_book_holds_neither_the_value_nor_the_key() -> None:
    book = PlaceholderBook.new(KEY)
    book.number_for("name", GUESS)
    stored = json.dumps(book.to_dict())
    assert "sarah" not in stored and "okonkwo" not in stored
    assert KEY.hex() not in stored and KEY.decode() not in stored


def _confirms(stored: dict[str, object], guess: str, key: bytes) -> bool:
    # What someone with a copy of the database would try: rebuild the book with a key, ask for
    # the guess and see whether it gets an existing number rather than a new one.
    book = PlaceholderBook.from_dict(stored, key)
    before = dict(book.numbers.get("name", {}))
    book.number_for("name", guess)
    return book.numbers["name"] == before


def test_a_stored_book_confirms_a_guess_only_with_the_key() -> None:
    book = PlaceholderBook.new(KEY)
    book.number_for("name", GUESS)
    stored = book.to_dict()
    assert _confirms(stored, GUESS, KEY)
    assert not _confirms(stored, GUESS, OTHER_KEY)
    assert not _confirms(stored, "amir shah", KEY)


def test_stored_digests_are_not_plain_or_salted_hashes_of_the_guess() -> None:
    book = PlaceholderBook.new(KEY)
    book.number_for("name", GUESS)
    stored = book.to_dict()
    digests = set(book.numbers["name"])
    nonce = bytes.fromhex(str(stored["nonce"]))
    for candidate in (GUESS.encode(), f"name\x00{GUESS}".encode()):
        attempts = {
            hashlib.sha256(candidate).hexdigest(),
            hmac.new(nonce, candidate, hashlib.sha256).hexdigest(),
            hashlib.sha256(nonce + candidate).hexdigest(),
        }
        assert not any(a[: len(d)] == d for a in attempts for d in digests)


def test_two_books_give_one_name_different_digests() -> None:
    first, second = PlaceholderBook.new(KEY), PlaceholderBook.new(KEY)
    first.number_for("name", GUESS)
    second.number_for("name", GUESS)
    assert first.numbers["name"].keys().isdisjoint(second.numbers["name"].keys())


def test_old_salted_book_keeps_its_numbering_going() -> None:
    # The form stored before books were keyed: a random salt beside its digests.
    old = {"salt": "00" * 16, "numbers": {"name": {"aa11": 1, "bb22": 2}, "phone": {"cc": 1}}}
    book = PlaceholderBook.from_dict(old, KEY)
    assert book.number_for("name", "amir shah") == 3
    assert book.number_for("name", "amir shah") == 3
    assert book.number_for("phone", "07700 900123") == 2
    stored = book.to_dict()
    assert "salt" not in stored and "aa11" not in json.dumps(stored)
    again = PlaceholderBook.from_dict(stored, KEY)
    assert again.number_for("name", "amir shah") == 3
    assert again.number_for("name", "tunde bello") == 4


def test_a_short_key_is_refused() -> None:
    with pytest.raises(ValueError, match="16 bytes"):
        PlaceholderBook.new(b"short")
    with pytest.raises(ValueError, match="16 bytes"):
        PlaceholderBook.from_dict(PlaceholderBook.new(KEY).to_dict(), b"short")


def test_empty_stored_book_is_a_fresh_one() -> None:
    assert PlaceholderBook.from_dict({}, KEY).number_for("name", GUESS) == 1
    assert PlaceholderBook.from_dict(None, KEY).number_for("name", GUESS) == 1


def test_without_the_key_a_stored_book_only_carries_its_counts_on() -> None:
    book = PlaceholderBook.new(KEY)
    book.number_for("name", GUESS)
    book.number_for("name", "amir shah")
    unkeyed = PlaceholderBook.from_dict(book.to_dict())
    assert unkeyed.number_for("name", GUESS) == 3
