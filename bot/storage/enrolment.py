"""Students who enrol with a code: invite codes, consent, erasure, handled updates."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from sqlalchemy import Table, delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import contacts
from bot.storage.inserts import insert_new
from bot.storage.models import (
    Flag,
    FlagEvent,
    FlagRecord,
    Invite,
    Mentor,
    MentorGroup,
    Meta,
    ProcessedUpdate,
    Student,
)

CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I/L: codes are typed by hand
CODE_LENGTH = 10


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


async def create_invites(session: AsyncSession, role: str, group: str, count: int,
                         now: datetime, names: list[str] | None = None) -> list[str]:
    """New codes; with `names`, one per name (an invite sheet), the name kept with it."""
    codes = [new_code() for _ in range(len(names) if names is not None else count)]
    session.add_all(Invite(code=c, role=role, group_name=group, created_at=now,
                           name=names[i] if names is not None else None)
                    for i, c in enumerate(codes))
    await session.flush()
    return codes


async def known_groups(session: AsyncSession) -> set[str]:
    """Every class the school has used: in codes, students and mentors' groups."""
    found: set[str] = set()
    for column in (Invite.group_name, Student.group_name, MentorGroup.group_name):
        found |= {g for g in (await session.scalars(select(column).distinct())).all() if g}
    return found


@dataclass(frozen=True)
class InviteRow:
    code: str
    role: str
    group: str
    name: str | None  # printed for
    created_at: datetime
    used_at: datetime | None
    used_by: str | None  # the student's or mentor's name (None: unused, or since deleted)


async def invites(session: AsyncSession, group: str | None = None,
                  code: str | None = None) -> list[InviteRow]:
    """Every code (of a group, or the one code), by group, role, then unused after used,
    then name."""
    query = (select(Invite, Student.name, Mentor.name)
             .outerjoin(Student, Student.id == Invite.student_id)
             .outerjoin(Mentor, Mentor.id == Invite.mentor_id)
             .order_by(Invite.group_name, Invite.role, Invite.used_at.is_(None),
                       Invite.name, Invite.created_at, Invite.code))
    if group is not None:
        query = query.where(func.lower(Invite.group_name) == group.strip().lower())
    if code is not None:
        query = query.where(Invite.code == code.strip().upper())
    return [InviteRow(i.code, i.role, i.group_name, i.name, i.created_at, i.used_at,
                      student or mentor)
            for i, student, mentor in (await session.execute(query)).all()]


async def revoke(session: AsyncSession, code: str) -> InviteRow | None:
    """Delete an unused code, so nobody can use it; a used one is left (the caller says
    so). None: no such code."""
    found = await invites(session, code=code)
    if not found:
        return None
    if found[0].used_at is None:
        await session.execute(delete(Invite).where(Invite.code == found[0].code))
    return found[0]


async def usable_invite(session: AsyncSession, code: str, lock: bool = False) -> Invite | None:
    """An unused invite with this code (codes are case-insensitive for the student)."""
    query = select(Invite).where(Invite.code == code.strip().upper(), Invite.used_at.is_(None))
    return await session.scalar(query.with_for_update() if lock else query)


async def enrol(session: AsyncSession, invite: Invite, contact: tuple[str, str] | None,
                name: str, language: str, now: datetime) -> Student:
    """The student agreed: make them (known on the channel they enrolled through, if it keeps
    contacts), and use up the code."""
    student = Student(name=name, group_name=invite.group_name, consented_at=now,
                      language=language, created_at=now)
    session.add(student)
    await session.flush()
    if contact is not None:
        await contacts.add(session, *contact, now, student=student)
    invite.used_at = now
    invite.student_id = student.id
    return student


async def erase(session: AsyncSession, student: Student, now: datetime) -> int:
    """Delete the student; their conversations, turns, answers, actions and flags cascade,
    and the name on the code they used is forgotten. Each flag leaves an anonymised record
    (FlagRecord); returns how many of them were still open."""
    flags = (await session.scalars(select(Flag).where(Flag.student_id == student.id))).all()
    handled = dict((await session.execute(
        select(FlagEvent.flag_id, FlagEvent.mentor_id)
        .where(FlagEvent.flag_id.in_([f.id for f in flags]),
               FlagEvent.kind.in_(("acknowledged", "resolved")))
        .order_by(FlagEvent.id))).all())
    session.add_all(FlagRecord(group_name=student.group_name, level=f.level, rule=f.rule,
                               reason=f.reason, raised_at=f.created_at, status=f.status,
                               acknowledged_at=f.acknowledged_at, resolved_at=f.resolved_at,
                               handled_by=handled.get(f.id), erased_at=now) for f in flags)
    await session.execute(update(Invite).where(Invite.student_id == student.id)
                          .values(name=None))
    await session.execute(delete(Student).where(Student.id == student.id))
    return sum(1 for f in flags if f.status != "resolved")


# How long an update id counts as handled. Telegram redelivers an unconfirmed update for up
# to a day; after a week without updates (a holiday) it may start its ids again, and an old
# id must then not swallow a new update.
UPDATE_WINDOW = timedelta(hours=48)


async def claim_update(session: AsyncSession, update_id: int, now: datetime) -> bool:
    """Mark a Telegram update handled, in the caller's transaction; False if it already was
    within the window (an id older than that is a new update that reuses it)."""
    if await insert_new(session, ProcessedUpdate, {"update_id": update_id, "created_at": now},
                        ProcessedUpdate.update_id) is not None:
        return True
    reused = await session.execute(
        update(ProcessedUpdate).where(ProcessedUpdate.update_id == update_id,
                                      ProcessedUpdate.created_at < now - UPDATE_WINDOW)
        .values(created_at=now, reply=None).returning(ProcessedUpdate.update_id))
    return reused.first() is not None


async def forget_old_updates(session: AsyncSession, now: datetime) -> int:
    """Handled updates older than the window are forgotten (the table does not grow)."""
    result = await session.execute(delete(ProcessedUpdate).where(
        ProcessedUpdate.created_at < now - UPDATE_WINDOW))
    return int(getattr(result, "rowcount", 0) or 0)


async def remember(session: AsyncSession, key: str, value: str) -> None:
    """Keep `value` under `key`, replacing what was kept: one statement, so two processes
    starting at once (each learning the bot's username) both get through, where a read and
    then an insert let the second fail on the first's row."""
    insert = (postgresql.insert if session.get_bind().dialect.name == "postgresql"
              else sqlite.insert)
    statement = insert(cast(Table, Meta.__table__)).values(key=key, value=value)
    await session.execute(statement.on_conflict_do_update(
        index_elements=[Meta.key], set_={"value": statement.excluded.value}))


async def recall(session: AsyncSession, key: str) -> str | None:
    row = await session.get(Meta, key)
    return row.value if row else None
