"""Tables: students, conversations, every turn, tagged answers, actions, flags, flow versions."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from bot.core.competencies import COMPETENCIES

# A conversation's competencies as stored (Conversation.competencies): one bit each, in this
# order. Stored data depends on it: append new ones, never reorder (migration 0017 fills it).
COMPETENCY_BITS: dict[str, int] = {name: 1 << i for i, name in enumerate(COMPETENCIES)}


def competency_bits(names: Iterable[str | None]) -> int:
    """The bits of these competencies (None and unknown names add nothing)."""
    bits = 0
    for name in names:
        bits |= COMPETENCY_BITS.get(name or "", 0)
    return bits

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UTCDateTime(TypeDecorator[datetime]):
    """Timestamps stored in UTC and always read back time-zone aware (SQLite forgets)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            raise ValueError("naive datetime given to the database; pass an aware one")
        return value.astimezone(UTC) if value is not None else None

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict[Any, Any]] = {datetime: UTCDateTime(),
                                                     dict[str, Any]: JSON()}


class Student(Base):
    __tablename__ = "students"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    # Loaded only where a message is sent (`selectinload`): a turn never needs them.
    contacts: Mapped[list[Contact]] = relationship(lazy="raise", passive_deletes=True)
    # Only when the student gave it (web chat): nudges and reminders by e-mail.
    email: Mapped[str | None] = mapped_column(String(254))
    group_name: Mapped[str | None] = mapped_column(String(100))
    consented_at: Mapped[datetime | None]
    language: Mapped[str] = mapped_column(String(8))
    created_at: Mapped[datetime]

    def address(self, channel: str) -> str | None:
        return address_of(self.contacts, channel)


