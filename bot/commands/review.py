"""Team-lead review on the server: the report and the theme tools."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.app import build_store
from bot.services.reports import build_review, read_codebook, report_actions, review_data
from bot.settings import Settings
from review.aggregate import period_words
from review.csv_export import tables_json, write_csv
from review.idea_groups import idea_groups
from review.report import render_report
from review.tagger import Tagger
from review.themes_cli import print_emerging, promote, tag_stream
from storage import ReviewQueries, Store


def _progress(done: int, total: int | None) -> None:
    of = f" of {total:,}" if total else ""
    print(f"  read {done:,}{of} saved answers", file=sys.stderr)


def _refused(line: str) -> int:
    print(line, file=sys.stderr)
    return 2


def _unknown_wards(store: Store, wards: frozenset[str] | None) -> str | None:
    if wards is None:
        return None
    known = ReviewQueries(store.engine).wards()
    unknown = sorted(wards - known)
    if not unknown:
        return None
    listed = ", ".join(sorted(known)) or "none yet"
    return (
        f"No reflections were ever filed under ward {', '.join(unknown)}. "
        f"Wards with reflections: {listed}."
    )


def cmd_ideas(args: argparse.Namespace, settings: Settings) -> int:
    """List the ideas people proposed, grouped by theme and shared words, each with its id."""
    store = build_store(settings)
    setup = build_review(settings)
    wards = frozenset(args.ward) if args.ward else None
    refusal = _unknown_wards(store, wards)
    if refusal is not None:
        return _refused(refusal)
    data = review_data(store, setup, wards=wards)
    policy = setup.policy
    scope = ", ".join(sorted(wards)) if wards else "all wards"
    print(f"Ideas proposed on {scope}, {period_words(data)} (whole {setup.period}s)")
    if data.reflections < policy.min_reflections or data.people < policy.threshold:
        print("  too few reflections to show, so that nobody can be recognised")
        return 0
    groups = idea_groups(data, policy)
    if not groups:
        print("  no ideas proposed in this period")
        return 0
    for group in groups:
        words = f" ({', '.join(group.words)})" if group.words else ""
        who = "person" if group.people.text == "1" else "people"
        print(f"{group.id}  {group.label}{words}: {group.people.text} {who}")
        for quote in group.quotes:
            print(f'    "{quote}"')
    if any(group.people.hidden for group in groups):
        marker, threshold = policy.marker, policy.threshold
        print(f"{marker} = fewer than {threshold}, hidden so nobody can be recognised")
    print('Record what the ward will try: reflect actions add --ward W --idea ID --text "..."')
    return 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Write the team-lead report: one self-contained HTML page, with --csv CSV tables and
    with --json one JSON file of the same tables."""
    if args.since is not None and args.until is not None and args.since > args.until:
        return _refused(
            f"--since {args.since} is after --until {args.until}: give the first day first."
        )
    store = build_store(settings)
    setup = build_review(settings)
    wards = frozenset(args.ward) if args.ward else None
    refusal = _unknown_wards(store, wards)
    if refusal is not None:
        return _refused(refusal)
    data = review_data(
        store, setup, wards=wards, since=args.since, until=args.until, progress=_progress
    )
    actions = report_actions(store, wards)
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    page = render_report(data, setup.policy, actions=actions, period=setup.period)
    out.write_text(page, encoding="utf-8")
    print(f"report written to {out}, covering {period_words(data)} (whole {setup.period}s)")
    if args.csv:
        written = write_csv(
            data, setup.policy, out.with_suffix(""), actions=actions, period=setup.period
        )
        print(f"{len(written)} CSV table(s) written to {out.with_suffix('')}")
    if args.json:
        target = out.with_suffix(".json")
        document = tables_json(data, setup.policy, actions=actions, period=setup.period)
        target.write_text(document, encoding="utf-8")
        print(f"JSON tables written to {target}")
    return 0


def cmd_themes(args: argparse.Namespace, settings: Settings) -> int:
    """Tag answers read on standard input (one per line), or list and promote emerging themes."""
    codebook_path: Path | None = args.codebook or settings.codebook
    named = "--codebook" if args.codebook else "REFLECT_CODEBOOK"
    tagger = Tagger(read_codebook(codebook_path, named))
    if args.promote is not None and not args.emerging:
        print("--promote picks a group from --emerging: run with both.", file=sys.stderr)
        return 2
    if not args.emerging:
        tag_stream(sys.stdin, sys.stdout, tagger)
        return 0
    store = build_store(settings)
    wards = frozenset(args.ward) if args.ward else None
    # Answers no theme was given when they were saved; phrases alone re-check them quickly.
    texts = [r.text for r in ReviewQueries(store.engine).reflections(wards) if not r.themes]
    phrases_only = Tagger(tagger.codebook, model=None)
    clusters = print_emerging(texts, sys.stdout, phrases_only, max_examples=3)
    if args.promote is not None:
        if codebook_path is None or not args.id or not args.label:
            print(
                "To promote a theme, give --codebook (your own copy), --id and --label.",
                file=sys.stderr,
            )
            return 2
        promote(codebook_path, clusters, args.promote, args.id, args.label, sys.stdout)
    return 0


def cmd_demo(args: argparse.Namespace, settings: Settings) -> int:
    """Fill the database with a year of demo reflections (refusing one with real data)."""
    from bot.anonymiser import build_anonymiser
    from bot.services.demo import DemoRefused, fill, refuse_unless_empty

    store = build_store(settings)
    try:
        refuse_unless_empty(store)  # before any model loads
        summary = fill(store, build_anonymiser(settings).anonymise)
    except DemoRefused as refused:
        return _refused(str(refused))
    print(
        f"demo data written: {summary.sessions:,} sessions, {summary.reflections:,} answers, "
        f"{summary.first_day} to {summary.last_day}, wards demo-oak, demo-ash, demo-elm. "
        "Try: reflect report --out demo-report.html"
    )
    return 0
