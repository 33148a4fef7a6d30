"""/ideas for team leads: grouped ideas with ids, their own wards only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from bot.services.leads import Leads
from dialogues import ScriptLibrary
from storage import Store
from tests.bot.telegram.test_lead_commands import LEAD_ONLY, seed

if TYPE_CHECKING:
    from tests.support.telegram import Phone


async def test_ideas_for_the_leads_own_wards(
    newcomer: Phone, store: Store, library: ScriptLibrary
) -> None:
    seed(store, library, "ward_a", 6)
    seed(store, library, "ward_b", 7)
    [refused] = await newcomer.send("/ideas")
    assert LEAD_ONLY in refused
    await newcomer.send(f"/lead {Leads(store).invite(['ward_a'])}")
    [ideas] = await newcomer.send("/ideas")
    assert "<b>Ideas proposed</b>: ward_a" in ideas
    # "more staff on the night shift" from six people: one group, its id, six people
    assert "Staffing levels and skill mix (night, shift, staff): 6 people" in ideas
    assert ideas.count("<code>") == 1 and "7 people" not in ideas
    assert "/action" in ideas
    # nobody here agreed to be quoted
    assert "“" not in ideas
