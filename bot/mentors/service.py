"""Mentors in Telegram: enrol with a code, see only their own students, handle flags."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reflection import utc_now
from bot.storage import contacts, enrolment, jobs
from bot.storage import flags as stored_flags
from bot.storage import mentors as stored
from bot.storage import students as stored_students
from bot.storage.models import Flag, Mentor, Student
from bot.students import claim

MENTOR_ROLES = ("mentor", "coordinator")
# A job for the process that runs Telegram: a flag was picked up elsewhere (on the web, or by
# resolving it at once), so every Telegram copy of its alert must lose its button and say who.
PICKED_UP = "alert_picked_up"


@dataclass(frozen=True)
class MentorProfile:
    id: int
    name: str
    language: str
    coordinator: bool
    groups: tuple[str, ...]


@dataclass(frozen=True)
class FlagView:
    id: int
    level: str
    reason: str
    student: str
    group: str
    status: str
    created_at: datetime


@dataclass(frozen=True)
class OpenFlag:
    """A flag not yet resolved, for the school's pages: who picked it up, if anyone."""

    view: FlagView
    student_id: int
    acknowledged_by: str | None
    acknowledged_at: datetime | None


@dataclass(frozen=True)
class ConversationView:
    started: datetime
    status: str
    competencies: tuple[str, ...]
    mood: str | None


@dataclass(frozen=True)
class ActionView:
    text: str
    due: date
    status: str


@dataclass(frozen=True)
class StudentOverview:
    name: str
    group: str
    conversations: tuple[ConversationView, ...]
    actions: tuple[ActionView, ...]
    flags: tuple[FlagView, ...]


@dataclass(frozen=True)
class MentorListing:
    name: str
    email: str | None
    channels: tuple[str, ...]  # where the bot knows them (telegram)
    coordinator: bool
    groups: tuple[str, ...]
    admin: bool = False


@dataclass(frozen=True)
class Acknowledged:
    by: str  # the mentor who picked it up first
    at: datetime
    now: bool  # this press picked it up (False: someone had already)
    copies: tuple[tuple[str, str], ...]  # (message reference, language) of every alert copy


@dataclass(frozen=True)
class Resolved:
    student: str  # the student's name
    now: bool  # this note resolved it (False: it was resolved already)
    by: str | None  # who resolved it (the first one)


class FlagGone(LookupError):
    """The flag's student deleted their data since the alert."""


class NotYours(PermissionError):
    """A mentor asked about a student or flag outside their groups."""


