"""Staff on the school's pages: who is signed in, in which role, seeing which groups.

A mentor signs in with a one-time link (from the bot's /web, by e-mail, or printed by the
CLI for an administrator), valid for minutes and used once; then a session of hours. The role
decides what they see: a mentor their own groups, a coordinator every group, an administrator
also the school's settings, flows and invite sheets."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.reflection import utc_now
from bot.storage import contacts, staff_access
from bot.storage import mentors as stored
from bot.storage.models import Mentor

Role = Literal["mentor", "coordinator", "admin"]
PAGES = "/school"  # where the web server serves the school's pages
LINK_VALID = timedelta(minutes=15)
SESSION_LIFETIME = timedelta(hours=12)


@dataclass(frozen=True)
class Staff:
    id: int
    name: str
    language: str
    role: Role
    groups: tuple[str, ...]  # their own groups (a coordinator may have none)

    @property
    def visible(self) -> list[str] | None:
        """The groups they may see; None: every group."""
        return None if self.role != "mentor" else list(self.groups)

    def sees(self, group: str | None) -> bool:
        return self.role != "mentor" or (group is not None and group in self.groups)


class StaffAccess:
    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.clock = clock

    async def link_for(self, mentor_id: int) -> str:
        """A new one-time link token for this mentor."""
        async with self.sessions.begin() as session:
            return await staff_access.create_link(session, mentor_id, self.clock(), LINK_VALID)

    async def link_for_contact(self, channel: str, address: str) -> str | None:
        """A link token for the mentor this contact is (a Telegram account); None if none."""
        async with self.sessions.begin() as session:
            mentor = await contacts.mentor(session, channel, address)
            if mentor is None:
                return None
            return await staff_access.create_link(session, mentor.id, self.clock(), LINK_VALID)

    async def link_for_email(self, email: str) -> tuple[str, Staff, str] | None:
        """A link token, whom it is for and their address as the school gave it, for the
        mentor with this address (in any case); None if none."""
        async with self.sessions.begin() as session:
            mentor = await stored.by_email(session, email)
            if mentor is None or mentor.email is None:
                return None
            token = await staff_access.create_link(session, mentor.id, self.clock(), LINK_VALID)
            return token, await _staff(session, mentor), mentor.email

    async def peek(self, token: str) -> Staff | None:
        """Whom a link would sign in, without using it (a mail scanner opening the link must
        not use it up: signing in takes a press of the button on that page)."""
        async with self.sessions() as session:
            mentor = await staff_access.link_mentor(session, token, self.clock())
            return await _staff(session, mentor) if mentor else None

    async def sign_in(self, token: str) -> str | None:
        """Use the link up and start a session; its token, or None for a used, expired or
        unknown link."""
        async with self.sessions.begin() as session:
            now = self.clock()
            mentor_id = await staff_access.use_link(session, token, now)
            if mentor_id is None:
                return None
            await staff_access.forget_expired(session, now)
            return await staff_access.create_session(session, mentor_id, now, SESSION_LIFETIME)

    async def who(self, session_token: str) -> Staff | None:
        async with self.sessions() as session:
            mentor = await staff_access.session_mentor(session, session_token, self.clock())
            return await _staff(session, mentor) if mentor else None

    async def sign_out(self, session_token: str) -> None:
        async with self.sessions.begin() as session:
            await staff_access.end_session(session, session_token)

    async def viewed(self, staff: Staff, student_id: int, page: str = "student") -> None:
        """Record that this staff member opened a student's page (the school's accountability)."""
        async with self.sessions.begin() as session:
            await staff_access.record_view(session, staff.id, student_id, page, self.clock())

    async def groups(self, staff: Staff) -> list[str]:
        """The groups this staff member may open: their own, or every group of the school."""
        if staff.visible is not None:
            return list(staff.visible)
        async with self.sessions() as session:
            return await staff_access.all_groups(session)

    async def views(self, student_id: int) -> list[tuple[str, datetime]]:
        async with self.sessions() as session:
            return await staff_access.views_of(session, student_id)


def login_page(web_url: str) -> str:
    """Where a mentor asks for a sign-in link by e-mail."""
    return f"{web_url.rstrip('/')}{PAGES}/login"


def login_url(web_url: str, token: str) -> str:
    """The address of a one-time sign-in link, on the school's web address."""
    return f"{web_url.rstrip('/')}{PAGES}/login/{token}"


def role_of(mentor: Mentor) -> Role:
    return "admin" if mentor.admin else "coordinator" if mentor.coordinator else "mentor"


async def _staff(session: AsyncSession, mentor: Mentor) -> Staff:
    return Staff(mentor.id, mentor.name, mentor.language, role_of(mentor),
                 tuple(sorted(await stored.groups_of(session, mentor))))
