"""The school's own files and codes, for coordinators and the administrator:

* /school/flows (coordinator, administrator): each flow of the flows folder drawn (Mermaid,
  shipped in the package), with the problems of the school's files, read from disk now (a
  broken flow is drawn as far as it can be read);
* /school/invites (administrator): codes per class, used or not; making codes for a class
  (a number, or names one per line) and its invite sheet as PDF, made as `loopbaanbot invite
  sheet` makes it (bot/invite_sheet.py); revoking an unused code;
* /school/settings (administrator): the settings the bot runs with, read-only.

Every form carries the session's CSRF token; every page checks the role first.
"""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.app import App
from bot.channels.web.school.app import PREFIX, SchoolWeb, field
from bot.channels.web.school.diagrams import DIAGRAM_CSP, SCRIPTS, flow_diagrams
from bot.invite_sheet import (
    NoLinks,
    OtherSpelling,
    bot_username,
    file_stem,
    make_sheets,
    pdf_bytes,
    slips_for,
)
from bot.loading.problems import FileProblem, InvalidData
from bot.loading.school import CALENDAR, FLAG_RULES, SCHOOL, load_school_files
from bot.mentors.staff import Staff
from bot.school import WEEKDAYS
from bot.storage.database import sessions
from bot.storage.enrolment import InviteRow
from bot.students import StudentService

MAX_CODES = 200  # codes made at once: a class, not a school
MAX_NAME = 200


@dataclass(frozen=True)
class ClassCodes:
    """One class's codes on the invites page."""

    group: str
    rows: tuple[InviteRow, ...]

    @property
    def used(self) -> int:
        return sum(1 for r in self.rows if r.used_at is not None)

    @property
    def printable(self) -> int:
        """Unused student codes: what its invite sheet holds."""
        return sum(1 for r in self.rows if r.used_at is None and r.role == "student")


