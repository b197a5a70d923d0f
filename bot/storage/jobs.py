"""Jobs in the database: scheduled in the caller's transaction, claimed atomically, leased."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import Job

LEASE = timedelta(minutes=5)  # a claimed job whose worker died is taken up again after this
MAX_ATTEMPTS = 5


@dataclass(frozen=True)
class ClaimedJob:
    id: int
    kind: str
    attempts: int
    flag_id: int | None = None
    mentor_id: int | None = None


async def schedule(session: AsyncSession, kind: str, run_at: datetime, now: datetime,
                   flag_id: int | None = None, mentor_id: int | None = None) -> None:
    """Add a job in the caller's transaction: it exists exactly when what caused it does."""
    session.add(Job(kind=kind, run_at=run_at, status="pending", attempts=0, flag_id=flag_id,
                    mentor_id=mentor_id, created_at=now))


def _due(now: datetime) -> ColumnElement[bool]:
    return or_(and_(Job.status == "pending", Job.run_at <= now),
               and_(Job.status == "running", Job.locked_until < now))


async def claim_due(sessions: async_sessionmaker[AsyncSession], now: datetime,
                    kinds: Collection[str], limit: int = 20) -> list[ClaimedJob]:
    """Take due jobs of these kinds (the ones this process can run). Each is claimed by a
    conditional UPDATE, so two processes polling at once never both get the same job (on
    SQLite and PostgreSQL). Jobs of other kinds wait for a process that runs them."""
    if not kinds:
        return []
    async with sessions() as session:
        candidates = (await session.scalars(
            select(Job.id).where(_due(now), Job.kind.in_(sorted(kinds)))
            .order_by(Job.run_at, Job.id).limit(limit))).all()
    claimed = []
    for job_id in candidates:
        async with sessions.begin() as session:
            result = await session.execute(
                update(Job).where(Job.id == job_id, _due(now))
                .values(status="running", locked_until=now + LEASE, attempts=Job.attempts + 1)
                .returning(Job.kind, Job.attempts, Job.flag_id, Job.mentor_id))
            row = result.first()
            if row is not None:
                claimed.append(ClaimedJob(job_id, row.kind, row.attempts, row.flag_id,
                                          row.mentor_id))
    return claimed


async def finish(sessions: async_sessionmaker[AsyncSession], job: ClaimedJob, ok: bool,
                 now: datetime) -> None:
    """Done; or back in the queue with a growing wait; or failed after MAX_ATTEMPTS."""
    if ok:
        values: dict[str, object] = {"status": "done", "locked_until": None}
    elif job.attempts >= MAX_ATTEMPTS:
        values = {"status": "failed", "locked_until": None}
    else:
        values = {"status": "pending", "locked_until": None,
                  "run_at": now + timedelta(minutes=2 ** job.attempts)}
    async with sessions.begin() as session:
        await session.execute(update(Job).where(Job.id == job.id).values(**values))


async def schedule_once(session: AsyncSession, kind: str, run_at: datetime, now: datetime,
                        mentor_id: int) -> None:
    """One pending job of this kind per mentor (the digest)."""
    pending = await session.scalar(select(Job.id).where(
        Job.kind == kind, Job.mentor_id == mentor_id, Job.status.in_(("pending", "running"))))
    if pending is None:
        await schedule(session, kind, run_at, now, mentor_id=mentor_id)
