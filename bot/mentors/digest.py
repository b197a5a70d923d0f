"""A mentor's digest: what needs them first, then each student at a glance."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.competencies import COMPETENCIES
from bot.core.flow import LOW_MOOD, MOODS
from bot.core.texts import Texts
from bot.mentors.service import FlagView, flag_view, visible_groups
from bot.school import InternshipCalendar, SchoolSettings
from bot.storage import mentors as stored
from bot.storage.models import Mentor

FIRST_PERIOD = timedelta(days=7)  # a mentor's first digest looks back a week


STUCK_AFTER = timedelta(hours=2)  # an open conversation untouched this long is stuck
TREND = timedelta(weeks=4)  # moods shown per student
TOPIC_PERIOD = timedelta(days=30)  # the class's competencies: conversations this recent
LOOK_BACK_DAYS = 21  # for the last internship day in the calendar
# The top of a digest must fit one phone screen: about 30 rows of 40 characters in Telegram.
PHONE_ROWS, PHONE_WIDTH = 30, 40
NAMES_SHOWN = 6  # per line of "needs attention"; the rest are counted


@dataclass
class StudentDigest:
    name: str
    group: str
    reflections: int = 0
    moods: list[str] = field(default_factory=list)  # of completed reflections, oldest first
    competencies: set[str] = field(default_factory=set)
    new_actions: list[tuple[str, date]] = field(default_factory=list)
    overdue: list[tuple[str, date]] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    moments: list[str] = field(default_factory=list)
    open_flags: int = 0
    last_reflected: datetime | None = None
    stuck_since: datetime | None = None  # an open conversation that stopped moving
    expected_since: date | None = None  # their last internship day, if they missed it

    @property
    def low_in_a_row(self) -> bool:
        return low_in_a_row(self.moods)


@dataclass(frozen=True)
class FlagLine:
    view: FlagView
    times: int  # the same signal for the same student, counted once


@dataclass
class Digest:
    mentor: str
    since: datetime
    until: datetime
    today: date
    flags: list[FlagLine]
    students: list[StudentDigest]
    never_started: list[tuple[str, str]] = field(default_factory=list)
    resolved: list[tuple[FlagView, str | None]] = field(default_factory=list)
    competencies: dict[str, int] = field(default_factory=dict)
    calendar_known: bool = False
    erased: list[tuple[str, str, datetime]] = field(default_factory=list)  # group, reason, at

    @property
    def quiet(self) -> list[StudentDigest]:
        """Students who did not reflect when they were expected to: since their last
        internship day by the calendar, else in this period. Stuck ones are listed apart."""
        if self.calendar_known:
            return [s for s in self.students if s.expected_since and not s.stuck_since]
        return [s for s in self.students if not s.reflections and not s.stuck_since]


async def build(session: AsyncSession, mentor: Mentor, since: datetime, until: datetime,
                today: date, calendar: InternshipCalendar | None = None,
                zone: ZoneInfo | None = None) -> Digest:
    """Everything for one mentor's digest, from the database, for their own students only."""
    groups = await visible_groups(session, mentor)
    students = await stored.students_in(session, groups)
    month_start = until - TOPIC_PERIOD
    found = await stored.period(session, [s.id for s in students], since, until,
                                trend_since=until - TREND, month_start=month_start)
    by_id = {s.id: s for s in students}
    lines = {s.id: StudentDigest(s.name, s.group_name or "") for s in students}
    flags: dict[tuple[int, str], FlagLine] = {}
    for flag in found.open_flags:  # oldest first: the first of a repeated signal counts
        lines[flag.student_id].open_flags += 1
        key = (flag.student_id, flag.rule)
        seen = flags.get(key)
        flags[key] = FlagLine(flag_view(flag, by_id[flag.student_id]) if seen is None
                              else seen.view, (seen.times if seen else 0) + 1)
    for conversation in found.conversations:
        if conversation.status == "completed":
            lines[conversation.student_id].reflections += 1
    student_of = {c.id: c.student_id for c in found.conversations}
    for answer in found.answers:
        line = lines[student_of[answer.conversation_id]]
        if answer.competency:
            line.competencies.add(answer.competency)
        if answer.kind == "moment":
            line.moments.append(answer.text)
    for student_id, _, mood in found.moods:
        lines[student_id].moods.append(mood)
    for student_id, moved in found.in_progress.items():
        if is_stuck(moved, until):
            lines[student_id].stuck_since = moved
    for student_id, ended in found.last_reflected.items():
        lines[student_id].last_reflected = ended
    for action in found.actions:
        line = lines[action.student_id]
        if since <= action.created_at < until:
            line.new_actions.append((action.text, action.due))
        if is_overdue(action.status, action.due, today):
            line.overdue.append((action.text, action.due))
        if action.status == "done" and action.reviewed_at and since <= action.reviewed_at < until:
            line.done.append(action.text)
    calendar_known = calendar_knows(calendar, {s.group_name for s in students})
    if calendar is not None:
        days = {g: last_internship_day(calendar, g, today) for g in
                {s.group_name for s in students}}  # once per group, not per student
        for student in students:
            line = lines[student.id]
            line.expected_since = missed_since(days[student.group_name], line.last_reflected,
                                               zone, student.created_at,
                                               found.in_progress.get(student.id))
    urgent_first = sorted(flags.values(),
                          key=lambda f: (f.view.level != "urgent", f.view.created_at))
    ordered = sorted(lines.values(), key=lambda s: (-s.open_flags, s.name))
    return Digest(mentor.name, since, until, today, urgent_first, ordered,
                  await stored.never_started(session, groups),
                  [(flag_view(f, by_id[f.student_id]), by) for f, by in found.resolved],
                  found.competencies, calendar_known,
                  [(r.group_name or "", r.reason, r.erased_at)
                   for r in await stored.erased_open(session, groups, since, until)])


