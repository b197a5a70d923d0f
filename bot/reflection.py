"""The reflection service: engine + storage, one transaction per turn. Channels call this."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import FlowCatalog
from bot.core.conversation import BotTurn, Context, Input
from bot.core.engine import Engine
from bot.core.machine import FlowMachine
from bot.storage import repository as repo
from bot.storage.models import Conversation, Student


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnsupportedLanguage(ValueError):
    pass


@dataclass(frozen=True)
class StudentRef:
    """Who is talking, as a channel knows them."""

    console_name: str


class ReflectionService:
    """Starts, resumes and continues a student's reflection; saves each turn before replying."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: Engine,
                 catalog: FlowCatalog, flow: str, zone: ZoneInfo, resume_after: timedelta,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.engine = engine
        self.catalog = catalog
        self.flow = flow
        self.zone = zone
        self.resume_after = resume_after
        self.clock = clock

    async def open(self, who: StudentRef, language: str) -> BotTurn:
        """Resume the student's conversation in progress, or start a new one."""
        now = self.clock()
        async with self.sessions.begin() as session:
            student, conversation = await self._find(session, who, language, now)
            if conversation is None:
                return await self._start(session, student, language, now)
            ctx = await self._context(session, student, conversation, now)
            return self.engine.welcome_back(repo.snapshot_of(conversation), ctx)

    async def reply(self, who: StudentRef, language: str, given: Input) -> BotTurn:
        """Take one input; the turn is committed before the reply is returned."""
        now = self.clock()
        async with self.sessions.begin() as session:
            student, conversation = await self._find(session, who, language, now)
            if conversation is None:
                return await self._start(session, student, language, now)
            machine = await self._machine(session, conversation)
            ctx = await self._context(session, student, conversation, now)
            snapshot = repo.snapshot_of(conversation)
            outcome = self.engine.handle(machine, snapshot, given, ctx)
            if outcome.accepted:
                await repo.record(session, conversation, snapshot.step, outcome, now)
            return outcome.turn

    async def export(self, name: str) -> dict[str, Any] | None:
        async with self.sessions() as session:
            student = await repo.find_student(session, name)
            return await repo.export_student(session, student) if student else None

    async def _find(self, session: AsyncSession, who: StudentRef, language: str,
                    now: datetime) -> tuple[Student, Conversation | None]:
        student = await repo.console_student(session, who.console_name, language, now)
        conversation = await repo.active_conversation(session, student.id)
        if conversation is not None and now - conversation.updated_at > self.resume_after:
            await repo.abandon(session, conversation, now)
            conversation = None
        return student, conversation

    async def _start(self, session: AsyncSession, student: Student, language: str,
                     now: datetime) -> BotTurn:
        machine = self.catalog.current(self.flow)
        if language not in machine.flow.languages:
            raise UnsupportedLanguage(f"flow '{self.flow}' does not speak '{language}'; it "
                                      f"speaks {', '.join(machine.flow.languages)}")
        number = await repo.conversation_count(session, student.id) + 1
        conversation = await repo.start_conversation(session, student, machine.flow, language,
                                                     number, now)
        ctx = await self._context(session, student, conversation, now)
        outcome = self.engine.start(machine, ctx)
        await repo.record(session, conversation, machine.flow.start, outcome, now)
        return outcome.turn

    async def _machine(self, session: AsyncSession, conversation: Conversation) -> FlowMachine:
        """The flow version this conversation started on, even if the file changed since."""
        if self.catalog.knows(conversation.flow, conversation.flow_version):
            return self.catalog.version(conversation.flow, conversation.flow_version, None)
        stored = await repo.flow_definition(session, conversation.flow,
                                            conversation.flow_version)
        return self.catalog.version(conversation.flow, conversation.flow_version, stored)

    async def _context(self, session: AsyncSession, student: Student,
                       conversation: Conversation, now: datetime) -> Context:
        return Context(
            language=conversation.language,
            today=now.astimezone(self.zone).date(),
            conversation_number=conversation.number,
            competency_counts=await repo.competency_counts(session, student.id),
            open_action=await repo.open_action(session, student.id, conversation.id),
            name=student.name,
        )
