"""Web chat sessions: a random token in an HTTP-only cookie, only its hash in the database."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import WebSession

LIFETIME = timedelta(days=120)  # a school year's internship, then sign in again with a code
SEEN_EVERY = timedelta(minutes=5)  # last_seen_at is written at most this often


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def create(session: AsyncSession, student_id: int, now: datetime) -> str:
    """A new session for the student; the token goes in the cookie and nowhere else."""
    token = secrets.token_urlsafe(32)
    session.add(WebSession(token_hash=_hash(token), student_id=student_id, created_at=now,
                           last_seen_at=now))
    await session.flush()
    return token


async def student_of(session: AsyncSession, token: str, now: datetime) -> int | None:
    """The student this token signs in, while the session lasts."""
    found = await session.get(WebSession, _hash(token))
    if found is None or now - found.last_seen_at > LIFETIME:
        return None
    if now - found.last_seen_at > SEEN_EVERY:
        await session.execute(update(WebSession).where(WebSession.token_hash == found.token_hash)
                              .values(last_seen_at=now))
    return found.student_id


async def end(session: AsyncSession, token: str) -> None:
    await session.execute(delete(WebSession).where(WebSession.token_hash == _hash(token)))


async def count(session: AsyncSession, student_id: int) -> int:
    return len((await session.scalars(
        select(WebSession.token_hash).where(WebSession.student_id == student_id))).all())