def low_in_a_row(moods: Sequence[str]) -> bool:
    """The last two moods (oldest first) were both the low one: a concern for the mentor."""
    return len(moods) >= 2 and all(m == LOW_MOOD for m in moods[-2:])


def is_stuck(moved: datetime, now: datetime) -> bool:
    """An unfinished conversation the student answered in, untouched for STUCK_AFTER."""
    return now - moved >= STUCK_AFTER


def is_overdue(status: str, due: date, today: date) -> bool:
    """Still open and its day has passed (storage/school_views.py counts the same in SQL)."""
    return status == "open" and due < today


def calendar_knows(calendar: InternshipCalendar | None, groups: Iterable[str | None]) -> bool:
    """The calendar has internship days for one of these groups: then a student is expected
    to reflect after each, and "quiet" means since that day."""
    return calendar is not None and any(g in calendar.groups for g in groups)


def missed_since(day: date | None, last_reflected: datetime | None,
                 zone: ZoneInfo | None = None, joined: datetime | None = None,
                 moving: datetime | None = None) -> date | None:
    """The internship day a student has not reflected since (any time that day counts), or
    None: they did, they are reflecting now (`moving`: their open conversation moved since),
    they joined after that day, or there was no such day."""
    if day is None:
        return None
    start = datetime.combine(day, time(), tzinfo=zone or UTC)
    if joined is not None and joined >= start + timedelta(days=1):
        return None  # not in the bot yet on that day
    if moving is not None and moving >= start:
        return None
    return day if last_reflected is None or last_reflected < start else None


def last_internship_day(calendar: InternshipCalendar, group: str | None,
                        today: date) -> date | None:
    """The group's latest internship day before today (today's may still be going on)."""
    for back in range(1, LOOK_BACK_DAYS + 1):
        day = today - timedelta(days=back)
        on_holiday = any(h.first <= day <= h.last for h in calendar.holidays)
        if calendar.internship(group, day) and not on_holiday:
            return day
    return None


