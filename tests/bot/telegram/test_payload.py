"""Telegram's 64-byte callback data: every button of every script fits, and parses back."""

from __future__ import annotations

from bot.channels.telegram.payload import MAX_BYTES, Payload, button_problems, worst_case_bytes
from dialogues import ScriptLibrary
from dialogues.loader import MAX_CHOICE_ID


def test_every_button_payload_fits_telegram(library: ScriptLibrary) -> None:
    for script_id in library.ids():
        compiled = library.current(script_id)
        for step in compiled.script.steps.values():
            for choice in [c.id for c in step.choices] + ["_skip", "_carry_on", "_discard"]:
                payload = Payload(compiled.script.version, "3w5e11264sgsf", 999, choice)
                assert len(payload.encode().encode()) <= MAX_BYTES
                assert Payload.decode(payload.encode()) == Payload(
                    compiled.script.version[:10], "3w5e11264sgsf", 999, choice
                )


def test_foreign_callback_data_is_not_a_payload() -> None:
    assert Payload.decode("something else") is None
    assert Payload.decode("r1|v|s|notanumber|x") is None


def test_the_scripts_have_no_button_over_telegrams_limit(library: ScriptLibrary) -> None:
    assert button_problems(library) == []


def test_the_longest_choice_id_the_scripts_allow_still_fits() -> None:
    assert worst_case_bytes("c" * MAX_CHOICE_ID) <= MAX_BYTES
