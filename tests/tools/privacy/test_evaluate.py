"""The evaluation reruns deterministically and meets the targets on the held-out TEST split."""

from __future__ import annotations

from tools.privacy.evaluate import evaluate
from tools.privacy.synthetic import build


def test_synthetic_set_is_deterministic_and_mostly_lowercase() -> None:
    first, again = build("test", 40), build("test", 40)
    assert first == again
    assert sum(e.text == e.text.lower() for e in first) >= 20


def test_splits_share_no_names() -> None:
    from tools.privacy import names

    assert not set(names.DEV_GIVEN) & set(names.TEST_GIVEN)
    assert not set(names.DEV_SURNAMES) & set(names.TEST_SURNAMES)


def test_test_split_meets_recall_targets() -> None:
    report = evaluate("test", 120)
    assert report.model_in_use
    assert report.recall() >= 0.99
    assert report.recall("name") >= 0.98
    assert report.words_kept_share >= 0.98
