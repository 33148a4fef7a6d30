"""Participants are an HMAC; chat addresses are sealed: neither id is ever stored as it is."""

from __future__ import annotations

from bot.services.identity import ChatSeal, participant_key
from bot.settings import Secret
from storage.models import DialogueSession

SECRET = Secret("synthetic-secret-for-identity-tests")
CHAT = 987654321


def test_a_sealed_address_opens_to_the_chat_and_never_shows_it() -> None:
    seal = ChatSeal(SECRET)
    first, second = seal.seal(CHAT), seal.seal(CHAT)
    assert seal.open(first) == CHAT and seal.open(second) == CHAT
    assert first != second  # a fresh nonce each time: two addresses cannot be linked
    assert str(CHAT) not in first
    limit = DialogueSession.__table__.c.chat_ref.type.length
    assert len(seal.seal(-(2**63))) <= limit


def test_another_key_or_a_changed_address_opens_nothing() -> None:
    sealed = ChatSeal(SECRET).seal(CHAT)
    assert ChatSeal(Secret("another-secret")).open(sealed) is None
    flipped = sealed[:10] + ("A" if sealed[10] != "A" else "B") + sealed[11:]
    assert ChatSeal(SECRET).open(flipped) is None
    assert ChatSeal(SECRET).open("not an address") is None
    assert ChatSeal(SECRET).open("") is None


def test_participant_keys_depend_on_the_secret_and_the_channel() -> None:
    key = participant_key(SECRET, "telegram", CHAT)
    assert len(key) == 64 and str(CHAT) not in key
    assert key == participant_key(SECRET, "telegram", CHAT)
    assert key != participant_key(Secret("another-secret"), "telegram", CHAT)
    assert key != participant_key(SECRET, "terminal", CHAT)
