"""The ``reflect`` command: one function per subcommand."""

from __future__ import annotations

import argparse
import getpass
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.app import (
    DialogueFolders,
    build_anonymiser,
    build_conversations,
    build_library,
    build_store,
    build_support,
)
from bot.identity import local_secret, participant_key
from bot.leads import Leads
from bot.logs import configure_logging
from bot.problems import explain
from bot.reports import build_review, read_codebook, review_data
from bot.retention import purge
from bot.settings import Settings, SettingsError, load_settings
from bot.terminal import CHANNEL as TERMINAL
from bot.terminal import TerminalChat
from dialogues import Output, ScriptError, ScriptLibrary
from privacy import redact_stream
from review.csv_export import write_csv
from review.report import render_report
from review.tagger import Tagger
from review.themes_cli import print_emerging, promote, tag_stream
from storage import ReviewQueries, current_revision, make_engine, upgrade

DESCRIPTION = """\
PROMISE Reflect: guided reflection after restraint, seclusion or rapid tranquillisation.

Staff and patients answer a few short questions (what helped, what was hard, what might be
different next time). Answers are anonymised, shown back, and saved only when the person agrees.
"""

EPILOG = """\
Start here:
  reflect chat                 try a staff reflection in this terminal (no Telegram needed)
  reflect chat --as patient    try the patient reflection
  reflect check                check every dialogue script for mistakes
  reflect run                  run the bot on Telegram (needs TELEGRAM_BOT_TOKEN)

Settings come from environment variables or a .env file; see .env.example.
"""


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Hold a reflection in this terminal; Ctrl-C pauses it, running again offers to resume."""
    store = build_store(settings)
    conversations = build_conversations(settings, store, TERMINAL, Output.TERMINAL)
    secret = settings.secret_key or local_secret(settings.data_dir)
    key = participant_key(secret, TERMINAL, getpass.getuser())
    chat = TerminalChat(conversations, key, sys.stdout)
    return chat.run(args.voice, ward=args.ward)


def cmd_check(args: argparse.Namespace, settings: Settings) -> int:
    """Validate every dialogue script and its templates; exit 1 and list problems if any."""
    folders = DialogueFolders.from_settings(settings)
    if args.dir:
        folders = DialogueFolders(args.dir / "scripts", args.dir / "templates")
    try:
        library = build_library(folders)
    except ScriptError as exc:
        for line in exc.problems:
            print(line, file=sys.stderr)
        print(f"{len(exc.problems)} problem(s) found.", file=sys.stderr)
        return 1
    for script_id in library.ids():
        script = library.current(script_id).script
        print(f"{script.source_file}: ok ({len(script.steps)} steps, version {script.version})")
    unfilled = build_support(settings, warn=False).unfilled()
    if unfilled:
        print(
            "Note: support resources still to fill in for your trust: "
            f"{', '.join(unfilled)} (set REFLECT_SUPPORT_RESOURCES to your own copy)."
        )
    return 0


def cmd_diagram(args: argparse.Namespace, settings: Settings) -> int:
    """Print a script as a Mermaid state diagram."""
    library: ScriptLibrary = build_library(DialogueFolders.from_settings(settings))
    if args.script not in library.ids():
        known = ", ".join(library.ids())
        print(f"No script called '{args.script}'. Known scripts: {known}.", file=sys.stderr)
        return 2
    sys.stdout.write(library.current(args.script).machine.mermaid())
    return 0


def cmd_db(args: argparse.Namespace, settings: Settings) -> int:
    """Apply database migrations (upgrade) or show the current revision (current)."""
    engine = make_engine(settings.database_url, sqlite_sync=settings["REFLECT_SQLITE_SYNC"])
    if args.action == "upgrade":
        upgrade(engine)
    print(f"database at revision {current_revision(engine) or '(none)'}")
    return 0


def cmd_run(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot with long polling until Ctrl-C (no public address needed)."""
    from bot.telegram.launch import run_polling

    run_polling(settings)
    return 0


def cmd_webhook(args: argparse.Namespace, settings: Settings) -> int:
    """Run the Telegram bot as a webhook server until Ctrl-C."""
    from bot.telegram.launch import run_webhook

    run_webhook(settings)
    return 0


def cmd_redact(args: argparse.Namespace, settings: Settings) -> int:
    """Anonymise standard input line by line, printing exactly one line per input line."""
    anonymiser = build_anonymiser(settings)
    lines = (line.rstrip("\n") for line in sys.stdin)
    redact_stream(
        lines, sys.stdout, anonymiser=anonymiser, explain=args.explain, explain_out=sys.stderr
    )
    return 0


