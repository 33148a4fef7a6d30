"""Dialogue commands: hold a reflection in the terminal, check scripts, draw one."""

from __future__ import annotations

import argparse
import getpass
import sys

from bot.app import DialogueFolders, build_conversations, build_library, build_store, build_support
from bot.channels.terminal.chat import CHANNEL as TERMINAL
from bot.channels.terminal.chat import TerminalChat, terminal_words
from bot.services.identity import local_secret, participant_key
from bot.services.readiness import protections
from bot.settings import Settings
from dialogues import Output, ScriptError, ScriptLibrary


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    """Hold a reflection in this terminal; Ctrl-C pauses it, running again offers to resume."""
    for protection in protections(settings):
        if protection.problem is not None:
            # Trying dialogues locally goes on, but nobody is left thinking it is all there.
            print(f"Note: reduced {protection.name}: {protection.problem}.", file=sys.stderr)
    store = build_store(settings)
    conversations = build_conversations(
        settings, store, TERMINAL, Output.TERMINAL, terminal_words()
    )
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
    if not library.ids():
        where = args.dir or folders.scripts
        print(f"No dialogue scripts found in {where}: nothing was checked.", file=sys.stderr)
        return 1
    # A channel's own limits on the scripts: Telegram's 64-byte button data.
    from bot.channels.telegram.payload import button_problems  # Telegram's limits, for check

    limits = button_problems(library)
    if limits:
        for line in limits:
            print(line, file=sys.stderr)
        print(f"{len(limits)} problem(s) found.", file=sys.stderr)
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
    for protection in protections(settings):
        if protection.problem is None:
            continue
        if protection.allowed(settings):
            print(f"REDUCED {protection.name}: {protection.problem} ({protection.setting}=1).")
        else:
            print(f"reflect run will refuse to start: {protection.problem}.")
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
