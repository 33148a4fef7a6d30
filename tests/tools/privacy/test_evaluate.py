"""The evaluation reruns deterministically, scores occurrences by word boundary, meets targets."""

from __future__ import annotations

import json
from pathlib import Path

from privacy import Anonymiser
from privacy.spans import Span
from tools.privacy import names, outside
from tools.privacy.evaluate import CONTEXTS, evaluate, run
from tools.privacy.scoring import Labelled, Tally, score
from tools.privacy.synthetic import build


def test_synthetic_set_is_deterministic_and_mostly_lowercase() -> None:
    first, again = build("test", 40), build("test", 40)
    assert first == again
    assert sum(e.text == e.text.lower() for e in first) >= 20


def test_splits_share_no_names() -> None:
    assert not set(names.DEV_GIVEN) & set(names.TEST_GIVEN)
    assert not set(names.DEV_SURNAMES) & set(names.TEST_SURNAMES)


def test_test_split_meets_recall_targets(anonymiser: Anonymiser) -> None:
    tally = evaluate("test", 120)
    found, total = tally.recall()
    names_found, names_total = tally.recall({"name"})
    assert found / total >= 0.99
    assert names_found / names_total >= 0.98
    assert tally.words_kept / tally.words_total >= 0.98


def _row(text: str, pii: list[tuple[str, str]], keep: list[str]) -> Labelled:
    return outside.labelled(
        {"id": "x1", "text": text, "pii": [{"type": t, "value": v} for t, v in pii], "keep": keep}
    )


def test_every_word_boundary_occurrence_counts_but_not_inside_words_or_keep_phrases() -> None:
    item = _row("al said will you call al? all good, will kept quiet", [("NAME", "al"),
                ("NAME", "will")], ["will you"])  # fmt: skip
    (_, al), (_, will) = item.identifiers
    assert [item.text[a:b] for a, b in al] == ["al", "al"]  # not the "al" inside "all"
    assert len(will) == 1  # the "will" in "will you" is a keep phrase, not the name


def test_an_identifier_is_found_only_when_every_occurrence_goes() -> None:
    item = _row("dr al said hi to al", [("NAME", "al")], [])
    tally = Tally("t", names=outside.NAMES, places=outside.PLACES)
    score(tally, item, [Span(3, 5, "name", "rule")])
    assert tally.recall() == (0, 1)
    score(tally, item, [Span(3, 5, "name", "rule"), Span(17, 19, "name", "rule")])
    assert tally.recall() == (1, 2)


def test_a_generic_place_word_may_stay_but_a_removed_keep_phrase_is_lost() -> None:
    item = _row("back on oak ward, i hope", [("LOCATION", "oak ward")], ["i hope"])
    tally = Tally("t", names=outside.NAMES, places=outside.PLACES)
    score(tally, item, [Span(8, 11, "ward", "rule"), Span(20, 24, "name", "model")])
    assert tally.recall(outside.PLACES) == (1, 1)
    assert (tally.keep_kept, tally.keep_total) == (0, 1)
    assert tally.words_kept == tally.words_total - 1


def test_halves_split_by_id_parity(tmp_path: Path) -> None:
    rows = [{"id": f"p{n:03d}", "text": "x", "pii": [], "keep": []} for n in range(1, 7)]
    path = tmp_path / "set.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows), encoding="utf-8")
    items = outside.load(path)
    assert [i.ident for i in outside.half(items, "A")] == ["p001", "p003", "p005"]
    assert [i.ident for i in outside.half(items, "B")] == ["p002", "p004", "p006"]


def test_our_context_set_meets_the_targets(anonymiser: Anonymiser) -> None:
    tally = run("contexts", outside.load(CONTEXTS), anonymiser, names=outside.NAMES,
                places=outside.PLACES)  # fmt: skip
    found, total = tally.recall()
    assert total >= 60
    assert found / total >= 0.95
    assert tally.keep_kept / tally.keep_total >= 0.95
