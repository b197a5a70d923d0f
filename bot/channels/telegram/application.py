"""The python-telegram-bot Application: builder settings, handlers, commands, start-up."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.app import App
from bot.channels.telegram import CHANNEL, callbacks
from bot.channels.telegram.alert_copies import AlertCopies
from bot.channels.telegram.handlers import COMMANDS, ENGLISH_NAMES, TelegramHandlers
from bot.channels.telegram.limits import ChatRateLimiter
from bot.channels.telegram.mentor_handlers import MentorHandlers
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.rendering import buttons, split
from bot.config import Settings
from bot.mentors.delivery import CannotDeliver, deliver
from bot.mentors.digest import Digests
from bot.mentors.service import MentorService
from bot.mentors.staff import StaffAccess
from bot.notify import (
    Buttons,
    EmailToMentors,
    EmailToStudents,
    MentorNotifier,
    StudentNotifier,
)
from bot.scheduling.calendar import next_digest
from bot.scheduling.cycle import Cycle, cycle_of
from bot.scheduling.dispatcher import Dispatcher
from bot.scheduling.jobloop import job_loop
from bot.storage.database import sessions
from bot.storage.models import Mentor, Student
from bot.students import StudentService

log = logging.getLogger(__name__)
PTBApplication = Application[Any, Any, Any, Any, Any, Any]


def build(core: App, students: StudentService, token: str, webhook: bool,
          request: BaseRequest | None = None,
          limiter: ChatRateLimiter | None = None) -> PTBApplication:
    """An Application over the shared services; no ConversationHandler, no persistence.

    `request` replaces the HTTP client (tests and benchmarks use an offline Bot API)."""
    settings = core.settings
    ordering = PerChatUpdateProcessor()
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(ordering)
        # Telegram allows about 30 messages/s; at exactly 30 arrival jitter still draws 429s
        # (bench/digests.py: 107 of 1,000 at 30/s, none at 28/s).
        .rate_limiter(limiter or ChatRateLimiter(per_chat=4, period=4, overall_max_rate=28,
                                                 overall_time_period=1, max_retries=3)))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    elif not webhook:
        # On stopping, PTB asks for updates once more (to mark those fetched as read) on the
        # one connection of the long poll it just cancelled. On a busy machine that
        # connection came free after PTB's default of 1 s: the call failed with a traceback
        # in the log and the last updates could come again after a restart.
        builder = builder.get_updates_pool_timeout(10)
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url).base_file_url(
            settings.telegram_base_url.replace("/bot", "/file/bot"))
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    texts = core.content.texts
    schedule, zone = core.content.school.digest, settings.zone
    mentors = MentorService(students.sessions, core.reflection.clock,
                            lambda now: next_digest(now, schedule, zone))
    mentor_handlers = MentorHandlers(
        mentors, Digests(students.sessions, texts, core.content.school, settings.zone,
                         core.reflection.clock, core.content.calendar), texts, settings.zone,
        AlertCopies(application.bot, mentors, texts, zone),
        StaffAccess(students.sessions, core.reflection.clock), settings.web_url)
    TelegramHandlers(core.reflection, students, texts, settings.language,
                     mentor_handlers, cycle_for(core, application)).register(application)

    async def slow_down(chat_id: int) -> None:
        try:
            await application.bot.send_message(chat_id, texts.say(settings.language,
                                                                  "telegram.slow_down"))
        except TelegramError as exc:
            log.warning("could not ask a chat to slow down: %s", type(exc).__name__)

    ordering.on_overflow = slow_down
    return application


async def introduce(application: PTBApplication, core: App, students: StudentService) -> None:
    """Remember the bot's username (for invite links) and show its commands in Telegram."""
    await students.remember_username(application.bot.username)
    texts = core.content.texts
    try:
        await application.bot.set_my_commands(
            [BotCommand(name, texts.say("nl", f"telegram.commands.{name}")) for name in COMMANDS])
        await application.bot.set_my_commands(
            [BotCommand(ENGLISH_NAMES.get(name, name), texts.say("en", f"telegram.commands.{name}"))
             for name in COMMANDS], language_code="en")
    except TelegramError as exc:
        log.warning("could not register the bot's commands with Telegram: %s", exc)


