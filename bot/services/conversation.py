"""One flow for every channel: input -> turn -> store -> replies, in one transaction per turn."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

from bot.services.delivery import Delivery
from bot.services.outcomes import (
    ButtonContext,
    Duplicate,
    Forgotten,
    Kept,
    NeedsConsent,
    NothingOpen,
    OpenSession,
    Replied,
    Stale,
    TurnOutcome,
)
from bot.services.reminders import ReminderPolicy, reminder_text
from bot.services.safeguard import Safeguard
from bot.services.saving import ThemeTagger, chosen, to_save
from dialogues import (
    CompiledScript,
    Engine,
    InputKind,
    Reply,
    ScriptLibrary,
    SessionState,
    Status,
    StepKind,
    UserInput,
)
from storage import Store, StoredSession, UnitOfWork
from storage.transaction import today


class _NoConsent(Exception):
    """Raised inside a turn's transaction to roll it back: the person has not agreed."""


class Conversations:
    """Runs turns for participants of one channel against durable storage."""

    def __init__(
        self,
        store: Store,
        library: ScriptLibrary,
        engine: Engine,
        channel: str,
        *,
        safeguard: Safeguard,
        tagger: ThemeTagger | None = None,
        reminders: ReminderPolicy | None = None,
        feedback_days: int = 90,
    ) -> None:
        self.store = store
        self.safeguard = safeguard
        self.library = library
        self.engine = engine
        self.channel = channel
        self._archived: set[tuple[str, str]] = set()
        self.tagger = tagger
        self.reminders = reminders
        self.feedback_days = feedback_days  # REFLECT_FEEDBACK_DAYS
        self.delivery = Delivery(store, (reminders or ReminderPolicy()).min_gap)

    @property
    def local(self) -> bool:
        """Whether a transaction here is quick enough to run in place (SQLite on this machine)."""
        return self.store.local

    def reminder_text(self, kind: str) -> str | None:
        """The message of a due reminder of ``kind``; ``None`` for a kind this version lacks."""
        return reminder_text(self.engine.ui, kind)

    # ----- the safety net -----------------------------------------------------------------

    def screen(self, given: UserInput) -> UserInput:
        """``given`` with the safety net's verdict on its text (screened once, in memory)."""
        if given.risk is not None:
            return given
        return given.screened(self.safeguard.screen(given.text))

    def support_for(self, key: str | None, risk: frozenset[str]) -> list[Reply]:
        """Support for risk found in text that reaches no turn (an edit, a caption...).

        Fitted to the person's open reflection when there is one (``key`` given); reads only,
        so it works before consent without storing anything.
        """
        if not risk:
            return []
        voice = ""
        if key is not None:
            with self.store.read() as unit:
                stored = unit.open_session_of(key, self.channel)
                if stored is not None:
                    voice = self._compiled(unit, stored.state).script.voice
        return [self.engine.support_outside(voice, risk)]

    def has_agreed(self, key: str) -> bool:
        """Whether this person has agreed to the privacy notice (nothing is created to find out)."""
        with self.store.read() as unit:
            found = unit.find_participant(key)
            return found is not None and found.consented

    # ----- replies never sent ---------------------------------------------------------------

    def resend(self, key: str, session_id: int, update_id: int) -> Replied | NothingOpen:
        """What to show again for an update whose replies were never sent (claimed once)."""
        with self.store.unit() as unit:
            if not unit.take_reply(session_id, update_id):
                return NothingOpen([])  # sent, or another worker is resending it
            stored = unit.get_session(session_id)
            if stored is None:
                return NothingOpen([])
            compiled = self._compiled(unit, stored.state)
            state = stored.state
            if state.is_open or compiled.script.step(state.step).kind is StepKind.END:
                reply = self.engine.prompt(compiled, state)
            else:
                reply = self.engine.ended(compiled, state)
            return Replied([reply], stored.id, compiled, state.status, state.step)

    def agree(self, key: str) -> None:
        """Record agreement to the privacy notice: the first thing ever stored about a person."""
        with self.store.unit() as unit:
            participant = unit.participant(key)
            if not participant.consented:
                unit.record_consent(participant.id)

    def kept_about(self, key: str) -> Kept:
        """What is kept under ``key``: agreement, lead access (nothing is created to find out)."""
        with self.store.read() as unit:
            found = unit.find_participant(key)
            lead = unit.lead_wards(key) is not None
        agreed = found is not None and found.consented
        return Kept(agreed=agreed, lead=lead, stray=found is not None and not agreed)

    def forget(self, key: str) -> int:
        """Erase everything of this person; returns how many saved answers were erased."""
        return self.forget_all(key).answers

    def forget_all(self, key: str) -> Forgotten:
        """Erase everything of this person, lead access included; what went."""
        with self.store.unit() as unit:
            lead = unit.lead_wards(key) is not None
            erased = unit.forget(key)
        self.store.scrub()  # no copy left in the file, its WAL or free pages
        return Forgotten(erased, lead)

    def stop_reminders(self, key: str) -> None:
        """Turn this person's reminders and follow-ups off (``/stop``); their "you said, we did"
        addresses and unsent messages are erased."""
        with self.store.unit() as unit:
            found = unit.find_participant(key)
            if found is not None:
                unit.set_reminders_off(found.id, True)
                unit.drop_feedback(found.id)

    def open_session(self, key: str) -> OpenSession | None:
        """The participant's session in progress on this channel, if any."""
        with self.store.read() as unit:
            stored = unit.open_session_of(key, self.channel)
            if stored is None:
                return None
            answered = sum(1 for a in stored.state.answers.values() if a.text is not None)
            return OpenSession(
                stored.id, stored.state.script_id, stored.state.status.value == "paused", answered
            )

    def start(
        self,
        key: str,
        script_id: str,
        *,
        ward: str | None = None,
        chat_ref: str | None = None,
        update_id: int | None = None,
    ) -> Replied | Duplicate:
        """Begin a new reflection; one already open on this channel is closed unsaved."""
        compiled = self.library.current(script_id)
        result = self.engine.start(compiled)
        with self.store.unit() as unit:
            self.delivery.confirm_within(unit)
            if update_id is not None and not unit.first_time(self.channel, update_id):
                return _duplicate(unit, key, update_id)
            self._archive(unit, compiled)
            unit.lock_conversation(key)
            participant = unit.participant(key)
            previous = unit.open_session(participant.id, self.channel)
            if previous is not None:
                previous.state = _closed(previous.state)
                unit.save_session(previous)
            stored = unit.create_session(
                participant.id, self.channel, result.state, ward=ward, chat_ref=chat_ref
            )
            stored.reply_pending = update_id
            if self.reminders is not None:
                # Starting again is a clear wish to take part: reminders come back on.
                unit.set_reminders_off(participant.id, False)
                self.reminders.after_turn(unit, stored, False, datetime.now(UTC))
            if stored.reply_pending is not None or stored.resume_at is not None:
                unit.save_session(stored)
        return Replied(
            result.replies,
            stored.id,
            compiled,
            result.state.status,
            result.state.step,
            pending=update_id,
        )

    def start_followup(
        self,
        key: str,
        action_id: int,
        *,
        chat_ref: str | None = None,
        update_id: int | None = None,
    ) -> Replied | Duplicate | NothingOpen:
        """Begin the short follow-up on a ward's action ("you said, we did"), filed under the
        action's ward in the voice the person last reflected in there."""
        with self.store.read() as unit:
            found = unit.followup_of(key, action_id)
        if found is None:
            return NothingOpen([])
        ward, voice = found
        script_id = f"followup_{voice}"
        if script_id not in self.library.ids():
            return NothingOpen([])
        return self.start(key, script_id, ward=ward, chat_ref=chat_ref, update_id=update_id)

    def prepare(self, key: str, given: UserInput) -> UserInput:
        """``given`` screened, with its answer anonymised and tagged, before any transaction.

        The slow part of a turn (the safety net, the name model, the theme tagger) runs here, on
        whichever thread calls it, holding no lock; :meth:`take_turn` then only writes. If the
        session moved on meanwhile, the turn works the answer out again itself.
        """
        given = self.screen(given)
        if given.kind is not InputKind.TEXT or given.prepared is not None:
            return given
        with self.store.read() as unit:
            stored = unit.open_session_of(key, self.channel)
            if stored is None:
                return given
            compiled = self._compiled(unit, stored.state)
        prepared = self.engine.prepare(compiled, stored.state, given)
        if prepared is not None and self.tagger is not None:
            tagging = self.tagger.tagging(prepared.text.text)
            prepared = replace(
                prepared, themes=tagging.themes, codebook_version=tagging.codebook_version
            )
        return given.with_prepared(prepared)

    def take_turn(
        self,
        key: str,
        given: UserInput,
        *,
        chat_ref: str | None = None,
        update_id: int | None = None,
        button: ButtonContext | None = None,
        require_consent: bool = False,
        prepare: bool = True,
    ) -> TurnOutcome:
        """Apply ``given`` to the participant's open session, in one transaction.

        ``update_id`` makes a redelivered update a no-op; ``button`` makes a press from another
        session, script version or question stale (the current question is sent again).
        With ``require_consent`` someone who has not agreed gets :class:`NeedsConsent` and the
        transaction is rolled back, so the consent check costs no transaction of its own.
        The slow part runs first, outside the transaction (:meth:`prepare`), unless the caller
        did that already (``prepare=False``).
        """
        given = self.prepare(key, given) if prepare else self.screen(given)
        try:
            return self._turn(key, given, chat_ref, update_id, button, require_consent)
        except _NoConsent:
            # Not agreed: nothing was stored, but support for risk comes all the same.
            return NeedsConsent(self._outside(given))

    def _outside(self, given: UserInput) -> list[Reply]:
        # Support with no session to fit it to: every resource is listed.
        return [self.engine.support_outside("", given.risk or frozenset())] if given.at_risk else []

    def _turn(
        self,
        key: str,
        given: UserInput,
        chat_ref: str | None,
        update_id: int | None,
        button: ButtonContext | None,
        require_consent: bool,
    ) -> TurnOutcome:
        with self.store.unit() as unit:
            if update_id is not None and not unit.first_time(self.channel, update_id):
                return _duplicate(unit, key, update_id)
            unit.lock_conversation(key)
            participant, stored = unit.participant_and_session(key, self.channel)
            if require_consent and (participant is None or not participant.consented):
                raise _NoConsent  # rolls back the update id too: nothing is kept
            if stored is None:
                return NothingOpen(self._outside(given))
            compiled = self._compiled(unit, stored.state)
            if button is not None and not _current(button, stored, compiled):
                prompt = self.engine.prompt(compiled, stored.state)
                return Stale([prompt], stored.id, compiled, button.session_id != stored.id)
            result = self.engine.turn(compiled, stored.state, given)
            stored.state = result.state
            stored.turns += 1
            if chat_ref is not None:
                stored.chat_ref = chat_ref
            stored.reply_pending = update_id
            if result.outcome.saved:
                answers = chosen(
                    compiled, result.state, self.engine.anonymiser.anonymise
                ) + to_save(compiled, result.outcome.answers, self.tagger, result.outcome.quotable)
                unit.add_reflections(stored, compiled.script.voice, answers)
                if stored.ward is not None and stored.chat_ref is not None:
                    # Someone who reflected on a ward may hear what it did (sealed address only).
                    unit.note_reflector(
                        stored.participant_id, stored.ward, stored.channel, stored.chat_ref, today()
                    )
            if self.reminders is not None:
                self.reminders.after_turn(unit, stored, result.outcome.saved, datetime.now(UTC))
            self.delivery.confirm_within(unit, saving=stored.id)
            unit.save_session(stored)
        if result.outcome.ended:
            # The session row no longer holds the answers (saved as reflections, or dropped);
            # its earlier versions, each with the answers so far, are in SQLite's WAL until a
            # checkpoint truncates it: on a thread of its own, so the reply does not wait.
            self.store.scrub_soon()
        return Replied(
            result.replies,
            stored.id,
            compiled,
            result.state.status,
            result.state.step,
            ended=result.outcome.ended,
            pending=update_id,
        )

    def current_prompt(self, key: str) -> Replied | NothingOpen:
        """The open session's current question again (no change to the session)."""
        with self.store.read() as unit:
            stored = unit.open_session_of(key, self.channel)
            if stored is None:
                return NothingOpen([])
            compiled = self._compiled(unit, stored.state)
            state = stored.state
            return Replied(
                [self.engine.prompt(compiled, state)], stored.id, compiled, state.status, state.step
            )

    def _compiled(self, unit: UnitOfWork, state: SessionState) -> CompiledScript:
        compiled = self.library.get(state.script_id, state.script_version)
        if compiled is None:
            # Begun on a script version since edited: use the copy kept when it began.
            source = unit.load_source(state.script_id, state.script_version)
            if source is not None:
                compiled = self.library.remember(source)
        if compiled is None:
            raise LookupError(
                f"script '{state.script_id}' version {state.script_version} is not available"
            )
        return compiled

    def _archive(self, unit: UnitOfWork, compiled: CompiledScript) -> None:
        key = (compiled.script.id, compiled.script.version)
        if key not in self._archived:
            unit.archive_source(compiled.source, compiled.script.id)
            self._archived.add(key)


def _duplicate(unit: UnitOfWork, key: str, update_id: int) -> Duplicate:
    # Handled before. Its replies may not have gone out if that process died after its
    # commit: say which session still waits on them, and the channel decides.
    return Duplicate(unit.session_waiting_on(key, update_id))


def _current(button: ButtonContext, stored: StoredSession, compiled: CompiledScript) -> bool:
    state = stored.state
    return (
        button.session_id == stored.id
        and compiled.script.version.startswith(button.script_version)
        and button.step_index == compiled.script.index_of(state.step)
    )


def _closed(state: SessionState) -> SessionState:
    state.status = Status.DISCARDED
    state.answers = {}
    state.placeholders = {}
    return state
