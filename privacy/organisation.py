"""The organisation's own lists: ward names, site names and an optional staff roster."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from privacy.spans import Span


def _clean(names: Iterable[str]) -> tuple[str, ...]:
    return tuple(sorted({n.strip().casefold() for n in names if n.strip()}, key=len, reverse=True))


@dataclass(frozen=True)
class OrganisationLists:
    """Names this organisation knows are identifying: wards, sites and (optionally) staff."""

    wards: tuple[str, ...] = ()
    sites: tuple[str, ...] = ()
    staff: tuple[str, ...] = ()
    _patterns: dict[str, re.Pattern[str] | None] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        for kind, names, suffix in (
            ("ward", self.wards, r"(?:\s+(?:ward|unit|suite|wing))?"),
            ("site", self.sites, r"(?:\s+(?:hospital|centre|center|house|site|clinic))?"),
            ("name", self.staff, ""),
        ):
            cleaned = _clean(names)
            # Whole words only, any case, spaces in a listed name may be any run of spaces.
            alternatives = "|".join(r"\s+".join(map(re.escape, n.split())) for n in cleaned)
            self._patterns[kind] = (
                re.compile(rf"(?<!\w)(?:{alternatives}){suffix}(?!\w)", re.IGNORECASE)
                if cleaned
                else None
            )

    @classmethod
    def from_mapping(cls, data: object) -> OrganisationLists:
        """Build from a mapping with optional ``wards``, ``sites`` and ``staff`` lists."""
        if data is None:
            return cls()
        if not isinstance(data, dict):
            raise ValueError("organisation lists: expected a mapping of wards, sites, staff")

        def names(key: str) -> tuple[str, ...]:
            value = data.get(key) or []
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"organisation lists: {key}: expected a list of names")
            return tuple(value)

        return cls(wards=names("wards"), sites=names("sites"), staff=names("staff"))

    @classmethod
    def from_yaml(cls, path: Path) -> OrganisationLists:
        """Load ``wards``/``sites``/``staff`` lists from a YAML file."""
        import yaml  # only a trust with lists needs it: `reflect redact` starts faster without

        try:
            return cls.from_mapping(yaml.safe_load(path.read_text(encoding="utf-8")))
        except ValueError as exc:
            raise ValueError(f"{path}: {exc}") from None

    def find(self, text: str) -> Iterator[Span]:
        """Spans of listed ward, site and staff names in ``text``."""
        for kind, pattern in self._patterns.items():
            if pattern is None:
                continue
            rule = "staff roster" if kind == "name" else f"organisation {kind} list"
            for m in pattern.finditer(text):
                yield Span(m.start(), m.end(), kind, rule)
