"""SQLAlchemy 2 typed models. Dates on reflections are kept to the day, never finer."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from privacy import AnonymisedText
from storage.types import AnonymisedTextType

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    """Declarative base with stable constraint names (so migrations match on both engines)."""

    metadata = MetaData(naming_convention=NAMING)


class Participant(Base):
    """A pseudonymous person: only a keyed hash of their channel id, never the id or a name."""

    __tablename__ = "participants"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    created_on: Mapped[date] = mapped_column(Date)
    consented_on: Mapped[date | None] = mapped_column(Date, default=None)
    reminders_off: Mapped[bool] = mapped_column(Boolean, default=False)
    last_reminded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class ScriptVersion(Base):
    """A copy of each script version a session began on, so edits never break one in flight."""

    __tablename__ = "script_versions"

    script_id: Mapped[str] = mapped_column(String(40), primary_key=True)
    version: Mapped[str] = mapped_column(String(16), primary_key=True)
    source: Mapped[dict[str, object]] = mapped_column(JSON)
    created_on: Mapped[date] = mapped_column(Date)


class DialogueSession(Base):
    """One reflection in progress or finished. The row is the dialogue state."""

    __tablename__ = "sessions"
    __table_args__ = (Index("ix_sessions_participant_open", "participant_id", "is_open"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    channel: Mapped[str] = mapped_column(String(16))
    script_id: Mapped[str] = mapped_column(String(40))
    script_version: Mapped[str] = mapped_column(String(16))
    step: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))
    is_open: Mapped[bool] = mapped_column(Boolean)
    state: Mapped[dict[str, object]] = mapped_column(JSON)
    ward: Mapped[str | None] = mapped_column(String(64), default=None)
    incident_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    # Only while the conversation needs somewhere to reply; cleared when it ends.
    chat_ref: Mapped[str | None] = mapped_column(String(64), default=None)
    support_offered: Mapped[bool] = mapped_column(Boolean, default=False)
    started_on: Mapped[date] = mapped_column(Date)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    turns: Mapped[int] = mapped_column(Integer, default=0)
    # The update whose replies have not been confirmed sent yet: a redelivery of it after a
    # crash shows the current question again (see bot/channels/telegram/receipts.py).
    reply_pending: Mapped[int | None] = mapped_column(BigInteger, default=None)
    # When this session's "resume" reminder is due, kept here so a turn need not read it.
    resume_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), default=None)


class Reflection(Base):
    """One saved answer: confirmed anonymised text and its context, dated to the day."""

    __tablename__ = "reflections"
    __table_args__ = (Index("ix_reflections_ward_day", "ward", "answered_on"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("sessions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    voice: Mapped[str] = mapped_column(String(16))
    phase: Mapped[str] = mapped_column(String(16))
    prompt_id: Mapped[str] = mapped_column(String(64))
    text: Mapped[AnonymisedText] = mapped_column(AnonymisedTextType)
    role: Mapped[str | None] = mapped_column(String(16))
    intervention: Mapped[str | None] = mapped_column(String(32))
    ward: Mapped[str | None] = mapped_column(String(64))
    answered_on: Mapped[date] = mapped_column(Date)
    script_id: Mapped[str] = mapped_column(String(40))
    script_version: Mapped[str] = mapped_column(String(16))
    themes: Mapped[list[str]] = mapped_column(JSON, default=list)
    codebook_version: Mapped[str | None] = mapped_column(String(32), default=None)
    # The person agreed at the review that leads may read it word for word (anonymised).
    quotable: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class EntryLink(Base):
    """A ward entry link the organisation issued: per ward and role, revocable. The link
    itself carries this row's id and a keyed signature, so it cannot be made up or altered."""

    __tablename__ = "entry_links"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    role: Mapped[str] = mapped_column(String(16))
    created_on: Mapped[date] = mapped_column(Date)
    revoked_on: Mapped[date | None] = mapped_column(Date, default=None)


