"""The composition root: builds the pieces from settings and wires them together."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.conversation import Conversations
from bot.settings import Settings
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths
from dialogues.loader import SCRIPTS_DIR, TEMPLATES_DIR
from privacy import BasicAnonymiser
from storage import Store, is_sqlite, make_engine, upgrade


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
    engine = make_engine(url)
    if migrate if migrate is not None else is_sqlite(url):
        upgrade(engine)
    return Store(engine)


def build_conversations(
    settings: Settings, store: Store, channel: str, output: Output
) -> Conversations:
    """The conversation service of one channel."""
    library = build_library(DialogueFolders.from_settings(settings))
    engine = Engine(
        UiTexts(output, settings["REFLECT_LANGUAGE"]),
        BasicAnonymiser(),
        channel=channel,
        max_answer_chars=settings["REFLECT_MAX_ANSWER_CHARS"],
    )
    return Conversations(store, library, engine, channel)
