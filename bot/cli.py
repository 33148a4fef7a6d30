"""The ``reflect`` command: one function per subcommand."""

from __future__ import annotations

import argparse
import importlib
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from bot.logs import configure_logging
from bot.problems import explain
from bot.settings import SettingsError, load_settings

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
    chat.set_defaults(func=("dialogue", "cmd_chat"))

    check = sub.add_parser(
        "check",
        help="check every dialogue script for mistakes",
        description="Validate scripts and templates. Problems are listed as file:step: problem.",
    )
    check.add_argument("--dir", type=Path, help="a dialogues folder with scripts/ and templates/")
    check.set_defaults(func=("dialogue", "cmd_check"))

    diagram = sub.add_parser(
        "diagram",
        help="print a script as a Mermaid diagram",
        description="Print the steps of a script and how they connect, as Mermaid text.",
    )
    diagram.add_argument("script", help="script id, e.g. staff or patient")
    diagram.set_defaults(func=("dialogue", "cmd_diagram"))

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
    redact.set_defaults(func=("redact", "cmd_redact"))

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
    report.add_argument(
        "--json", action="store_true", help="also write the tables as one JSON file (OUT.json)"
    )
    report.set_defaults(func=("review", "cmd_report"))

    ideas = sub.add_parser(
        "ideas",
        help="list the ideas people proposed, grouped, each with a short id",
        description="List answers that propose something, grouped by theme and by the words "
        "they share, with how many different people proposed each (small numbers hidden as "
        "in the report) and a short id to record an action against. Covers whole closed "
        "months or quarters, as the report does. Example: reflect ideas --ward ward_7",
    )
    ideas.add_argument("--ward", action="append", help="only this ward (repeat for more)")
    ideas.set_defaults(func=("review", "cmd_ideas"))

    demo = sub.add_parser(
        "demo",
        help="fill an empty database with a year of synthetic reflections to try reports",
        description="Write a year of clearly marked synthetic reflections (every answer starts "
        "with '(demo)', wards are demo-oak, demo-ash and demo-elm) into the database, so that "
        "reflect report shows what a report looks like. A database that holds real "
        "reflections is refused. Example: DATABASE_URL=sqlite:///demo.db reflect demo && "
        "DATABASE_URL=sqlite:///demo.db reflect report --out demo.html",
    )
    demo.set_defaults(func=("review", "cmd_demo"))

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
    themes.set_defaults(func=("review", "cmd_themes"))

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
    leads.set_defaults(func=("leads", "cmd_leads"))

    actions = sub.add_parser(
        "actions",
        help="record what a ward will try, follow it up, export it",
        description="Record an action a ward will try, from an idea (its id from reflect ideas) "
        "or a theme; the owner is a role, never a name, and the text is anonymised before it "
        "is kept. 'add --ward W --text \"...\"' records one; 'list' shows them; 'update ID "
        "--status trying|done|dropped' follows one up; 'export --format csv|json' prints them "
        "to share between wards (themes, months, status, the anonymised text and outcome only).",
    )
    actions.add_argument(
        "what", choices=["add", "list", "update", "export"], metavar="add|list|update|export"
    )
    actions.add_argument("id", nargs="?", help="with update: the action's number from list")
    actions.add_argument("--ward", help="with add: the ward; with list and export: only this ward")
    actions.add_argument("--text", help="with add: what the ward will try")
    actions.add_argument("--idea", help="with add: the idea's id from reflect ideas")
    actions.add_argument("--theme", help="with add: the theme id, e.g. staffing")
    actions.add_argument(
        "--owner-role",
        default="team",
        help="with add: who leads it, as a role: nurse_in_charge, ward_manager, matron, "
        "psychologist, ot, consultant, peer_support, hca or team (default)",
    )
    actions.add_argument("--due", help="with add: when to look at it again, e.g. 2026-03-31")
    actions.add_argument("--status", help="with update: planned, trying, done or dropped")
    actions.add_argument("--outcome", help="with update: what happened, in a sentence")
    actions.add_argument("--format", choices=["csv", "json"], help="with export: csv or json")
    actions.set_defaults(func=("actions", "cmd_actions"))

    wards = sub.add_parser(
        "wards",
        help="issue, list or revoke the ward entry links for posters",
        description="A reflection is filed under a ward only through an entry link the "
        "organisation issues: signed, per ward and role, revocable. 'link --ward W --as "
        "patient' prints one for the ward's poster; 'list' shows every link; 'revoke --id N' "
        "stops one working. Needs REFLECT_SECRET_KEY (the bot's own).",
    )
    wards.add_argument("action", choices=["link", "list", "revoke"])
    wards.add_argument("--ward", help="with link: the ward, e.g. oak_3")
    wards.add_argument(
        "--as", dest="role", choices=["staff", "patient"], help="with link: who the link is for"
    )
    wards.add_argument("--id", type=int, help="with revoke: the link's number from list")
    wards.set_defaults(func=("wards", "cmd_wards"))

    purge_cmd = sub.add_parser(
        "purge",
        help="delete reflections older than the retention period",
        description="Delete saved reflections older than REFLECT_RETENTION_DAYS (or --days), "
        "with their finished sessions. Reflections in progress are kept. reflect run and "
        "reflect webhook do this once a day.",
    )
    purge_cmd.add_argument("--days", type=_days, help="retention in days (default: settings)")
    purge_cmd.set_defaults(func=("database", "cmd_purge"))

    db = sub.add_parser("db", help="database migrations", description="Database migrations.")
    db.add_argument("action", choices=["upgrade", "current"], help="upgrade, or show current")
    db.set_defaults(func=("database", "cmd_db"))

    run = sub.add_parser(
        "run",
        help="run the Telegram bot (long polling)",
        description="Run the bot on Telegram, asking Telegram for new messages. Needs "
        "TELEGRAM_BOT_TOKEN (from @BotFather) and REFLECT_SECRET_KEY. Ctrl-C stops it; "
        "nothing answered is lost.",
    )
    run.set_defaults(func=("telegram", "cmd_run"))

    webhook = sub.add_parser(
        "webhook",
        help="run the Telegram bot as a webhook server",
        description="Run the bot behind a public HTTPS address: Telegram posts each message "
        "to REFLECT_WEBHOOK_URL, checked against REFLECT_WEBHOOK_SECRET. The server listens on "
        "REFLECT_WEBHOOK_LISTEN:REFLECT_WEBHOOK_PORT (put a TLS proxy in front of it).",
    )
    webhook.set_defaults(func=("telegram", "cmd_webhook"))
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
    configure_logging(settings.log_level, settings.secrets())
    try:
        module, name = args.func
        command = getattr(importlib.import_module(f"bot.commands.{module}"), name)
        code: int = command(args, settings)
    except KeyboardInterrupt:
        return 130
    except Exception as exc:
        line, code = explain(exc, settings.database_url)
        print(line, file=sys.stderr)
    return code


if __name__ == "__main__":
    raise SystemExit(main())
