"""Golden transcripts replayed through the engine: one per pathway, plus the controls.

Set REFLECT_UPDATE_GOLDEN=1 to rewrite the files after a deliberate wording change, then read
the diff before committing it.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from bot.services.safeguard import Safeguard
from dialogues import Engine, ScriptLibrary
from tests.support.transcript import parse, replay

FOLDER = Path(__file__).resolve().parents[1] / "transcripts"
FILES = sorted(FOLDER.glob("*.txt"))


def test_every_pathway_has_a_transcript() -> None:
    names = {f.stem for f in FILES}
    for voice in ("staff", "patient"):
        for role in ("involved", "witness"):
            for intervention in ("restraint", "seclusion", "rapid_tranquillisation", "other"):
                assert f"{voice}_{role}_{intervention}" in names
                assert f"support_{voice}_{role}_{intervention}" in names


@pytest.mark.parametrize("path", FILES, ids=[f.stem for f in FILES])
def test_transcript_replays_exactly(
    path: Path, library: ScriptLibrary, engine: Engine, safeguard: Safeguard
) -> None:
    expected = path.read_text(encoding="utf-8")
    actual = replay(parse(expected), library, engine, safeguard.screen)
    if os.environ.get("REFLECT_UPDATE_GOLDEN") == "1":
        path.write_text(actual, encoding="utf-8")
    assert actual == expected
