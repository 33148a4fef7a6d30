"""``/action`` and ``/actions`` for team leads: record what a ward will try, and follow it up.

``/action`` is a short guided dialogue (the draft's ``step``):

```mermaid
stateDiagram-v2
    [*] --> ward: /action, several wards
    [*] --> what: /action, one ward
    ward --> what: ward button
    what --> link: typed words
    link --> link: "A theme instead"
    link --> owner: idea, theme or "Neither"
    owner --> due: role button
    due --> [*]: due button or typed YYYY-MM-DD (saved)
```

``/actions`` lists the actions of the lead's wards, with a button per action to change its
status. A lead sees and changes only their own wards' actions: every step reads the lead's
wards again, and the service refuses any other ward. The draft is kept in memory only, keyed
by the lead's pseudonymous key, until it is saved; a restart forgets it (the lead sends
/action again). Every text is a template in ``templates/``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from telegram import Update
from telegram.ext import ContextTypes, filters

from bot.channels.telegram.channel import TelegramChannel
from bot.channels.telegram.keyboard import choice_keyboard
from bot.services.actions import (
    OWNER_ROLES,
    STATUSES,
    ActionLink,
    ActionRefused,
    Actions,
    parse_due,
)

PREFIX = "a1"
PATTERN = rf"^{PREFIX}\|"
IDEAS_OFFERED = 5
DUE_DAYS = (14, 30, 90, 0)  # 0: no date
LISTED = 10  # actions with a status button in /actions


@dataclass(slots=True)
class Draft:
    """An action being written: which step it waits for and what has been given so far."""

    wards: tuple[str, ...]
    step: str = "ward"
    ward: str = ""
    text: str = ""
    link: ActionLink = field(default_factory=ActionLink)
    owner: str = ""


def _data(*parts: str) -> str:
    return "|".join((PREFIX, *parts))


class LeadActions:
    """``/action`` (the guided dialogue), ``/actions`` (the list) and their buttons."""

    def __init__(self, channel: TelegramChannel, actions: Actions) -> None:
        self.channel = channel
        self.actions = actions
        self.drafts: dict[str, Draft] = {}

    def drafting(self) -> filters.UpdateFilter:
        """A filter for typed text from a lead whose draft waits for the action's words."""
        drafts, channel = self.drafts, self.channel

        class _Drafting(filters.UpdateFilter):
            def filter(self, update: Update) -> bool:
                if update.effective_user is None:
                    return False
                draft = drafts.get(channel.key(update))
                return draft is not None and draft.step in ("what", "due")

        return _Drafting(name="drafting an action")

    async def _wards(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE
    ) -> tuple[str, ...] | None:
        chat = update.effective_chat
        assert chat is not None
        wards = await self.channel.db(self.channel.leads.wards_for, self.channel.key(update))
        if not wards:
            await self.channel.say(context.bot, chat.id, "lead_only")
            return None
        return wards

    async def _send(
        self,
        context: ContextTypes.DEFAULT_TYPE,
        chat_id: int,
        template: str,
        buttons: list[tuple[str, str]] | None = None,
        **values: object,
    ) -> None:
        texts = self.channel.texts
        markup = choice_keyboard(buttons) if buttons else None
        await self.channel.outbox(context.bot).send(
            chat_id, texts.message(template, **values), markup
        )

    def _label(self, name: str, **values: object) -> str:
        return self.channel.texts.label(name, **values)

    # ----- /action ----------------------------------------------------------------------

    async def command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/action``: begin recording an action (asks which ward if the lead has several)."""
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None:
            return
        draft = Draft(wards)
        self.drafts[self.channel.key(update)] = draft
        if len(wards) == 1:
            await self._ask_what(context, chat.id, draft, wards[0])
            return
        buttons = [(self._label("action_ward", ward=w), _data("w", w)) for w in wards]
        await self._send(context, chat.id, "action_which_ward", buttons)

    async def _ask_what(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft, ward: str
    ) -> None:
        draft.ward, draft.step = ward, "what"
        await self._send(context, chat_id, "action_what", ward=ward)

    async def typed(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """The words of the action, or a due date typed as YYYY-MM-DD."""
        message, chat = update.message, update.effective_chat
        assert message is not None and message.text is not None and chat is not None
        draft = self.drafts[self.channel.key(update)]
        if draft.step == "due":
            try:
                due = parse_due(message.text, self.actions.today())
            except ActionRefused as refused:
                await self._send(context, chat.id, "action_refused", reason=str(refused))
                return
            await self._save(update, context, draft, due)
            return
        draft.text, draft.step = message.text, "link"
        await self._ask_link(context, chat.id, draft)

    async def _ask_link(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft
    ) -> None:
        groups = await self.channel.slow(self.actions.reviews.idea_groups, [draft.ward])
        buttons = [
            (self._label("action_idea", group=g), _data("i", g.id)) for g in groups[:IDEAS_OFFERED]
        ]
        buttons.append((self._label("action_pick_theme"), _data("T")))
        buttons.append((self._label("action_no_link"), _data("n")))
        await self._send(context, chat_id, "action_link", buttons, ideas=len(buttons) > 2)

    async def _ask_owner(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft
    ) -> None:
        draft.step = "owner"
        buttons = [(self._label(f"role_{r}"), _data("o", r)) for r in OWNER_ROLES]
        await self._send(context, chat_id, "action_owner", buttons)

    async def _ask_due(
        self, context: ContextTypes.DEFAULT_TYPE, chat_id: int, draft: Draft
    ) -> None:
        draft.step = "due"
        buttons = [(self._label("action_due", days=d), _data("d", str(d))) for d in DUE_DAYS]
        example = (self.actions.today() + timedelta(days=DUE_DAYS[1])).isoformat()
        await self._send(context, chat_id, "action_due", buttons, example=example)

    async def _save(
        self,
        update: Update,
        context: ContextTypes.DEFAULT_TYPE,
        draft: Draft,
        due: date | None,
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        key = self.channel.key(update)
        wards = await self._wards(update, context)
        if wards is None:
            self.drafts.pop(key, None)
            return
        try:
            saved = await self.channel.slow(
                self.actions.add,
                draft.ward,
                draft.text,
                link=draft.link,
                owner_role=draft.owner,
                due=due,
                allowed=wards,
            )
        except ActionRefused as refused:
            self.drafts.pop(key, None)
            await self._send(context, chat.id, "action_refused", reason=str(refused))
            return
        self.drafts.pop(key, None)
        await self._send(context, chat.id, "action_saved", action=saved, labels=self.actions.labels)

    # ----- /actions -----------------------------------------------------------------------

    async def listing(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """``/actions``: the actions of the lead's wards, with a button to change each one."""
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None:
            return
        found = await self.channel.db(self.actions.all, wards)
        buttons = [
            (self._label("action_change", action=a), _data("s", str(a.id))) for a in found[-LISTED:]
        ]
        await self._send(
            context, chat.id, "actions_list", buttons, actions=found, wards=wards,
            labels=self.actions.labels,
        )  # fmt: skip

    # ----- buttons ------------------------------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """A press on one of the dialogue's keyboards; stale presses are told so and ignored."""
        query, chat = update.callback_query, update.effective_chat
        assert query is not None and chat is not None
        channel, bot = self.channel, context.bot
        if channel.settled(query):
            await channel.answer(bot, query, "already_noted")
            return
        parts = (query.data or "").split("|")[1:]
        kind, value = parts[0], parts[1:]
        key = channel.key(update)
        draft = self.drafts.get(key)
        expected = {"w": "ward", "i": "link", "T": "link", "t": "link", "n": "link"}
        expected |= {"o": "owner", "d": "due"}
        if kind in expected and (draft is None or draft.step != expected[kind]):
            await channel.answer(bot, query, "stale")
            return
        await channel.answer(bot, query)
        await channel.settle(bot, query)
        if kind in ("s", "u"):
            await self._status(update, context, value)
            return
        assert draft is not None
        if kind == "w":
            if value[0] not in draft.wards:
                return
            await self._ask_what(context, chat.id, draft, value[0])
        elif kind == "T":
            labels = self.actions.labels
            buttons = [(label, _data("t", theme)) for theme, label in labels.items()]
            await self._send(context, chat.id, "action_theme", buttons)
        elif kind in ("i", "t", "n"):
            chosen = value[0] if value else None
            draft.link = ActionLink(
                idea=chosen if kind == "i" else None, theme=chosen if kind == "t" else None
            )
            await self._ask_owner(context, chat.id, draft)
        elif kind == "o" and value[0] in OWNER_ROLES:
            draft.owner = value[0]
            await self._ask_due(context, chat.id, draft)
        elif kind == "d" and value[0].isdigit():
            days = int(value[0])
            due = self.actions.today() + timedelta(days=days) if days else None
            await self._save(update, context, draft, due)

    async def _status(
        self, update: Update, context: ContextTypes.DEFAULT_TYPE, value: list[str]
    ) -> None:
        chat = update.effective_chat
        assert chat is not None
        wards = await self._wards(update, context)
        if wards is None or not value or not value[0].isdigit():
            return
        action_id = int(value[0])
        if len(value) == 1:
            buttons = [
                (self._label(f"status_{s}"), _data("u", str(action_id), s)) for s in STATUSES
            ]
            await self._send(context, chat.id, "action_status", buttons, number=action_id)
            return
        try:
            updated = await self.channel.db(self.actions.update, action_id, value[1], allowed=wards)
        except ActionRefused as refused:
            await self._send(context, chat.id, "action_refused", reason=str(refused))
            return
        await self._send(
            context, chat.id, "action_updated", action=updated, labels=self.actions.labels
        )
