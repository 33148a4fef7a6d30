"""Support resources: who to turn to, per organisation and language, loaded from YAML.

The packaged ``resources/<language>.yaml`` is the default; an organisation passes its own file
(or a folder of ``<language>.yaml`` files) as ``path``. The Jinja templates render these values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal, cast

import yaml

from safety.errors import SafetyConfigError

Audience = Literal["patient", "staff", "both"]
AUDIENCES: frozenset[str] = frozenset({"patient", "staff", "both"})
DEFAULT_RESOURCES_DIR = Path(__file__).with_name("resources")

# A language tag, never a path: the tag becomes part of a file name.
_LANGUAGE = re.compile(r"^[a-z]{2,3}(?:-[a-z0-9]{2,8})*$", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"<[^<>]+>")
_KEYS = frozenset({"audience", "name", "how", "contact"})


@dataclass(frozen=True, slots=True)
class SupportResource:
    """One place to turn to for help."""

    audience: Audience
    name: str
    how: str
    contact: str | None = None

    @property
    def needs_local_details(self) -> bool:
        """Return True while a ``<placeholder>`` the organisation must fill in remains."""
        return any(_PLACEHOLDER.search(v) for v in (self.name, self.how, self.contact or ""))

    def serves(self, audience: Literal["patient", "staff"]) -> bool:
        """Return True when this resource is meant for ``audience``."""
        return self.audience in (audience, "both")


@dataclass(frozen=True, slots=True)
class SupportResources:
    """The validated resources of one organisation in one language."""

    language: str
    source: Path
    resources: tuple[SupportResource, ...]

    def for_audience(self, audience: Literal["patient", "staff"]) -> tuple[SupportResource, ...]:
        """Return the resources for patients or for staff, in file order."""
        return tuple(r for r in self.resources if r.serves(audience))

    def unfilled(self) -> tuple[str, ...]:
        """Return the names of resources still holding placeholders, for a start-up warning."""
        return tuple(r.name for r in self.resources if r.needs_local_details)


def load_support_resources(language: str = "en", path: Path | None = None) -> SupportResources:
    """Load and validate the support resources for ``language`` (from ``path`` if given)."""
    if not _LANGUAGE.match(language):
        raise SafetyConfigError(f"{language!r}: not a language tag such as 'en' or 'cy'")
    language = language.lower()
    source = _resolve(language, path)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise SafetyConfigError(
            f"{source}: no support resources for language {language!r}"
        ) from exc
    except OSError as exc:
        raise SafetyConfigError(f"{source}: cannot read ({exc.strerror})") from exc
    except yaml.YAMLError as exc:
        raise SafetyConfigError(f"{source}: not valid YAML ({exc})") from exc
    return _parse(source, language, data)


def _resolve(language: str, path: Path | None) -> Path:
    if path is None:
        return DEFAULT_RESOURCES_DIR / f"{language}.yaml"
    return path / f"{language}.yaml" if path.is_dir() else path


def _parse(source: Path, language: str, data: object) -> SupportResources:
    def fail(where: str, problem: str) -> SafetyConfigError:
        return SafetyConfigError(f"{source}: {where}: {problem}")

    if not isinstance(data, dict):
        raise SafetyConfigError(f"{source}: must be a mapping with 'language' and 'resources'")
    declared = data.get("language")
    if not isinstance(declared, str) or declared.lower() != language:
        raise fail("language", f"must be {language!r} to match the requested language")
    items = data.get("resources")
    if not isinstance(items, list) or not items:
        raise fail("resources", "must be a non-empty list")
    resources: list[SupportResource] = []
    for index, item in enumerate(items):
        where = f"resources[{index}]"
        if not isinstance(item, dict):
            raise fail(where, "must be a mapping with audience, name, how and contact")
        unknown = sorted(str(k) for k in item if k not in _KEYS)
        if unknown:
            raise fail(where, f"unknown keys {unknown}; allowed: {sorted(_KEYS)}")
        audience = item.get("audience")
        if audience not in AUDIENCES:
            raise fail(f"{where}.audience", f"must be one of {sorted(AUDIENCES)}")
        texts: dict[str, str] = {}
        for key in ("name", "how"):
            value = item.get(key)
            if not isinstance(value, str) or not value.strip():
                raise fail(f"{where}.{key}", "must be non-empty text")
            texts[key] = value.strip()
        contact = item.get("contact")
        if contact is not None and (not isinstance(contact, str) or not contact.strip()):
            # Unquoted numbers lose leading zeros in YAML ("0800..."), so only text is accepted.
            raise fail(f"{where}.contact", 'must be quoted text, for example "116 123"')
        resources.append(
            SupportResource(
                audience=cast(Audience, audience),
                name=texts["name"],
                how=texts["how"],
                contact=contact.strip() if isinstance(contact, str) else None,
            )
        )
    result = SupportResources(language=language, source=source, resources=tuple(resources))
    reader: Literal["patient", "staff"]
    for reader in ("patient", "staff"):
        # Every reader must be offered somewhere to turn; an empty list would be a silent gap.
        if not result.for_audience(reader):
            raise fail("resources", f"no resource serves {reader}s (use 'both' or add one)")
    return result
