"""Flags for a mentor: raised (with their alert job), looked up, picked up and resolved, who
did so, and the copies of their alerts. Which groups a mentor may see is the service's rule;
these queries take the groups (None: every group, for a coordinator)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.conversation import FlagRaised
from bot.storage import jobs
from bot.storage.models import Flag, FlagEvent, Mentor, Student


async def add_flags(session: AsyncSession, student_id: int, conversation_id: int | None,
                    turn_id: int | None, flags: list[FlagRaised], now: datetime) -> None:
    """Flags for a mentor, with the rule that fired and the turn it fired on. Urgent flags and
    requests for the mentor get an alert job in the same transaction."""
    for flag in flags:
        reason = flag.reason.get("nl") or next(iter(flag.reason.values()), flag.rule)
        row = Flag(student_id=student_id, conversation_id=conversation_id, turn_id=turn_id,
                   level=flag.level, reason=reason[:200], rule=flag.rule, status="open",
                   created_at=now)
        session.add(row)
        await session.flush()
        if flag.level == "urgent" or flag.action == "mentor_request":
            await jobs.schedule(session, "alert", now, now, flag_id=row.id)


async def has_open_flag(session: AsyncSession, student_id: int, rule: str) -> bool:
    """The student has a flag of this rule that no mentor resolved yet."""
    return await session.scalar(select(Flag.id).where(
        Flag.student_id == student_id, Flag.rule == rule, Flag.status != "resolved")
        .limit(1)) is not None


async def open_flags(session: AsyncSession,
                     groups: list[str] | None) -> list[tuple[Flag, Student]]:
    query = (select(Flag, Student).join(Student, Student.id == Flag.student_id)
             .where(Flag.status != "resolved"))
    if groups is not None:
        query = query.where(Student.group_name.in_(groups))
    return [(flag, student) for flag, student in (await session.execute(query)).all()]


async def first_acknowledger(session: AsyncSession, flag_id: int) -> Mentor | None:
    """Who picked the flag up first (the one who counts)."""
    return await session.scalar(
        select(Mentor).join(FlagEvent, FlagEvent.mentor_id == Mentor.id)
        .where(FlagEvent.flag_id == flag_id, FlagEvent.kind == "acknowledged")
        .order_by(FlagEvent.at, FlagEvent.id).limit(1))


async def pick_up(session: AsyncSession, flag_id: int, now: datetime) -> bool:
    """Mark an open flag picked up; False when it was not open (any more). One conditional
    UPDATE decides, so two mentors at once (or a form sent twice) pick it up once."""
    done = await session.execute(
        update(Flag).where(Flag.id == flag_id, Flag.status == "open")
        .values(status="acknowledged", acknowledged_at=now).returning(Flag.id)
        .execution_options(synchronize_session=False))
    return done.first() is not None


async def resolve(session: AsyncSession, flag_id: int, now: datetime) -> bool:
    """Mark a flag resolved (and picked up, if nobody had); False when it was resolved
    already. One conditional UPDATE decides, as for `pick_up`."""
    done = await session.execute(
        update(Flag).where(Flag.id == flag_id, Flag.status != "resolved")
        .values(status="resolved", resolved_at=now,
                acknowledged_at=func.coalesce(Flag.acknowledged_at, now))
        .returning(Flag.id).execution_options(synchronize_session=False))
    return done.first() is not None


async def resolver(session: AsyncSession, flag_id: int) -> Mentor | None:
    """Who resolved the flag (the first resolution counts)."""
    return await session.scalar(
        select(Mentor).join(FlagEvent, FlagEvent.mentor_id == Mentor.id)
        .where(FlagEvent.flag_id == flag_id, FlagEvent.kind == "resolved")
        .order_by(FlagEvent.at, FlagEvent.id).limit(1))


async def acknowledgers(session: AsyncSession, flag_ids: list[int]) -> dict[int, str]:
    """flag id -> the name of who picked it up first, for the flags picked up."""
    rows = await session.execute(
        select(FlagEvent.flag_id, Mentor.name)
        .join(Mentor, Mentor.id == FlagEvent.mentor_id)
        .where(FlagEvent.flag_id.in_(flag_ids), FlagEvent.kind == "acknowledged")
        .order_by(FlagEvent.at.desc(), FlagEvent.id.desc()))
    return {flag_id: str(name) for flag_id, name in rows.all()}  # the earliest wins


async def alert_copies(session: AsyncSession, flag_id: int) -> list[tuple[str, str]]:
    """Every copy of the flag's alerts that a channel can still update: (message reference,
    the recipient's language)."""
    rows = await session.execute(
        select(FlagEvent.message_ref, Mentor.language)
        .join(Mentor, Mentor.id == FlagEvent.mentor_id)
        .where(FlagEvent.flag_id == flag_id, FlagEvent.kind.in_(("alerted", "escalated")),
               FlagEvent.message_ref.is_not(None)))
    return [(ref, language) for ref, language in rows.all() if ref]


async def by_id(session: AsyncSession, flag_id: int) -> Flag | None:
    return await session.get(Flag, flag_id)


async def reread(session: AsyncSession, flag: Flag) -> None:
    """The flag as stored now (a conditional UPDATE above went past the session)."""
    await session.refresh(flag)


async def add_event(session: AsyncSession, flag_id: int, kind: str, mentor_id: int,
                    at: datetime, note: str | None = None,
                    message_ref: str | None = None) -> None:
    """What happened to a flag, by whom: alerted, escalated, acknowledged, resolved."""
    session.add(FlagEvent(flag_id=flag_id, kind=kind, mentor_id=mentor_id, note=note,
                          message_ref=message_ref, at=at))
    await session.flush()
