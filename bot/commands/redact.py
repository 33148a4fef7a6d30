"""`reflect redact`: light on purpose (no database, no dialogues): it starts in a blink."""

from __future__ import annotations

import argparse
import sys

from bot.anonymiser import build_anonymiser
from bot.settings import Settings
from privacy import redact_stream


def cmd_redact(args: argparse.Namespace, settings: Settings) -> int:
    """Anonymise standard input line by line, printing exactly one line per input line."""
    anonymiser = build_anonymiser(settings)
    lines = (line.rstrip("\n") for line in sys.stdin)
    redact_stream(
        lines, sys.stdout, anonymiser=anonymiser, explain=args.explain, explain_out=sys.stderr
    )
    return 0
