"""What `reflect` prints when it cannot go on: one line naming the problem and the fix.

No traceback and no secret ever reaches the terminal: the database URL's password is hidden,
the bot token is never shown, and an unexpected error is named by its type and place only
(its message could quote something a person wrote).
"""

from __future__ import annotations

import traceback

from bot.services.readiness import NotReady
from bot.settings import SettingsError

POSTGRES_DRIVERS = frozenset({"psycopg", "psycopg2", "psycopg_binary"})


def _first_line(error: BaseException) -> str:
    text = str(getattr(error, "orig", None) or error).strip()
    return text.splitlines()[0].strip() if text else type(error).__name__


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    return f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""


def hide_password(url: str) -> str:
    """``url`` with any password replaced by stars (or a placeholder if it does not parse)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return "(not a URL)"


def explain(error: BaseException, database_url: str = "") -> tuple[str, int]:
    """The line(s) to print for ``error``, and the exit code."""
    # Imported here: `reflect redact` must start without loading the database libraries.
    from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError, OperationalError

    from dialogues.loader import ScriptError

    if isinstance(error, ScriptError):
        lines = "\n".join(f"  {line}" for line in error.problems)
        return f"The dialogue scripts have problems (run 'reflect check'):\n{lines}", 1
    if isinstance(error, SettingsError):
        return f"Settings problem: {error}", 2
    if isinstance(error, NotReady):
        return str(error), 2
    if isinstance(error, ArgumentError | NoSuchModuleError):
        return (
            f"DATABASE_URL={hide_password(database_url)} is not a database URL this can use "
            "(for example postgresql+psycopg://reflect@db.example/reflect, or leave it empty "
            "for the SQLite file).",
            2,
        )
    if isinstance(error, ModuleNotFoundError) and error.name in POSTGRES_DRIVERS:
        return (
            "DATABASE_URL names PostgreSQL, but its driver is not installed: run "
            ".venv/bin/pip install -e '.[postgres]'.",
            2,
        )
    if isinstance(error, OperationalError):
        return (
            f"Cannot use the database {hide_password(database_url)}: {_first_line(error)}. "
            "Check DATABASE_URL and that the server is running (then reflect db upgrade).",
            2,
        )
    if isinstance(error, DBAPIError):
        return (
            f"The database refused a request ({type(error.orig).__name__}); if it is new or "
            "was upgraded, run reflect db upgrade.",
            2,
        )
    telegram = _telegram_problem(error)
    if telegram is not None:
        return telegram, 2
    return (
        f"Stopped by an unexpected error: {type(error).__name__}{_where(error)}. "
        "Nothing personal is shown; please report this line.",
        1,
    )


def _telegram_problem(error: BaseException) -> str | None:
    # Imported here: only the Telegram commands load python-telegram-bot.
    try:
        from telegram.error import InvalidToken, NetworkError, TimedOut
    except ImportError:  # pragma: no cover - python-telegram-bot is a dependency
        return None
    if isinstance(error, InvalidToken):
        return (
            "Telegram rejected TELEGRAM_BOT_TOKEN: copy it again from @BotFather (/mybots, "
            "API Token) into .env."
        )
    if isinstance(error, TimedOut | NetworkError):
        return (
            "Cannot reach Telegram: check this machine's network (or TELEGRAM_API_BASE_URL, "
            "if you run your own Bot API server), then start again."
        )
    return None
