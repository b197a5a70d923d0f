"""A mentor's digest: what needs them first, then each student at a glance."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.texts import Texts
from bot.mentors.service import FlagView, flag_view, visible_groups
from bot.school import SchoolSettings
from bot.storage import mentors as stored
from bot.storage.models import Mentor

FIRST_PERIOD = timedelta(days=7)  # a mentor's first digest looks back a week


@dataclass
class StudentDigest:
    name: str
    group: str
    reflections: int = 0
    moods: list[str] = field(default_factory=list)
    competencies: set[str] = field(default_factory=set)
    new_actions: list[tuple[str, date]] = field(default_factory=list)
    overdue: list[tuple[str, date]] = field(default_factory=list)
    done: list[str] = field(default_factory=list)
    moments: list[str] = field(default_factory=list)
    open_flags: int = 0


@dataclass
class Digest:
    mentor: str
    since: datetime
    until: datetime
    flags: list[FlagView]
    students: list[StudentDigest]

    @property
    def quiet(self) -> list[StudentDigest]:
        """Students who did not reflect in this period."""
        return [s for s in self.students if not s.reflections]


async def build(session: AsyncSession, mentor: Mentor, since: datetime, until: datetime,
                today: date) -> Digest:
    """Everything for one mentor's digest, from the database, for their own students only."""
    students = await stored.students_in(session, await visible_groups(session, mentor))
    found = await stored.period(session, [s.id for s in students], since, until)
    by_id = {s.id: s for s in students}
    flag_views = sorted((flag_view(f, by_id[f.student_id]) for f in found.open_flags),
                        key=lambda v: (v.level != "urgent", v.created_at))
    lines = {s.id: StudentDigest(s.name, s.group_name or "") for s in students}
    for flag in found.open_flags:
        lines[flag.student_id].open_flags += 1
    student_of = {c.id: c.student_id for c in found.conversations}
    for conversation in found.conversations:
        if conversation.status == "completed":
            lines[conversation.student_id].reflections += 1
    for answer in found.answers:
        line = lines[student_of[answer.conversation_id]]
        if answer.kind == "mood":
            line.moods.append(answer.text)
        if answer.competency:
            line.competencies.add(answer.competency)
        if answer.kind == "moment":
            line.moments.append(answer.text)
    for action in found.actions:
        line = lines[action.student_id]
        if since <= action.created_at < until:
            line.new_actions.append((action.text, action.due))
        if action.status == "open" and action.due < today:
            line.overdue.append((action.text, action.due))
        if action.status == "done" and action.reviewed_at and since <= action.reviewed_at < until:
            line.done.append(action.text)
    ordered = sorted(lines.values(), key=lambda s: (-s.open_flags, s.name))
    return Digest(mentor.name, since, until, flag_views, ordered)


def render(digest: Digest, texts: Texts, lang: str, shows: str, when: str) -> str:
    """Plain text that reads at a glance: a summary line, flags, who did not reflect, then one
    line per student, those needing attention first. `shows` is the school's setting for
    students' own words: never, summary (their actions, as they were told) or quotes (also
    their moment of the day)."""
    say = texts.say
    many_groups = len({s.group for s in digest.students}) > 1

    def who(name: str, group: str) -> str:
        return f"{name} ({group})" if many_groups else name

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
        out += [say(lang, "digest.flag", level=say(lang, f"mentor.levels.{f.level}"),
                    student=who(f.student, f.group), reason=f.reason,
                    status=say(lang, f"mentor.flag_status.{f.status}")) for f in digest.flags]
    else:
        out.append(say(lang, "digest.no_flags"))
    quiet = digest.quiet
    if quiet:
        out.append(say(lang, "digest.quiet", count=len(quiet),
                       names=", ".join(who(s.name, s.group) for s in quiet)))
    if reflected or any(s.overdue for s in students):
        out.append(say(lang, "digest.students"))
    for student in sorted(students, key=lambda s: (-s.open_flags, -len(s.overdue), s.name)):
        if not (student.reflections or student.overdue or student.done):
            continue
        parts = [say(lang, "digest.reflections", count=student.reflections)]
        moods = "".join(say(lang, f"mentor.moods.{m}") for m in student.moods
                        if m in ("great", "good", "so_so", "bad"))
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


def _action(text: str, shows: str, lang: str, texts: Texts) -> str:
    return _short(text, 60) if shows != "never" else texts.say(lang, "digest.action_hidden")


def _short(text: str, limit: int = 140) -> str:
    text = " ".join(text.split())
    return f"„{text if len(text) <= limit else text[:limit - 1] + '…'}”"


class Digests:
    """Builds and renders mentors' digests; remembers when each mentor last got one."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], texts: Texts,
                 school: SchoolSettings, zone: ZoneInfo, clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.texts = texts
        self.school = school
        self.zone = zone
        self.clock = clock

    async def find_mentor(self, who: str) -> Mentor | None:
        """A mentor by a contact's address (a Telegram id) or (the start of) their name."""
        async with self.sessions() as session:
            return await stored.by_id_or_name(session, who)

    async def mentor(self, mentor_id: int) -> Mentor | None:
        async with self.sessions() as session:
            return await session.get(Mentor, mentor_id)

    async def text_for(self, mentor: Mentor) -> str:
        """The mentor's digest since their last one (or a week)."""
        now = self.clock()
        async with self.sessions() as session:
            fresh = await session.get(Mentor, mentor.id)
            assert fresh is not None
            since = fresh.last_digest_at or now - FIRST_PERIOD
            digest = await build(session, fresh, since, now, now.astimezone(self.zone).date())
        when = now.astimezone(self.zone).strftime("%d-%m-%Y %H:%M")
        return render(digest, self.texts, mentor.language, self.school.mentor_sees, when)

    async def mark_sent(self, mentor: Mentor) -> None:
        """The next digest starts from now."""
        async with self.sessions.begin() as session:
            fresh = await session.get(Mentor, mentor.id)
            if fresh is not None:
                fresh.last_digest_at = self.clock()
