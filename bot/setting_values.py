"""How each setting's text becomes a value: one small parser per kind of setting.

Each raises ValueError with a short reason; ``bot.settings`` names the setting around it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path


def parse_positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a whole number above 0")
    return value


def parse_path(raw: str) -> Path:
    return Path(raw).expanduser()


def parse_webhook_secret(raw: str) -> str:
    # Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ and - only.
    if len(raw) > 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in raw):
        raise ValueError("use up to 256 letters, digits, _ or -")
    return raw


def one_of(*options: str) -> Callable[[str], str]:
    """A parser that accepts one of ``options`` in any case, returned as written there."""
    by_fold = {option.casefold(): option for option in options}
    listed = ", ".join(options[:-1]) + f" or {options[-1]}"

    def parse(raw: str) -> str:
        value = by_fold.get(raw.strip().casefold())
        if value is None:
            raise ValueError(f"use {listed}")
        return value

    return parse


parse_sqlite_sync = one_of("NORMAL", "FULL")
parse_log_level = one_of("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL")
parse_suppression = one_of("exact", "nhs")
parse_period = one_of("month", "quarter")


def parse_flag(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ValueError("use 1 (yes) or 0 (no)")


def parse_hours(raw: str) -> tuple[int, ...]:
    try:
        hours = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError("use whole hours like 72,720") from None
    if any(h <= 0 for h in hours):
        raise ValueError("hours must be above 0")
    return hours


def parse_url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")):
        raise ValueError("must start with https:// (or http:// for a local server)")
    return raw.rstrip("/")