def render(digest: Digest, texts: Texts, lang: str, shows: str, when: str) -> str:
    """Plain text that reads at a glance. The top fits a phone screen: a summary line, open
    flags (each signal once, with its age), who needs attention, the class's competencies.
    Then one compact line per student: reflections, last reflected, moods over the last
    weeks, topics, their newest action. `shows` is the school's setting for students' own
    words: never, summary (their actions, as they were told) or quotes (also their moment
    of the day)."""
    say = texts.say
    many_groups = len({s.group for s in digest.students}) > 1

    def who(name: str, group: str) -> str:
        return f"{name} ({group})" if many_groups else name

    def listed(shown: list[str]) -> str:
        more = len(shown) - NAMES_SHOWN
        return ", ".join(shown[:NAMES_SHOWN]) + (
            say(lang, "digest.and_more", count=more) if more > 0 else "")

    def names(found: list[StudentDigest]) -> str:
        return listed([who(s.name, s.group) for s in found])

    def ago(moment: datetime) -> str:
        hours = int((digest.until - moment).total_seconds() // 3600)
        if hours < 24:
            return say(lang, "digest.hours_ago", hours=max(hours, 1))
        return say(lang, "digest.days_ago", days=hours // 24)

    students = digest.students
    reflected = [s for s in students if s.reflections]
    out = [say(lang, "digest.title", mentor=digest.mentor, when=when),
           say(lang, "digest.summary", reflected=len(reflected), students=len(students),
               reflections=sum(s.reflections for s in students),
               actions=sum(len(s.new_actions) for s in students),
               done=sum(len(s.done) for s in students),
               overdue=sum(len(s.overdue) for s in students))]
    if digest.flags:
        out.append(say(lang, "digest.flags", count=len(digest.flags)))
        for repeated in digest.flags:
            f = repeated.view
            times = say(lang, "digest.times", count=repeated.times) if repeated.times > 1 else ""
            out.append(say(lang, "digest.flag", level=say(lang, f"mentor.levels.{f.level}"),
                           student=who(f.student, f.group), reason=f.reason + times,
                           status=say(lang, f"mentor.flag_status.{f.status}") + ", "
                           + ago(f.created_at)))
    else:
        out.append(say(lang, "digest.no_flags"))
    out += [say(lang, "digest.erased", group=group, reason=reason, ago=ago(at))
            for group, reason, at in digest.erased]
    attention: list[str] = []
    quiet = sorted(digest.quiet, key=lambda s: s.name)
    if quiet:
        key = "digest.quiet_since" if digest.calendar_known else "digest.quiet"
        days = {s.expected_since for s in quiet if s.expected_since}
        day = texts.date(lang, max(days)) if days else ""
        attention.append(say(lang, key, count=len(quiet), names=names(quiet), day=day))
    if digest.never_started:
        attention.append(say(lang, "digest.never_started", count=len(digest.never_started),
                             names=listed([who(n, g) for n, g in digest.never_started])))
    stuck = sorted((s for s in students if s.stuck_since), key=lambda s: s.name)
    if stuck:
        attention.append(say(lang, "digest.stuck", count=len(stuck), names=names(stuck)))
    late = sorted((s for s in students if s.overdue), key=lambda s: s.name)
    if late:
        attention.append(say(lang, "digest.late", count=len(late), names=names(late)))
    low = sorted((s for s in students if s.low_in_a_row), key=lambda s: s.name)
    if low:
        attention.append(say(lang, "digest.low", count=len(low), names=names(low)))
    if attention:
        out.append(say(lang, "digest.attention"))
        out += attention
    for view, by in digest.resolved[-3:]:
        out.append(say(lang, "digest.resolved", student=who(view.student, view.group),
                       reason=view.reason, by=by or "?"))
    if digest.competencies:
        out.append(say(lang, "digest.class_topics", topics=" · ".join(
            say(lang, "digest.topic_count", topic=say(lang, f"digest.short.{c}"),
                count=digest.competencies.get(c, 0)) for c in COMPETENCIES)))
    shown = [s for s in students if s.reflections or s.overdue or s.done or s.last_reflected]
    if shown:
        out.append(say(lang, "digest.students"))
    for student in sorted(shown, key=lambda s: (-s.open_flags, -len(s.overdue), s.name)):
        parts = [say(lang, "digest.reflections", count=student.reflections)]
        if student.last_reflected and not student.reflections:
            parts.append(say(lang, "digest.last", ago=ago(student.last_reflected)))
        moods = "".join(say(lang, f"mentor.moods.{m}") for m in student.moods[-4:]
                        if m in MOODS)
        if moods:
            parts.append(moods)
        if student.competencies:
            parts.append(", ".join(say(lang, f"digest.short.{c}")
                                   for c in sorted(student.competencies)))
        line = "• " + who(student.name, student.group) + ": " + " ".join(parts)
        for text in student.done[-1:]:
            line += " · " + say(lang, "digest.done", action=_action(text, shows, lang, texts))
        overdue = {text for text, _ in student.overdue}
        for text, due in (student.overdue + [a for a in student.new_actions
                                             if a[0] not in overdue])[-1:]:
            key = "digest.overdue" if text in overdue else "digest.new_action"
            line += " · " + say(lang, key, due=texts.date(lang, due),
                                action=_action(text, shows, lang, texts))
        out.append(line)
        if shows == "quotes":
            out += ["   " + say(lang, "digest.moment", text=_short(m))
                    for m in student.moments[-1:]]
    return "\n".join(out)


def top_rows(text: str, width: int = PHONE_WIDTH) -> int:
    """Screen rows of a digest before the per-student part (what a mentor sees first), long
    lines wrapped as a phone does."""
    lines = text.splitlines()
    end = next((i for i, line in enumerate(lines) if line.strip() in _STUDENT_HEADINGS),
               len(lines))
    return sum(max(1, -(-len(line) // width)) for line in lines[:end])


_STUDENT_HEADINGS = {"Per student:"}  # nl and en alike


def _action(text: str, shows: str, lang: str, texts: Texts) -> str:
    return _short(text, 60) if shows != "never" else texts.say(lang, "digest.action_hidden")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return f"„{text if len(text) <= limit else text[:limit - 1] + '…'}”"


class Digests:
    """Builds and renders mentors' digests; remembers when each mentor last got one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], texts: Texts,
                 school: SchoolSettings, zone: ZoneInfo, clock: Callable[[], datetime],
                 calendar: InternshipCalendar | None = None) -> None:
        self.sessions = sessions
        self.calendar = calendar
        self.texts = texts
        self.school = school
        self.zone = zone
        self.clock = clock

    async def find_mentors(self, who: str) -> list[Mentor]:
        """Mentors by a contact's address (a Telegram id) or any part of their name."""
        async with self.sessions() as session:
            return await stored.matching(session, who)

    async def all_mentors(self) -> list[str]:
        async with self.sessions() as session:
            return [m.name for m, _ in await stored.everyone(session)]

    async def mentor(self, mentor_id: int) -> Mentor | None:
        async with self.sessions() as session:
            return await stored.by_id(session, mentor_id)

    async def text_for(self, mentor: Mentor) -> str:
        """The mentor's digest since their last one (or a week)."""
        now = self.clock()
        async with self.sessions() as session:
            fresh = await stored.by_id(session, mentor.id)
            assert fresh is not None
            since = fresh.last_digest_at or now - FIRST_PERIOD
            digest = await build(session, fresh, since, now, now.astimezone(self.zone).date(),
                                 self.calendar, self.zone)
        when = now.astimezone(self.zone).strftime("%d-%m-%Y %H:%M")
        return render(digest, self.texts, mentor.language, self.school.mentor_sees, when)

    async def mark_sent(self, mentor: Mentor) -> None:
        """The next digest starts from now."""
        async with self.sessions.begin() as session:
            fresh = await stored.by_id(session, mentor.id)
            if fresh is not None:
                fresh.last_digest_at = self.clock()
