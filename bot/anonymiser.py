"""The anonymiser as the settings ask for it (light: `reflect redact` imports only this)."""

from __future__ import annotations

from bot.settings import Settings, SettingsError
from privacy import Anonymiser, OrganisationLists


def build_anonymiser(settings: Settings) -> Anonymiser:
    """The layered anonymiser with the organisation's own lists, if configured."""
    chosen = settings.org_lists
    try:
        lists = OrganisationLists.from_yaml(chosen) if chosen is not None else None
    except Exception as exc:  # YAML, shape or file errors alike: one line naming the setting
        reason = " ".join(str(exc).split())[:240] or type(exc).__name__
        raise SettingsError(f"REFLECT_ORG_LISTS={chosen} cannot be used: {reason}") from None
    return Anonymiser(lists)