class Action(Base):
    """What a ward decided to try, from an idea or a theme: the owner is a role, never a name,
    and the text and outcome went through the anonymiser like every other text."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_ward", "ward"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    ward: Mapped[str] = mapped_column(String(32))
    text: Mapped[AnonymisedText] = mapped_column(AnonymisedTextType)
    idea_id: Mapped[str | None] = mapped_column(String(8), default=None)
    theme: Mapped[str | None] = mapped_column(String(64), default=None)
    owner_role: Mapped[str] = mapped_column(String(24))
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    status: Mapped[str] = mapped_column(String(12))
    outcome: Mapped[AnonymisedText | None] = mapped_column(AnonymisedTextType, default=None)
    created_on: Mapped[date] = mapped_column(Date)
    updated_on: Mapped[date] = mapped_column(Date)
    # the day the status first became trying or done (None: not started, or recorded before
    # migration 0009 kept it)
    started_on: Mapped[date | None] = mapped_column(Date, default=None)


class ProcessedUpdate(Base):
    """Channel update ids already handled, so a retried delivery is handled once."""

    __tablename__ = "processed_updates"
    # On SQLite the primary key is the table (one B-tree, one page written per claim).
    __table_args__ = ({"sqlite_with_rowid": False},)

    channel: Mapped[str] = mapped_column(String(16), primary_key=True)
    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    handled_on: Mapped[date] = mapped_column(Date)


class Lead(Base):
    """A team lead, pseudonymous like every participant, and the wards they may review."""

    __tablename__ = "leads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True)
    wards: Mapped[list[str]] = mapped_column(JSON)
    created_on: Mapped[date] = mapped_column(Date)


class LeadInvite(Base):
    """A one-time enrolment code (kept only as a hash) and the wards it grants."""

    __tablename__ = "lead_invites"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    wards: Mapped[list[str]] = mapped_column(JSON)
    expires_on: Mapped[date] = mapped_column(Date)
    used: Mapped[bool] = mapped_column(Boolean, default=False)


class Reminder(Base):
    """A gentle reminder or follow-up invitation, due at ``remind_at``; a row survives restarts.

    The chat reference is kept only until the reminder is sent or cancelled, then the row goes.
    """

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "remind_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    session_id: Mapped[int | None] = mapped_column(
        ForeignKey("sessions.id", ondelete="CASCADE"), default=None
    )
    channel: Mapped[str] = mapped_column(String(16))
    kind: Mapped[str] = mapped_column(String(24))
    chat_ref: Mapped[str] = mapped_column(String(64))
    remind_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class FeedbackContact(Base):
    """Someone who reflected on a ward, so that they can hear what it did ("you said, we did").

    Only the sealed chat address and the day of their last reflection there; erased after
    REFLECT_FEEDBACK_DAYS, on /stop and on /forget.
    """

    __tablename__ = "feedback_contacts"
    __table_args__ = (
        UniqueConstraint("participant_id", "ward"),
        Index("ix_feedback_contacts_ward", "ward"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    ward: Mapped[str] = mapped_column(String(32))
    channel: Mapped[str] = mapped_column(String(16))
    chat_ref: Mapped[str] = mapped_column(String(64))
    reflected_on: Mapped[date] = mapped_column(Date)


class FeedbackSend(Base):
    """One "you said, we did" message for one person about one action's move: queued when the
    action moves, claimed once (``sent_on`` set in the claiming transaction) across workers."""

    __tablename__ = "feedback_sends"
    __table_args__ = (
        UniqueConstraint("action_id", "status", "participant_id"),
        Index("ix_feedback_sends_due_on", "due_on"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"))
    participant_id: Mapped[int] = mapped_column(ForeignKey("participants.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(12))
    due_on: Mapped[date] = mapped_column(Date)
    sent_on: Mapped[date | None] = mapped_column(Date, default=None)