def _days(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = 0
    if value <= 0:
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of days above 0")
    return value


def _day(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date like 2026-01-31") from exc


def _progress(done: int, total: int | None) -> None:
    of = f" of {total:,}" if total else ""
    print(f"  read {done:,}{of} reflections", file=sys.stderr)


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """Write the team-lead report: one self-contained HTML page, and CSV tables with --csv."""
    store = build_store(settings)
    setup = build_review(settings)
    wards = frozenset(args.ward) if args.ward else None
    data = review_data(
        store, setup, wards=wards, since=args.since, until=args.until, progress=_progress
    )
    out: Path = args.out
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(render_report(data, setup.policy), encoding="utf-8")
    print(f"report written to {out}")
    if args.csv:
        written = write_csv(data, setup.policy, out.with_suffix(""))
        print(f"{len(written)} CSV table(s) written to {out.with_suffix('')}")
    return 0


def cmd_themes(args: argparse.Namespace, settings: Settings) -> int:
    """Tag answers read on standard input (one per line), or list and promote emerging themes."""
    codebook_path = args.codebook or (
        settings["REFLECT_CODEBOOK"] if str(settings["REFLECT_CODEBOOK"]) else None
    )
    named = "--codebook" if args.codebook else "REFLECT_CODEBOOK"
    tagger = Tagger(read_codebook(Path(codebook_path) if codebook_path else None, named))
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


def cmd_leads(args: argparse.Namespace, settings: Settings) -> int:
    """Enrol team leads with one-time codes, list them, or remove one."""
    leads = Leads(build_store(settings))
    if args.action == "add":
        if not args.ward:
            print(
                "Name the ward(s) the lead may review: --ward W (repeat for more).", file=sys.stderr
            )
            return 2
        try:
            code = leads.invite(args.ward, days=args.days)
        except ValueError as exc:
            print(f"Cannot make a code: {exc}.", file=sys.stderr)
            return 2
        print(f"One-time code for {', '.join(sorted(set(args.ward)))}: {code}")
        print(f"The lead sends this to the bot within {args.days} days:  /lead {code}")
        return 0
    if args.action == "remove":
        if args.id is None:
            print("Give the lead's number from 'reflect leads list': --id N", file=sys.stderr)
            return 2
        if not leads.remove(args.id):
            print(f"No lead number {args.id}.", file=sys.stderr)
            return 1
        print(f"Lead {args.id} removed.")
        return 0
    found = leads.all()
    if not found:
        print("No team leads yet. Add one with: reflect leads add --ward W")
    for lead in found:
        print(f"{lead.id}: {', '.join(lead.wards)} (since {lead.created_on.isoformat()})")
    return 0


def cmd_purge(args: argparse.Namespace, settings: Settings) -> int:
    """Delete saved reflections older than the retention period."""
    days = args.days or settings["REFLECT_RETENTION_DAYS"]
    result = purge(build_store(settings), days)
    print(
        f"Deleted {result.reflections} reflection answer(s) and {result.sessions} finished "
        f"session(s) from before {result.cutoff.isoformat()} (retention {days} days)."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``reflect``."""
    parser = argparse.ArgumentParser(
        prog="reflect",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    chat = sub.add_parser(
        "chat",
        help="hold a reflection in this terminal",
        description="Hold a reflection here, one question at a time. Type skip, back, pause, "
        "stop or help at any question. Ctrl-C pauses; run it again to carry on.",
    )
    chat.add_argument(
        "--as",
        dest="voice",
        choices=["staff", "patient"],
        default="staff",
        help="whose reflection: staff (default) or patient",
    )
    chat.add_argument("--ward", help="ward code to file the reflection under (optional)")
    chat.set_defaults(func=cmd_chat)

    check = sub.add_parser(
        "check",
        help="check every dialogue script for mistakes",
        description="Validate scripts and templates. Problems are listed as file:step: problem.",
    )
    check.add_argument("--dir", type=Path, help="a dialogues folder with scripts/ and templates/")
    check.set_defaults(func=cmd_check)

    diagram = sub.add_parser(
        "diagram",
        help="print a script as a Mermaid diagram",
        description="Print the steps of a script and how they connect, as Mermaid text.",
    )
    diagram.add_argument("script", help="script id, e.g. staff or patient")
    diagram.set_defaults(func=cmd_diagram)

    redact = sub.add_parser(
        "redact",
        help="anonymise text from standard input, line by line",
        description="Read UTF-8 text on standard input and print it anonymised: names, phone "
        "numbers, NHS numbers, emails, postcodes, dates, ages, record numbers, addresses and the "
        "organisation's ward, site and staff names become [placeholders]. Each input line gives "
        "exactly one output line. Example: reflect redact < answers.txt > redacted.txt",
    )
    redact.add_argument(
        "--explain",
        action="store_true",
        help="also list on standard error what was found on each line and why",
    )
    redact.set_defaults(func=cmd_redact)

    report = sub.add_parser(
        "report",
        help="write the team-lead report (HTML, optional CSV)",
        description="Write one self-contained HTML page of recurring themes, trends, staff and "
        "patient views side by side, ideas for next time and participation. Counts under "
        "REFLECT_SUPPRESSION_THRESHOLD are suppressed; quotes need REFLECT_QUOTE_MIN_PEOPLE "
        "different people. Example: reflect report --ward ward_7 --since 2026-07-01 --out q3.html",
    )
    report.add_argument("--ward", action="append", help="only this ward (repeat for more)")
    report.add_argument("--since", type=_day, help="first day, e.g. 2026-07-01")
    report.add_argument("--until", type=_day, help="last day, e.g. 2026-09-30")
    report.add_argument("--out", type=Path, required=True, help="where to write the HTML page")
    report.add_argument("--csv", action="store_true", help="also write the tables as CSV files")
    report.set_defaults(func=cmd_report)

    themes = sub.add_parser(
        "themes",
        help="try the theme codebook on answers; find emerging themes",
        description="Read answers on standard input, one per line, and print the themes each "
        "would get (comma-separated, 'none' if none), one line per input line. Use it to try a "
        "codebook edit before saving it: reflect themes --codebook my-codebook.yaml < answers.txt. "
        "With --emerging, list groups of stored answers no theme covers; --promote N adds group N "
        "to your codebook as a new theme.",
    )
    themes.add_argument("--codebook", type=Path, help="a codebook YAML file (default: settings)")
    themes.add_argument("--emerging", action="store_true", help="list emerging themes")
    themes.add_argument("--ward", action="append", help="with --emerging: only this ward")
    themes.add_argument("--promote", type=int, metavar="N", help="promote emerging group N")
    themes.add_argument("--id", help="with --promote: the new theme's id, e.g. night_shift")
    themes.add_argument("--label", help="with --promote: the label leads will read")
    themes.set_defaults(func=cmd_themes)

    leads = sub.add_parser(
        "leads",
        help="enrol, list or remove team leads",
        description="Team leads see themes for their wards only. 'add' prints a one-time code "
        "that the lead sends to the bot as /lead CODE; 'list' shows leads; 'remove --id N' "
        "withdraws access.",
    )
    leads.add_argument("action", choices=["add", "list", "remove"])
    leads.add_argument("--ward", action="append", help="with add: a ward (repeat for more)")
    leads.add_argument("--days", type=_days, default=7, help="with add: days the code is valid")
    leads.add_argument("--id", type=int, help="with remove: the lead's number")
    leads.set_defaults(func=cmd_leads)

    purge_cmd = sub.add_parser(
        "purge",
        help="delete reflections older than the retention period",
        description="Delete saved reflections older than REFLECT_RETENTION_DAYS (or --days), "
        "with their finished sessions. Reflections in progress are kept. reflect run and "
        "reflect webhook do this once a day.",
    )
    purge_cmd.add_argument("--days", type=_days, help="retention in days (default: settings)")
    purge_cmd.set_defaults(func=cmd_purge)

    db = sub.add_parser("db", help="database migrations", description="Database migrations.")
    db.add_argument("action", choices=["upgrade", "current"], help="upgrade, or show current")
    db.set_defaults(func=cmd_db)

    run = sub.add_parser(
        "run",
        help="run the Telegram bot (long polling)",
        description="Run the bot on Telegram, asking Telegram for new messages. Needs "
        "TELEGRAM_BOT_TOKEN (from @BotFather) and REFLECT_SECRET_KEY. Ctrl-C stops it; "
        "nothing answered is lost.",
    )
    run.set_defaults(func=cmd_run)

    webhook = sub.add_parser(
        "webhook",
        help="run the Telegram bot as a webhook server",
        description="Run the bot behind a public HTTPS address: Telegram posts each message "
        "to REFLECT_WEBHOOK_URL, checked against REFLECT_WEBHOOK_SECRET. The server listens on "
        "REFLECT_WEBHOOK_LISTEN:REFLECT_WEBHOOK_PORT (put a TLS proxy in front of it).",
    )
    webhook.set_defaults(func=cmd_webhook)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reflect`` command; any problem ends in one line, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Settings problem: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings["REFLECT_LOG_LEVEL"], settings.secrets())
    try:
        code: int = args.func(args, settings)
    except ScriptError as exc:
        print("The dialogue scripts have problems (run 'reflect check'):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        line, code = explain(exc, settings.database_url)
        print(line, file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
