"""The composition root: builds the pieces from settings and wires them together."""

from __future__ import annotations

import logging
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.anonymiser import build_anonymiser
from bot.services.conversation import Conversations
from bot.services.identity import local_secret, placeholder_key
from bot.services.readiness import NotReady
from bot.services.safeguard import Safeguard
from bot.settings import Settings, SettingsError
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths
from dialogues.loader import SCRIPTS_DIR, TEMPLATES_DIR
from safety import RiskDetector, SafetyConfigError, SupportResources, load_support_resources
from storage import Store, current_revision, head_revision, is_sqlite, make_engine, upgrade

log = logging.getLogger(__name__)


def build_safeguard(settings: Settings) -> Safeguard:
    """The safety net every text passes: the lexicon and the configured meaning layer."""
    return Safeguard(RiskDetector(model=settings.safety_model))


def build_support(settings: Settings, *, warn: bool = True) -> SupportResources:
    """The support resources for the configured language; warns while placeholders remain."""
    try:
        resources = load_support_resources(settings.language, settings.support_resources)
    except SafetyConfigError as exc:
        raise SettingsError(f"REFLECT_SUPPORT_RESOURCES cannot be used: {exc}") from exc
    unfilled = resources.unfilled()
    if unfilled and warn:
        log.warning(
            "support resources still hold placeholders for the trust to fill in: %s "
            "(set REFLECT_SUPPORT_RESOURCES to your own copy)",
            ", ".join(unfilled),
        )
    return resources


@dataclass(frozen=True, slots=True)
class DialogueFolders:
    """Where scripts and their templates are read from."""

    scripts: Path
    templates: Path

    @classmethod
    def from_settings(cls, settings: Settings) -> DialogueFolders:
        """The built-in dialogues, or the folder named by REFLECT_DIALOGUES_DIR."""
        root = settings.dialogues_dir
        if root is None:
            return cls(SCRIPTS_DIR, TEMPLATES_DIR)
        return cls(root / "scripts", root / "templates")


def build_library(folders: DialogueFolders) -> ScriptLibrary:
    """Load and validate every script (a :class:`~dialogues.ScriptError` if any is broken)."""
    return ScriptLibrary(read_source(p, folders.templates) for p in script_paths(folders.scripts))


def check_data_dir(settings: Settings) -> None:
    """The data folder exists (made if need be) and can be written; a settings error if not."""
    folder = settings.data_dir
    where = f"REFLECT_DATA_DIR={folder}" if settings.data_dir_setting else f"The folder {folder}"
    if folder.exists() and not folder.is_dir():
        raise SettingsError(f"{where} is a file, not a folder: choose a folder for the database.")
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise SettingsError(f"{where} cannot be made ({exc.strerror}).") from None
    if not os.access(folder, os.W_OK | os.X_OK):
        raise SettingsError(f"{where} cannot be written by this user: choose another folder.")


def build_store(
    settings: Settings, *, migrate: bool | None = None, require_current: bool = False
) -> Store:
    """The database; migrations run automatically for SQLite unless told otherwise.

    With ``require_current`` a database not at the newest migration is refused (``NotReady``)
    instead of answering nobody: PostgreSQL is upgraded only by ``reflect db upgrade``.
    """
    url = settings.database_url
    if settings.database is None:
        check_data_dir(settings)
    engine = make_engine(url, sqlite_sync=settings.sqlite_sync)
    if migrate if migrate is not None else is_sqlite(url):
        upgrade(engine)
    if require_current:
        current, head = current_revision(engine), head_revision()
        if current != head:
            engine.dispose()
            raise NotReady(
                f"Not starting: the database is at revision {current or '(none: no tables)'}, "
                f"this version needs {head}. Run: reflect db upgrade"
            )
    return Store(engine)


def build_ui(settings: Settings, output: Output) -> UiTexts:
    """The shared messages in the configured language; a settings error if there are none."""
    language = settings.language
    try:
        return UiTexts(output, language)
    except FileNotFoundError:
        known = ", ".join(sorted(p.name for p in TEMPLATES_DIR.iterdir() if p.is_dir()))
        raise SettingsError(
            f"REFLECT_LANGUAGE={language}: there are no dialogues in that language "
            f"(available: {known})."
        ) from None


def build_conversations(
    settings: Settings, store: Store, channel: str, output: Output, words: Mapping[str, str]
) -> Conversations:
    """The conversation service of one channel, in that channel's ``words``."""
    library = build_library(DialogueFolders.from_settings(settings))
    engine = Engine(
        build_ui(settings, output),
        build_anonymiser(settings),
        placeholder_key=placeholder_key(settings.secret_key or local_secret(settings.data_dir)),
        # The terminal is for trying dialogues locally: a deployment warning there only puzzles
        # whoever is reflecting. `reflect check` and the Telegram commands still give it.
        support={"resources": build_support(settings, warn=channel != "terminal").resources},
        words=words,
        max_answer_chars=settings.max_answer_chars,
    )
    from bot.services.reminders import ReminderPolicy
    from bot.services.reports import BackgroundTagger, read_codebook

    return Conversations(
        store,
        library,
        engine,
        channel,
        safeguard=build_safeguard(settings),
        # The codebook is read (and checked) now; its model loads while the first question is read.
        tagger=BackgroundTagger(read_codebook(settings.codebook, "REFLECT_CODEBOOK")),
        reminders=ReminderPolicy.from_settings(settings),
        feedback_days=settings.feedback_days,
    )
