"""One layered anonymiser for the evaluation tests: the name model loads once per session."""

from __future__ import annotations

import pytest

from privacy import Anonymiser, OrganisationLists


@pytest.fixture(scope="session")
def anonymiser() -> Anonymiser:
    """The full layered anonymiser with an invented trust's ward, site and staff lists."""
    lists = OrganisationLists(
        wards=("Larch", "Hawthorn"), sites=("Millbrook",), staff=("Tamsin Okoro",)
    )
    return Anonymiser(lists)