class MentorService:
    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 clock: Callable[[], datetime] = utc_now,
                 next_digest: Callable[[datetime], datetime] | None = None) -> None:
        self.sessions = sessions
        self.clock = clock
        self.next_digest = next_digest

    async def invite_role(self, code: str) -> str | None:
        async with self.sessions() as session:
            invite = await enrolment.usable_invite(session, code)
            return invite.role if invite else None

    async def enrol(self, code: str, who: tuple[str, str], name: str, language: str,
                    update_id: int) -> MentorProfile | None:
        """A mentor code links this contact (a Telegram account) to the code's group (again:
        another group)."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            invite = await enrolment.usable_invite(session, code, lock=True)
            if invite is None or invite.role not in MENTOR_ROLES:
                return None
            mentor = await _mentor(session, who)
            if mentor is None:
                mentor = await stored.add(session, name, language, False, self.clock())
                await contacts.add(session, *who, self.clock(), mentor=mentor)
            if invite.role == "coordinator":
                mentor.coordinator = True
            else:
                await stored.add_group(session, mentor, invite.group_name)
            invite.used_at = self.clock()
            invite.mentor_id = mentor.id
            await session.flush()
            if self.next_digest is not None:
                await jobs.schedule_once(session, "digest", self.next_digest(self.clock()),
                                         self.clock(), mentor.id)
            return await _profile(session, mentor)

    async def add(self, name: str, email: str, groups: list[str], coordinator: bool,
                  language: str, admin: bool = False) -> MentorProfile:
        """A mentor reached by e-mail (no Telegram needed), e.g. for a school with the web
        chat only. The same address again adds groups; the caller checked the address."""
        now = self.clock()
        async with self.sessions.begin() as session:
            mentor = await stored.by_email(session, email)
            if mentor is None:
                mentor = await stored.add(session, name, language, coordinator, now, email)
                if self.next_digest is not None:
                    await jobs.schedule_once(session, "digest", self.next_digest(now), now,
                                             mentor.id)
            mentor.coordinator = mentor.coordinator or coordinator or admin
            mentor.admin = mentor.admin or admin
            for group in groups:
                await stored.add_group(session, mentor, group)
            await session.flush()
            return await _profile(session, mentor)

    async def listing(self) -> list[MentorListing]:
        async with self.sessions() as session:
            return [MentorListing(m.name, m.email, tuple(sorted(c.channel for c in m.contacts)),
                                  m.coordinator, tuple(groups), m.admin)
                    for m, groups in await stored.everyone(session)]

    async def set_email(self, who: tuple[str, str], email: str, update_id: int) -> bool:
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            mentor = await _mentor(session, who)
            if mentor is None:
                return False
            mentor.email = email
            return True

    async def profile(self, who: tuple[str, str]) -> MentorProfile | None:
        async with self.sessions() as session:
            mentor = await _mentor(session, who)
            return await _profile(session, mentor) if mentor else None

    async def acknowledge(self, who: tuple[str, str], flag_id: int,
                          update_id: int) -> Acknowledged:
        """Raises NotYours, or says who picked the flag up and when (the first one counts,
        also when a second mentor presses later) and where the alert's copies are. The
        channel pressed in updates the copies itself, at once."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            mentor, flag = await self._mentor_and_flag(session, who, flag_id)
            return await self._acknowledge(session, mentor, flag, copies_later=False)

    async def acknowledge_by(self, mentor_id: int, flag_id: int) -> Acknowledged:
        """The same, for a mentor known by id (the school's pages). The Telegram copies of
        the alert are updated by a job in the process that runs Telegram (PICKED_UP)."""
        async with self.sessions.begin() as session:
            mentor, flag = await self._mentor_by_id_and_flag(session, mentor_id, flag_id)
            return await self._acknowledge(session, mentor, flag, copies_later=True)

    async def picked_up(self, flag_id: int) -> Acknowledged | None:
        """Who picked the flag up and where the alert's copies are (for the PICKED_UP job);
        None when the flag is gone or still open."""
        async with self.sessions() as session:
            flag = await stored_flags.by_id(session, flag_id)
            if flag is None or flag.status == "open":
                return None
            by = await stored_flags.first_acknowledger(session, flag.id) \
                or await stored_flags.resolver(session, flag.id)
            return Acknowledged(by.name if by else "?", flag.acknowledged_at or self.clock(),
                                False, tuple(await stored_flags.alert_copies(session, flag.id)))

    async def _acknowledge(self, session: AsyncSession, mentor: Mentor, flag: Flag,
                           copies_later: bool) -> Acknowledged:
        """Only an open flag is picked up, by one conditional UPDATE: two mentors pressing at
        once (or a form sent twice) record one acknowledgement."""
        now = self.clock()
        first = await stored_flags.pick_up(session, flag.id, now)
        if first:
            await stored_flags.add_event(session, flag.id, "acknowledged", mentor.id, now)
        await stored_flags.reread(session, flag)
        copies = tuple(await stored_flags.alert_copies(session, flag.id))
        if first and copies_later and copies:
            await jobs.schedule(session, PICKED_UP, now, now, flag_id=flag.id)
        by = await stored_flags.first_acknowledger(session, flag.id) or mentor
        return Acknowledged(by.name, flag.acknowledged_at or now, first, copies)

    async def ask_note(self, who: tuple[str, str], flag_id: int, update_id: int) -> str:
        """The mentor will resolve this flag; their next message is the note. Returns the
        student's name, so the question can say whom the note is about."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            mentor, flag = await self._mentor_and_flag(session, who, flag_id)
            mentor.note_for_flag = flag.id
            student = await stored_students.by_id(session, flag.student_id)
            return student.name if student else "?"

    async def cancel_note(self, who: tuple[str, str]) -> str | None:
        """Stop waiting for a note (the mentor cancelled, or moved on to a command): the
        student's name of the flag that stays open, or None when no note was awaited."""
        async with self.sessions.begin() as session:
            mentor = await _mentor(session, who)
            if mentor is None or mentor.note_for_flag is None:
                return None
            flag = await stored_flags.by_id(session, mentor.note_for_flag)
            mentor.note_for_flag = None
            student = await stored_students.by_id(session, flag.student_id) if flag else None
            return student.name if student else "?"

    async def resolve_with_note(self, who: tuple[str, str], note: str,
                                update_id: int) -> str | None:
        """Resolve the flag waiting for this note; the student's name, or None when no flag
        waits for a note from this mentor."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            mentor = await _mentor(session, who)
            if mentor is None or mentor.note_for_flag is None:
                return None
            flag = await stored_flags.by_id(session, mentor.note_for_flag)
            mentor.note_for_flag = None
            if flag is None:
                return None
            return (await self._resolve(session, mentor, flag, note)).student

    async def resolve_by(self, mentor_id: int, flag_id: int, note: str) -> Resolved:
        """Resolve a flag with a note, for a mentor known by id (the school's pages). Raises
        NotYours or FlagGone; a flag resolved already stays as it was (a form sent twice
        resolves once)."""
        async with self.sessions.begin() as session:
            mentor, flag = await self._mentor_by_id_and_flag(session, mentor_id, flag_id)
            return await self._resolve(session, mentor, flag, note)

    async def _resolve(self, session: AsyncSession, mentor: Mentor, flag: Flag,
                       note: str) -> Resolved:
        """One conditional UPDATE decides, so the flag is resolved (and its note recorded)
        once. A flag nobody had picked up is picked up by this: its alert's copies in
        Telegram are updated by a job (PICKED_UP)."""
        now = self.clock()
        was_open = flag.status == "open"
        first = await stored_flags.resolve(session, flag.id, now)
        if first:
            await stored_flags.add_event(session, flag.id, "resolved", mentor.id, now, note=note)
            if was_open and await stored_flags.alert_copies(session, flag.id):
                await jobs.schedule(session, PICKED_UP, now, now, flag_id=flag.id)
        await stored_flags.reread(session, flag)
        student = await stored_students.by_id(session, flag.student_id)
        by = mentor if first else await stored_flags.resolver(session, flag.id)
        return Resolved(student.name if student else "?", first, by.name if by else None)

    async def open_flags(self, who: tuple[str, str]) -> list[FlagView]:
        """Flags not yet resolved for this mentor's students, urgent and oldest first."""
        async with self.sessions() as session:
            mentor = await _mentor(session, who)
            if mentor is None:
                return []
            rows = await stored_flags.open_flags(session, await visible_groups(session, mentor))
            views = [flag_view(flag, student) for flag, student in rows]
            return sorted(views, key=lambda v: (v.level != "urgent", v.created_at))

    async def open_flags_in(self, groups_visible: list[str] | None,
                            group: str) -> list[OpenFlag]:
        """A group's flags not yet resolved, urgent and oldest first, with who picked each
        up. Raises NotYours for a group outside `groups_visible` (None: every group)."""
        if groups_visible is not None and group not in groups_visible:
            raise NotYours(group)
        async with self.sessions() as session:
            rows = await stored_flags.open_flags(session, [group])
            by = await stored_flags.acknowledgers(session, [flag.id for flag, _ in rows])
        found = [OpenFlag(flag_view(flag, student), student.id, by.get(flag.id),
                          flag.acknowledged_at) for flag, student in rows]
        return sorted(found, key=lambda f: (f.view.level != "urgent", f.view.created_at,
                                            f.view.id))

    async def student(self, who: tuple[str, str], name: str) -> StudentOverview | None:
        """A student of this mentor by (the start of) their name; None if there is none."""
        async with self.sessions() as session:
            mentor = await _mentor(session, who)
            if mentor is None:
                return None
            student = await stored.student_named(session, name,
                                                 await visible_groups(session, mentor))
            if student is None:
                return None
            return await overview(session, student)

    async def _mentor_and_flag(self, session: AsyncSession, who: tuple[str, str],
                               flag_id: int) -> tuple[Mentor, Flag]:
        mentor = await _mentor(session, who)
        if mentor is None:
            raise NotYours(flag_id)
        return mentor, await _flag_of(session, mentor, flag_id)

    async def _mentor_by_id_and_flag(self, session: AsyncSession, mentor_id: int,
                                     flag_id: int) -> tuple[Mentor, Flag]:
        mentor = await stored.by_id(session, mentor_id)
        if mentor is None:
            raise NotYours(flag_id)
        return mentor, await _flag_of(session, mentor, flag_id)

    async def _claim(self, session: AsyncSession, update_id: int) -> None:
        await claim(session, update_id, self.clock())


async def overview(session: AsyncSession, student: Student,
                   since: datetime | None = None) -> StudentOverview:
    """What a mentor may see of a student: reflections, topics, mood, actions, flags."""
    found = await stored.history(session, student.id, since)
    views = [ConversationView(
        conversation.started_at, conversation.status,
        tuple(sorted({a.competency for a in answers if a.competency})),
        next((a.text for a in answers if a.kind == "mood"), None))
        for conversation, answers in found.conversations]
    return StudentOverview(
        student.name, student.group_name or "", tuple(views),
        tuple(ActionView(a.text, a.due, a.status) for a in found.actions),
        tuple(flag_view(f, student) for f in found.flags))


async def visible_groups(session: AsyncSession, mentor: Mentor) -> list[str] | None:
    """The groups a mentor may see: their own; a coordinator every group (None)."""
    return None if mentor.coordinator else await stored.groups_of(session, mentor)


async def _flag_of(session: AsyncSession, mentor: Mentor, flag_id: int) -> Flag:
    """The flag, if this mentor may handle it: their groups' students, or any for a
    coordinator or the administrator. Raises FlagGone (the student deleted their data) or
    NotYours."""
    flag = await stored_flags.by_id(session, flag_id)
    if flag is None:  # the student deleted their data (an anonymised record stays)
        raise FlagGone(flag_id)
    student = await stored_students.by_id(session, flag.student_id)
    every_group = mentor.coordinator or mentor.admin
    if not every_group and (student is None or student.group_name
                            not in await stored.groups_of(session, mentor)):
        raise NotYours(flag_id)
    return flag


async def _mentor(session: AsyncSession, who: tuple[str, str]) -> Mentor | None:
    return await contacts.mentor(session, *who)


async def _profile(session: AsyncSession, mentor: Mentor) -> MentorProfile:
    return MentorProfile(mentor.id, mentor.name, mentor.language, mentor.coordinator,
                         tuple(sorted(await stored.groups_of(session, mentor))))


def flag_view(flag: Flag, student: Student) -> FlagView:
    return FlagView(flag.id, flag.level, flag.reason, student.name, student.group_name or "",
                    flag.status, flag.created_at)
