"""Serving the web chat with uvicorn, in the bot's own process."""

from __future__ import annotations

import logging

import uvicorn
from starlette.routing import BaseRoute

from bot.app import App
from bot.channels.serving import Server
from bot.channels.web.app import WebChat, WebSettings
from bot.channels.web.school.admin import AdminPages
from bot.channels.web.school.analytics import AnalyticsPages
from bot.channels.web.school.app import SchoolWeb, SchoolWebSettings
from bot.channels.web.school.classes import ClassPages
from bot.mentors.school_pages import SchoolPages
from bot.mentors.staff import StaffAccess
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
        chat.app(school_pages(core)), host=settings.web_listen, port=settings.web_port,
        log_level="warning", lifespan="off", proxy_headers=True, forwarded_allow_ips="127.0.0.1"))


def school_pages(core: App) -> list[BaseRoute]:
    """The school's pages under /school, for mentors, coordinators and the administrator."""
    access = StaffAccess(sessions(core.database), core.reflection.clock)
    web = SchoolWeb(access, core.content.texts, core.settings,
                    SchoolWebSettings(secure_cookies=core.settings.web_secure_cookies))
    clock = core.reflection.clock
    figures = SchoolPages(sessions(core.reading), core.settings.zone, core.content.calendar,
                          clock)  # long reads, beside the students' turns (see create_reader)
    return web.routes([*ClassPages(web, core).routes(),
                       *AnalyticsPages(web, figures, clock).routes(),
                       *AdminPages(web, core).routes()])


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
