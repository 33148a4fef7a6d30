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

from bot.setting_values import (
    parse_flag,
    parse_hours,
    parse_log_level,
    parse_path,
    parse_period,
    parse_positive_int,
    parse_sqlite_sync,
    parse_suppression,
    parse_url,
    parse_webhook_secret,
)


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
        parse_sqlite_sync,
        "NORMAL",
        "SQLite fsync policy: NORMAL survives a killed process, FULL also a power cut",
    ),
    Spec(
        "REFLECT_DATA_DIR",
        parse_path,
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
        "REFLECT_MAX_ANSWER_CHARS",
        parse_positive_int,
        "2000",
        "Longest answer accepted, in characters",
    ),
    Spec(
        "REFLECT_DIALOGUES_DIR",
        parse_path,
        "",
        "Folder with scripts/ and templates/ (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_LOG_LEVEL",
        parse_log_level,
        "WARNING",
        "Logging level (nothing personal is ever logged)",
    ),
    Spec(
        "REFLECT_ORG_LISTS",
        parse_path,
        "",
        "YAML with the organisation's wards, sites and staff names to redact (empty: none)",
        optional=True,
    ),
    Spec(
        "REFLECT_RETENTION_DAYS",
        parse_positive_int,
        "730",
        "Saved reflections older than this many days are deleted by reflect purge",
    ),
    Spec(
        "REFLECT_ABANDONED_DAYS",
        parse_positive_int,
        "30",
        "A reflection never finished is deleted this many days after its last answer",
    ),
    Spec(
        "REFLECT_FEEDBACK_DAYS",
        parse_positive_int,
        "90",
        "People who reflected on a ward this many days back hear what it did (you said, we did)",
    ),
    Spec(
        "REFLECT_REMINDER_AFTER_HOURS",
        parse_positive_int,
        "24",
        "Hours after the last answer before one gentle reminder of a paused reflection",
    ),
    Spec(
        "REFLECT_FOLLOWUP_HOURS",
        parse_hours,
        "72,720",
        "Hours after a saved reflection to invite a follow-up (comma-separated)",
    ),
    Spec(
        "REFLECT_REMINDER_MIN_GAP_HOURS",
        parse_positive_int,
        "24",
        "Never more than one reminder per person within this many hours",
    ),
    Spec(
        "REFLECT_CODEBOOK",
        parse_path,
        "",
        "Theme codebook YAML for leads (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_SUPPRESSION_THRESHOLD",
        parse_positive_int,
        "5",
        "Counts under this are shown suppressed in reports",
    ),
    Spec(
        "REFLECT_SUPPRESSION",
        parse_suppression,
        "exact",
        "exact: counts under the threshold hidden; nhs: 1 to 7 hidden, the rest rounded to 5",
    ),
    Spec(
        "REFLECT_QUOTE_MIN_PEOPLE",
        parse_positive_int,
        "5",
        "A quote is shown only when this many different people raised the theme",
    ),
    Spec(
        "REFLECT_REPORT_PERIOD",
        parse_period,
        "month",
        "Reports cover whole months or quarters that have ended (month or quarter)",
    ),
    Spec(
        "REFLECT_SUPPORT_RESOURCES",
        parse_path,
        "",
        "Support resources file or folder of <language>.yaml files (empty: built-in)",
        optional=True,
    ),
    Spec(
        "REFLECT_SAFETY_MODEL",
        parse_path,
        "",
        "The safety net's meaning-layer model file (empty: the packaged one)",
        optional=True,
    ),
    Spec(
        "REFLECT_ALLOW_REDUCED_SAFETY",
        parse_flag,
        "0",
        "1 lets reflect run/webhook start without the safety net's sentence model (logged)",
    ),
    Spec(
        "REFLECT_ALLOW_REDUCED_PRIVACY",
        parse_flag,
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
        parse_url,
        "",
        "Self-hosted Bot API server root (empty: Telegram's)",
        optional=True,
    ),
    Spec(
        "REFLECT_WEBHOOK_URL",
        parse_url,
        "",
        "Public HTTPS URL Telegram posts updates to (webhook)",
        optional=True,
    ),
    Spec(
        "REFLECT_WEBHOOK_SECRET",
        parse_webhook_secret,
        "",
        "Checked on every webhook call (A-Z a-z 0-9 _ -, up to 256)",
        secret=True,
        optional=True,
    ),
    Spec("REFLECT_WEBHOOK_LISTEN", str, "127.0.0.1", "Address the webhook server listens on"),
    Spec("REFLECT_WEBHOOK_PORT", parse_positive_int, "8080", "Port the webhook server listens on"),
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
    safety_model: Path | None
    retention_days: int
    abandoned_days: int
    feedback_days: int
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
