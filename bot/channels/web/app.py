"""The web chat: the same reflection in any phone's browser, hosted by the school.

Plain HTML forms (no script at all): every answer is a POST, then a redirect to the chat, so a
reload never sends an answer twice and the page always shows what is stored. Sign-in is a
random token in an HTTP-only, SameSite=Strict cookie; only its hash is kept. Every POST of a
signed-in student carries a token derived from that session (CSRF). Invite codes are tried at
most a few times a minute per address. Nothing is loaded from anywhere else: a strict
Content-Security-Policy says so to the browser.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
import secrets
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from starlette.applications import Starlette
from starlette.datastructures import FormData
from starlette.middleware import Middleware
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import BaseRoute, Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from bot.addresses import email_address
from bot.channels.web.limits import Attempts
from bot.core.conversation import BotTurn, Pressed, Said
from bot.core.texts import Texts
from bot.logsafe import describe
from bot.profile import picture
from bot.reflection import NoConversation, NotEnrolled, ReflectionService, StudentRef
from bot.storage import web_sessions
from bot.students import StudentService

log = logging.getLogger(__name__)
HERE = Path(__file__).parent
COOKIE = "loopbaanbot"
LANGUAGES = ("nl", "en")
MAX_TEXT = 20_000  # the engine screens and refuses long texts itself; this only caps the form
CSP = ("default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
       "frame-ancestors 'none'; base-uri 'none'")


@dataclass(frozen=True)
class WebSettings:
    secure_cookies: bool = True  # off only for plain-http tests on 127.0.0.1
    code_tries_per_minute: int = 5


class SecurityHeaders(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        response = await call_next(request)
        # a page may set a policy of its own (the flow diagrams need their script)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["X-Frame-Options"] = "DENY"
        if not request.url.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        return response


class WebChat:
    """The routes of the web chat, over the same services as Telegram and the console."""

    def __init__(self, reflection: ReflectionService, students: StudentService, texts: Texts,
                 settings: WebSettings | None = None) -> None:
        self.reflection = reflection
        self.students = students
        self.texts = texts
        self.settings = settings or WebSettings()
        self.attempts = Attempts(self.settings.code_tries_per_minute)
        self.templates = Jinja2Templates(directory=str(HERE / "templates"))
        self.templates.env.globals["say"] = self._say
        self.templates.env.globals["day"] = texts.date
        self.templates.env.globals["has"] = lambda lang, key: key in texts.keys(lang)

    def app(self, more: Sequence[BaseRoute] = ()) -> Starlette:
        """The web chat's routes, and `more` (the school's pages) in the same app."""
        return Starlette(routes=[
            *more,
            Route("/", self.home),
            Route("/join", self.join, methods=["GET", "POST"]),
            Route("/consent", self.consent, methods=["POST"]),
            Route("/chat", self.chat, methods=["GET", "POST"]),
            Route("/chat/start", self.start, methods=["POST"]),
            Route("/chat/pause", self.pause, methods=["POST"]),
            Route("/actions", self.actions, methods=["GET"]),
            Route("/actions/{action_id:int}/done", self.action_done, methods=["POST"]),
            Route("/profile", self.profile),
            Route("/profile.png", self.profile_png),
            Route("/more", self.more),
            Route("/mentor", self.mentor, methods=["POST"]),
            Route("/language", self.language, methods=["POST"]),
            Route("/reminders", self.reminders, methods=["POST"]),
            Route("/export", self.export),
            Route("/delete", self.delete, methods=["POST"]),
            Route("/sign-out", self.sign_out, methods=["POST"]),
            Mount("/static", StaticFiles(directory=str(HERE / "static")), name="static"),
        ], middleware=[Middleware(SecurityHeaders)], exception_handlers={
            404: self.not_found, 500: self.failed})

    # -- signing in ----------------------------------------------------------------------

    async def home(self, request: Request) -> Response:
        who = await self._who(request)
        return RedirectResponse("/chat" if who else "/join", status_code=303)

    async def join(self, request: Request) -> Response:
        lang = self._guess(request)
        if request.method == "GET":  # a link from school may carry the code: ?code=ABCD234567
            return self._page(request, "join.html", lang,
                              code=request.query_params.get("code", "")[:40])
        form = await request.form()
        code = _field(form, "code").upper().replace(" ", "").replace("-", "")
        if not self.attempts.allow(request.client.host if request.client else "?"):
            return self._page(request, "join.html", lang, status=429,
                              error=self._say(lang, "web.too_many_tries"), code=code)
        group = await self.students.invite_group(code) if code else None
        if group is None:
            return self._page(request, "join.html", lang, status=400,
                              error=self._say(lang, "web.code_wrong"), code=code)
        return self._page(request, "consent.html", lang, code=code, group=group)

    async def consent(self, request: Request) -> Response:
        lang = self._guess(request)
        form = await request.form()
        code, name = _field(form, "code"), _field(form, "name").strip()[:60]
        if _field(form, "answer") != "yes":
            return self._page(request, "message.html", lang,
                              message=self._say(lang, "web.declined"))
        group = await self.students.invite_group(code)
        if group is None:
            return self._page(request, "join.html", lang, status=400,
                              error=self._say(lang, "web.code_wrong"), code=code)
        if not name:
            return self._page(request, "consent.html", lang, status=400, code=code, group=group,
                              error=self._say(lang, "web.name_missing"))
        enrolled = await self.students.enrol_id(code, None, name, lang, None)
        if enrolled is None:  # used up between the two pages
            return self._page(request, "join.html", lang, status=400,
                              error=self._say(lang, "web.code_wrong"), code=code)
        token = await self.students.web_sign_in(enrolled[0])
        await self.reflection.open(StudentRef(student_id=enrolled[0]))  # the first reflection
        response = RedirectResponse("/chat", status_code=303)
        response.set_cookie(COOKIE, token, max_age=int(web_sessions.LIFETIME.total_seconds()),
                            httponly=True, samesite="strict",
                            secure=self.settings.secure_cookies, path="/")
        return response

    # -- the conversation ----------------------------------------------------------------

    async def chat(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        lang = await self._language(who)
        if request.method == "POST":
            form = await request.form()
            if not self._csrf_ok(request, form):
                return self._forbidden(request, lang)
            given: Said | Pressed
            if _field(form, "value"):
                given = Pressed(_field(form, "value"), at=_field(form, "at") or None)
            else:
                given = Said(_field(form, "text")[:MAX_TEXT])
            try:
                reply = await self.reflection.reply(who, given, update_id=_nonce(form))
            except NoConversation:
                return RedirectResponse("/chat", status_code=303)
            if reply is not None and (not reply.accepted or reply.turn.done):
                return await self._chat_page(request, who, lang, extra=reply.turn)
            return RedirectResponse("/chat", status_code=303)
        return await self._chat_page(request, who, lang)

    async def start(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, _, form = posted
        await self.reflection.open(who, update_id=_nonce(form))
        return RedirectResponse("/chat", status_code=303)

    async def pause(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, lang, _ = posted
        return self._page(request, "message.html", lang, who=who,
                          message=self._say(lang, "web.paused"))

    async def _chat_page(self, request: Request, who: StudentRef, lang: str,
                         extra: BotTurn | None = None) -> Response:
        turns, last = await self.reflection.current(who)
        if turns and last is not None and turns[-1][0] == "bot" and last.expects != "none":
            shown = turns[-1][1].removesuffix(last.messages[-1]).rstrip()
            turns = [*turns[:-1], ("bot", shown)] if shown else turns[:-1]  # asked below it
        if extra is not None and extra.done:  # the summary: the conversation just ended
            turns, last = [*turns, ("bot", extra.text)], extra
        elif extra is not None:  # refused: the engine says why and asks again
            last = extra
        return self._page(request, "chat.html", lang, who=who, turns=turns, last=last,
                          refusal=extra is not None and not extra.done,
                          nonce=secrets.token_hex(8))

    # -- the other things a student can do -----------------------------------------------

    async def actions(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        lang = await self._language(who)
        listed = await self.students.open_actions(who)
        return self._page(request, "actions.html", lang, who=who, actions=listed,
                          done=request.query_params.get("done"))

    async def action_done(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, lang, form = posted
        done = await self.students.mark_done(who, int(request.path_params["action_id"]),
                                             _nonce(form))
        listed = await self.students.open_actions(who)
        return self._page(request, "actions.html", lang, who=who, actions=listed,
                          message=self._say(lang, "web.action_done", action=done.text)
                          if done else None)

    async def profile(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        lang = await self._language(who)
        counts = await self.reflection.profile(who) or {}
        return self._page(request, "profile.html", lang, who=who, counts=counts,
                          any_count=any(counts.values()))

    async def profile_png(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return Response(status_code=404)
        counts = await self.reflection.profile(who) or {}
        return Response(picture(counts, self.texts, await self._language(who)),
                        media_type="image/png")

    async def more(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        lang = await self._language(who)
        student = await self.students.profile(who)
        return self._page(request, "more.html", lang, who=who,
                          group=student.group if student and student.group else "-",
                          email=student.email if student else None,
                          message=request.query_params.get("message"))

    async def mentor(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, lang, form = posted
        words = _field(form, "text")[:MAX_TEXT].strip()
        heard = await self.reflection.heard(who, words, language=lang) if words else []
        await self.students.request_mentor(who, self.reflection.engine.mentor_request(),
                                           _nonce(form))
        urgent = bool(words) and self.reflection.is_urgent(words)
        return self._page(request, "message.html", lang, who=who,
                          message=self._say(lang, "web.mentor_requested"),
                          extra=heard if urgent else [])

    async def language(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, _, form = posted
        chosen = _field(form, "language")
        if chosen in LANGUAGES:
            await self.students.set_language(who, chosen, _nonce(form))
        lang = await self._language(who)
        return self._page(request, "message.html", lang, who=who,
                          message=self._say(lang, "web.language_set"))

    async def reminders(self, request: Request) -> Response:
        """Nudges and reminders by e-mail: set, change or remove the address."""
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, lang, form = posted
        typed = _field(form, "email")
        if _field(form, "remove") or not typed.strip():
            await self.students.set_email(who, None, _nonce(form))
            return self._page(request, "message.html", lang, who=who,
                              message=self._say(lang, "web.reminders_removed"))
        address = email_address(typed)
        if address is None:
            return self._page(request, "message.html", lang, status=400, who=who,
                              message=self._say(lang, "web.reminders_invalid"))
        await self.students.set_email(who, address, _nonce(form))
        return self._page(request, "message.html", lang, who=who,
                          message=self._say(lang, "web.reminders_set", email=address))

    async def export(self, request: Request) -> Response:
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        data = await self.students.export(who)
        return Response(json.dumps(data, ensure_ascii=False, indent=2),
                        media_type="application/json", headers={
                            "Content-Disposition": 'attachment; filename="loopbaanbot.json"'})

    async def delete(self, request: Request) -> Response:
        posted = await self._posted(request)
        if isinstance(posted, Response):
            return posted
        who, lang, form = posted
        if _field(form, "confirm") != "yes":  # one tap by mistake deletes nothing
            return self._page(request, "message.html", lang, status=400, who=who,
                              message=self._say(lang, "web.delete_unconfirmed"))
        await self.students.erase(who, _nonce(form))
        response = self._page(request, "message.html", lang, message=self._say(lang,
                                                                                "web.deleted"))
        response.delete_cookie(COOKIE, path="/")
        return response

    async def sign_out(self, request: Request) -> Response:
        who = await self._who(request)
        lang = await self._language(who) if who else self._guess(request)
        form = await request.form()
        if who is not None and self._csrf_ok(request, form):
            await self.students.web_sign_out(request.cookies.get(COOKIE, ""))
        response = self._page(request, "message.html", lang,
                              message=self._say(lang, "web.signed_out_done"))
        response.delete_cookie(COOKIE, path="/")
        return response

    # -- errors --------------------------------------------------------------------------

    async def not_found(self, request: Request, exc: Exception) -> Response:
        lang = self._guess(request)
        return self._page(request, "message.html", lang, status=404,
                          message=self._say(lang, "web.not_found"))

    async def failed(self, request: Request, exc: Exception) -> Response:
        log.error("a web chat request failed\n%s", describe(exc))
        lang = self._guess(request)
        return self._page(request, "message.html", lang, status=500,
                          message=self._say(lang, "web.error"))

    # -- helpers -------------------------------------------------------------------------

    async def _posted(self, request: Request) -> tuple[StudentRef, str, FormData] | Response:
        """A signed-in student's form with a valid CSRF token; else the page saying why not."""
        who = await self._who(request)
        if who is None:
            return self._signed_out(request)
        lang = await self._language(who)
        form = await request.form()
        if not self._csrf_ok(request, form):
            return self._forbidden(request, lang)
        return who, lang, form

    async def _who(self, request: Request) -> StudentRef | None:
        token = request.cookies.get(COOKIE)
        if not token:
            return None
        student_id = await self.students.web_student(token)
        return None if student_id is None else StudentRef(student_id=student_id)

    async def _language(self, who: StudentRef) -> str:
        try:
            profile = await self.students.profile(who)
        except NotEnrolled:
            return "nl"
        return profile.language if profile else "nl"

    def _guess(self, request: Request) -> str:
        asked = request.query_params.get("lang", "")
        if asked in LANGUAGES:
            return asked
        accept = request.headers.get("accept-language", "").lower()
        return "en" if accept.startswith("en") else "nl"

    def _csrf(self, request: Request) -> str:
        token = request.cookies.get(COOKIE, "")
        return hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()[:32]

    def _csrf_ok(self, request: Request, form: FormData) -> bool:
        return hmac.compare_digest(self._csrf(request), _field(form, "csrf"))

    def _forbidden(self, request: Request, lang: str) -> Response:
        return self._page(request, "message.html", lang, status=403,
                          message=self._say(lang, "web.error"))

    def _signed_out(self, request: Request) -> Response:
        lang = self._guess(request)
        return self._page(request, "join.html", lang, status=401,
                          error=self._say(lang, "web.signed_out"))

    def _say(self, lang: str, key: str, **values: object) -> str:
        return self.texts.render(lang, key, values)

    def _page(self, request: Request, template: str, lang: str, status: int = 200,
              **context: Any) -> Response:
        context.setdefault("who", None)
        response: HTMLResponse = self.templates.TemplateResponse(
            request, template, {"lang": lang, "csrf": self._csrf(request), **context},
            status_code=status)
        return response


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def _nonce(form: FormData) -> int | None:
    """The form's one-time number as an update id: a double tap is handled once. Web ids
    live above 2**62, apart from Telegram's."""
    raw = _field(form, "nonce")
    try:
        return (1 << 62) + (int(raw, 16) % (1 << 61)) if raw else None
    except ValueError:
        return None


Handler = Callable[[Request], Awaitable[Response]]