class Contact(Base):
    """How one channel knows a person: their Telegram account, their name in the console. It
    belongs to one student or one mentor; the services work on those ids, and each channel
    finds its people by (channel, address). (An e-mail address is not an identity: people may
    share one, and it is kept on the person, for mail only.)"""

    __tablename__ = "contacts"
    __table_args__ = (
        UniqueConstraint("channel", "address"),
        CheckConstraint("(student_id IS NULL) <> (mentor_id IS NULL)", name="one_owner"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    channel: Mapped[str] = mapped_column(String(16))  # telegram | console
    address: Mapped[str] = mapped_column(String(200))  # the channel's own id for the person
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int | None] = mapped_column(
        ForeignKey("mentors.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime]


def address_of(contacts: list[Contact], channel: str) -> str | None:
    return next((c.address for c in contacts if c.channel == channel), None)


class Invite(Base):
    """A code a school hands out; used once to enrol a student (or, later, a mentor)."""

    __tablename__ = "invites"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    role: Mapped[str] = mapped_column(String(16))  # student | mentor
    group_name: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL"))
    mentor_id: Mapped[int | None] = mapped_column(  # who used a mentor or coordinator code
        ForeignKey("mentors.id", ondelete="SET NULL"))
    name: Mapped[str | None] = mapped_column(String(200))  # printed on an invite sheet


class WebSession(Base):
    """A student signed in to the web chat: the cookie holds the token, we keep its hash."""

    __tablename__ = "web_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"),
                                            index=True)
    created_at: Mapped[datetime]
    last_seen_at: Mapped[datetime]


class ProcessedUpdate(Base):
    """A Telegram update already handled: the same update twice has effect once."""

    __tablename__ = "processed_updates"

    update_id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    created_at: Mapped[datetime]
    # The reply the bot sent for it: if the process died before the reply went out, Telegram
    # delivers the update again and the reply is sent again.
    reply: Mapped[dict[str, Any] | None] = mapped_column(JSON)


class Meta(Base):
    """Small facts the bot learns about itself, such as its Telegram username."""

    __tablename__ = "meta"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class FlowVersion(Base):
    """The exact flow a conversation started on, so editing a flow file breaks nothing."""

    __tablename__ = "flow_versions"

    flow: Mapped[str] = mapped_column(String(100), primary_key=True)
    version: Mapped[str] = mapped_column(String(32), primary_key=True)
    definition: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Conversation(Base):
    __tablename__ = "conversations"
    __table_args__ = (Index("ix_conversations_student_status", "student_id", "status"),
                      # a student's latest conversations, newest first, without a scan
                      Index("ix_conversations_student_newest", "student_id", "id"),
                      # the school's weeks, from the index alone (bot/storage/school_views.py)
                      Index("ix_conversations_started", "started_at", "student_id", "status",
                            "competencies", "id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    flow: Mapped[str] = mapped_column(String(100))
    flow_version: Mapped[str] = mapped_column(String(32))
    language: Mapped[str] = mapped_column(String(8))
    status: Mapped[str] = mapped_column(String(16))  # active | completed | abandoned
    snapshot: Mapped[dict[str, Any]]
    # What the engine needs to know about the student, fixed when the conversation starts.
    facts: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    turns: Mapped[int] = mapped_column(Integer, default=0, server_default="0")  # last seq
    # Kept by each turn (bot/storage/conversations.py `record`), so the school's figures read no
    # turns or answers: the step of the last turn, and one bit (COMPETENCY_BITS) for each
    # competency the student's answers were about.
    last_step: Mapped[str | None] = mapped_column(String(100))
    competencies: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    started_at: Mapped[datetime]
    updated_at: Mapped[datetime]
    ended_at: Mapped[datetime | None]


class Turn(Base):
    """One message: who said what, when."""

    __tablename__ = "turns"
    # Also the index of a conversation's turns (its leading column), for reading them and
    # for the cascade when a conversation is deleted: no second index on conversation_id to
    # keep up on every turn.
    __table_args__ = (UniqueConstraint("conversation_id", "seq"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"))
    seq: Mapped[int] = mapped_column(Integer)
    role: Mapped[str] = mapped_column(String(16))  # student | bot
    step: Mapped[str] = mapped_column(String(100))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Answer(Base):
    """A student's answer at a step, tagged with a competency where the step has one."""

    __tablename__ = "answers"
    # the competencies of many conversations without reading the answers' rows (school_views);
    # also the index of a conversation's answers (and the cascade's), as for turns
    __table_args__ = (Index("ix_answers_conversation_competency", "conversation_id",
                            "competency"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"))
    turn_id: Mapped[int] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"))
    step: Mapped[str] = mapped_column(String(100))
    competency: Mapped[str | None] = mapped_column(String(32))
    kind: Mapped[str] = mapped_column(String(32))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Action(Base):
    """What the student set themself to do, by when, and how it went."""

    __tablename__ = "actions"
    __table_args__ = (Index("ix_actions_student_status", "student_id", "status"),
                      Index("ix_actions_conversation", "conversation_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    conversation_id: Mapped[int] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"))
    text: Mapped[str] = mapped_column(Text)
    due: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16))  # open | done | partly | not_yet | dropped
    kind: Mapped[str] = mapped_column(String(16), default="step", server_default="step")
    times_reviewed: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    learning: Mapped[str | None] = mapped_column(Text)
    reviewed_in: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"))
    reviewed_at: Mapped[datetime | None]
    reminded_at: Mapped[datetime | None]
    created_at: Mapped[datetime]


class ActionEvent(Base):
    """An action's history: set, reviewed (with how it went), given a new day, done, let go."""

    __tablename__ = "action_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("actions.id", ondelete="CASCADE"),
                                           index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # set | reviewed | rescheduled | done
    outcome: Mapped[str | None] = mapped_column(String(16))
    due: Mapped[date | None] = mapped_column(Date)
    learning: Mapped[str | None] = mapped_column(Text)
    at: Mapped[datetime]


class StudentFact(Base):
    """Something a student said that matters later (a doubt, a person), asked about next time."""

    __tablename__ = "student_facts"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"),
                                            index=True)
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="SET NULL"))
    kind: Mapped[str] = mapped_column(String(16))  # doubt | person
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime]


class Nudge(Base):
    """A friendly nudge to reflect after an internship day; one per student, day and kind."""

    __tablename__ = "nudges"
    __table_args__ = (UniqueConstraint("student_id", "day", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    day: Mapped[date] = mapped_column(Date)
    kind: Mapped[str] = mapped_column(String(16))  # nudge | later
    at: Mapped[datetime]
    sent_at: Mapped[datetime | None]
    answer: Mapped[str | None] = mapped_column(String(16))  # start | later | skip


class Flag(Base):
    """A conversation that needs a human (filled by the safeguarding rules)."""

    __tablename__ = "flags"

    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("students.id", ondelete="CASCADE"))
    conversation_id: Mapped[int | None] = mapped_column(
        ForeignKey("conversations.id", ondelete="CASCADE"))
    turn_id: Mapped[int | None] = mapped_column(ForeignKey("turns.id", ondelete="CASCADE"))
    level: Mapped[str] = mapped_column(String(16))  # urgent | concern
    reason: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(100))
    created_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16), default="open")  # open|acknowledged|resolved
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]


