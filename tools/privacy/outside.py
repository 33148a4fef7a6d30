"""Sets in the outside author's format (``pii-dev.jsonl``): rows of text, identifiers, keep phrases.

Each identifier's ``value`` is listed once; every word-boundary occurrence of it must go, except
an occurrence inside one of the row's keep phrases ("will" in "will you" when Will is a person
elsewhere in the row). Halves are split by the parity of the id's number: A odd, B even.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from tools.privacy.scoring import Labelled, Offsets

_SHARED = Path("shared") / "data" / "pii-dev.jsonl"
NAMES = frozenset({"NAME"})
PLACES = frozenset({"LOCATION"})


def pii_dev_path() -> Path | None:
    """The outside dev set: ``shared/data/pii-dev.jsonl`` beside the checkout or an ancestor."""
    for folder in Path(__file__).resolve().parents:
        if (folder / _SHARED).is_file():
            return folder / _SHARED
    return None


def occurrences(text: str, value: str) -> list[Offsets]:
    """Every word-boundary, case-sensitive occurrence of ``value`` in ``text``."""
    return [m.span() for m in re.finditer(rf"(?<!\w){re.escape(value)}(?!\w)", text)]


def _inside(span: Offsets, others: list[Offsets]) -> bool:
    return any(a <= span[0] and span[1] <= b for a, b in others)


def labelled(row: dict[str, object]) -> Labelled:
    """One row as a :class:`Labelled` text."""
    text = str(row["text"])
    keep_raw = row.get("keep") or []
    pii_raw = row.get("pii") or []
    assert isinstance(keep_raw, list) and isinstance(pii_raw, list)
    keep = [(str(k), tuple(occurrences(text, str(k)))) for k in keep_raw]
    kept_places = [o for _, places in keep for o in places]
    identifiers: list[tuple[str, tuple[Offsets, ...]]] = []
    for entity in pii_raw:
        assert isinstance(entity, dict)
        places = [o for o in occurrences(text, str(entity["value"])) if not _inside(o, kept_places)]
        if places:
            identifiers.append((str(entity["type"]), tuple(places)))
    return Labelled(str(row["id"]), text, tuple(identifiers), tuple(keep))


def load(path: Path) -> list[Labelled]:
    """Every row of a set in this format."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return [labelled(json.loads(line)) for line in lines if line.strip()]


def half(items: list[Labelled], which: str) -> list[Labelled]:
    """Half ``"A"`` (odd id numbers) or ``"B"`` (even id numbers)."""
    parity = {"A": 1, "B": 0}[which]
    return [i for i in items if int(re.sub(r"\D", "", i.ident) or 0) % 2 == parity]
