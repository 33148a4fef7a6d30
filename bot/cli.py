"""The ``reflect`` command: one function per subcommand."""

from __future__ import annotations

import argparse
import getpass
import logging
import sys
from collections.abc import Sequence

from bot.app import DialogueFolders, build_conversations, build_library, build_store
from bot.identity import local_secret, participant_key
from bot.settings import Settings, SettingsError, load_settings
from bot.terminal import CHANNEL as TERMINAL
from bot.terminal import TerminalChat
from dialogues import Output, ScriptError, ScriptLibrary
from storage import current_revision, make_engine, upgrade

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
    engine = make_engine(settings.database_url)
    if args.action == "upgrade":
        upgrade(engine)
    print(f"database at revision {current_revision(engine) or '(none)'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for ``reflect``."""
    from pathlib import Path

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

    db = sub.add_parser("db", help="database migrations", description="Database migrations.")
    db.add_argument("action", choices=["upgrade", "current"], help="upgrade, or show current")
    db.set_defaults(func=cmd_db)
    return parser


def configure_logging(level: str) -> None:
    """Log to stderr at ``level``; chatty libraries are kept to warnings."""
    logging.basicConfig(level=level.upper(), format="%(levelname)s %(name)s: %(message)s")
    for name in ("transitions", "alembic", "httpx", "apscheduler"):
        logging.getLogger(name).setLevel(logging.WARNING)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``reflect`` command."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = load_settings()
    except SettingsError as exc:
        print(f"Settings problem: {exc}", file=sys.stderr)
        return 2
    configure_logging(settings["REFLECT_LOG_LEVEL"])
    try:
        code: int = args.func(args, settings)
    except SettingsError as exc:
        print(f"Settings problem: {exc}", file=sys.stderr)
        return 2
    except ScriptError as exc:
        print("The dialogue scripts have problems (run 'reflect check'):", file=sys.stderr)
        for line in exc.problems:
            print(f"  {line}", file=sys.stderr)
        return 1
    return code


if __name__ == "__main__":
    raise SystemExit(main())
