"""Mentors and what they may see: who they are, their groups, a student's recent history,
the rows of a digest, who hears about a flag (the flags themselves: bot/storage/flags.py).
Which groups a mentor may see is the service's rule; these queries take the groups (None:
every group, for a coordinator)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Action,
    Answer,
    Contact,
    Conversation,
    Flag,
    FlagEvent,
    FlagRecord,
    Invite,
    Mentor,
    MentorGroup,
    Student,
)


async def matching(session: AsyncSession, who: str) -> list[Mentor]:
    """Mentors by a contact's address on any channel (a Telegram id), else every mentor
    whose name contains `who` (any part, any case), by name."""
    who = " ".join(who.split())
    found = await session.scalar(select(Mentor).join(Contact, Contact.mentor_id == Mentor.id)
                                 .where(Contact.address == who).limit(1))
    if found is not None:
        return [found]
    return list((await session.scalars(select(Mentor).where(
        func.lower(Mentor.name).contains(who.lower(), autoescape=True))
        .order_by(Mentor.name, Mentor.id))).all())


async def by_email(session: AsyncSession, email: str) -> Mentor | None:
    return await session.scalar(select(Mentor).where(func.lower(Mentor.email) == email.lower()))


async def by_id(session: AsyncSession, mentor_id: int) -> Mentor | None:
    return await session.get(Mentor, mentor_id)


async def add(session: AsyncSession, name: str, language: str, coordinator: bool,
              now: datetime, email: str | None = None) -> Mentor:
    """A new mentor (or coordinator), with their id."""
    mentor = Mentor(name=name, email=email, language=language, coordinator=coordinator,
                    created_at=now)
    session.add(mentor)
    await session.flush()
    return mentor


async def add_group(session: AsyncSession, mentor: Mentor, group: str) -> None:
    """Give the mentor this group, unless they have it."""
    if await session.get(MentorGroup, (mentor.id, group)) is None:
        session.add(MentorGroup(mentor_id=mentor.id, group_name=group))


async def everyone(session: AsyncSession) -> list[tuple[Mentor, list[str]]]:
    """Every mentor and coordinator with their groups, by name."""
    mentors = (await session.scalars(select(Mentor).order_by(Mentor.name, Mentor.id))).all()
    groups: dict[int, list[str]] = {m.id: [] for m in mentors}
    for mentor_id, group in (await session.execute(
            select(MentorGroup.mentor_id, MentorGroup.group_name)
            .order_by(MentorGroup.group_name))).all():
        groups[mentor_id].append(group)
    return [(m, groups[m.id]) for m in mentors]


async def groups_of(session: AsyncSession, mentor: Mentor) -> list[str]:
    return list((await session.scalars(select(MentorGroup.group_name).where(
        MentorGroup.mentor_id == mentor.id))).all())


def _students(groups: list[str] | None) -> Select[Any]:
    query = select(Student)
    return query if groups is None else query.where(Student.group_name.in_(groups))


async def students_in(session: AsyncSession, groups: list[str] | None) -> list[Student]:
    found = await session.scalars(_students(groups).order_by(Student.name))
    return [student for student in found.all() if isinstance(student, Student)]


async def student_named(session: AsyncSession, name: str,
                        groups: list[str] | None) -> Student | None:
    """The first student whose name starts with `name`, in these groups."""
    query = _students(groups).where(Student.name.ilike(f"{name.strip()}%"))
    found = await session.scalar(query.order_by(Student.name).limit(1))
    return found if isinstance(found, Student) else None


@dataclass(frozen=True)
class History:
    """A student's recent conversations (newest first, each with its answers), actions and
    flags."""

    conversations: list[tuple[Conversation, list[Answer]]]
    actions: list[Action]
    flags: list[Flag]


async def history(session: AsyncSession, student_id: int, since: datetime | None = None,
                  conversations: int = 10, actions: int = 5, flags: int = 5) -> History:
    query = select(Conversation).where(Conversation.student_id == student_id)
    if since is not None:
        query = query.where(Conversation.started_at >= since)
    found = (await session.scalars(
        query.order_by(Conversation.started_at.desc()).limit(conversations))).all()
    answers: dict[int, list[Answer]] = {c.id: [] for c in found}
    for answer in (await session.scalars(select(Answer).where(
            Answer.conversation_id.in_(list(answers))).order_by(Answer.id))).all():
        answers[answer.conversation_id].append(answer)
    return History(
        [(c, answers[c.id]) for c in found],
        list((await session.scalars(select(Action).where(Action.student_id == student_id)
                                    .order_by(Action.due.desc()).limit(actions))).all()),
        list((await session.scalars(select(Flag).where(Flag.student_id == student_id)
                                    .order_by(Flag.created_at.desc()).limit(flags))).all()))


@dataclass(frozen=True)
class Period:
    """What a digest reads about these students between two moments, and what it needs from
    before: when each last reflected, their moods over the last weeks, where they are stuck."""

    open_flags: list[Flag]
    conversations: list[Conversation]
    answers: list[Answer]
    actions: list[Action]
    last_reflected: dict[int, datetime]  # student id -> end of their latest reflection
    moods: list[tuple[int, datetime, str]]  # (student, when, mood) of recent reflections
    in_progress: dict[int, datetime]  # student id -> when their open conversation last moved
    resolved: list[tuple[Flag, str | None]]  # resolved in the period, by whom
    competencies: dict[str, int]  # conversations per competency since `month_start`


async def period(session: AsyncSession, student_ids: list[int], since: datetime,
                 until: datetime, trend_since: datetime | None = None,
                 month_start: datetime | None = None) -> Period:
    open_ = (await session.scalars(select(Flag).where(
        Flag.student_id.in_(student_ids), Flag.status != "resolved")
        .order_by(Flag.created_at))).all()
    conversations = (await session.scalars(select(Conversation).where(
        Conversation.student_id.in_(student_ids), Conversation.started_at >= since,
        Conversation.started_at < until).order_by(Conversation.started_at))).all()
    answers = (await session.scalars(select(Answer).where(
        Answer.conversation_id.in_([c.id for c in conversations])).order_by(Answer.id))).all()
    actions = (await session.scalars(select(Action).where(
        Action.student_id.in_(student_ids)).order_by(Action.due))).all()
    completed = (Conversation.student_id.in_(student_ids), Conversation.status == "completed")
    last = dict((await session.execute(
        select(Conversation.student_id, func.max(Conversation.ended_at))
        .where(*completed).group_by(Conversation.student_id))).all())
    moods = (await session.execute(
        select(Conversation.student_id, Conversation.ended_at, Answer.text)
        .join(Answer, Answer.conversation_id == Conversation.id)
        .where(*completed, Answer.kind == "mood",
               Conversation.ended_at >= (trend_since or since))
        .order_by(Conversation.ended_at))).all()
    in_progress = dict((await session.execute(
        select(Conversation.student_id, Conversation.updated_at).where(
            Conversation.student_id.in_(student_ids), Conversation.status == "active",
            Conversation.turns > 1)))  # the student answered at least once
        .all())
    resolved = (await session.execute(
        select(Flag, Mentor.name)
        .outerjoin(FlagEvent, (FlagEvent.flag_id == Flag.id) & (FlagEvent.kind == "resolved"))
        .outerjoin(Mentor, Mentor.id == FlagEvent.mentor_id)
        .where(Flag.student_id.in_(student_ids), Flag.status == "resolved",
               Flag.resolved_at >= since, Flag.resolved_at < until)
        .order_by(Flag.resolved_at))).all()
    covered = dict((await session.execute(
        select(Answer.competency, func.count(func.distinct(Answer.conversation_id)))
        .join(Conversation, Conversation.id == Answer.conversation_id)
        .where(*completed, Answer.competency.is_not(None),
               Conversation.ended_at >= (month_start or since))
        .group_by(Answer.competency))).all())
    return Period(list(open_), list(conversations), list(answers), list(actions),
                  {k: v for k, v in last.items() if v is not None},
                  [(sid, at, mood) for sid, at, mood in moods if at is not None],
                  in_progress, [(f, by) for f, by in resolved],
                  {str(k): int(v) for k, v in covered.items()})


async def erased_open(session: AsyncSession, groups: list[str] | None, since: datetime,
                      until: datetime) -> list[FlagRecord]:
    """Flags that were still open when their student deleted their data, in this period."""
    query = select(FlagRecord).where(FlagRecord.status != "resolved",
                                     FlagRecord.erased_at >= since, FlagRecord.erased_at <= until)
    if groups is not None:
        query = query.where(FlagRecord.group_name.in_(groups))
    return list((await session.scalars(query.order_by(FlagRecord.erased_at))).all())


async def never_started(session: AsyncSession, groups: list[str] | None) -> list[tuple[str, str]]:
    """(name, group) of students an invite sheet was printed for who never used their code."""
    query = select(Invite.name, Invite.group_name).where(
        Invite.role == "student", Invite.used_at.is_(None), Invite.name.is_not(None))
    if groups is not None:
        query = query.where(Invite.group_name.in_(groups))
    return [(str(n), g) for n, g in (await session.execute(query.order_by(Invite.name))).all()]


async def recipients(session: AsyncSession, flag: Flag, escalate: bool) -> list[Mentor]:
    """Who hears about a flag: the student's mentors; the coordinators when escalating or
    when no mentor has the student's group."""
    student = await session.get(Student, flag.student_id)
    coordinators = (await session.scalars(select(Mentor).where(Mentor.coordinator))).all()
    if escalate or student is None:
        return list(coordinators)
    mentors = (await session.scalars(
        select(Mentor).join(MentorGroup, MentorGroup.mentor_id == Mentor.id)
        .where(MentorGroup.group_name == student.group_name))).all()
    return list(mentors) or list(coordinators)
