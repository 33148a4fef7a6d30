"""Measure the anonymiser on every labelled set: ``python -m tools.privacy.evaluate``.

Per set it prints recall overall, for names, for places and per entity type, the share of other
words kept and the share of must-keep phrases kept. Sets:

- ``synthetic-dev`` / ``synthetic-test``: invented reflections with a trust's ward and site lists
  configured (tune on dev; test uses names and templates never tuned on);
- ``realistic-dev`` / ``realistic-test``: identifier-free sentences, where every removal is false;
- ``contexts``: our hand-written rows of places, kin and role words, and fixed phrases;
- ``pii-dev``, ``pii-dev-A``, ``pii-dev-B``: the outside author's set, whole and in halves by id,
  with no organisation lists (as a trust starts out). Misses are shown for half A only: half B
  stays untouched so its figure shows the generalisation gap.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Sequence
from pathlib import Path

from privacy.layered import Anonymiser
from privacy.organisation import OrganisationLists
from tools.privacy import outside
from tools.privacy.meaning import reflections
from tools.privacy.scoring import Labelled, Tally, score
from tools.privacy.synthetic import SPLITS, build

_OUR_NAMES = frozenset({"name"})
_OUR_PLACES = frozenset({"ward", "site"})
CONTEXTS = Path(__file__).with_name("contexts.jsonl")
HELD_BACK = frozenset({"pii-dev", "pii-dev-B"})


def organisation_for(split: str) -> OrganisationLists:
    """The ward and site lists a trust would configure for this synthetic split."""
    return OrganisationLists(wards=SPLITS[split].wards, sites=SPLITS[split].sites)


def synthetic(split: str, size: int, seed: int = 7) -> list[Labelled]:
    """The invented reflections of ``split`` as labelled texts."""
    return [
        Labelled(f"{split}-{n}", e.text, tuple((g.kind, ((g.start, g.end),)) for g in e.gold))
        for n, e in enumerate(build(split, size, seed))
    ]


def realistic(split: str) -> list[Labelled]:
    """The identifier-free sentences of ``split``."""
    return [Labelled(f"{split}-{n}", t, ()) for n, t in enumerate(reflections(split))]


def run(
    name: str,
    items: Sequence[Labelled],
    anonymiser: Anonymiser,
    *,
    names: frozenset[str],
    places: frozenset[str],
) -> Tally:
    """Score ``anonymiser`` on ``items``; one batched pass like ``reflect redact``."""
    tally = Tally(name, names=names, places=places)
    spans = anonymiser.find_spans_many([i.text for i in items])
    for item, found in zip(items, spans, strict=True):
        score(tally, item, found)
    return tally


def evaluate(split: str, size: int, anonymiser: Anonymiser | None = None, seed: int = 7) -> Tally:
    """The figures for ``size`` invented reflections of synthetic ``split``."""
    anonymiser = anonymiser or Anonymiser(organisation_for(split))
    items = synthetic(split, size, seed)
    return run(f"synthetic-{split}", items, anonymiser, names=_OUR_NAMES, places=_OUR_PLACES)


def _outside(path: Path | None, which: str | None) -> list[Labelled]:
    if path is None:
        raise SystemExit("pii-dev.jsonl not found: pass --pii-dev PATH")
    items = outside.load(path)
    return items if which is None else outside.half(items, which)


def sets(size: int, pii_dev: Path | None) -> dict[str, Callable[[], Tally]]:
    """Every set by name, each a call that builds its anonymiser and scores it."""
    # Anonymisers share one name model: it is loaded once for every set.
    plain = Anonymiser()
    model = plain.name_model

    def ours(split: str) -> Callable[[], Tally]:
        return lambda: evaluate(split, size, Anonymiser(organisation_for(split), name_model=model))

    def words(split: str) -> Callable[[], Tally]:
        items = realistic(split)
        return lambda: run(f"realistic-{split}", items, plain, names=_OUR_NAMES, places=_OUR_PLACES)

    def theirs(name: str, items: Callable[[], list[Labelled]]) -> Callable[[], Tally]:
        return lambda: run(name, items(), plain, names=outside.NAMES, places=outside.PLACES)

    return {
        "synthetic-dev": ours("dev"),
        "synthetic-test": ours("test"),
        "realistic-dev": words("dev"),
        "realistic-test": words("test"),
        "contexts": theirs("contexts", lambda: outside.load(CONTEXTS)),
        "pii-dev": theirs("pii-dev", lambda: _outside(pii_dev, None)),
        "pii-dev-A": theirs("pii-dev-A", lambda: _outside(pii_dev, "A")),
        "pii-dev-B": theirs("pii-dev-B", lambda: _outside(pii_dev, "B")),
    }


def main(argv: Sequence[str] | None = None) -> None:
    """Command line: print the figures for the chosen sets (all by default)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sets", nargs="*", help="set names (default: all)")
    parser.add_argument("--size", type=int, default=400, help="synthetic reflections per split")
    parser.add_argument("--pii-dev", type=Path, default=outside.pii_dev_path())
    parser.add_argument("--misses", action="store_true", help="print misses and false removals")
    args = parser.parse_args(argv)
    available = sets(args.size, args.pii_dev)
    chosen = args.sets or list(available)
    unknown = [s for s in chosen if s not in available]
    if unknown:
        parser.error(f"unknown set {unknown[0]!r}; choose from {', '.join(available)}")
    for name in chosen:
        tally = available[name]()
        print("\n".join(tally.lines()))
        if args.misses and name not in HELD_BACK:
            for ident, kind, value, text in tally.misses:
                print(f"  MISS {ident} {kind}: {value!r} in {text!r}")
            for ident, rule, value, text in tally.extras:
                print(f"  EXTRA {ident} ({rule}): {value!r} in {text!r}")


if __name__ == "__main__":
    main()
