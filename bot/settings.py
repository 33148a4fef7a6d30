"""The one settings module: environment first, then a ``.env`` file, then a default.

Every key is declared once in :data:`SPECS`; ``.env.example`` lists exactly these keys (a test
checks). A missing or malformed key stops the process with a message naming it.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal


class SettingsError(ValueError):
    """A setting is missing or malformed; the message names the key."""


class Secret:
    """A value that never shows itself in logs, reprs or tracebacks."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        """The secret value itself, for the one place that needs it."""
        return self._value

    def __repr__(self) -> str:
        return "Secret('**********')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)


def default_data_dir() -> Path:
    """Where the embedded database lives unless DATABASE_URL says otherwise."""
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "promise-reflect"


def _positive_int(raw: str) -> int:
    value = int(raw)
    if value <= 0:
        raise ValueError("must be a whole number above 0")
    return value


def _path(raw: str) -> Path:
    return Path(raw).expanduser()


def _webhook_secret(raw: str) -> str:
    # Telegram's rule for secret_token: 1-256 characters, A-Z a-z 0-9 _ and - only.
    if len(raw) > 256 or not all(c.isascii() and (c.isalnum() or c in "_-") for c in raw):
        raise ValueError("use up to 256 letters, digits, _ or -")
    return raw


def _sqlite_sync(raw: str) -> str:
    value = raw.strip().upper()
    if value not in ("NORMAL", "FULL"):
        raise ValueError("use NORMAL or FULL")
    return value


def _log_level(raw: str) -> str:
    value = raw.strip().upper()
    if value not in ("DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"):
        raise ValueError("use DEBUG, INFO, WARNING or ERROR")
    return value


def _flag(raw: str) -> bool:
    value = raw.strip().casefold()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("", "0", "false", "no", "off"):
        return False
    raise ValueError("use 1 (yes) or 0 (no)")


def _hours(raw: str) -> tuple[int, ...]:
    try:
        hours = tuple(int(part) for part in raw.split(",") if part.strip())
    except ValueError:
        raise ValueError("use whole hours like 72,720") from None
    if any(h <= 0 for h in hours):
        raise ValueError("hours must be above 0")
    return hours


def _suppression(raw: str) -> str:
    value = raw.strip().casefold()
    if value not in ("exact", "nhs"):
        raise ValueError("use exact or nhs")
    return value


def _period(raw: str) -> str:
    value = raw.strip().casefold()
    if value not in ("month", "quarter"):
        raise ValueError("use month or quarter")
    return value


def _url(raw: str) -> str:
    if not raw.startswith(("https://", "http://")):
        raise ValueError("must start with https:// (or http:// for a local server)")
    return raw.rstrip("/")


@dataclass(frozen=True, slots=True)
class Spec:
    """One setting: its key, how to read it, its default and what it is for."""

    key: str
    cast: Callable[[str], Any]
    default: str | None
    help: str
    secret: bool = False
    # Empty means "not set": the field is None (paths, URLs, secrets, the database).
    optional: bool = False


SPECS: tuple[Spec, ...] = (
    Spec(
        "DATABASE_URL",
        str,
        "",
        "SQLAlchemy URL; empty means a SQLite file in the data folder",
        optional=True,
    ),
    Spec(
        "REFLECT_SQLITE_SYNC",
        _sqlite_sync,
        "NORMAL",
        "SQLite fsync policy: NORMAL survives a killed process, FULL also a power cut",
    ),
    Spec(
        "REFLECT_DATA_DIR",
        _path,
        "",
        "Folder for the SQLite file and local key (empty: default)",
        optional=True,
    ),
    Spec(
        "REFLECT_SECRET_KEY",
        str,
        "",
        "Secret for pseudonymous participant keys",
        secret=True,
        optional=True,
    ),
    Spec("REFLECT_LANGUAGE", str, "en", "Language of the dialogues and messages"),
    Spec(
        "REFLECT_MAX_ANSWER_CHARS", _positive_int, "2000", "Longest answer accepted, in characters"
    ),
    Spec(
        "REFLECT_DIALOGUES_DIR",
        _path,
        "",
        "Folder with scripts/ and templates/ (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_LOG_LEVEL",
        _log_level,
        "WARNING",
        "Logging level (nothing personal is ever logged)",
    ),
    Spec(
        "REFLECT_ORG_LISTS",
        _path,
        "",
        "YAML with the organisation's wards, sites and staff names to redact (empty: none)",
        optional=True,
    ),
    Spec(
        "REFLECT_RETENTION_DAYS",
        _positive_int,
        "730",
        "Saved reflections older than this many days are deleted by reflect purge",
    ),
    Spec(
        "REFLECT_ABANDONED_DAYS",
        _positive_int,
        "30",
        "A reflection never finished is deleted this many days after its last answer",
    ),
    Spec(
        "REFLECT_REMINDER_AFTER_HOURS",
        _positive_int,
        "24",
        "Hours after the last answer before one gentle reminder of a paused reflection",
    ),
    Spec(
        "REFLECT_FOLLOWUP_HOURS",
        _hours,
        "72,720",
        "Hours after a saved reflection to invite a follow-up (comma-separated)",
    ),
    Spec(
        "REFLECT_REMINDER_MIN_GAP_HOURS",
        _positive_int,
        "24",
        "Never more than one reminder per person within this many hours",
    ),
    Spec(
        "REFLECT_CODEBOOK",
        _path,
        "",
        "Theme codebook YAML for leads (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_SUPPRESSION_THRESHOLD",
        _positive_int,
        "5",
        "Counts under this are shown suppressed in reports",
    ),
    Spec(
        "REFLECT_SUPPRESSION",
        _suppression,
        "exact",
        "exact: counts under the threshold hidden; nhs: 1 to 7 hidden, the rest rounded to 5",
    ),
    Spec(
        "REFLECT_QUOTE_MIN_PEOPLE",
        _positive_int,
        "5",
        "A quote is shown only when this many different people raised the theme",
    ),
    Spec(
        "REFLECT_REPORT_PERIOD",
        _period,
        "month",
        "Reports cover whole months or quarters that have ended (month or quarter)",
    ),
    Spec(
        "REFLECT_SUPPORT_RESOURCES",
        _path,
        "",
        "Support resources file or folder of <language>.yaml files (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_ALLOW_REDUCED_SAFETY",
        _flag,
        "0",
        "1 lets reflect run/webhook start without the safety net's sentence model (logged)",
    ),
    Spec(
        "REFLECT_ALLOW_REDUCED_PRIVACY",
        _flag,
        "0",
        "1 lets reflect run/webhook start without the anonymiser's name model (logged)",
    ),
    Spec(
        "TELEGRAM_BOT_TOKEN",
        str,
        "",
        "Bot token from @BotFather (run, webhook)",
        secret=True,
        optional=True,
    ),
    Spec(
        "TELEGRAM_API_BASE_URL",
        _url,
        "",
        "Self-hosted Bot API server root (empty: Telegram's)",
        optional=True,
    ),
    Spec(
        "REFLECT_WEBHOOK_URL",
        _url,
        "",
        "Public HTTPS URL Telegram posts updates to (webhook)",
        optional=True,
    ),
    Spec(
        "REFLECT_WEBHOOK_SECRET",
        _webhook_secret,
        "",
        "Checked on every webhook call (A-Z a-z 0-9 _ -, up to 256)",
        secret=True,
        optional=True,
    ),
    Spec("REFLECT_WEBHOOK_LISTEN", str, "127.0.0.1", "Address the webhook server listens on"),
    Spec("REFLECT_WEBHOOK_PORT", _positive_int, "8080", "Port the webhook server listens on"),
)


def field_name(key: str) -> str:
    """The :class:`Settings` field of a key: ``REFLECT_RETENTION_DAYS`` -> ``retention_days``."""
    if key == "DATABASE_URL":
        return "database"  # ``database_url`` is the URL in use, the default filled in
    if key == "REFLECT_DATA_DIR":
        return "data_dir_setting"  # ``data_dir`` is the folder in use, the default filled in
    return key.removeprefix("REFLECT_").lower()


@dataclass(frozen=True, slots=True)
class Settings:
    """Typed settings for the whole application; an unset optional value is ``None``."""

    database: str | None
    sqlite_sync: str
    data_dir_setting: Path | None
    secret_key: Secret | None
    language: str
    max_answer_chars: int
    dialogues_dir: Path | None
    log_level: str
    org_lists: Path | None
    retention_days: int
    abandoned_days: int
    reminder_after_hours: int
    followup_hours: tuple[int, ...]
    reminder_min_gap_hours: int
    codebook: Path | None
    suppression_threshold: int
    quote_min_people: int
    suppression: Literal["exact", "nhs"]
    report_period: Literal["month", "quarter"]
    support_resources: Path | None
    allow_reduced_safety: bool
    allow_reduced_privacy: bool
    telegram_bot_token: Secret | None
    telegram_api_base_url: str | None
    webhook_url: str | None
    webhook_secret: Secret | None
    webhook_listen: str
    webhook_port: int

    @property
    def data_dir(self) -> Path:
        """The data folder (created on demand by whoever writes there)."""
        return self.data_dir_setting or default_data_dir()

    @property
    def database_url(self) -> str:
        """The database URL, defaulting to a SQLite file in the data folder."""
        return self.database or f"sqlite:///{self.data_dir / 'reflect.db'}"

    def secrets(self) -> list[str]:
        """Every secret's value, so logging can mask them wherever they appear."""
        found = (getattr(self, field_name(spec.key)) for spec in SPECS if spec.secret)
        return [value.reveal() for value in found if isinstance(value, Secret)]

    def require_secret(self, key: str, why: str) -> Secret:
        """The secret setting ``key``, needed ``why``; a clear error naming it when unset."""
        value = getattr(self, field_name(key))
        if not isinstance(value, Secret) or not value:
            raise SettingsError(f"{key} is not set: it is needed {why}.")
        return value

    def require_text(self, key: str, why: str) -> str:
        """The text setting ``key``, needed ``why``; a clear error naming it when unset."""
        value = getattr(self, field_name(key))
        if not value:
            raise SettingsError(f"{key} is not set: it is needed {why}.")
        return str(value)


