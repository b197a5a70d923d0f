"""Every Telegram copy of a flag's alert, kept in step with who picked the flag up.

An alert goes to each of the student's mentors (and, escalated, to the coordinators): several
copies of one message. Once someone picks the flag up, every other copy loses its button and
gets a reply saying who did. Picked up in Telegram, the button's handler does it at once; on
the school's pages (or by resolving an open flag), a durable job does it in the process that
runs Telegram (`PICKED_UP`): a process with the web pages alone does not claim that job.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from telegram import Bot
from telegram.error import TelegramError

from bot.core.texts import Texts
from bot.mentors.service import PICKED_UP, Acknowledged, MentorService
from bot.storage.jobs import ClaimedJob

log = logging.getLogger(__name__)


class AlertCopies:
    def __init__(self, bot: Bot, mentors: MentorService, texts: Texts, zone: ZoneInfo) -> None:
        self.bot = bot
        self.mentors = mentors
        self.texts = texts
        self.zone = zone

    @property
    def handlers(self) -> dict[str, Callable[[ClaimedJob], Awaitable[None]]]:
        """The job kinds this handles, for the job loop of the process that runs Telegram."""
        return {PICKED_UP: self.picked_up}

    async def picked_up(self, job: ClaimedJob) -> None:
        """The job: the flag was picked up elsewhere; every copy says so."""
        done = await self.mentors.picked_up(job.flag_id) if job.flag_id else None
        if done is not None:  # None: the student deleted their data since
            await self.update(done)

    async def update(self, done: Acknowledged, skip: str = "") -> None:
        """Every copy of the alert but `skip` (the one just pressed, "chat:message"): its
        button goes, and a reply under it says who picked it up. A copy that cannot be
        changed (a deleted chat, a blocked bot) is left, and the others still are."""
        for ref, lang in done.copies:
            if ref == skip:
                continue
            chat, _, message = ref.partition(":")
            try:
                await self.bot.edit_message_reply_markup(int(chat), int(message),
                                                         reply_markup=None)
                await self.bot.send_message(int(chat), self.stamp(done, lang),
                                            reply_to_message_id=int(message))
            except (TelegramError, ValueError) as exc:
                log.warning("could not update a copy of an alert: %s", type(exc).__name__)

    def stamp(self, done: Acknowledged, lang: str) -> str:
        """"Picked up by X (time)", in the reader's language."""
        return self.texts.say(lang, "mentor.acknowledged", name=done.by,
                              time=self.when(done.at))

    def when(self, moment: datetime) -> str:
        return moment.astimezone(self.zone).strftime("%d-%m %H:%M")
