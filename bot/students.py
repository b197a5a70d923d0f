"""What a student can do besides reflecting: enrol, see actions, ask for the mentor, leave."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.core.conversation import ActionReviewed, FlagRaised
from bot.reflection import NotEnrolled, StudentRef, known_student, utc_now
from bot.storage import actions as stored_actions
from bot.storage import contacts, conversations, enrolment, web_sessions
from bot.storage import flags as stored_flags
from bot.storage.database import forget_deleted
from bot.storage.export import export_student
from bot.storage.models import Student

USERNAME = "telegram_username"


@dataclass(frozen=True)
class Invitation:
    code: str
    role: str
    group: str
    name: str | None = None  # printed for (an invite sheet)


@dataclass(frozen=True)
class OpenActionView:
    id: int
    text: str
    due: date
    # (kind, outcome, new due, when): set, reviewed (partly / not_yet), rescheduled ...
    history: tuple[tuple[str, str | None, date | None, datetime], ...] = ()


@dataclass(frozen=True)
class Profile:
    name: str
    language: str
    group: str | None
    email: str | None = None


class Duplicate(Exception):
    """This Telegram update was handled before."""


async def claim(session: AsyncSession, update_id: int, now: datetime) -> None:
    """Mark the update handled in this transaction, or raise Duplicate."""
    if not await enrolment.claim_update(session, update_id, now):
        raise Duplicate(update_id)


class StudentService:
    """Student accounts, whichever channel they talk through (a StudentRef says who). A
    method that changes something claims the channel's update id it answers, once."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.clock = clock

    async def create_invites(self, role: str, group: str, count: int,
                             names: list[str] | None = None) -> list[Invitation]:
        """New codes; with `names` one per name (an invite sheet)."""
        async with self.sessions.begin() as session:
            codes = await enrolment.create_invites(session, role, group, count, self.clock(),
                                                   names)
        return [Invitation(code, role, group, names[i] if names else None)
                for i, code in enumerate(codes)]

    async def other_spelling(self, group: str, calendar_groups: Iterable[str] = ()
                             ) -> str | None:
        """The spelling the school already uses for this class, if it differs only in case
        ('4a' for '4A'): codes under both would make two classes without anyone noticing."""
        async with self.sessions() as session:
            known = await enrolment.known_groups(session) | set(calendar_groups)
        return next((g for g in sorted(known) if g != group and g.casefold() ==
                     group.casefold()), None)

    async def invites(self, group: str | None = None) -> list[enrolment.InviteRow]:
        async with self.sessions() as session:
            return await enrolment.invites(session, group)

    async def revoke(self, code: str) -> enrolment.InviteRow | None:
        """An unused code can no longer be used (it is deleted); a used one stays as it is."""
        async with self.sessions.begin() as session:
            return await enrolment.revoke(session, code)

    async def profile(self, who: StudentRef) -> Profile | None:
        async with self.sessions() as session:
            student = await known_student(session, who)
            return _profile(student) if student else None

    async def invite_group(self, code: str) -> str | None:
        """The group of a usable student code; nothing is stored by asking."""
        async with self.sessions() as session:
            invite = await enrolment.usable_invite(session, code)
            return invite.group_name if invite and invite.role == "student" else None

    async def enrol(self, code: str, who: StudentRef | None, name: str, language: str,
                    update_id: int | None) -> Profile | None:
        """Consent given: enrol with the code, known on the channel by `who`'s contact (None:
        the channel keeps its own sessions). None if the code is no longer usable."""
        enrolled = await self.enrol_id(code, who, name, language, update_id)
        return None if enrolled is None else enrolled[1]

    async def enrol_id(self, code: str, who: StudentRef | None, name: str, language: str,
                       update_id: int | None) -> tuple[int, Profile] | None:
        """As `enrol`, with the new student's id."""
        contact = who.contact if who is not None else None
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            if contact is not None:
                existing = await contacts.student(session, *contact)
                if existing is not None:
                    return existing.id, _profile(existing)
            invite = await enrolment.usable_invite(session, code, lock=True)
            if invite is None or invite.role != "student":
                return None
            student = await enrolment.enrol(session, invite, contact, name, language,
                                            self.clock())
            return student.id, _profile(student)

    async def open_actions(self, who: StudentRef) -> list[OpenActionView]:
        async with self.sessions() as session:
            student = await self._student(session, who)
            actions = await stored_actions.not_done(session, student.id)
            events = await stored_actions.action_history(session, [a.id for a in actions])
            history = {action_id: [(e.kind, e.outcome, e.due, e.at) for e in found]
                       for action_id, found in events.items()}
            return [OpenActionView(a.id, a.text, a.due, tuple(history.get(a.id, ())))
                    for a in actions]

    async def mark_done(self, who: StudentRef, action_id: int,
                        update_id: int | None) -> OpenActionView | None:
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            student = await self._student(session, who)
            action = await stored_actions.not_done_action(session, student.id, action_id)
            if action is None:
                return None
            view = OpenActionView(action.id, action.text, action.due)
            await stored_actions.review_action(session, student.id, None,
                                               ActionReviewed(action.id, outcome="done"),
                                               self.clock())
            return view

    async def request_mentor(self, who: StudentRef, flag: FlagRaised,
                             update_id: int | None) -> None:
        """Record that the student asks for their mentor; the mentor is alerted. Asking again
        while the request is open adds nothing: the mentor already has it."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            student = await self._student(session, who)
            if await stored_flags.has_open_flag(session, student.id, flag.rule):
                return
            conversation = await conversations.active_conversation(session, student.id)
            await stored_flags.add_flags(session, student.id,
                                         conversation.id if conversation else None,
                                         None, [flag], self.clock())

    async def set_language(self, who: StudentRef, language: str,
                           update_id: int | None) -> None:
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            student = await self._student(session, who)
            student.language = language

    async def set_email(self, who: StudentRef, address: str | None,
                        update_id: int | None) -> None:
        """Where nudges and reminders go when Telegram does not reach the student; None
        forgets it. The caller checked the address (bot.addresses)."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            student = await self._student(session, who)
            student.email = address

    async def erase(self, who: StudentRef, update_id: int | None) -> bool:
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)
            student = await known_student(session, who)
            if student is None:
                return False
            await enrolment.erase(session, student, self.clock())
        bind = self.sessions.kw.get("bind")
        if isinstance(bind, AsyncEngine):
            await forget_deleted(bind)
        return True

    async def export(self, who: StudentRef) -> dict[str, Any] | None:
        async with self.sessions() as session:
            student = await known_student(session, who)
            return await export_student(session, student) if student else None

    async def web_sign_in(self, student_id: int) -> str:
        """A new web chat session for the student: the token for their cookie."""
        async with self.sessions.begin() as session:
            return await web_sessions.create(session, student_id, self.clock())

    async def web_student(self, token: str) -> int | None:
        async with self.sessions.begin() as session:
            return await web_sessions.student_of(session, token, self.clock())

    async def web_sign_out(self, token: str) -> None:
        async with self.sessions.begin() as session:
            await web_sessions.end(session, token)

    async def claim(self, update_id: int) -> None:
        """For answers that change nothing: still only once per update."""
        async with self.sessions.begin() as session:
            await self._claim(session, update_id)

    async def remember_username(self, username: str) -> None:
        async with self.sessions.begin() as session:
            await enrolment.remember(session, USERNAME, username)

    async def username(self) -> str | None:
        async with self.sessions() as session:
            return await enrolment.recall(session, USERNAME)

    async def _claim(self, session: AsyncSession, update_id: int | None) -> None:
        if update_id is not None:
            await claim(session, update_id, self.clock())

    async def _student(self, session: AsyncSession, who: StudentRef) -> Student:
        student = await known_student(session, who)
        if student is None:
            raise NotEnrolled(who)
        return student


def _profile(student: Student) -> Profile:
    return Profile(student.name, student.language, student.group_name, student.email)