def dispatcher(core: App, application: PTBApplication, interval: float = 2.0) -> Dispatcher:
    """The job loop of this bot process, sending by Telegram (and e-mail where Telegram does
    not reach someone)."""

    async def send_text(mentor: Mentor, text: str) -> bool:
        chat = mentor.address(CHANNEL)
        if chat is None:
            return False
        for piece in split(text):
            await application.bot.send_message(int(chat), piece)
        return True

    mentors = MentorNotifier([TelegramToPeople(application),
                              EmailToMentors(core.settings, core.content.texts)])
    copies = AlertCopies(application.bot,
                         MentorService(sessions(core.database), core.reflection.clock),
                         core.content.texts, core.settings.zone)
    return job_loop(core, students_notifier(core, application), mentors, send_text, interval,
                    handlers=copies.handlers)


def students_notifier(core: App, application: PTBApplication) -> StudentNotifier:
    return StudentNotifier([TelegramToPeople(application),
                            EmailToStudents(core.settings, core.content.texts)])


def cycle_for(core: App, application: PTBApplication) -> Cycle:
    """Nudges and reminders: by Telegram, or by e-mail to web chat students who gave one."""
    return cycle_of(core, students_notifier(core, application))


class TelegramToPeople:
    """The Telegram side of the notifier ports: students and mentors with a Telegram id."""

    name = CHANNEL

    def __init__(self, application: PTBApplication) -> None:
        self.application = application

    def reaches(self, person: Student | Mentor) -> bool:
        return person.address(CHANNEL) is not None

    async def send(self, person: Student | Mentor, text: str, rows: Buttons) -> str | None:
        """Send; the message's reference ("chat:message"), so an alert copy can be updated."""
        chat = person.address(CHANNEL)
        assert chat is not None
        sent = await self.application.bot.send_message(
            int(chat), text, reply_markup=buttons(callbacks.rows(rows))
            if rows else None)
        return f"{sent.chat_id}:{sent.message_id}"


async def send_digest_now(core: App, digests: Digests, mentor: Mentor) -> str:
    """`loopbaanbot digest --mentor X`: send it now, as the schedule would."""
    from telegram import Bot

    settings = core.settings
    wants_telegram = "telegram" in digests.school.digest.by and mentor.address(CHANNEL)
    if wants_telegram and settings.telegram_token is None:
        raise CannotDeliver("sending by Telegram needs LOOPBAANBOT_TELEGRAM_TOKEN; use "
                            "--dry-run to print the digest")
    token = settings.telegram_token.get_secret_value() if settings.telegram_token else "0:none"
    bot = Bot(token, base_url=settings.telegram_base_url or "https://api.telegram.org/bot")

    async def send_text(mentor: Mentor, text: str) -> bool:
        chat = mentor.address(CHANNEL)
        if chat is None:
            return False
        async with bot:
            for piece in split(text):
                await bot.send_message(int(chat), piece)
        return True

    return await deliver(digests, settings, mentor, send_text)


async def ask_username(settings: Settings) -> str | None:
    """The bot's username from Telegram (getMe), for invite links before the first run; None
    when there is no token or Telegram cannot be reached (said in the log)."""
    from telegram import Bot

    if settings.telegram_token is None:
        return None
    bot = Bot(settings.telegram_token.get_secret_value(),
              base_url=settings.telegram_base_url or "https://api.telegram.org/bot")
    try:
        async with bot:
            return bot.username
    except TelegramError as exc:
        log.warning("could not ask Telegram for the bot's username: %s", type(exc).__name__)
        return None
