"""Delivering digests: the scheduled job (Telegram and/or email), and `digest` without
--dry-run from the command line."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.channels.telegram.rendering import split
from bot.config import Settings
from bot.mentors import mail
from bot.scheduling import jobs
from bot.scheduling.jobs import ClaimedJob
from bot.storage.models import Job, Mentor

if TYPE_CHECKING:
    from bot.app import App
    from bot.mentors.digest import Digests

log = logging.getLogger(__name__)
SendText = Callable[[int, str], Awaitable[None]]


class CannotDeliver(RuntimeError):
    pass


class DigestJobs:
    """The 'digest' job: send, mark sent, schedule the next one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], digests: Digests,
                 settings: Settings, send_text: SendText,
                 next_at: Callable[[datetime], datetime]) -> None:
        self.sessions = sessions
        self.digests = digests
        self.settings = settings
        self.send_text = send_text
        self.next_at = next_at

    async def digest(self, job: ClaimedJob) -> None:
        async with self.sessions() as session:
            mentor = await session.get(Mentor, job.mentor_id) if job.mentor_id else None
        if mentor is None:
            return
        await deliver(self.digests, self.settings, mentor, self.send_text)
        now = self.digests.clock()
        async with self.sessions.begin() as session:
            await jobs.schedule(session, "digest", self.next_at(now), now, mentor_id=mentor.id)


async def deliver(digests: Digests, settings: Settings, mentor: Mentor,
                  send_text: SendText) -> str:
    """Send by every way the school chose that this mentor can receive; mark it sent."""
    text = await digests.text_for(mentor)
    ways = digests.school.digest.by
    sent = False
    if "telegram" in ways and mentor.telegram_user_id is not None:
        for piece in split(text):
            await send_text(mentor.telegram_user_id, piece)
        sent = True
    if "email" in ways and mentor.email:
        subject = text.splitlines()[0].lstrip("📋 ").strip()
        await mail.send(settings, mentor.email, subject, text)
        sent = True
    if not sent:
        raise CannotDeliver(f"mentor {mentor.id} can receive no digest: enrolled in Telegram "
                            "or an email address (/email) is needed for the school's ways "
                            f"({', '.join(ways)})")
    await digests.mark_sent(mentor)
    return text


async def ensure_scheduled(session: AsyncSession, mentor_id: int, run_at: datetime,
                           now: datetime) -> None:
    """One pending digest job per mentor."""
    pending = await session.scalar(select(Job.id).where(
        Job.kind == "digest", Job.mentor_id == mentor_id, Job.status.in_(("pending", "running"))))
    if pending is None:
        await jobs.schedule(session, "digest", run_at, now, mentor_id=mentor_id)


async def deliver_now(core: App, digests: Digests, mentor: Mentor) -> str:
    """`loopbaanbot digest --mentor X`: send it now, as the schedule would."""
    from telegram import Bot

    settings = core.settings
    wants_telegram = "telegram" in digests.school.digest.by and mentor.telegram_user_id
    if wants_telegram and settings.telegram_token is None:
        raise CannotDeliver("sending by Telegram needs LOOPBAANBOT_TELEGRAM_TOKEN; use "
                            "--dry-run to print the digest")
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else "0:none"
    bot = Bot(token, base_url=settings.telegram_base_url or "https://api.telegram.org/bot")

    async def send_text(chat_id: int, text: str) -> None:
        async with bot:
            await bot.send_message(chat_id, text)

    return await deliver(digests, settings, mentor, send_text)
