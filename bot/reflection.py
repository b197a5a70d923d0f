"""The reflection service: engine + storage, one transaction per turn. Channels call this."""

from __future__ import annotations

import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.catalog import FlowCatalog
from bot.core.conversation import BotTurn, Context, Input, OpenAction, Said
from bot.core.engine import Engine
from bot.core.machine import FlowMachine
from bot.logsafe import describe
from bot.school import InternshipCalendar
from bot.storage import contacts, conversations, enrolment, updates
from bot.storage import flags as stored_flags
from bot.storage import history as stored_history
from bot.storage import students as stored_students
from bot.storage.conversations import ConversationRow
from bot.storage.export import export_student
from bot.storage.models import Student
from bot.storage.spool import FlagSpool
from bot.storage.students import StudentRow
from bot.storage.units import JSONText, Units
from bot.talkers import Talkers

log = logging.getLogger(__name__)
T = TypeVar("T")


def utc_now() -> datetime:
    return datetime.now(UTC)


class UnsupportedLanguage(ValueError):
    pass


class NotEnrolled(LookupError):
    """Someone a channel knows who has not enrolled with an invite code (args: the ref)."""


class NoConversation(LookupError):
    """An answer arrived while no conversation is open (it was finished or abandoned)."""


# A turn that finds its conversation moved by another worker's turn runs again, at most
# this often in all (each time one of the others got through: only a crowd of workers
# answering one student at once would use them all).
_TRIES = 5


class _HandledMeanwhile(Exception):
    """The update turned out handled when its turn came to record it: the turn rolls back."""


# A unit's student and conversation, as it stored or read them (for bot/talkers.py).
_Kept = tuple[StudentRow, ConversationRow] | None


@dataclass(frozen=True, repr=False)  # no repr: it holds a contact and a student's words
class _Remembered:
    """A turn's conversation taken from memory (bot/talkers.py), and its student as the
    write checks them."""

    conversation: ConversationRow
    checked: conversations.Remembered


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


class _Taken(list[int]):
    """The delivered marks one unit of work took; `closed` once its caller gave them back."""

    closed = False