def _masked(message: str, secret: str) -> str:
    """``message`` with every occurrence of ``secret`` (and its repr) replaced by stars."""
    for form in sorted({repr(secret), secret}, key=len, reverse=True):
        if form:
            message = message.replace(form, "**********")
    return message


def read_env_file(path: Path) -> dict[str, str]:
    """``KEY=value`` lines of a ``.env`` file (comments and blank lines ignored)."""
    values: dict[str, str] = {}
    if not path.is_file():
        return values
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        if "=" not in stripped:
            raise SettingsError(f"{path}:{number}: expected KEY=value")
        key, _, value = stripped.partition("=")
        values[key.strip()] = value.strip().strip('"').strip("'")
    return values


def load_settings(
    environ: Mapping[str, str] | None = None, env_file: Path | None = Path(".env")
) -> Settings:
    """Read every setting from the environment, then ``env_file``, then its default."""
    env = os.environ if environ is None else environ
    file_values = read_env_file(env_file) if env_file is not None else {}
    values: dict[str, Any] = {}
    for spec in SPECS:
        raw = env.get(spec.key, file_values.get(spec.key, spec.default))
        if raw is None:
            raise SettingsError(f"{spec.key} is not set ({spec.help}).")
        values[field_name(spec.key)] = _value(spec, raw)
    return Settings(**values)


def _value(spec: Spec, raw: str) -> Any:
    if raw == "" and spec.optional:
        return None
    try:
        value = spec.cast(raw)
    except ValueError as exc:
        if spec.secret:
            # Neither the value nor the cast's message (which may quote it) is shown, and
            # the original is not chained: a traceback would print it.
            raise SettingsError(
                f"{spec.key}=(hidden, {len(raw)} characters) is not valid: {_masked(str(exc), raw)}"
            ) from None
        raise SettingsError(f"{spec.key}={raw!r} is not valid: {exc}") from exc
    return Secret(value) if spec.secret else value
