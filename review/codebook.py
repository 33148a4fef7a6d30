"""The theme codebook: a YAML file team leads can edit, loaded, validated and versioned.

A codebook names each theme with an id, a label and a description, and says which words mark
it (``include`` phrases or ``include_patterns`` regexes) and which uses of those words do not
count (``exclude`` / ``exclude_patterns``). Its version pairs the lead's explicit ``version``
number with a hash of the theme content, so an edit that forgets to bump the number still
yields a different version string on every reflection tagged with it.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from review.phrases import phrase_problem

_THEME_KEYS = frozenset(
    {"id", "label", "description", "include", "include_patterns", "exclude", "exclude_patterns"}
)
_TOP_KEYS = frozenset({"version", "name", "description", "themes"})
_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
# "none" is what the CLI prints for an untagged answer, so a theme may not take that name.
_RESERVED_IDS = frozenset({"none"})
_HAS_WORD = re.compile(r"[^\W_]")


@dataclass(frozen=True, slots=True)
class Theme:
    """One theme: who it is for a lead (label, description) and what marks it in text."""

    id: str
    label: str
    description: str
    include: tuple[str, ...] = ()
    include_patterns: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    exclude_patterns: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """A plain mapping in the YAML shape (empty lists left out)."""
        data: dict[str, Any] = {"id": self.id, "label": self.label}
        if self.description:
            data["description"] = self.description
        for key in ("include", "include_patterns", "exclude", "exclude_patterns"):
            values = getattr(self, key)
            if values:
                data[key] = list(values)
        return data


@dataclass(frozen=True, slots=True)
class Codebook:
    """A validated, versioned set of themes."""

    declared_version: int
    content_hash: str
    themes: tuple[Theme, ...]
    source: str = "<memory>"

    @property
    def version(self) -> str:
        """The version stored with each tagged reflection: ``<number>+<hash prefix>``."""
        return f"{self.declared_version}+{self.content_hash[:12]}"

    @property
    def ids(self) -> tuple[str, ...]:
        """Theme ids in codebook order."""
        return tuple(theme.id for theme in self.themes)

    def theme(self, theme_id: str) -> Theme:
        """The theme with ``theme_id`` (KeyError when there is none)."""
        for theme in self.themes:
            if theme.id == theme_id:
                return theme
        raise KeyError(theme_id)


class CodebookError(ValueError):
    """A codebook failed to load; ``problems`` lists every ``file:theme: problem`` found."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = tuple(problems)


def default_codebook_path() -> Path:
    """The codebook shipped with the package."""
    return Path(__file__).with_name("codebook.yaml")