class ReflectionService:
    """Starts, resumes and continues a student's reflection; saves each turn before replying.

    With an update id (Telegram) the reply is stored with the update in the same transaction
    (on PostgreSQL, a turn that stores only its rows: the same statement, with no transaction
    around it); the channel calls `delivered` once it is sent. When the process dies in
    between, the same update comes back, and the stored reply is returned again instead of
    being lost.

    Delivered marks are batched, not a transaction each: they are written in the next turn's
    transaction, with that turn's update (a redelivered update whose mark is still pending
    finds it there first), or by the job loop (`flush_delivered`). A unit that is not stored
    (it failed, its COMMIT did, or its caller was cancelled) gives its marks back for the
    next (`_marking`). A process that dies with marks unwritten at worst sends the reply of a
    redelivered update twice."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], engine: Engine,
                 catalog: FlowCatalog, flow: str, zone: ZoneInfo, resume_after: timedelta,
                 clock: Callable[[], datetime] = utc_now, default_language: str = "nl",
                 calendar: InternshipCalendar | None = None,
                 spool: FlagSpool | None = None, units: Units | None = None,
                 resume_paused_after: timedelta | None = None) -> None:
        self.calendar = calendar or InternshipCalendar()
        self.default_language = default_language
        self.sessions = sessions
        self.engine = engine
        self.catalog = catalog
        self.flow = flow
        self.zone = zone
        self.resume_after = resume_after
        # one the student paused in words ('later verder') waits longer: their internship
        # day may be a week away, and the bot said it would go on where they stopped
        self.resume_paused_after = max(resume_after, resume_paused_after or timedelta(days=8))
        self.clock = clock
        self.spool = spool
        self.units = units or Units(sessions)  # each turn is one unit of work
        self._delivered: list[int] = []
        self._delivered_lock = threading.Lock()  # marks are taken on the database thread
        self._forgot_updates_at: datetime | None = None
        self._flows_saved: set[tuple[str, str]] = set()  # flow versions known to be stored
        # A student's next turn starts from what their last one stored here instead of
        # reading it: see bot/talkers.py.
        self.talkers = Talkers(clock)

    async def open(self, who: StudentRef, language: str | None = None,
                   update_id: int | None = None) -> BotTurn | None:
        """Resume the student's conversation in progress, or start a new one.

        None when this Telegram update was handled and its reply delivered before."""
        now = self.clock()

        def again(stored: dict[str, Any]) -> BotTurn:
            return BotTurn.model_validate(stored["turn"])

        kept: _Kept = None  # what the unit stored or read, once it ends well
        self.forget(who)

        async def unit(session: AsyncSession, stored: list[tuple[str, str]],
                       taken: _Taken) -> BotTurn | None:
            nonlocal kept
            kept = None
            marks = self._take_marks(taken)
            found, deferred = await self._begin(session, who, language, update_id, now,
                                                marks, may_start=True)
            if found is None:
                return await self._again(session, update_id, again)
            student, conversation = found
            if conversation is None:
                recorded = (update_id, marks) if deferred and update_id is not None \
                    else None
                turn, conversation = await self._start(session, student,
                                                       language or student.language, now,
                                                       stored, recorded)
                if recorded is not None:
                    kept = student, conversation
                    return turn
            else:
                ctx = await self._context(session, student, conversation, now)
                left_on = conversation.updated_at.astimezone(self.zone).date()
                turn = self.engine.welcome_back(conversations.snapshot_of(conversation), ctx,
                                                left_on)
            if update_id is not None:
                await self._end(session, update_id, now, _stored(Reply(turn)), marks,
                                deferred)
            kept = student, conversation
            return turn

        opened = await self._run(unit, update_id, again)
        self._keep(who, kept)
        return opened

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
                await stored_flags.add_flags(session, student.id,
                                             conversation.id if conversation else None, None,
                                             flags, now)
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

    async def forget_after_a_while(self) -> int:
        """What is remembered between two messages goes after its time, whether the student
        talks again or not (the job loop's first tick: nothing here can fail)."""
        self.talkers.sweep()
        return 0  # no message went out

    async def flush_delivered(self) -> int:
        """Write the delivered marks not yet written (the job loop, and on the way out)."""
        taken = _Taken()

        async def unit(session: AsyncSession) -> None:
            await updates.forget_replies(session, self._take_marks(taken))

        if self._delivered:
            await self._marking(taken, unit)
        return 0  # no message went out

    def _take_marks(self, taken: _Taken) -> list[int]:
        """The pending delivered marks, to write in this unit of work (with the update's
        record, see `_begin`), noted in `taken` until it is stored (`_marking`). None once
        its caller gave up on the unit (cancelled while the unit waited or ran on the
        database thread)."""
        with self._delivered_lock:
            if taken.closed:
                return []
            taken += self._delivered
            self._delivered = []
            return list(taken)  # a copy: `_give_back` may empty `taken` while the unit runs

    def _give_back(self, taken: _Taken, close: bool = False) -> None:
        """Marks taken by a unit that was not stored, back for the next unit. `close`: its
        caller gave up on it, and the unit, if it still runs, takes none any more."""
        with self._delivered_lock:
            self._delivered[:0] = taken
            taken.clear()
            taken.closed = taken.closed or close

    async def _marking(self, taken: _Taken,
                       work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """Run a unit that takes delivered marks into `taken`; the marks go back to pending
        when it is not stored. At once when the unit fails (on the database thread: a unit
        after it in the same batch may write them, or find its redelivered update there), and
        when `Units.run` fails (its COMMIT failed, or its caller was cancelled): whatever the
        unit still holds. Marks given back after they were committed are written again,
        which is harmless (clearing a reply twice)."""
        async def unit(session: AsyncSession) -> T:
            try:
                return await work(session)
            except BaseException:
                self._give_back(taken)
                raise

        try:
            return await self.units.run(unit)
        except BaseException:
            self._give_back(taken, close=True)
            raise

    async def _run(self, unit: Callable[[AsyncSession, list[tuple[str, str]], _Taken],
                                        Awaitable[T]],
                   update_id: int | None, again: Callable[[dict[str, Any]], T]) -> T | None:
        """Run a turn's unit of work. The flow versions it stored (or found stored) are known
        to be stored once it committed: this process does not write them again (they are
        never deleted). The delivered marks it took are given back when it was not stored
        (`_marking`). An update found handled only when recorded (`record`, `_end`): its
        reply, as for one found handled at the start."""
        stored: list[tuple[str, str]] = []
        for attempt in range(1, _TRIES + 1):
            taken = _Taken()

            async def once(session: AsyncSession, taken: _Taken = taken) -> T:
                return await unit(session, stored, taken)

            try:
                result = await self._marking(taken, once)
            except _HandledMeanwhile:
                return await self.units.run(
                    lambda session: self._again(session, update_id, again))
            except conversations.ConversationMoved:
                # another worker's turn for this student came first: go again on what it
                # stored (this one was rolled back whole)
                stored.clear()
                if attempt == _TRIES:
                    raise
                continue
            self._flows_saved.update(stored)
            return result
        raise AssertionError("unreachable")  # pragma: no cover

    async def _begin(self, session: AsyncSession, who: StudentRef, language: str | None,
                     update_id: int | None, now: datetime, marks: list[int],
                     may_start: bool = False,
                     known: tuple[StudentRow, ConversationRow] | None = None
                     ) -> tuple[tuple[StudentRow, ConversationRow | None] | None, bool]:
        """Who is talking and their conversation to go on with, or None when this update was
        handled before; and whether the update is still to be recorded (`_end`).

        A channel's update from a contact (Telegram) is looked up with the student, in one
        query without a lock (the turn writes only if the conversation is still as read: see
        conversations.talking), and recorded with its reply at the end: one statement less
        per turn. A turn that `may_start` a conversation takes the student's lock first:
        compare and set guards a conversation, not the start of a second one. Other updates
        are claimed here. The pending delivered marks go with the update's record, or here
        when the turn ends early.

        `known`: the student and conversation from memory (`_remembered`), not read: the
        turn's write checks them, and finds the update if it was handled meanwhile."""
        if update_id is not None and update_id in marks:  # a redelivery of one delivered
            await updates.forget_replies(session, marks)
            return None, False
        if known is not None:
            return known, True
        if update_id is None or who.contact is None or who.first_use:
            await updates.forget_replies(session, marks)
            if update_id is not None and not await enrolment.claim_update(session, update_id,
                                                                          now):
                return None, False
            return await self._find(session, who, language, now), False
        found = await conversations.talking(session, *who.contact, update_id, now,
                                            lock=may_start)
        if found is None:
            raise NotEnrolled(who)
        if found.handled:
            await updates.forget_replies(session, marks)
            return None, False
        return await self._resumable(session, found.student, found.conversation, now), True

    @staticmethod
    async def _end(session: AsyncSession, update_id: int, now: datetime, reply: JSONText,
                   marks: list[int], deferred: bool) -> None:
        """Keep the reply with its update, in the turn's transaction (the outbox)."""
        if not deferred:
            await updates.keep_reply(session, update_id, reply)
        elif not await updates.settle_update(session, updates.Handled(update_id, reply, marks),
                                             now):
            raise _HandledMeanwhile

    @staticmethod
    async def _again(session: AsyncSession, update_id: int | None,
                     again: Callable[[dict[str, Any]], T]) -> T | None:
        """The stored reply of an update handled before, if not yet delivered."""
        stored = await updates.take_reply(session, update_id)
        return None if stored is None else again(stored)

    def is_urgent(self, text: str) -> bool:
        return any(hit.level == "urgent" for hit in self.engine.screen(text))

    async def _reply(self, who: StudentRef, given: Input, language: str | None,
                     update_id: int | None) -> Reply | None:
        now = self.clock()
        remembered = self._remembered(who, update_id, now)
        kept: _Kept = None  # what the unit stored or read, once it ends well
        runs = 0

        async def unit(session: AsyncSession, stored: list[tuple[str, str]],
                       taken: _Taken) -> Reply | None:
            nonlocal remembered, kept, runs
            as_remembered, remembered = remembered, None  # a turn run again reads
            check = None if as_remembered is None else as_remembered.checked
            kept, runs = None, runs + 1
            marks = self._take_marks(taken)
            found, deferred = await self._begin(
                session, who, language, update_id, now, marks,
                known=None if as_remembered is None else (as_remembered.checked.student,
                                                          as_remembered.conversation))
            if found is None:
                return await self._again(session, update_id, _reply_of)
            student, conversation = found
            pending = update_id  # still to record with its reply (None: recorded)
            if conversation is None:
                reply = await self._outside(session, student, given, language, now)
            else:
                machine = await self._machine(session, conversation)
                ctx = await self._context(session, student, conversation, now)
                snapshot = conversations.snapshot_of(conversation)
                outcome = self.engine.handle(machine, snapshot, given, ctx)
                reply = Reply(outcome.turn, outcome.accepted, outcome.refusal)
                if not outcome.accepted:
                    await conversations.still_as_read(session, conversation, check)
                else:
                    handled = None
                    if deferred and update_id is not None:  # recorded with the turn
                        handled = updates.Handled(update_id, _stored(reply), marks)
                        pending = None
                    if not await conversations.record(
                            session, conversation, snapshot.step, outcome, now, handled,
                            check):
                        raise _HandledMeanwhile
            if pending is not None:
                await self._end(session, pending, now, _stored(reply), marks, deferred)
            kept = None if conversation is None else (student, conversation)
            return reply

        from_memory = remembered is not None
        try:
            replied = await self._run(unit, update_id, _reply_of)
        except BaseException:
            if from_memory and runs > 1:
                self.talkers.checked(fresh=False)  # ran again on a fresh read, then failed
            raise
        if from_memory:
            self.talkers.checked(fresh=runs == 1)
        self._keep(who, kept)
        return replied

    def forget(self, who: StudentRef) -> None:
        """Drop what this process remembers of the student's conversation (they erased their
        data: their words stay nowhere, not even in memory until it expires)."""
        if who.contact is not None:
            self.talkers.forget(who.contact)

    def _remembered(self, who: StudentRef, update_id: int | None, now: datetime
                    ) -> _Remembered | None:
        """The student and conversation this process last stored for this contact, for a
        turn that then need not read them (bot/talkers.py): a channel's update from a known
        contact, in a conversation still to resume."""
        if who.contact is None or who.first_use or update_id is None:
            return None
        taken = self.talkers.take(who.contact)
        if taken is None or self._left_too_long(taken[1], now):
            return None  # (one to abandon: the turn reads, and abandons it as it always did)
        student, conversation = taken
        return _Remembered(conversation, conversations.Remembered(*who.contact, student))

    def _keep(self, who: StudentRef, kept: _Kept) -> None:
        """After a unit committed: what it stored or read, for the student's next turn."""
        if who.contact is not None and not who.first_use and kept is not None:
            self.talkers.keep(who.contact, *kept)

    async def _outside(self, session: AsyncSession, student: StudentRow, given: Input,
                       language: str | None, now: datetime) -> Reply:
        """A text while no reflection is open: a concern or danger is stored and answered."""
        lang = language or student.language
        messages, flags = self.engine.outside(given.text, lang) if isinstance(given, Said) \
            else ([], [])
        if not flags:
            raise NoConversation(student.id)
        await stored_flags.add_flags(session, student.id, None, None, flags, now)
        urgent = any(f.level == "urgent" for f in flags)
        return Reply(BotTurn(messages=messages), accepted=False, no_conversation=not urgent)

    async def profile(self, who: StudentRef) -> dict[str, int] | None:
        """In how many conversations the student talked about each competency."""
        async with self.sessions() as session:
            student = await known_student(session, who)
            return await conversations.competency_counts(session, student.id) if student else None

    async def export(self, who: StudentRef | str) -> dict[str, Any] | None:
        """Everything stored about the student (a ref, or a name for the CLI)."""
        async with self.sessions() as session:
            student = await (known_student(session, who) if isinstance(who, StudentRef)
                             else stored_students.find_student(session, who))
            return await export_student(session, student) if student else None

    async def current(self, who: StudentRef) -> tuple[list[tuple[str, str]], BotTurn | None]:
        """The conversation in progress, for a channel that shows it whole (the web chat after
        a reload): (role, text) of each turn, and the bot's last turn with its options. No
        conversation open: ([], None)."""
        async with self.sessions() as session:
            student = await known_student(session, who)
            if student is None:
                raise NotEnrolled(who)
            turns, snapshot, moved = await conversations.current(session, student.id)
            if snapshot is None or moved is None or self.clock() - moved > (
                    self.resume_paused_after if snapshot.paused else self.resume_after):
                return [], None
            return turns, snapshot.last_turn

    async def _find(self, session: AsyncSession, who: StudentRef, language: str | None,
                    now: datetime) -> tuple[StudentRow, ConversationRow | None]:
        if who.contact is not None and not who.first_use:
            found = await conversations.talking(session, *who.contact, None, now, lock=True)
            if found is None:
                raise NotEnrolled(who)
            student, conversation = found.student, found.conversation
        elif who.student_id is not None:
            known = await stored_students.student_row(session, who.student_id)
            if known is None:
                raise NotEnrolled(who.student_id)
            student = known
            await stored_students.lock_student(session, student.id)
            conversation = await conversations.in_progress(session, student.id)
        else:
            made = await stored_students.student_on_first_use(
                session, *(who.contact or ("", "")), language or "nl", now, who.group)
            student = StudentRow(made.id, made.name, made.language, made.group_name)
            await stored_students.lock_student(session, student.id)
            conversation = await conversations.in_progress(session, student.id)
        return await self._resumable(session, student, conversation, now)

    def _left_too_long(self, conversation: ConversationRow, now: datetime) -> bool:
        """Unfinished and not moved for longer than a conversation waits: `resume_after`, or
        `resume_paused_after` for one the student paused in words."""
        waited = now - conversation.updated_at
        if waited <= self.resume_after:
            return False
        return waited > self.resume_paused_after or \
            not conversations.snapshot_of(conversation).paused

    async def _resumable(self, session: AsyncSession, student: StudentRow,
                         conversation: ConversationRow | None, now: datetime
                         ) -> tuple[StudentRow, ConversationRow | None]:
        """The conversation to go on with: one left too long is abandoned (None)."""
        if conversation is not None and self._left_too_long(conversation, now):
            await conversations.abandon(session, conversation, now)
            if await conversations.abandoned_twice(session, student.id):
                flag = self.engine.derived("niet_afgemaakt")
                if flag is not None:
                    await stored_flags.add_flags(session, student.id, conversation.id, None,
                                                 [flag], now)
            conversation = None
        return student, conversation

    async def _start(self, session: AsyncSession, student: StudentRow, language: str,
                     now: datetime, stored: list[tuple[str, str]],
                     update: tuple[int, list[int]] | None = None
                     ) -> tuple[BotTurn, ConversationRow]:
        """A new conversation; `stored` gets its flow version (stored by this transaction, or
        before). `update`: the channel's update that started it, with the delivered marks,
        recorded with its first turn (one statement less than after it)."""
        machine = self.catalog.current(self.flow)
        if language not in machine.flow.languages:
            raise UnsupportedLanguage(f"flow '{self.flow}' does not speak '{language}'; it "
                                      f"speaks {', '.join(machine.flow.languages)}")
        past = await stored_history.history(session, student.id, None)
        number = past.back.conversations + 1
        facts = _facts_of(past)
        version = (machine.flow.flow, machine.flow.version)
        conversation = await conversations.start_conversation(
            session, student.id, machine.flow, language, number, now, facts,
            flow_saved=version in self._flows_saved)
        stored.append(version)
        ctx = await self._context(session, student, conversation, now)
        outcome = self.engine.start(machine, ctx)
        handled = None if update is None else updates.Handled(
            update[0], _stored(Reply(outcome.turn)), update[1])
        if not await conversations.record(session, conversation, machine.flow.start, outcome,
                                          now, handled):
            raise _HandledMeanwhile
        return outcome.turn, conversation

    async def _machine(self, session: AsyncSession, conversation: ConversationRow
                       ) -> FlowMachine:
        """The flow version this conversation started on, even if the file changed since."""
        if self.catalog.knows(conversation.flow, conversation.flow_version):
            return self.catalog.version(conversation.flow, conversation.flow_version, None)
        stored = await conversations.flow_definition(session, conversation.flow,
                                                     conversation.flow_version)
        return self.catalog.version(conversation.flow, conversation.flow_version, stored)

    async def _context(self, session: AsyncSession, student: StudentRow,
                       conversation: ConversationRow, now: datetime) -> Context:
        """What the engine knows about the student: gathered once, when the conversation
        starts, and kept with it (the open action to look back on, topics so far, last mood)."""
        facts = conversation.facts
        if facts is None:  # a conversation from before facts were kept
            facts = conversation.facts = await self._facts(session, student.id, conversation.id)
            await conversations.keep_facts(session, conversation.id, facts)
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
    async def _facts(session: AsyncSession, student_id: int, conversation_id: int | None
                     ) -> dict[str, Any]:
        return _facts_of(await stored_history.history(session, student_id, conversation_id))


def _facts_of(past: stored_history.History) -> dict[str, Any]:
    """What a conversation keeps of the student's earlier ones (its `facts`)."""
    action = past.open_action
    return {
        "competency_counts": past.competency_counts,
        "open_action": None if action is None else {
            "id": action.id, "text": action.text,
            "due": action.due.isoformat() if action.due else None,
            "status": action.status, "times_reviewed": action.times_reviewed},
        "previous_mood": past.back.previous_mood,
        "memory": past.back.memory,
        "weak_actions_before": past.weak_actions_before,
        "dropped_actions_before": past.dropped_actions_before,
    }


def _stored(reply: Reply) -> JSONText:
    """The reply as kept with its update: serialised once, by pydantic."""
    return updates.reply_json(reply.turn.model_dump_json(), reply.accepted, reply.refusal,
                              reply.no_conversation)


def _reply_of(stored: dict[str, Any]) -> Reply:
    return Reply(BotTurn.model_validate(stored["turn"]), stored.get("accepted", True),
                 stored.get("refusal"), stored.get("no_conversation", False))


async def known_student(session: AsyncSession, who: StudentRef) -> Student | None:
    """The student a channel means, by whichever key it has."""
    if who.student_id is not None:
        return await stored_students.by_id(session, who.student_id)
    if who.contact is not None:
        return await contacts.student(session, *who.contact)
    return None