class AdminPages:
    def __init__(self, web: SchoolWeb, core: App,
                 clock: Callable[[], datetime] | None = None) -> None:
        self.web = web
        self.core = core
        self.students = StudentService(sessions(core.database),
                                       clock or core.reflection.clock)

    def routes(self) -> list[BaseRoute]:
        return [Route(f"{PREFIX}/flows", self.flows),
                Route(f"{PREFIX}/invites", self.invites, methods=["GET", "POST"]),
                Route(f"{PREFIX}/invites/revoke", self.revoke, methods=["POST"]),
                Route(f"{PREFIX}/invites/sheet.pdf", self.sheet),
                Route(f"{PREFIX}/settings", self.settings)]

    # -- the flows, drawn --------------------------------------------------------------------

    async def flows(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        if staff.role == "mentor":
            return self.web.forbidden(request, staff)
        settings = self.core.settings
        diagrams = await asyncio.to_thread(flow_diagrams, settings.flows_dir,
                                           self.core.content.texts, staff.language)
        school = await asyncio.to_thread(school_problems, settings.school_dir)
        return self.web.page(request, "school/flows.html", staff.language, staff,
                             headers={"Content-Security-Policy": DIAGRAM_CSP},
                             diagrams=diagrams, school_problems=school, scripts=SCRIPTS,
                             current=settings.flow,
                             school_files=(SCHOOL, FLAG_RULES, CALENDAR))

    # -- invite codes and sheets -------------------------------------------------------------

    async def invites(self, request: Request) -> Response:
        if request.method == "POST":
            return await self.make(request)
        staff = await self._admin(request)
        if isinstance(staff, Response):
            return staff
        return await self._invites_page(request, staff)

    async def make(self, request: Request) -> Response:
        """Codes for a class: a number of them, or one per name (names one per line)."""
        posted = await self.web.posted(request)
        if isinstance(posted, Response):
            return posted
        staff, form = posted
        if staff.role != "admin":
            return self.web.forbidden(request, staff)
        lang = staff.language
        group = " ".join(field(form, "group").split())[:60]
        names = [" ".join(line.split()) for line in field(form, "names").splitlines()]
        names = [name for name in names if name]
        count_text = field(form, "count").strip()
        error = None
        if not group:
            error = self.web.say(lang, "admin.make_no_group")
        elif any(len(name) > MAX_NAME for name in names) or len(names) > MAX_CODES:
            error = self.web.say(lang, "admin.make_too_many", max=MAX_CODES)
        elif not names and not (count_text.isdigit() and 1 <= int(count_text) <= MAX_CODES):
            error = self.web.say(lang, "admin.make_count", max=MAX_CODES)
        if error is not None:
            return await self._invites_page(request, staff, status=400, error=error,
                                            typed=(group, count_text, field(form, "names")))
        wanted = names or [""] * int(count_text)
        try:
            made = await make_sheets(self.students, {group: wanted},
                                     self.core.content.calendar.groups,
                                     self.core.settings.web_url, await self._username())
        except OtherSpelling as exc:
            return await self._invites_page(
                request, staff, status=400, typed=(group, count_text, field(form, "names")),
                error=self.web.say(lang, "admin.make_spelling", group=group, known=exc.known))
        except NoLinks:
            return await self._invites_page(request, staff, status=400,
                                            error=self.web.say(lang, "admin.no_links"))
        sheet = made[group]
        return RedirectResponse(f"{PREFIX}/invites?" + urlencode(
            {"made": sheet.new, "reused": sheet.reused, "group": group}), status_code=303)

    async def revoke(self, request: Request) -> Response:
        posted = await self.web.posted(request)
        if isinstance(posted, Response):
            return posted
        staff, form = posted
        if staff.role != "admin":
            return self.web.forbidden(request, staff)
        row = await self.students.revoke(field(form, "code"))
        lang = staff.language
        if row is None:
            return await self._invites_page(request, staff, status=400,
                                            error=self.web.say(lang, "admin.revoke_unknown"))
        if row.used_at is not None:
            return await self._invites_page(request, staff, status=400, error=self.web.say(
                lang, "admin.revoke_used", code=row.code))
        return RedirectResponse(f"{PREFIX}/invites?" + urlencode(
            {"revoked": row.code, "group": row.group}), status_code=303)

    async def sheet(self, request: Request) -> Response:
        """The class's invite sheet: a slip for each unused student code, as a PDF."""
        staff = await self._admin(request)
        if isinstance(staff, Response):
            return staff
        group = request.query_params.get("group", "").strip()
        rows = [r for r in await self.students.invites(group) if r.group == group
                and r.role == "student" and r.used_at is None] if group else []
        if not rows:
            return self.web.not_found(request, staff)
        username = await self._username()
        if not username and not self.core.settings.web_url:
            return self.web.page(request, "school/message.html", staff.language, staff,
                                 status=400, message=self.web.say(staff.language,
                                                                  "admin.no_links"))
        slips = slips_for(group, rows, self.core.settings.web_url, username)
        pdf = await asyncio.to_thread(pdf_bytes, slips, self.core.content.texts, staff.language)
        return Response(pdf, media_type="application/pdf", headers={
            "Content-Disposition": f'attachment; filename="{file_stem(group)}.pdf"'})

    # -- the settings ------------------------------------------------------------------------

    async def settings(self, request: Request) -> Response:
        staff = await self._admin(request)
        if isinstance(staff, Response):
            return staff
        settings = self.core.settings
        texts = self.core.content.texts
        return self.web.page(
            request, "school/settings.html", staff.language, staff,
            school=self.core.content.school, calendar=self.core.content.calendar,
            weekdays=dict(zip(WEEKDAYS, texts.raw(staff.language, "dates.weekdays"),
                              strict=True)),
            running={"flow": settings.flow, "language": settings.language,
                     "timezone": settings.timezone, "web_url": settings.web_url or "-",
                     "email": bool(settings.smtp_host and settings.smtp_from),
                     "telegram": settings.telegram_token is not None})

    # -- helpers -----------------------------------------------------------------------------

    async def _admin(self, request: Request) -> Staff | Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        return staff if staff.role == "admin" else self.web.forbidden(request, staff)

    async def _invites_page(self, request: Request, staff: Staff, status: int = 200,
                            error: str | None = None,
                            typed: tuple[str, str, str] = ("", "", "")) -> Response:
        by_group: dict[str, list[InviteRow]] = defaultdict(list)
        for row in await self.students.invites():
            by_group[row.group].append(row)
        classes = [ClassCodes(g, tuple(rows)) for g, rows in sorted(by_group.items())]
        query = request.query_params
        made, reused = query.get("made", ""), query.get("reused", "")
        return self.web.page(
            request, "school/invites.html", staff.language, staff, status=status,
            classes=classes, error=error, typed=typed, max_codes=MAX_CODES,
            made=int(made) if made.isdigit() else None,
            reused=int(reused) if reused.isdigit() else None, revoked=query.get("revoked"),
            chosen=query.get("group", typed[0]),
            known=sorted(set(by_group) | set(self.core.content.calendar.groups)))

    async def _username(self) -> str | None:
        from bot.channels.telegram.application import ask_username

        return await bot_username(self.core.settings, self.students, ask_username)


def school_problems(school_dir: Path) -> list[str]:
    """The problems of the school's files (school.yaml, flag_rules.yaml, calendar.yaml), as
    file:line: where: what; none when they load."""
    try:
        load_school_files(school_dir)
    except InvalidData as exc:
        return [str(FileProblem(Path(p.file).name, p.line, p.where, p.message))
                for p in exc.problems]
    return []
