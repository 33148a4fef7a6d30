"""The composition root: builds the pieces from settings and wires them together."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

from bot.conversation import Conversations
from bot.safeguard import Safeguard
from bot.settings import Settings, SettingsError
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths
from dialogues.loader import SCRIPTS_DIR, TEMPLATES_DIR
from privacy import Anonymiser, OrganisationLists
from safety import RiskDetector, SafetyConfigError, SupportResources, load_support_resources
from storage import Store, is_sqlite, make_engine, upgrade

log = logging.getLogger(__name__)


def build_safeguard() -> Safeguard:
    """The safety net every text passes: the packaged risk detector."""
    return Safeguard(RiskDetector())


def build_support(settings: Settings, *, warn: bool = True) -> SupportResources:
    """The support resources for the configured language; warns while placeholders remain."""
    chosen = settings["REFLECT_SUPPORT_RESOURCES"]
    path = Path(chosen) if str(chosen) else None
    try:
        resources = load_support_resources(settings["REFLECT_LANGUAGE"], path)
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
        chosen = settings["REFLECT_DIALOGUES_DIR"]
        if not str(chosen):
            return cls(SCRIPTS_DIR, TEMPLATES_DIR)
        root = Path(chosen)
        return cls(root / "scripts", root / "templates")


def build_library(folders: DialogueFolders) -> ScriptLibrary:
    """Load and validate every script (a :class:`~dialogues.ScriptError` if any is broken)."""
    return ScriptLibrary(read_source(p, folders.templates) for p in script_paths(folders.scripts))


def build_store(settings: Settings, *, migrate: bool | None = None) -> Store:
    """The database; migrations run automatically for SQLite unless told otherwise."""
    url = settings.database_url
    engine = make_engine(url, sqlite_sync=settings["REFLECT_SQLITE_SYNC"])
    if migrate if migrate is not None else is_sqlite(url):
        upgrade(engine)
    return Store(engine)


def build_anonymiser(settings: Settings) -> Anonymiser:
    """The layered anonymiser with the organisation's own lists, if configured."""
    chosen = settings["REFLECT_ORG_LISTS"]
    try:
        lists = OrganisationLists.from_yaml(Path(chosen)) if str(chosen) else None
    except (OSError, ValueError) as exc:
        raise SettingsError(f"REFLECT_ORG_LISTS={chosen} cannot be used: {exc}") from exc
    return Anonymiser(lists)


def build_conversations(
    settings: Settings, store: Store, channel: str, output: Output
) -> Conversations:
    """The conversation service of one channel."""
    library = build_library(DialogueFolders.from_settings(settings))
    engine = Engine(
        UiTexts(output, settings["REFLECT_LANGUAGE"]),
        build_anonymiser(settings),
        # The terminal is for trying dialogues locally: a deployment warning there only puzzles
        # whoever is reflecting. `reflect check` and the Telegram commands still give it.
        support={"resources": build_support(settings, warn=channel != "terminal").resources},
        channel=channel,
        max_answer_chars=settings["REFLECT_MAX_ANSWER_CHARS"],
    )
    from bot.reminders import ReminderPolicy
    from bot.reports import build_review

    return Conversations(
        store,
        library,
        engine,
        channel,
        safeguard=build_safeguard(),
        tagger=build_review(settings).tagger,
        reminders=ReminderPolicy.from_settings(settings),
    )
