"""The reflection service: engine + storage, one transaction per turn. Channels call this."""

from __future__ import annotations

import logging
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import FlowCatalog
from bot.core.conversation import BotTurn, Context, Input, OpenAction, Said
from bot.core.engine import Engine
from bot.core.machine import FlowMachine
from bot.logsafe import describe
from bot.school import InternshipCalendar
from bot.storage import contacts, enrolment
from bot.storage import repository as repo
from bot.storage.models import Conversation, Student
from bot.storage.spool import FlagSpool
from bot.storage.units import Units

log = logging.getLogger(__name__)


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnsupportedLanguage(ValueError):
    pass


class NotEnrolled(LookupError):
    """Someone a channel knows who has not enrolled with an invite code (args: the ref)."""


class NoConversation(LookupError):
    """An answer arrived while no conversation is open (it was finished or abandoned)."""


@dataclass(frozen=True, repr=False)  # a repr in a log or traceback never shows the address
class StudentRef:
    """Who is talking: the student's id (a channel that keeps its own sessions: the web chat),
    or their contact as a channel knows them (`on`: Telegram's user id, the console's name)."""

    student_id: int | None = None
    channel: str | None = None
    address: str | None = None
    # A channel without invite codes (the console) makes the student on first use, in a group.
    first_use: bool = False
    group: str | None = None

    @classmethod
    def on(cls, channel: str, address: str | int, *, first_use: bool = False,
           group: str | None = None) -> StudentRef:
        return cls(channel=channel, address=str(address), first_use=first_use, group=group)

    @property
    def contact(self) -> tuple[str, str] | None:
        if self.channel is None or self.address is None:
            return None
        return self.channel, self.address

    def spooled(self) -> tuple[str, str] | int:
        """How the spool names the student (their contact, else their id)."""
        return self.contact or self.student_id or 0

    def __str__(self) -> str:  # never the address: it identifies a minor
        return f"student {self.student_id}" if self.student_id else f"a {self.channel} contact"

    __repr__ = __str__


@dataclass(frozen=True)
class Reply:
    """The bot's turn, and whether the input moved the conversation on.

    `no_conversation`: the text was heard (a concern, the helplines) while no reflection is
    open; the channel says so after the turn and offers to start one."""

    turn: BotTurn
    accepted: bool = True
    refusal: str | None = None
    no_conversation: bool = False