class FlagRecord(Base):
    """What stays of a flag when its student deletes their data: the school's safeguarding
    record, anonymised. The class, the kind of signal and what happened when, and which staff
    member handled it; never the student, their words or the mentor's note (which may name
    them)."""

    __tablename__ = "flag_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_name: Mapped[str | None] = mapped_column(String(100))
    level: Mapped[str] = mapped_column(String(16))
    rule: Mapped[str] = mapped_column(String(100))
    reason: Mapped[str] = mapped_column(String(200))  # the rule's text, not the student's
    raised_at: Mapped[datetime]
    status: Mapped[str] = mapped_column(String(16))  # when the data was deleted
    acknowledged_at: Mapped[datetime | None]
    resolved_at: Mapped[datetime | None]
    handled_by: Mapped[int | None] = mapped_column(ForeignKey("mentors.id", ondelete="SET NULL"))
    erased_at: Mapped[datetime] = mapped_column(index=True)


class Mentor(Base):
    """A mentor (or the school's coordinator), enrolled in Telegram with a mentor code."""

    __tablename__ = "mentors"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    contacts: Mapped[list[Contact]] = relationship(lazy="selectin", passive_deletes=True)
    email: Mapped[str | None] = mapped_column(String(320))
    coordinator: Mapped[bool] = mapped_column(default=False)
    # the school's administrator: also the settings, the flows and invite sheets on the web
    admin: Mapped[bool] = mapped_column(default=False, server_default=false())
    language: Mapped[str] = mapped_column(String(8))
    note_for_flag: Mapped[int | None] = mapped_column(
        ForeignKey("flags.id", ondelete="SET NULL"))  # waiting for a resolution note
    last_digest_at: Mapped[datetime | None]
    created_at: Mapped[datetime]

    def address(self, channel: str) -> str | None:
        return address_of(self.contacts, channel)


class MentorGroup(Base):
    __tablename__ = "mentor_groups"

    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"),
                                           primary_key=True)
    group_name: Mapped[str] = mapped_column(String(100), primary_key=True)


class FlagEvent(Base):
    """Audit trail: who was alerted when, who acknowledged and resolved, with the note."""

    __tablename__ = "flag_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    flag_id: Mapped[int] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(32))  # alerted|escalated|acknowledged|resolved
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("mentors.id", ondelete="SET NULL"))
    note: Mapped[str | None] = mapped_column(Text)
    # alerted/escalated: the channel's reference to the copy it sent ("chat:message" in
    # Telegram), so every copy can be updated once someone picks the flag up
    message_ref: Mapped[str | None] = mapped_column(String(64))
    at: Mapped[datetime]


class StaffLink(Base):
    """A one-time sign-in link for the school's pages, sent by the bot or by e-mail; valid for
    minutes, used once. Only its hash is kept."""

    __tablename__ = "staff_links"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"),
                                           index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]


class StaffSession(Base):
    """A mentor, coordinator or administrator signed in to the school's pages."""

    __tablename__ = "staff_sessions"

    token_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    mentor_id: Mapped[int] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"),
                                           index=True)
    created_at: Mapped[datetime]
    expires_at: Mapped[datetime]


class PageView(Base):
    """Who looked at a student's page, and when: the school's accountability. Kept when the
    student deletes their data (then without the student)."""

    __tablename__ = "page_views"

    id: Mapped[int] = mapped_column(primary_key=True)
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("mentors.id", ondelete="SET NULL"))
    student_id: Mapped[int | None] = mapped_column(
        ForeignKey("students.id", ondelete="SET NULL"), index=True)
    page: Mapped[str] = mapped_column(String(32))  # student
    at: Mapped[datetime]


class Job(Base):
    """Scheduled work that survives restarts and runs once, whichever process picks it up."""

    __tablename__ = "jobs"
    __table_args__ = (Index("ix_jobs_due", "status", "run_at"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(32))
    run_at: Mapped[datetime]
    # pending | running | done | failed
    status: Mapped[str] = mapped_column(String(16), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    flag_id: Mapped[int | None] = mapped_column(ForeignKey("flags.id", ondelete="CASCADE"))
    mentor_id: Mapped[int | None] = mapped_column(ForeignKey("mentors.id", ondelete="CASCADE"))
    locked_until: Mapped[datetime | None]
    created_at: Mapped[datetime]
