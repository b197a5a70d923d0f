"""`loopbaanbot run`: the bot with long polling, or as a webhook server."""

from __future__ import annotations

import asyncio
import logging
from urllib.parse import urlparse

import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine
from telegram import Update

from bot.app import open_app, prepare_to_serve
from bot.channels.serving import Server, cancelled, stop_signal, until_stopped
from bot.channels.telegram.application import PTBApplication, build, dispatcher, introduce
from bot.channels.telegram.webhook import web_app
from bot.channels.web.server import announce, web_job_loop
from bot.channels.web.server import server as web_chat_server
from bot.config import Settings
from bot.storage.database import sessions
from bot.students import StudentService

log = logging.getLogger(__name__)


class NotConfigured(ValueError):
    """A setting the chosen mode needs is missing."""


def check(settings: Settings, webhook: bool, web: bool = False) -> None:
    """Fail before starting anything when a needed setting is missing, saying which."""
    if settings.telegram_token is None and web and not webhook:
        return  # the web chat alone
    if settings.telegram_token is None:
        raise NotConfigured("set LOOPBAANBOT_TELEGRAM_TOKEN to the token @BotFather gave you, "
                            "or use --web to serve only the web chat")
    if webhook and not settings.webhook_url:
        raise NotConfigured("--webhook needs LOOPBAANBOT_WEBHOOK_URL, the public https URL "
                            "Telegram posts to (e.g. https://bot.school.nl/telegram)")
    if webhook and settings.webhook_secret is None:
        raise NotConfigured("--webhook needs LOOPBAANBOT_WEBHOOK_SECRET (16+ characters "
                            "A-Z a-z 0-9 _ -)")


async def run(settings: Settings, webhook: bool, web: bool = False) -> None:
    """Serve until SIGINT or SIGTERM, then close everything in order and return (exit 0):
    servers finish their requests, the job loop stops, Telegram and the database close."""
    check(settings, webhook, web)
    stop = stop_signal()
    async with open_app(settings) as core:
        prepare_to_serve(core)  # dictionaries, patterns, then short collections
        chat = [web_chat_server(core)] if web or settings.telegram_token is None else []
        if chat:
            announce(core)
        if settings.telegram_token is None:  # the web chat alone
            log.warning("no Telegram token: alerts, digests and reminders go by e-mail only "
                        "(LOOPBAANBOT_SMTP_HOST); give mentors an address with 'loopbaanbot "
                        "mentor add --email'")
            jobs = asyncio.create_task(web_job_loop(core).run_forever())
            try:
                await until_stopped(stop, chat)
            finally:
                await cancelled(jobs)
            return
        students = StudentService(sessions(core.database), core.reflection.clock)
        application = build(core, students, settings.telegram_token.get_secret_value(), webhook)
        async with application:
            await application.start()
            await introduce(application, core, students)
            jobs = asyncio.create_task(dispatcher(core, application).run_forever())
            try:
                if webhook:
                    hook = await _webhook_server(settings, application, core.database)
                    await until_stopped(stop, [hook, *chat])
                else:
                    await _start_polling(settings, application)
                    await until_stopped(stop, chat)
                    assert application.updater is not None
                    await application.updater.stop()
            finally:
                await cancelled(jobs)
                await application.stop()


async def _start_polling(settings: Settings, application: PTBApplication) -> None:
    assert application.updater is not None
    await application.updater.start_polling(poll_interval=settings.telegram_poll_interval,
                                            allowed_updates=Update.ALL_TYPES)
    log.warning("Loopbaanbot is running with long polling as @%s", application.bot.username)


async def _webhook_server(settings: Settings, application: PTBApplication,
                          database: AsyncEngine) -> Server:
    assert settings.webhook_url is not None and settings.webhook_secret is not None
    secret = settings.webhook_secret.get_secret_value()
    path = urlparse(settings.webhook_url).path or "/"
    await application.bot.set_webhook(settings.webhook_url, secret_token=secret,
                                      allowed_updates=Update.ALL_TYPES)
    log.warning("Loopbaanbot webhook listening on %s:%s%s", settings.webhook_listen,
                settings.webhook_port, path)
    return Server(uvicorn.Config(
        web_app(application, secret, path, database), host=settings.webhook_listen,
        port=settings.webhook_port, log_level="warning", lifespan="off"))
