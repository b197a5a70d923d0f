"""Delivering digests: the scheduled job, by the ways the school chose (a channel's send
function, and/or e-mail)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.logsafe import describe
from bot.mentors import mail
from bot.mentors.digest import Digests
from bot.storage import jobs
from bot.storage import mentors as stored_mentors
from bot.storage.jobs import ClaimedJob
from bot.storage.models import Mentor

log = logging.getLogger(__name__)
# Sends a digest by the chat channel, which splits long texts itself; False: it does not
# reach this mentor.
SendText = Callable[[Mentor, str], Awaitable[bool]]


class CannotDeliver(RuntimeError):
    pass


class DigestJobs:
    """The 'digest' job: send, mark sent, schedule the next one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], digests: Digests,
                 settings: Settings, send_text: SendText | None,
                 next_at: Callable[[datetime], datetime]) -> None:
        self.sessions = sessions
        self.digests = digests
        self.settings = settings
        self.send_text = send_text
        self.next_at = next_at

    async def digest(self, job: ClaimedJob) -> None:
        async with self.sessions() as session:
            mentor = await stored_mentors.by_id(session, job.mentor_id) if job.mentor_id else None
        if mentor is None:
            return
        try:
            await deliver(self.digests, self.settings, mentor, self.send_text)
        except Exception:
            # The job is tried again a few times; after the last the next digest is still
            # planned, so a mentor whose digest could not go out (no mail server yet) is not
            # dropped from the schedule for good.
            if job.attempts >= jobs.MAX_ATTEMPTS:
                await self._plan_next(mentor.id)
            raise
        await self._plan_next(mentor.id)

    async def _plan_next(self, mentor_id: int) -> None:
        now = self.digests.clock()
        async with self.sessions.begin() as session:
            await jobs.schedule(session, "digest", self.next_at(now), now, mentor_id=mentor_id)


async def deliver(digests: Digests, settings: Settings, mentor: Mentor,
                  send_text: SendText | None) -> str:
    """Send by every way the school chose that this mentor can receive (a mentor without
    Telegram, added with `mentor add --email`, by e-mail); mark it sent."""
    text = await digests.text_for(mentor)
    ways = digests.school.digest.by
    sent = False
    if "telegram" in ways and send_text is not None:
        sent = await send_text(mentor, text)
    by_email = "email" in ways or not mentor.contacts  # added by e-mail only
    if by_email and mentor.email:
        subject = text.splitlines()[0].lstrip("📋 ").strip()
        try:
            await mail.send(settings, mentor.email, subject, text)
            sent = True
        except Exception as exc:
            if not sent:
                raise  # the job tries again later
            # It reached them in the chat: sent, not again there on every retry of the mail.
            log.warning("mentor %s: digest sent in the chat, but not by e-mail\n%s",
                        mentor.id, describe(exc))
    if not sent:
        raise CannotDeliver(f"mentor {mentor.id} can receive no digest: enrolled in Telegram "
                            "or an email address (/email) is needed for the school's ways "
                            f"({', '.join(ways)})")
    await digests.mark_sent(mentor)
    return text
