"""Signing in to the school's pages: one-time links and sessions (only token hashes are kept),
and the record of who viewed a student's page."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import delete, select, union, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import (
    Invite,
    Mentor,
    MentorGroup,
    PageView,
    StaffLink,
    StaffSession,
    Student,
)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def _issue(session: AsyncSession, kind: type[StaffLink] | type[StaffSession],
                 size: int, mentor_id: int, now: datetime, valid: timedelta) -> str:
    """A random token for the mentor, of which only the hash is stored, valid until then."""
    token = secrets.token_urlsafe(size)
    session.add(kind(token_hash=_hash(token), mentor_id=mentor_id, created_at=now,
                     expires_at=now + valid))
    await session.flush()
    return token


async def create_link(session: AsyncSession, mentor_id: int, now: datetime,
                      valid: timedelta) -> str:
    return await _issue(session, StaffLink, 24, mentor_id, now, valid)


async def link_mentor(session: AsyncSession, token: str, now: datetime) -> Mentor | None:
    """Whom an unused, unexpired link signs in (without using it up)."""
    found = await session.get(StaffLink, _hash(token))
    if found is None or found.used_at is not None or found.expires_at <= now:
        return None
    return await session.get(Mentor, found.mentor_id)


async def use_link(session: AsyncSession, token: str, now: datetime) -> int | None:
    """Use the link up; the mentor it signs in, or None when it is unknown, used or expired.
    One UPDATE decides, so two tabs opening the same link sign in once."""
    used = await session.execute(
        update(StaffLink).where(StaffLink.token_hash == _hash(token),
                                StaffLink.used_at.is_(None), StaffLink.expires_at > now)
        .values(used_at=now).returning(StaffLink.mentor_id))
    return used.scalar_one_or_none()


async def create_session(session: AsyncSession, mentor_id: int, now: datetime,
                         lifetime: timedelta) -> str:
    return await _issue(session, StaffSession, 32, mentor_id, now, lifetime)


async def session_mentor(session: AsyncSession, token: str, now: datetime) -> Mentor | None:
    found = await session.get(StaffSession, _hash(token))
    if found is None or found.expires_at <= now:
        return None
    return await session.get(Mentor, found.mentor_id)


async def end_session(session: AsyncSession, token: str) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.token_hash == _hash(token)))


async def forget_expired(session: AsyncSession, now: datetime) -> None:
    await session.execute(delete(StaffSession).where(StaffSession.expires_at <= now))
    await session.execute(delete(StaffLink).where(StaffLink.expires_at <= now))


async def record_view(session: AsyncSession, mentor_id: int, student_id: int, page: str,
                      now: datetime) -> None:
    session.add(PageView(mentor_id=mentor_id, student_id=student_id, page=page, at=now))


async def views_of(session: AsyncSession, student_id: int,
                   limit: int = 20) -> list[tuple[str, datetime]]:
    """Who viewed this student's page, newest first: (staff name, when)."""
    rows = await session.execute(
        select(Mentor.name, PageView.at).join(Mentor, Mentor.id == PageView.mentor_id)
        .where(PageView.student_id == student_id).order_by(PageView.at.desc()).limit(limit))
    return [(str(name), at) for name, at in rows.all()]


async def all_groups(session: AsyncSession) -> list[str]:
    """Every group the school has: of students, of mentors, of invite codes."""
    rows: Any = await session.execute(union(
        select(Student.group_name).where(Student.group_name.is_not(None)),
        select(MentorGroup.group_name), select(Invite.group_name)))
    return sorted({str(g) for (g,) in rows.all() if g})
