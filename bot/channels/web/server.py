"""Serving the web chat with uvicorn, in the bot's own process."""

from __future__ import annotations

import logging

import uvicorn

from bot.app import App
from bot.channels.serving import Server
from bot.channels.web.app import WebChat, WebSettings
from bot.notify import EmailToMentors, EmailToStudents, MentorNotifier, StudentNotifier
from bot.scheduling.dispatcher import Dispatcher
from bot.scheduling.jobloop import job_loop
from bot.storage.database import sessions
from bot.students import StudentService

log = logging.getLogger(__name__)


def server(core: App) -> Server:
    settings = core.settings
    students = StudentService(sessions(core.database), core.reflection.clock)
    chat = WebChat(core.reflection, students, core.content.texts,
                   WebSettings(secure_cookies=settings.web_secure_cookies))
    return Server(uvicorn.Config(
        chat.app(), host=settings.web_listen, port=settings.web_port, log_level="warning",
        lifespan="off", proxy_headers=True, forwarded_allow_ips="127.0.0.1"))


def web_job_loop(core: App) -> Dispatcher:
    """Without Telegram: reminders to students, alerts and digests to mentors, by e-mail
    (mentors added with `loopbaanbot mentor add --email`). An alert no mentor can receive is
    tried again with growing waits, as when no mentor has enrolled yet."""
    texts = core.content.texts
    return job_loop(core, StudentNotifier([EmailToStudents(core.settings, texts)]),
                    MentorNotifier([EmailToMentors(core.settings, texts)]), None)


def announce(core: App) -> None:
    log.warning("Loopbaanbot web chat listening on http://%s:%s/", core.settings.web_listen,
                core.settings.web_port)
