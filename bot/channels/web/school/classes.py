"""The classes a staff member may open, a class's overview, a student's page, flags.

A class's overview is the mentor's digest as a page: open flags first (picked up and resolved
right there), then who needs attention and why, then every student at a glance. A student's
page shows their reflections, actions and flags with their histories, and their competency
profile; students' own words only as the school's `mentor_sees` allows. Every view of a
student's page is recorded, and the page shows who viewed it lately.

A mentor sees their own groups only: another group's class page, student page or flag is
403, whether linked or guessed (an unknown student id answers the same as another group's).
Flags are handled with plain forms (POST, CSRF token, then a redirect), writing the same
records as the buttons in Telegram; a form sent twice acknowledges or resolves once.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime
from urllib.parse import quote

from markupsafe import Markup
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import BaseRoute, Route

from bot.app import App
from bot.channels.web.school import charts
from bot.channels.web.school.app import PREFIX, SchoolWeb, field
from bot.core.competencies import COMPETENCIES
from bot.core.flow import MOODS
from bot.mentors.school_pages import (
    NEVER_STARTED,
    QUIET,
    REASONS,
    ClassOverview,
    SchoolPages,
    StudentLine,
    StudentView,
)
from bot.mentors.service import FlagGone, MentorService, NotYours
from bot.storage.database import sessions
from bot.storage.school_views import ActionStep, FlagStep

MAX_NOTE = 2000  # characters of a resolution note (as in Telegram)
# Where a flag form may send the mentor back to: a class or a student page, nothing else.
BACK = re.compile(r"/school/(classes/[^?#\\]+|students/\d+)")
NUMBER = re.compile(r"[0-9]{1,18}")
ACTION_STEPS = ("set", "reviewed", "done", "dropped", "learning", "rescheduled", "partly",
                "not_yet")
FLAG_STEPS = ("alerted", "escalated", "acknowledged", "resolved")
NOTICES = ("done_acknowledged", "done_resolved", "already_acknowledged", "already_resolved",
           "note_empty", "note_long", "gone")


@dataclass(frozen=True)
class Attention:
    """One reason on the overview, with whom it applies to (names alone for never started)."""

    reason: str
    text: str
    students: tuple[StudentLine, ...] = ()
    names: tuple[str, ...] = ()


class ClassPages:
    def __init__(self, web: SchoolWeb, core: App) -> None:
        self.web = web
        database = sessions(core.database)
        self.clock: Callable[[], datetime] = core.reflection.clock
        self.pages = SchoolPages(sessions(core.reading), core.settings.zone,  # reads only
                                 core.content.calendar, self.clock)
        self.mentors = MentorService(database, self.clock)
        self.core = core
        env = web.templates.env
        env.globals["mood_label"] = self.mood_label
        env.globals["short_day"] = self.short_day
        env.globals["action_step"] = self.action_step
        env.globals["flag_step"] = self.flag_step

    @property
    def mentor_sees(self) -> str:
        """The school's setting for students' own words (school/school.yaml)."""
        return self.core.content.school.mentor_sees

    def routes(self) -> list[BaseRoute]:
        return [
            Route(f"{PREFIX}/classes", self.classes),
            Route(PREFIX + "/classes/{group:path}", self.overview),  # a class may hold a /
            Route(PREFIX + "/students/{student_id}", self.student),
            Route(PREFIX + "/flags/{flag_id}/acknowledge", self.acknowledge, methods=["POST"]),
            Route(PREFIX + "/flags/{flag_id}/resolve", self.resolve, methods=["POST"]),
        ]

    # -- pages -----------------------------------------------------------------------------

    async def classes(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        groups = await self.web.access.groups(staff)
        return self.web.page(request, "school/classes.html", staff.language, staff,
                             groups=groups)

    async def overview(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        group = str(request.path_params["group"])
        if not staff.sees(group):
            return self.web.forbidden(request, staff)
        if staff.visible is None and group not in await self.web.access.groups(staff):
            return self.web.not_found(request, staff)
        now = self.clock()
        try:
            found = await self.pages.class_overview(staff.visible, group, now,
                                                    mentor_sees=self.mentor_sees)
            flags = await self.mentors.open_flags_in(staff.visible, group)
        except NotYours:
            return self.web.forbidden(request, staff)
        lang = staff.language
        return self.web.page(
            request, "school/class.html", lang, staff, group=group, overview=found,
            flags=flags, attention=self._attention(found, lang),
            moods={line.id: self._mood_chart(line, found, lang) for line in found.everyone},
            topics=self._topics_chart(found, lang), back=class_path(group),
            notice=_notice(request))

    async def student(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        student_id = _number(str(request.path_params["student_id"]))
        if student_id is None:
            return self.web.not_found(request, staff)
        try:
            found = await self.pages.student(staff.visible, student_id, self.mentor_sees)
        except NotYours:  # another group's student, or no such student: the same answer
            return self.web.forbidden(request, staff)
        await self.web.access.viewed(staff, found.id)
        views = await self.web.access.views(found.id)
        lang = staff.language
        return self.web.page(
            request, "school/student.html", lang, staff, person=found, views=views,
            profile=self._profile_chart(found, lang), back=f"{PREFIX}/students/{found.id}",
            class_back=class_path(found.group), notice=_notice(request),
            today=self.clock().astimezone(self.web.zone).date())

    # -- flags -----------------------------------------------------------------------------

    async def acknowledge(self, request: Request) -> Response:
        return await self._on_flag(request, self._acknowledge)

    async def resolve(self, request: Request) -> Response:
        return await self._on_flag(request, self._resolve)

    async def _on_flag(self, request: Request,
                       act: Callable[[int, int, str, FormData], Awaitable[Response]]
                       ) -> Response:
        """A flag's form: signed in with CSRF, the flag's id, where to go back; then `act`,
        with the answers for a flag of another's class or one gone meanwhile."""
        posted = await self.web.posted(request)
        if isinstance(posted, Response):
            return posted
        staff, form = posted
        flag_id = _flag_id(request)
        if flag_id is None:
            return self.web.not_found(request, staff)
        back = _back(field(form, "back"))
        try:
            return await act(staff.id, flag_id, back, form)
        except NotYours:
            return self.web.forbidden(request, staff)
        except FlagGone:
            return _to(back, "gone")

    async def _acknowledge(self, staff_id: int, flag_id: int, back: str,
                           form: FormData) -> Response:
        done = await self.mentors.acknowledge_by(staff_id, flag_id)
        return _to(back, "done_acknowledged" if done.now else "already_acknowledged")

    async def _resolve(self, staff_id: int, flag_id: int, back: str,
                       form: FormData) -> Response:
        note = field(form, "note").strip()
        if not note:
            return _to(back, "note_empty")
        if len(note) > MAX_NOTE:  # the form stops this; a note is never cut off unseen
            return _to(back, "note_long")
        done = await self.mentors.resolve_by(staff_id, flag_id, note)
        return _to(back, "done_resolved" if done.now else "already_resolved")

    # -- what the templates show -----------------------------------------------------------

    def _attention(self, found: ClassOverview, lang: str) -> list[Attention]:
        """Who needs attention, by reason in the digest's order; a student under each reason
        that applies (the open flags are listed above, but their students are not left out
        here: a flagged student can be quiet too)."""
        say = self.web.say
        out = []
        for reason in REASONS:
            if reason == NEVER_STARTED:
                if found.never_started:
                    out.append(Attention(reason, say(lang, "school.reasons.never_started"),
                                         names=found.never_started))
                continue
            who = tuple(s for s in found.everyone if reason in s.reasons)
            if not who:
                continue
            if reason == QUIET and found.calendar_known:
                days = [s.expected_since for s in who if s.expected_since]
                text = say(lang, "school.reasons.quiet_since",
                           day=self.web.texts.date(lang, max(days))) if days else \
                    say(lang, "school.reasons.quiet")
            else:
                text = say(lang, f"school.reasons.{reason}")
            out.append(Attention(reason, text, who))
        return out

    def _mood_chart(self, line: StudentLine, found: ClassOverview, lang: str) -> Markup:
        say = self.web.say
        weeks = [(say(lang, "school.overview.week", number=monday.isocalendar().week), mood)
                 for monday, mood in zip(found.weeks, line.moods, strict=True)]
        return charts.mood_trend(
            say(lang, "school.overview.mood_title", name=line.name, weeks=len(weeks)), weeks,
            description=say(lang, "school.overview.mood_description"),
            mood_names={m: say(lang, f"school.moods.{m}") for m in MOODS},
            missing=say(lang, "school.overview.mood_missing"),
            week_header=say(lang, "school.overview.week_header"),
            mood_header=say(lang, "school.overview.mood_header"))

    def _topics_chart(self, found: ClassOverview, lang: str) -> Markup | None:
        numbers = found.numbers
        if numbers.withheld or not numbers.topics:
            return None
        say = self.web.say
        return charts.horizontal_bars(
            say(lang, "school.overview.topics_title"),
            [(say(lang, f"digest.short.{c}"), float(n)) for c, n in numbers.topics],
            description=say(lang, "school.overview.topics_description"),
            name_header=say(lang, "school.overview.topic"),
            value_header=say(lang, "school.overview.students_count"),
            max_value=float(numbers.students or 1),
            colours=[charts.COMPETENCY_COLOURS[c] for c, _ in numbers.topics])

    def _profile_chart(self, found: StudentView, lang: str) -> Markup:
        say = self.web.say
        return charts.competency_profile(
            dict(found.profile), {c: say(lang, f"digest.short.{c}") for c in COMPETENCIES},
            title=say(lang, "school.student.profile_title"),
            description=say(lang, "school.student.profile_description", name=found.name),
            name_header=say(lang, "school.overview.topic"),
            value_header=say(lang, "school.student.profile_times"))

    def mood_label(self, lang: str, mood: str | None) -> str:
        """A mood as a word ("goed"); one the bot no longer knows, as it was stored."""
        if mood is None:
            return self.web.say(lang, "school.overview.none")
        return self.web.say(lang, f"school.moods.{mood}") if mood in MOODS else mood

    def action_step(self, lang: str, step: ActionStep) -> str:
        """One event in an action's history, as a line: when, and what happened."""
        kind = step.kind
        if kind == "reviewed" and step.outcome in ("partly", "not_yet"):
            kind = step.outcome
        if kind not in ACTION_STEPS:
            kind = "reviewed"
        return self.web.say(lang, f"school.student.history.{kind}", when=self.web.when(step.at),
                            due=self.short_day(step.due))

    def flag_step(self, lang: str, step: FlagStep) -> str:
        kind = step.kind if step.kind in FLAG_STEPS else "alerted"
        return self.web.say(lang, f"school.student.steps.{kind}", when=self.web.when(step.at),
                            name=step.by or "?")

    def short_day(self, moment: datetime | date | None) -> str:
        if moment is None:
            return "-"
        if isinstance(moment, datetime):
            moment = moment.astimezone(self.web.zone).date()
        return moment.strftime("%d-%m-%Y")


def class_path(group: str) -> str:
    """A class's overview; the list of classes for a student without a group."""
    return f"{PREFIX}/classes/{quote(group, safe='')}" if group else f"{PREFIX}/classes"


def _flag_id(request: Request) -> int | None:
    return _number(str(request.path_params["flag_id"]))


def _number(raw: str) -> int | None:
    """An id in an address: plain digits, of a size a database id can have."""
    return int(raw) if NUMBER.fullmatch(raw) else None


def _back(asked: str) -> str:
    """Back to the page the form was on, if it is one of these pages; else the classes."""
    return asked if BACK.fullmatch(asked) else f"{PREFIX}/classes"


def _to(back: str, notice: str) -> Response:
    """After a form: the page again (a reload sends nothing twice), saying what happened."""
    return RedirectResponse(f"{back}?done={notice}#notice", status_code=303)


def _notice(request: Request) -> str | None:
    asked = request.query_params.get("done", "")
    return asked if asked in NOTICES else None
