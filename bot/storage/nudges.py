"""The reflection cycle's queries: who to nudge, which nudges and reminders are due, and the
claims that make each go out once across processes; retention."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import delete, func, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from bot.storage.inserts import insert_new
from bot.storage.models import Action, Contact, Conversation, Nudge, Student

# A student the bot can write to first: on a channel that sends (the console only answers),
# or by e-mail (web chat students). The notifier has the last word; this keeps the list short.
_REACHABLE = or_(Student.contacts.any(Contact.channel != "console"), Student.email.is_not(None))
_WITH_CONTACTS = selectinload(Student.contacts)  # the notifier reads them


async def to_nudge(session: AsyncSession, groups: list[str], since: datetime,
                   week_start: date, per_week: int) -> list[Student]:
    """Reachable students of these groups who did not complete a reflection since `since`
    and were nudged fewer than `per_week` times this week."""
    reflected = (select(Conversation.student_id)
                 .where(Conversation.ended_at >= since, Conversation.status == "completed"))
    nudged = (select(Nudge.student_id).where(Nudge.day >= week_start, Nudge.kind == "nudge")
              .group_by(Nudge.student_id).having(func.count() >= per_week))
    return list((await session.scalars(
        select(Student).where(Student.group_name.in_(groups), _REACHABLE,
                              Student.id.not_in(reflected), Student.id.not_in(nudged))
        .order_by(Student.id).options(_WITH_CONTACTS))).all())


async def claim_nudge(session: AsyncSession, student_id: int, day: date, kind: str,
                      at: datetime, sent: datetime | None = None) -> bool:
    """One nudge per student, day and kind, whichever process gets there first."""
    values = {"student_id": student_id, "day": day, "kind": kind, "at": at, "sent_at": sent}
    return await insert_new(session, Nudge, values, Nudge.id) is not None


async def answer_nudge(session: AsyncSession, student_id: int, day: date,
                       answer: str) -> None:
    await session.execute(update(Nudge).where(
        Nudge.student_id == student_id, Nudge.day == day, Nudge.kind == "nudge")
        .values(answer=answer))


async def later_due(session: AsyncSession, now: datetime) -> list[tuple[int, date, Student]]:
    """Nudges a student asked to have again later, now due: (nudge id, day, student)."""
    rows = await session.execute(
        select(Nudge.id, Nudge.day, Student).join(Student, Student.id == Nudge.student_id)
        .where(Nudge.kind == "later", Nudge.sent_at.is_(None), Nudge.at <= now)
        .options(_WITH_CONTACTS))
    return [(nudge_id, day, student) for nudge_id, day, student in rows.all()]


async def claim_later(session: AsyncSession, nudge_id: int, now: datetime) -> bool:
    claimed = await session.execute(update(Nudge).where(
        Nudge.id == nudge_id, Nudge.sent_at.is_(None)).values(sent_at=now)
        .returning(Nudge.id))
    return claimed.scalar() is not None


async def reminders_due(session: AsyncSession,
                        days: list[date]) -> list[tuple[int, str, Student]]:
    """Open actions due on these days, not yet reminded: (action id, text, student)."""
    rows = await session.execute(
        select(Action.id, Action.text, Student).join(Student, Student.id == Action.student_id)
        .where(Action.status == "open", Action.due.in_(days), Action.reminded_at.is_(None),
               _REACHABLE).options(_WITH_CONTACTS))
    return [(action_id, text, student) for action_id, text, student in rows.all()]


async def claim_reminder(session: AsyncSession, action_id: int, now: datetime) -> bool:
    claimed = await session.execute(update(Action).where(
        Action.id == action_id, Action.reminded_at.is_(None))
        .values(reminded_at=now).returning(Action.id))
    return claimed.scalar() is not None


async def forget_conversations_before(session: AsyncSession, cutoff: datetime) -> None:
    """Retention: conversations started before the cutoff are deleted."""
    await session.execute(delete(Conversation).where(Conversation.started_at < cutoff))
