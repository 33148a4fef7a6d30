"""Logging that never says anything personal, at any level, from any library.

Our own modules log rule ids, counts, update numbers and error types only. Libraries are less
careful: python-telegram-bot logs whole updates (ids, names, typed text) at DEBUG and, when one
cannot be read, at CRITICAL; httpx logs request URLs, which hold the bot token; uvicorn logs
tracebacks whose messages can quote a request. So every record passes one filter on the way
out: secrets and anything shaped like a bot token are masked everywhere; a library's records
below WARNING are dropped, and at WARNING and above keep their message template with every
argument hidden and only the error's type and place, never its message or the payload.
"""

from __future__ import annotations

import logging
import re
import sys
import traceback
from collections import defaultdict
from collections.abc import Iterable

# Packages whose log calls are written never to carry personal data.
OWN = ("bot", "dialogues", "storage", "privacy", "safety", "review", "language", "tools")
TOKEN_SHAPE = re.compile(r"\b\d{5,}:[A-Za-z0-9_-]{20,}\b")
MASK = "**********"
HIDDEN = "[hidden]"
_CONVERSION = re.compile(r"%[-#0 +]*\d*(?:\.\d+)?[sdrfixXeEgGc]")


def _own(name: str) -> bool:
    return name.split(".", 1)[0] in OWN


class PrivacyFilter(logging.Filter):
    """Masks secrets in every record; keeps libraries' records to what is safe to show."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first, so a secret containing another is masked whole.
        self._secrets = sorted({s for s in secrets if len(s) >= 4}, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """``text`` with every secret and anything shaped like a bot token masked."""
        for secret in self._secrets:
            text = text.replace(secret, MASK)
        return TOKEN_SHAPE.sub(MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        """Drop, trim or mask ``record``; True when it may be written."""
        if _own(record.name):
            message = record.getMessage()
        else:
            if record.levelno < logging.WARNING:
                return False
            message = self._library_message(record)
        if record.exc_info and record.exc_info[1] is not None:
            message = f"{message} ({_where(record.exc_info[1])})"
        record.msg, record.args = self.mask(message), ()
        # The traceback itself is never written: its messages may quote what was sent.
        record.exc_info, record.exc_text, record.stack_info = None, None, None
        return True

    def _library_message(self, record: logging.LogRecord) -> str:
        template = str(record.msg)
        if not record.args:
            return template
        try:
            if "%(" in template:
                return template % defaultdict(lambda: HIDDEN)
            return template % ((HIDDEN,) * len(_CONVERSION.findall(template)))
        except (TypeError, ValueError, KeyError):
            return template


def _where(error: BaseException) -> str:
    frames = traceback.extract_tb(error.__traceback__) if error.__traceback__ else []
    place = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    return f"{type(error).__name__}{place}"


def configure_logging(level: str, secrets: Iterable[str] = ()) -> PrivacyFilter:
    """Log to stderr at ``level`` through :class:`PrivacyFilter`; returns the filter."""
    privacy = PrivacyFilter(secrets)
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(levelname)s %(name)s: %(message)s"))
    handler.addFilter(privacy)
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level.upper())
    # Libraries never speak below WARNING, whatever the level: the filter would drop it anyway,
    # and not building those records saves work (PTB formats whole updates at DEBUG).
    for name in ("telegram", "httpx", "httpcore", "uvicorn", "apscheduler", "asyncio", "hpack"):
        logging.getLogger(name).setLevel(logging.WARNING)
    for name in ("transitions", "alembic", "sqlalchemy"):
        logging.getLogger(name).setLevel(logging.WARNING)
    return privacy