class ReflectionService:
    """Starts, resumes and continues a student's reflection; saves each turn before replying.

    With an update id (Telegram) the reply is stored with the update in the same transaction;
    the channel calls `delivered` once it is sent. When the process dies in between, the same
    update comes back, and the stored reply is returned again instead of being lost.

    Delivered marks are batched, not a transaction each: they are written in the next turn's
    transaction (before its claim, so a redelivered update finds its mark) or by the job loop
    (`flush_delivered`). A process that dies with marks unwritten at worst sends the reply of
    a redelivered update twice, as when marking fails."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: Engine,
                 catalog: FlowCatalog, flow: str, zone: ZoneInfo, resume_after: timedelta,
                 clock: Callable[[], datetime] = utc_now, default_language: str = "nl",
                 calendar: InternshipCalendar | None = None,
                 spool: FlagSpool | None = None, units: Units | None = None) -> None:
        self.calendar = calendar or InternshipCalendar()
        self.default_language = default_language
        self.sessions = sessions
        self.engine = engine
        self.catalog = catalog
        self.flow = flow
        self.zone = zone
        self.resume_after = resume_after
        self.clock = clock
        self.spool = spool
        self.units = units or Units(sessions)  # each turn is one unit of work
        self._delivered: list[int] = []
        self._delivered_lock = threading.Lock()  # marks are taken on the database thread
        self._forgot_updates_at: datetime | None = None

    async def open(self, who: StudentRef, language: str | None = None,
                   update_id: int | None = None) -> BotTurn | None:
        """Resume the student's conversation in progress, or start a new one.

        None when this Telegram update was handled and its reply delivered before."""
        now = self.clock()

        async def unit(session: AsyncSession) -> BotTurn | None:
            async with self._marks(session):
                claimed, locked = await self._claim(session, who, update_id, now)
                if not claimed:
                    again = await repo.take_reply(session, update_id)
                    return None if again is None else BotTurn.model_validate(again["turn"])
                student, conversation = await self._find(session, who, language, now, locked)
                if conversation is None:
                    turn = await self._start(session, student, language or student.language,
                                             now)
                else:
                    ctx = await self._context(session, student, conversation, now)
                    turn = self.engine.welcome_back(repo.snapshot_of(conversation), ctx)
                await repo.keep_reply(session, update_id,
                                      {"turn": turn.model_dump(mode="json")})
                return turn

        return await self.units.run(unit)

    async def reply(self, who: StudentRef, given: Input, language: str | None = None,
                    update_id: int | None = None) -> Reply | None:
        """Take one input; the turn is committed before the reply is returned.

        None when this Telegram update was handled and its reply delivered before.
        NoConversation when none is open and the text needs no human: starting one is the
        student's choice (`open`), not a side effect of a stray message. Words that signal
        danger get the helplines even if the database or the flow fails; their flags are then
        kept on disk (the spool) and stored when the database is back."""
        try:
            return await self._reply(who, given, language, update_id)
        except (NotEnrolled, NoConversation):
            raise
        except Exception as exc:
            if not isinstance(given, Said):
                raise
            messages, flags = self.engine.outside(given.text, language or self.default_language)
            if flags and self.spool is not None:
                self.spool.keep(who.spooled(), flags, self.clock())
            if any(f.level == "urgent" for f in flags):
                log.error("a turn with an urgent signal failed; sent the helplines anyway\n%s",
                          describe(exc))
                if self.spool is None:
                    messages = messages[:2]  # nothing kept: promise no mentor
                return Reply(BotTurn(messages=messages))
            raise

    async def heard(self, who: StudentRef, text: str, update_id: int | None = None,
                    language: str | None = None) -> list[str]:
        """A text that answers nothing (an edited message, words after /mentor): screened
        and its flags stored like any other. What to tell the student; [] when nothing
        needs a human."""
        messages, flags = self.engine.outside(text, language or self.default_language)
        if not flags:
            return []
        now = self.clock()
        try:
            async with self.sessions.begin() as session:
                if update_id is not None and not await enrolment.claim_update(
                        session, update_id, now):
                    return []
                student, conversation = await self._find(session, who, language, now)
                messages, flags = self.engine.outside(text, language or student.language)
                await repo.add_flags(session, student.id,
                                     conversation.id if conversation else None, None, flags, now)
        except NotEnrolled:
            raise
        except Exception as exc:
            if self.spool is None:
                raise
            log.error("storing the flags of a text failed; kept them on disk\n%s",
                      describe(exc))
            self.spool.keep(who.spooled(), flags, now)
        return messages

    async def delivered(self, update_id: int | None) -> None:
        """The reply of this update went out: a redelivery of it needs no reply again."""
        if update_id is not None:
            with self._delivered_lock:
                self._delivered.append(update_id)

    async def forget_old_updates(self) -> int:
        """Hourly, from the job loop: handled updates older than the window are deleted."""
        now = self.clock()
        if self._forgot_updates_at is not None and \
                now - self._forgot_updates_at < timedelta(hours=1):
            return 0
        self._forgot_updates_at = now
        async with self.sessions.begin() as session:
            await enrolment.forget_old_updates(session, now)
        return 0  # no message went out

    async def drain_spool(self) -> int:
        """Store the flags kept on disk while the database was away (the job loop)."""
        return await self.spool.drain(self.sessions) if self.spool else 0

    async def flush_delivered(self) -> int:
        """Write the delivered marks not yet written (the job loop, and on the way out)."""
        async def unit(session: AsyncSession) -> None:
            async with self._marks(session):
                pass

        await self.units.run(unit)
        return 0  # no message went out

    @asynccontextmanager
    async def _marks(self, session: AsyncSession) -> AsyncIterator[None]:
        """Write the pending delivered marks in this transaction; kept for the next one if
        the transaction fails."""
        with self._delivered_lock:
            marks, self._delivered = self._delivered, []
        try:
            if marks:
                await repo.forget_replies(session, marks)
            yield
        except BaseException:
            with self._delivered_lock:
                self._delivered[:0] = marks
            raise

    def is_urgent(self, text: str) -> bool:
        return any(hit.level == "urgent" for hit in self.engine.screen(text))

    async def _reply(self, who: StudentRef, given: Input, language: str | None,
                     update_id: int | None) -> Reply | None:
        now = self.clock()

        async def unit(session: AsyncSession) -> Reply | None:
            async with self._marks(session):
                claimed, locked = await self._claim(session, who, update_id, now)
                if not claimed:
                    again = await repo.take_reply(session, update_id)
                    return None if again is None else _reply_of(again)
                student, conversation = await self._find(session, who, language, now, locked)
                if conversation is None:
                    reply = await self._outside(session, student, given, language, now)
                else:
                    machine = await self._machine(session, conversation)
                    ctx = await self._context(session, student, conversation, now)
                    snapshot = repo.snapshot_of(conversation)
                    outcome = self.engine.handle(machine, snapshot, given, ctx)
                    if outcome.accepted:
                        await repo.record(session, conversation, snapshot.step, outcome, now)
                    reply = Reply(outcome.turn, outcome.accepted, outcome.refusal)
                await repo.keep_reply(session, update_id, _stored(reply))
                return reply

        return await self.units.run(unit)

    async def _outside(self, session: AsyncSession, student: Student, given: Input,
                       language: str | None, now: datetime) -> Reply:
        """A text while no reflection is open: a concern or danger is stored and answered."""
        lang = language or student.language
        messages, flags = self.engine.outside(given.text, lang) if isinstance(given, Said) \
            else ([], [])
        if not flags:
            raise NoConversation(student.id)
        await repo.add_flags(session, student.id, None, None, flags, now)
        urgent = any(f.level == "urgent" for f in flags)
        return Reply(BotTurn(messages=messages), accepted=False, no_conversation=not urgent)

    async def profile(self, who: StudentRef) -> dict[str, int] | None:
        """In how many conversations the student talked about each competency."""
        async with self.sessions() as session:
            student = await known_student(session, who)
            return await repo.competency_counts(session, student.id) if student else None

    async def export(self, who: StudentRef | str) -> dict[str, Any] | None:
        """Everything stored about the student (a ref, or a name for the CLI)."""
        async with self.sessions() as session:
            student = await (known_student(session, who) if isinstance(who, StudentRef)
                             else repo.find_student(session, who))
            return await repo.export_student(session, student) if student else None

    async def current(self, who: StudentRef) -> tuple[list[tuple[str, str]], BotTurn | None]:
        """The conversation in progress, for a channel that shows it whole (the web chat after
        a reload): (role, text) of each turn, and the bot's last turn with its options. No
        conversation open: ([], None)."""
        async with self.sessions() as session:
            student = await known_student(session, who)
            if student is None:
                raise NotEnrolled(who)
            turns, snapshot, moved = await repo.current(session, student.id)
            if snapshot is None or moved is None or self.clock() - moved > self.resume_after:
                return [], None
            return turns, snapshot.last_turn

    @staticmethod
    async def _claim(session: AsyncSession, who: StudentRef, update_id: int | None,
                     now: datetime) -> tuple[bool, bool]:
        """(this update is ours to handle, the student's lock is taken)"""
        if update_id is None:
            return True, False
        if who.contact is None or who.first_use:
            return await enrolment.claim_update(session, update_id, now), False
        return await repo.claim_turn(session, update_id, *who.contact, now)

    async def _find(self, session: AsyncSession, who: StudentRef, language: str | None,
                    now: datetime, locked: bool = False) -> tuple[Student, Conversation | None]:
        if who.contact is not None and not who.first_use:
            found = await repo.student_talking(session, *who.contact, locked)
            if found is None:
                raise NotEnrolled(who)
            student, conversation = found
        elif who.student_id is not None:
            known = await session.get(Student, who.student_id)
            if known is None:
                raise NotEnrolled(who.student_id)
            student = known
            await repo.lock_student(session, student.id)
            conversation = await repo.active_conversation(session, student.id)
        else:
            student = await repo.student_on_first_use(session, *(who.contact or ("", "")),
                                                      language or "nl", now, who.group)
            await repo.lock_student(session, student.id)
            conversation = await repo.active_conversation(session, student.id)
        if conversation is not None and now - conversation.updated_at > self.resume_after:
            await repo.abandon(session, conversation, now)
            if await repo.abandoned_twice(session, student.id):
                flag = self.engine.derived("niet_afgemaakt")
                if flag is not None:
                    await repo.add_flags(session, student.id, conversation.id, None, [flag], now)
            conversation = None
        return student, conversation

    async def _start(self, session: AsyncSession, student: Student, language: str,
                     now: datetime) -> BotTurn:
        machine = self.catalog.current(self.flow)
        if language not in machine.flow.languages:
            raise UnsupportedLanguage(f"flow '{self.flow}' does not speak '{language}'; it "
                                      f"speaks {', '.join(machine.flow.languages)}")
        number = await repo.conversation_count(session, student.id) + 1
        facts = await self._facts(session, student, None)
        conversation = await repo.start_conversation(session, student, machine.flow, language,
                                                     number, now, facts)
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
        """What the engine knows about the student: gathered once, when the conversation
        starts, and kept with it (the open action to look back on, topics so far, last mood)."""
        facts = conversation.facts
        if facts is None:  # a conversation from before facts were kept
            facts = conversation.facts = await self._facts(session, student, conversation.id)
        action_facts = facts["open_action"]
        return Context(
            language=conversation.language,
            today=now.astimezone(self.zone).date(),
            conversation_number=conversation.number,
            competency_counts=facts["competency_counts"],
            open_action=None if action_facts is None else OpenAction(
                action_facts["id"], action_facts["text"],
                date.fromisoformat(action_facts["due"]) if action_facts["due"] else None,
                action_facts.get("status", "open"), action_facts.get("times_reviewed", 0)),
            name=student.name,
            previous_mood=facts["previous_mood"],
            school=self.calendar.school_times(student.group_name),
            memory=facts.get("memory", {}),
            weak_actions_before=facts.get("weak_actions_before", 0),
            dropped_actions_before=facts.get("dropped_actions_before", 0),
        )

    @staticmethod
    async def _facts(session: AsyncSession, student: Student,
                     conversation_id: int | None) -> dict[str, Any]:
        action = await repo.open_action(session, student.id, conversation_id)
        return {
            "competency_counts": await repo.competency_counts(session, student.id),
            "open_action": None if action is None else {
                "id": action.id, "text": action.text,
                "due": action.due.isoformat() if action.due else None,
                "status": action.status, "times_reviewed": action.times_reviewed},
            "previous_mood": await repo.previous_mood(session, student.id, conversation_id),
            "memory": await repo.remembered(session, student.id, conversation_id),
            "weak_actions_before": await repo.weak_actions_before(session, student.id,
                                                                  conversation_id),
            "dropped_actions_before": await repo.dropped_actions_before(session, student.id),
        }


def _stored(reply: Reply) -> dict[str, Any]:
    return {"turn": reply.turn.model_dump(mode="json"), "accepted": reply.accepted,
            "refusal": reply.refusal, "no_conversation": reply.no_conversation}


def _reply_of(stored: dict[str, Any]) -> Reply:
    return Reply(BotTurn.model_validate(stored["turn"]), stored.get("accepted", True),
                 stored.get("refusal"), stored.get("no_conversation", False))


async def known_student(session: AsyncSession, who: StudentRef) -> Student | None:
    """The student a channel means, by whichever key it has."""
    if who.student_id is not None:
        return await session.get(Student, who.student_id)
    if who.contact is not None:
        return await contacts.student(session, *who.contact)
    return None