def content_hash(themes: tuple[Theme, ...]) -> str:
    """A stable SHA-256 of the theme content (key order and YAML layout do not matter)."""
    canonical = json.dumps(
        [theme.to_dict() for theme in themes], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Load and validate the codebook at ``path`` (the packaged default when None)."""
    file = Path(path) if path is not None else default_codebook_path()
    try:
        text = file.read_text(encoding="utf-8")
    except OSError as exc:
        raise CodebookError([f"{file}:codebook: cannot read ({exc.strerror})"]) from exc
    return parse_codebook(text, source=str(file))


def parse_codebook(text: str, source: str = "<memory>") -> Codebook:
    """Validate YAML ``text`` as a codebook, naming ``source`` in every problem."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise CodebookError([f"{source}:codebook: not valid YAML ({exc})"]) from exc
    problems: list[str] = []
    if not isinstance(data, dict):
        raise CodebookError([f"{source}:codebook: expected a mapping with version and themes"])
    for key in sorted(set(data) - _TOP_KEYS, key=str):
        problems.append(f"{source}:codebook: unknown key {key!r}")
    version = data.get("version")
    # bool is an int subclass; "version: yes" is a typo, not version 1.
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        problems.append(f"{source}:codebook: version must be a whole number of 1 or more")
        version = 0
    raw_themes = data.get("themes")
    themes: list[Theme] = []
    if not isinstance(raw_themes, list) or not raw_themes:
        problems.append(f"{source}:codebook: themes must be a non-empty list")
        raw_themes = []
    seen: set[str] = set()
    for position, raw in enumerate(raw_themes, start=1):
        theme = _parse_theme(raw, position, source, problems)
        if theme is None:
            continue
        if theme.id in seen:
            problems.append(f"{source}:{theme.id}: duplicate theme id")
            continue
        seen.add(theme.id)
        themes.append(theme)
    if problems:
        raise CodebookError(problems)
    frozen = tuple(themes)
    return Codebook(
        declared_version=version, content_hash=content_hash(frozen), themes=frozen, source=source
    )


def _parse_theme(raw: object, position: int, source: str, problems: list[str]) -> Theme | None:
    """One theme entry, or None (with problems recorded) when it cannot be used."""
    if not isinstance(raw, dict):
        problems.append(f"{source}:theme #{position}: expected a mapping")
        return None
    theme_id = raw.get("id")
    if not isinstance(theme_id, str) or not _ID.match(theme_id):
        problems.append(
            f"{source}:theme #{position}: id must be lower-case letters, digits and _ "
            "starting with a letter"
        )
        return None
    where = f"{source}:{theme_id}"
    start = len(problems)
    if theme_id in _RESERVED_IDS:
        problems.append(f"{where}: id {theme_id!r} is reserved")
    for key in sorted(set(raw) - _THEME_KEYS, key=str):
        problems.append(f"{where}: unknown key {key!r}")
    label = raw.get("label")
    if not isinstance(label, str) or not label.strip():
        problems.append(f"{where}: label must be non-empty text")
        label = ""
    description = raw.get("description", "")
    if not isinstance(description, str):
        problems.append(f"{where}: description must be text")
        description = ""
    include = _phrases(raw, "include", where, problems)
    include_patterns = _patterns(raw, "include_patterns", where, problems)
    exclude = _phrases(raw, "exclude", where, problems)
    exclude_patterns = _patterns(raw, "exclude_patterns", where, problems)
    if not include and not include_patterns:
        problems.append(f"{where}: include is empty (give at least one phrase or pattern)")
    if len(problems) > start:
        return None
    return Theme(
        id=theme_id,
        label=label.strip(),
        description=" ".join(description.split()),
        include=include,
        include_patterns=include_patterns,
        exclude=exclude,
        exclude_patterns=exclude_patterns,
    )


def _strings(raw: dict[Any, Any], key: str, where: str, problems: list[str]) -> list[str]:
    """The list under ``key`` as strings, recording a problem for anything else."""
    value = raw.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list):
        problems.append(f"{where}: {key} must be a list")
        return []
    out: list[str] = []
    for item in value:
        if not isinstance(item, str):
            problems.append(f"{where}: {key} entry {item!r} must be text")
            continue
        out.append(item)
    return out


def _phrases(raw: dict[Any, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    """Phrases under ``key``: each must normalise to something the tagger can match."""
    out: list[str] = []
    for phrase in _strings(raw, key, where, problems):
        cleaned = " ".join(phrase.split())
        problem = "has no words" if not _HAS_WORD.search(cleaned) else phrase_problem(cleaned)
        if problem:
            problems.append(f"{where}: {key} phrase {phrase!r} {problem}")
            continue
        out.append(cleaned)
    return tuple(out)


def _patterns(raw: dict[Any, Any], key: str, where: str, problems: list[str]) -> tuple[str, ...]:
    """Regexes under ``key``: each must compile."""
    out: list[str] = []
    for pattern in _strings(raw, key, where, problems):
        try:
            re.compile(pattern)
        except re.error as exc:
            problems.append(f"{where}: {key} pattern {pattern!r} is not a valid regex ({exc})")
            continue
        out.append(pattern)
    return tuple(out)
