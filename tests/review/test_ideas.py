"""Only answers that propose something count as ideas (synthetic answers)."""

from __future__ import annotations

import pytest

from review.ideas import is_idea

IDEAS = [
    "more staff who knew him, sooner",
    "explain leave delays early and give a time",
    "give me space and talk to me first",
    "next time we should sit down with him before the ward round",
    "it would help if someone told me what was happening",
    "i'd like a nurse i know to be there",
    "less noise in the lounge at night",
    "try and use the quiet room instead of holding him",
    "we need a proper debrief after every hold",
    "if only they had listened to me earlier",
    "please tell me why leave is cancelled",
]
NOT_IDEAS = [
    "frightening and confusing, nobody explained anything",
    "i felt more scared than ever",
    "it was awful",
    "angry",
    "was it my fault?",
    "he was less angry after the hold but i was shaking",
    "the hold lasted about ten minutes in the corridor",
    "i was upset and my arms hurt",
]


@pytest.mark.parametrize("text", IDEAS)
def test_proposals_are_ideas(text: str) -> None:
    assert is_idea(text)


@pytest.mark.parametrize("text", NOT_IDEAS)
def test_feelings_and_accounts_are_not(text: str) -> None:
    assert not is_idea(text)
