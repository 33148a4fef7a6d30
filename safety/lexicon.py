"""The risk lexicon: rules, ward-talk exclusions, negation and spelling data, loaded from YAML.

YAML holds patterns and words only, never code. ``{name}`` in a pattern expands a macro from the
file's ``macros`` section, so shared alternations ("want to|going to|gonna ...") live in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from safety.assessment import CATEGORIES
from safety.errors import SafetyConfigError

DEFAULT_LEXICON = Path(__file__).with_name("lexicon.yaml")

_MACRO = re.compile(r"\{([a-z_]+)\}")
_WORD = re.compile(r"[a-z]+")
_RULE_ID = re.compile(r"^[a-z_]+\.[a-z0-9_]+$")


@dataclass(frozen=True, slots=True)
class Rule:
    """One named way of spotting one kind of risk."""

    id: str
    category: str
    pattern: re.Pattern[str]
    # Negatable rules are silenced by a nearby "not"/"never"; the others already contain theirs.
    negatable: bool


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Everything the detector needs, validated."""

    rules: tuple[Rule, ...]
    ward_talk: re.Pattern[str] | None
    # Words that say the risk is settled (resolved, in the past, a screening question answered
    # no): a lexicon match in such a text is left to the meaning layer to judge.
    settled: re.Pattern[str] | None
    negation_cues: frozenset[str]
    pseudo_negation: re.Pattern[str] | None
    negation_window: int
    replacements: dict[str, str]
    keywords: frozenset[str]
    fuzzy: frozenset[str]
    protected: frozenset[str]


def load_lexicon(path: Path | None = None) -> Lexicon:
    """Read and validate a lexicon file (the packaged ``lexicon.yaml`` by default)."""
    source = path or DEFAULT_LEXICON
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except OSError as exc:
        raise SafetyConfigError(f"{source}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise SafetyConfigError(f"{source}: not valid YAML ({exc})") from exc
    return _Reader(source).lexicon(data)


class _Reader:
    """Validates one file's data, naming the file and the place of any problem."""

    def __init__(self, source: Path) -> None:
        self._source = source
        self._macros: dict[str, str] = {}

    def fail(self, where: str, problem: str) -> SafetyConfigError:
        return SafetyConfigError(f"{self._source}: {where}: {problem}")

    def lexicon(self, data: object) -> Lexicon:
        root = self.mapping(data, "top level")
        negation = self.mapping(root.get("negation"), "negation")
        spelling = self.mapping(root.get("spelling"), "spelling")
        macros = self.mapping(root.get("macros", {}), "macros")
        for name, value in macros.items():
            self._macros[str(name)] = self.text(value, f"macros.{name}")
        window = negation.get("window")
        if not isinstance(window, int) or isinstance(window, bool) or not 1 <= window <= 10:
            raise self.fail("negation.window", "must be a whole number from 1 to 10")
        replace = self.mapping(spelling.get("replace"), "spelling.replace")
        cues = frozenset(self.words(negation.get("cues"), "negation.cues"))
        return Lexicon(
            rules=self.rules(root.get("rules"), cues),
            ward_talk=self.alternation(self.ward_talk(root.get("ward_talk", [])), "ward_talk"),
            settled=self.alternation(self.ward_talk(root.get("settled", []), "settled"), "settled"),
            negation_cues=cues,
            pseudo_negation=self.alternation(
                [re.escape(p) for p in self.words(negation.get("pseudo", []), "negation.pseudo")],
                "negation.pseudo",
            ),
            negation_window=window,
            replacements={
                str(k): self.text(v, f"spelling.replace.{k}") for k, v in replace.items()
            },
            keywords=frozenset(self.words(spelling.get("keywords"), "spelling.keywords")),
            fuzzy=frozenset(self.words(spelling.get("fuzzy", []), "spelling.fuzzy")),
            protected=frozenset(self.words(spelling.get("protected", []), "spelling.protected")),
        )

    def rules(self, data: object, cues: frozenset[str]) -> tuple[Rule, ...]:
        if not isinstance(data, list) or not data:
            raise self.fail("rules", "must be a non-empty list")
        seen: set[str] = set()
        rules: list[Rule] = []
        for index, item in enumerate(data):
            entry = self.mapping(item, f"rules[{index}]")
            rule_id = entry.get("id")
            if not isinstance(rule_id, str) or not _RULE_ID.match(rule_id):
                raise self.fail(f"rules[{index}]", "id must look like 'category.name'")
            if rule_id in seen:
                raise self.fail(rule_id, "duplicate rule id")
            seen.add(rule_id)
            category = entry.get("category")
            if category not in CATEGORIES:
                raise self.fail(rule_id, f"category must be one of {sorted(CATEGORIES)}")
            negatable = entry.get("negatable", False)
            if not isinstance(negatable, bool):
                raise self.fail(rule_id, "negatable must be true or false")
            patterns = entry.get("patterns")
            if not isinstance(patterns, list) or not patterns:
                raise self.fail(rule_id, "patterns must be a non-empty list")
            sources = [self.pattern(p, rule_id) for p in patterns]
            if negatable:
                # A cue written into a negatable rule's pattern would silence the rule itself.
                clash = sorted({w for s in sources for w in _WORD.findall(s)} & cues)
                if clash:
                    raise self.fail(rule_id, f"negatable rule contains negation cues {clash}")
            compiled = self.alternation(sources, rule_id)
            assert compiled is not None  # a non-empty list always compiles to a pattern
            rules.append(Rule(rule_id, str(category), compiled, negatable))
        return tuple(rules)

    def ward_talk(self, data: object, section: str = "ward_talk") -> list[str]:
        if not isinstance(data, list):
            raise self.fail(section, "must be a list")
        out: list[str] = []
        for index, item in enumerate(data):
            entry = self.mapping(item, f"{section}[{index}]")
            where = str(entry.get("id", f"{section}[{index}]"))
            out.append(self.pattern(entry.get("pattern"), where))
        return out

    def pattern(self, value: object, where: str) -> str:
        source = self.text(value, where)

        def expand(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in self._macros:
                raise self.fail(where, f"unknown macro {{{name}}}")
            return self._macros[name]

        expanded = _MACRO.sub(expand, source)
        try:
            re.compile(expanded)
        except re.error as exc:
            raise self.fail(where, f"bad pattern {source!r} ({exc})") from exc
        return expanded

    def alternation(self, sources: list[str], where: str) -> re.Pattern[str] | None:
        if not sources:
            return None
        # Word boundaries on both sides so "kill" never fires inside "skill".
        joined = r"\b(?:" + "|".join(f"(?:{s})" for s in sources) + r")\b"
        try:
            return re.compile(joined)
        except re.error as exc:  # pragma: no cover - each part compiled alone already
            raise self.fail(where, f"patterns do not combine ({exc})") from exc

    def mapping(self, value: object, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "must be a mapping")
        return {str(k): v for k, v in value.items()}

    def words(self, value: object, where: str) -> list[str]:
        if not isinstance(value, list):
            raise self.fail(where, "must be a list of words")
        return [self.text(v, where) for v in value]

    def text(self, value: object, where: str) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(where, "must be non-empty text")
        return value
