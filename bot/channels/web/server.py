"""Serving the web chat with uvicorn, in the bot's own process."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import App
from bot.channels.web.app import WebChat, WebSettings
from bot.notify import EmailToStudents, StudentNotifier
from bot.scheduling.cycle import cycle_of
from bot.scheduling.dispatcher import Dispatcher
from bot.storage.database import sessions
from bot.students import StudentService

log = logging.getLogger(__name__)


def server(core: App) -> uvicorn.Server:
    settings = core.settings
    students = StudentService(sessions(core.database), core.reflection.clock)
    chat = WebChat(core.reflection, students, core.content.texts,
                   WebSettings(secure_cookies=settings.web_secure_cookies))
    return uvicorn.Server(uvicorn.Config(
        chat.app(), host=settings.web_listen, port=settings.web_port, log_level="warning",
        lifespan="off", proxy_headers=True, forwarded_allow_ips="127.0.0.1"))


def job_loop(core: App) -> Dispatcher:
    """Without Telegram: nudges and reminders by e-mail, flags kept on disk stored. Alerts to
    mentors wait in the queue for a process with Telegram (mentors enrol there)."""

    async def drain() -> int:
        spool = core.reflection.spool
        return await spool.drain(sessions(core.database)) if spool else 0

    notify = StudentNotifier([EmailToStudents(core.settings, core.content.texts)])
    return Dispatcher(sessions(core.database), {}, core.reflection.clock,
                      ticks=[cycle_of(core, notify).tick, drain])


async def serve(core: App) -> None:
    web = server(core)
    log.warning("Loopbaanbot web chat listening on http://%s:%s/", core.settings.web_listen,
                core.settings.web_port)
    await web.serve()
