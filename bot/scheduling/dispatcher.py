"""Runs due jobs: a loop in each bot process; the database decides who runs what."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.logsafe import describe
from bot.storage.jobs import ClaimedJob, claim_due, finish

log = logging.getLogger(__name__)
Handler = Callable[[ClaimedJob], Awaitable[None]]


class Dispatcher:
    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 handlers: Mapping[str, Handler], clock: Callable[[], datetime],
                 interval: float = 2.0,
                 ticks: Sequence[Callable[[], Awaitable[int]]] = ()) -> None:
        self.sessions = sessions
        self.handlers = handlers
        self.clock = clock
        self.interval = interval
        self.ticks = tuple(ticks)

    async def run_once(self) -> int:
        """Run every job that is due now, and the periodic ticks; returns how much ran."""
        done = 0
        for tick in self.ticks:
            done += await tick()
        jobs = await claim_due(self.sessions, self.clock(), self.handlers.keys())
        for job in jobs:
            handler = self.handlers.get(job.kind)
            try:
                if handler is None:
                    raise LookupError(f"no handler for job kind '{job.kind}'")
                await handler(job)
            except Exception as exc:
                log.error("job %s (%s) failed, attempt %s\n%s", job.id, job.kind, job.attempts,
                          describe(exc))
                await finish(self.sessions, job, False, self.clock())
            else:
                await finish(self.sessions, job, True, self.clock())
        return done + len(jobs)

    async def run_forever(self) -> None:
        while True:
            try:
                await self.run_once()
            except Exception as exc:  # the database may be away for a moment
                log.error("the job loop hit a problem; trying again\n%s", describe(exc))
            await asyncio.sleep(self.interval)
