"""The python-telegram-bot Application: builder settings, handlers, commands, start-up."""

from __future__ import annotations

import logging
from typing import Any

from telegram import BotCommand
from telegram.error import TelegramError
from telegram.ext import Application, ApplicationBuilder
from telegram.request import BaseRequest

from bot.app import App
from bot.channels.telegram.handlers import COMMANDS, ENGLISH_NAMES, TelegramHandlers
from bot.channels.telegram.limits import ChatRateLimiter
from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.students import StudentService

log = logging.getLogger(__name__)
PTBApplication = Application[Any, Any, Any, Any, Any, Any]


def build(core: App, students: StudentService, token: str, webhook: bool,
          request: BaseRequest | None = None,
          limiter: ChatRateLimiter | None = None) -> PTBApplication:
    """An Application over the shared services; no ConversationHandler, no persistence.

    `request` replaces the HTTP client (tests and benchmarks use an offline Bot API)."""
    settings = core.settings
    builder: ApplicationBuilder[Any, Any, Any, Any, Any, Any] = (
        ApplicationBuilder()
        .token(token)
        .concurrent_updates(PerChatUpdateProcessor())
        .rate_limiter(limiter or ChatRateLimiter(per_chat=4, period=4, overall_max_rate=30,
                                                 overall_time_period=1, max_retries=3)))
    if request is not None:
        builder = builder.request(request).get_updates_request(request)
    if settings.telegram_base_url:
        builder = builder.base_url(settings.telegram_base_url).base_file_url(
            settings.telegram_base_url.replace("/bot", "/file/bot"))
    if webhook:
        builder = builder.updater(None)
    application = builder.build()
    TelegramHandlers(core.reflection, students, core.content.texts,
                     settings.language).register(application)
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
