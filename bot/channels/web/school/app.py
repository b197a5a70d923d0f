"""The school's pages under /school: signing in with a one-time link, sessions, roles, CSRF.

The pages themselves live in modules of their own (classes, analytics, admin); each gives its
routes. A staff session is a random token in an HTTP-only, SameSite=Strict cookie limited to
/school (only its hash is stored); every form carries a token derived from it (CSRF).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Route
from starlette.templating import Jinja2Templates

from bot.addresses import email_address
from bot.channels.web.limits import Attempts
from bot.config import Settings
from bot.core.texts import Texts
from bot.logsafe import describe
from bot.mentors import mail
from bot.mentors.staff import PAGES, SESSION_LIFETIME, Staff, StaffAccess, login_url

log = logging.getLogger(__name__)
TEMPLATES = Path(__file__).parent.parent / "templates"
COOKIE = "loopbaanbot_staff"
PREFIX = PAGES


@dataclass(frozen=True)
class SchoolWebSettings:
    secure_cookies: bool = True
    login_mails_per_minute: int = 5


class SchoolWeb:
    """Sign-in and the helpers every page uses; the pages add their routes."""

    def __init__(self, access: StaffAccess, texts: Texts, settings: Settings,
                 web: SchoolWebSettings | None = None) -> None:
        self.access = access
        self.texts = texts
        self.settings = settings
        self.web = web or SchoolWebSettings()
        self.zone: ZoneInfo = settings.zone
        self.mails = Attempts(self.web.login_mails_per_minute)
        self.templates = Jinja2Templates(directory=str(TEMPLATES))
        env = self.templates.env
        env.globals["say"] = self.say
        env.globals["day"] = texts.date
        env.globals["when"] = self.when

    def routes(self, pages: list[BaseRoute]) -> list[BaseRoute]:
        """Sign-in and sign-out, then the pages' own routes (all under /school)."""
        return [
            Route(PREFIX, self.home),
            Route(f"{PREFIX}/", self.home),
            Route(f"{PREFIX}/login", self.login, methods=["GET", "POST"]),
            Route(PREFIX + "/login/{token}", self.link, methods=["GET", "POST"]),
            Route(f"{PREFIX}/logout", self.logout, methods=["POST"]),
            *pages,
        ]

    # -- signing in ----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        staff = await self.staff(request)
        return RedirectResponse(f"{PREFIX}/classes" if staff else f"{PREFIX}/login",
                                status_code=303)

    async def login(self, request: Request) -> Response:
        """Ask for a link by e-mail: the same answer whether the address is known or not."""
        lang = self.guess(request)
        if request.method == "GET":  # after signing out: say so (the page was redirected)
            out = request.query_params.get("out") == "1"
            return self.page(request, "school/login.html", lang, None,
                             message=self.say(lang, "school.signed_out") if out else None)
        form = await request.form()
        address = email_address(field(form, "email"))
        if address is None:
            return self.page(request, "school/login.html", lang, None, status=400,
                             error=self.say(lang, "school.login_email_invalid"))
        if not self.mails.allow(request.client.host if request.client else "?"):
            return self.page(request, "school/login.html", lang, None, status=429,
                             error=self.say(lang, "school.login_too_many"))
        if not (self.settings.smtp_host and self.settings.smtp_from and self.settings.web_url):
            return self.page(request, "school/login.html", lang, None, status=503,
                             error=self.say(lang, "school.login_no_mail"))
        found = await self.access.link_for_email(address)
        if found is not None:
            token, staff, stored = found
            try:
                await mail.send(self.settings, stored,
                                self.say(staff.language, "school.login_mail_subject"),
                                self.say(staff.language, "school.login_mail_body",
                                         url=self.link_url(token), minutes=15))
            except Exception as exc:  # the school's mail server is away: say so, keep going
                log.error("could not send a sign-in link\n%s", describe(exc))
        return self.page(request, "school/message.html", lang, None,
                         message=self.say(lang, "school.login_mail_sent", email=address))

    async def link(self, request: Request) -> Response:
        """GET shows whom the link signs in and a button; POST (the button) signs in. A mail
        scanner or a link preview opening the link does not use it up."""
        token = str(request.path_params["token"])
        lang = self.guess(request)
        if request.method == "GET":
            staff = await self.access.peek(token)
            if staff is None:
                return self.page(request, "school/login.html", lang, None, status=410,
                                 error=self.say(lang, "school.link_expired"))
            return self.page(request, "school/link.html", staff.language, None, person=staff,
                             token=token)
        session_token = await self.access.sign_in(token)
        if session_token is None:
            return self.page(request, "school/login.html", lang, None, status=410,
                             error=self.say(lang, "school.link_expired"))
        response = RedirectResponse(f"{PREFIX}/classes", status_code=303)
        response.set_cookie(COOKIE, session_token,
                            max_age=int(SESSION_LIFETIME.total_seconds()), httponly=True,
                            samesite="strict", secure=self.web.secure_cookies, path=PREFIX)
        return response

    async def logout(self, request: Request) -> Response:
        staff = await self.staff(request)
        form = await request.form()
        lang = staff.language if staff else self.guess(request)
        if staff is not None and not self.csrf_ok(request, form):
            return self.forbidden(request, staff)  # another site's form signs no one out
        if staff is not None:
            await self.access.sign_out(request.cookies.get(COOKIE, ""))
        # to the sign-in page: a reload there posts nothing again
        response = RedirectResponse(f"{PREFIX}/login?out=1&lang={lang}", status_code=303)
        response.delete_cookie(COOKIE, path=PREFIX)
        return response

    def link_url(self, token: str) -> str:
        return login_url(self.settings.web_url or "", token)

    # -- for the pages -------------------------------------------------------------------

    async def staff(self, request: Request) -> Staff | None:
        token = request.cookies.get(COOKIE)
        return await self.access.who(token) if token else None

    async def signed_in(self, request: Request) -> Staff | Response:
        """The staff member, or the sign-in page (401) to return instead."""
        staff = await self.staff(request)
        if staff is None:
            lang = self.guess(request)
            return self.page(request, "school/login.html", lang, None, status=401,
                             error=self.say(lang, "school.signed_out_first"))
        return staff

    async def posted(self, request: Request) -> tuple[Staff, FormData] | Response:
        """A signed-in staff member's form with a valid CSRF token; else the page saying why."""
        staff = await self.signed_in(request)
        if isinstance(staff, Response):
            return staff
        form = await request.form()
        if not self.csrf_ok(request, form):
            return self.forbidden(request, staff)
        return staff, form

    def forbidden(self, request: Request, staff: Staff | None) -> Response:
        """403: not theirs to see or do (another class, a forged form)."""
        lang = staff.language if staff else self.guess(request)
        return self.page(request, "school/message.html", lang, staff, status=403,
                         message=self.say(lang, "school.forbidden"))

    def not_found(self, request: Request, staff: Staff | None) -> Response:
        lang = staff.language if staff else self.guess(request)
        return self.page(request, "school/message.html", lang, staff, status=404,
                         message=self.say(lang, "school.not_found"))

    def csrf(self, request: Request) -> str:
        token = request.cookies.get(COOKIE, "")
        return hmac.new(token.encode(), b"school-csrf", hashlib.sha256).hexdigest()[:32]

    def csrf_ok(self, request: Request, form: FormData) -> bool:
        return bool(request.cookies.get(COOKIE)) and hmac.compare_digest(
            self.csrf(request), field(form, "csrf"))

    def guess(self, request: Request) -> str:
        asked = request.query_params.get("lang", "")
        if asked in self.texts.languages:
            return asked
        accept = request.headers.get("accept-language", "").lower()
        return "en" if accept.startswith("en") else "nl"

    def say(self, lang: str, key: str, **values: object) -> str:
        return self.texts.render(lang, key, values)

    def when(self, moment: datetime | None) -> str:
        return moment.astimezone(self.zone).strftime("%d-%m-%Y %H:%M") if moment else "-"

    def page(self, request: Request, template: str, lang: str, staff: Staff | None,
             status: int = 200, headers: dict[str, str] | None = None,
             **context: Any) -> Response:
        response: HTMLResponse = self.templates.TemplateResponse(
            request, template, {"lang": lang, "staff": staff, "csrf": self.csrf(request),
                                "path": request.url.path, **context},
            status_code=status, headers=headers)
        return response


def field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


Page = Callable[[Request], Awaitable[Response]]
