"""Data access: small functions that take the session, so the caller owns the transaction."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Integer,
    String,
    Table,
    Text,
    TextClause,
    and_,
    bindparam,
    func,
    insert,
    or_,
    select,
    text,
    update,
)
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.core.conversation import (
    ActionReviewed,
    ActionSet,
    AnswerGiven,
    FactNoted,
    FlagRaised,
    OpenAction,
    Outcome,
    Snapshot,
)
from bot.core.flow import Flow
from bot.core.lifecycle import LIFECYCLE
from bot.storage import contacts, enrolment, jobs
from bot.storage.inserts import insert_new
from bot.storage.models import (
    Action,
    ActionEvent,
    Answer,
    Base,
    Contact,
    Conversation,
    Flag,
    FlowVersion,
    ProcessedUpdate,
    Student,
    StudentFact,
    Turn,
    UTCDateTime,
    competency_bits,
)
from bot.storage.units import JSONText

ACTIVE, COMPLETED, ABANDONED = "active", "completed", "abandoned"
NOT_DONE = ("open", "partly", "not_yet")  # an action stays alive until done or let go


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# Tables for the statements built once (Core, without the ORM's per-statement work): these
# run on every message, or on every new conversation.
_ACTIONS, _ANSWERS = _table(Action), _table(Answer)
_CONVERSATIONS, _TURNS = _table(Conversation), _table(Turn)
_PROCESSED, _STUDENTS, _CONTACTS = _table(ProcessedUpdate), _table(Student), _table(Contact)
_ACTION_EVENTS, _FACTS = _table(ActionEvent), _table(StudentFact)
# Built once; Core, so the ORM does not try to synchronise loaded objects with them.
_KEEP_REPLY = (update(_PROCESSED).where(_PROCESSED.c.update_id == bindparam("id"))
               .values(reply=bindparam("reply")))
_FORGET_REPLY = (update(_PROCESSED).where(_PROCESSED.c.update_id == bindparam("id"))
                 .values(reply=None))


async def _connection(session: AsyncSession) -> AsyncConnection:
    """The session's connection, for Core statements that need nothing of the ORM (on the
    SQLite thread: the plain connection, see bot/storage/units.py)."""
    return await session.connection()


@dataclass(slots=True)
class StudentRow:
    """The student as a turn needs them: read with one Core statement, not an ORM object."""

    id: int
    name: str
    language: str
    group_name: str | None


@dataclass(slots=True)
class ConversationRow:
    """A conversation in progress as a turn reads and writes it (Core statements, no ORM
    object). `snapshot` is its stored JSON text, read by `snapshot_of` when needed; `record`
    keeps the row in hand true after writing."""

    id: int
    student_id: int
    number: int
    flow: str
    flow_version: str
    language: str
    status: str
    snapshot: str
    facts: dict[str, Any] | None
    turns: int
    updated_at: datetime
    ended_at: datetime | None


# What a turn reads of its conversation; the snapshot as its JSON text (pydantic reads that
# directly, quicker than json.loads and then validating the dict).
_CONVERSATION_COLUMNS = (
    _CONVERSATIONS.c.id, _CONVERSATIONS.c.student_id, _CONVERSATIONS.c.number,
    _CONVERSATIONS.c.flow, _CONVERSATIONS.c.flow_version, _CONVERSATIONS.c.language,
    _CONVERSATIONS.c.status, sql_cast(_CONVERSATIONS.c.snapshot, Text),
    _CONVERSATIONS.c.facts, _CONVERSATIONS.c.turns, _CONVERSATIONS.c.updated_at,
    _CONVERSATIONS.c.ended_at)
_STUDENT_COLUMNS = (_STUDENTS.c.id, _STUDENTS.c.name, _STUDENTS.c.language,
                    _STUDENTS.c.group_name)


def _conversation_of(row: Sequence[Any]) -> ConversationRow | None:
    return None if row[0] is None else ConversationRow(*row)


async def student_on_first_use(session: AsyncSession, channel: str, address: str,
                               language: str, now: datetime, group: str | None = None
                               ) -> Student:
    """The student with this contact, made on first use (the console: its name is the
    student's name; it has no invite codes)."""
    student = await contacts.student(session, channel, address)
    if student is None:
        student = Student(name=address, language=language, created_at=now)
        session.add(student)
        await session.flush()
        await contacts.add(session, channel, address, now, student=student)
    if group:
        student.group_name = group
    await session.flush()
    return student


async def find_student(session: AsyncSession, name: str) -> Student | None:
    """A student by their console name, else by name (the CLI's lookups)."""
    return await contacts.student(session, "console", name) or await session.scalar(
        select(Student).where(Student.name == name).order_by(Student.id).limit(1))


STUDENT_LOCKS = 0x4C42  # advisory lock namespace: one worker at a time per student


async def lock_student(session: AsyncSession, student_id: int) -> None:
    """Serialize a student's turns across processes for this transaction (PostgreSQL; SQLite
    has one writer at a time anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:space, :id)"),
                              {"space": STUDENT_LOCKS, "id": student_id})


async def active_conversation(session: AsyncSession, student_id: int) -> Conversation | None:
    """The student's conversation in progress, locked for this transaction on PostgreSQL."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.student_id == student_id, Conversation.status == ACTIVE)
        .order_by(Conversation.id.desc()).limit(1).with_for_update())


_STUDENT_BY_ID = select(*_STUDENT_COLUMNS).where(_STUDENTS.c.id == bindparam("student"))
_IN_PROGRESS = (select(*_CONVERSATION_COLUMNS)
                .where(_CONVERSATIONS.c.student_id == bindparam("student"),
                       _CONVERSATIONS.c.status == ACTIVE)
                .order_by(_CONVERSATIONS.c.id.desc()).limit(1).with_for_update())


async def student_row(session: AsyncSession, student_id: int) -> StudentRow | None:
    row = (await (await _connection(session)).execute(_STUDENT_BY_ID,
                                                      {"student": student_id})).first()
    return None if row is None else StudentRow(*row)


async def in_progress(session: AsyncSession, student_id: int) -> ConversationRow | None:
    """The student's conversation in progress as a turn needs it, locked for this transaction
    on PostgreSQL (as `active_conversation`)."""
    row = (await (await _connection(session)).execute(_IN_PROGRESS,
                                                      {"student": student_id})).first()
    return None if row is None else _conversation_of(row)


async def current(session: AsyncSession, student_id: int
                  ) -> tuple[list[tuple[str, str]], Snapshot | None, datetime | None]:
    """The conversation in progress, without a lock: (role, text) of each turn, its
    snapshot and when it last moved (None when no conversation is open)."""
    found = (await session.execute(
        select(Conversation.id, Conversation.snapshot, Conversation.updated_at)
        .where(Conversation.student_id == student_id, Conversation.status == ACTIVE)
        .order_by(Conversation.id.desc()).limit(1))).first()
    if found is None:
        return [], None, None
    rows = await session.execute(select(Turn.role, Turn.text)
                                 .where(Turn.conversation_id == found[0])
                                 .order_by(Turn.seq))
    return ([(role, said) for role, said in rows.all()], Snapshot.model_validate(found[1]),
            found[2])


_LOCK_BY_CONTACT = text("SELECT pg_advisory_xact_lock(:space, student_id) FROM contacts "
                        "WHERE channel = :channel AND address = :address")


@dataclass(frozen=True)
class Handled:
    """A channel's update (its idempotency key) answered by a turn, to record with it: its
    reply (the outbox) and the earlier updates whose replies were delivered (marks)."""

    update_id: int
    reply: JSONText
    delivered: Sequence[int] = ()

    def marks(self) -> list[int]:
        return [m for m in dict.fromkeys(self.delivered) if m != self.update_id]


MARKS_AT_ONCE = 32  # on SQLite, marks written with an update; more go in a statement of their own
# The update handled, with its reply, and earlier updates marked delivered (their reply
# forgotten), in one statement: an upsert of the update and the marked ones. The update is
# inserted, or taken over when its id is older than the window (a new update reusing it); a
# marked one (always there: marks come within seconds, rows go after two days) gets its reply
# NULL. Every marked row counts as written (inserted or updated); the update only when it was
# not handled already. (The row count says so: RETURNING would cost more.)
_UPSERT_HANDLED = (
    "ON CONFLICT (update_id) DO UPDATE SET reply = excluded.reply, created_at = CASE WHEN "
    "processed_updates.update_id = :update THEN excluded.created_at "
    "ELSE processed_updates.created_at END "
    "WHERE processed_updates.update_id <> :update OR processed_updates.created_at < :cutoff")
_HANDLED_PARAMS = (bindparam("now", type_=UTCDateTime()), bindparam("cutoff", type_=UTCDateTime()),
                   bindparam("update", type_=BigInteger()), bindparam("reply", type_=JSON()))
# PostgreSQL: the marks as one array, so the statement has one shape (prepared once).
_PG_HANDLED = (
    "INSERT INTO processed_updates (update_id, created_at, reply) "
    "SELECT :update, :now, :reply UNION ALL "
    f"SELECT m, :now, NULL FROM unnest(:marks) AS m {_UPSERT_HANDLED}")
_PG_SETTLE = text(_PG_HANDLED).bindparams(*_HANDLED_PARAMS,
                                          bindparam("marks", type_=ARRAY(BigInteger())))


def _sqlite_settle(marks: int) -> TextClause:
    rows = ", ".join(["(:update, :now, :reply)"] + [f"(:m{i}, :now, NULL)" for i in range(marks)])
    return text(
        f"INSERT INTO processed_updates (update_id, created_at, reply) VALUES {rows} "
        f"{_UPSERT_HANDLED}"
    ).bindparams(*_HANDLED_PARAMS, *(bindparam(f"m{i}", type_=BigInteger())
                                     for i in range(marks)))


_SQLITE_SETTLES = [_sqlite_settle(marks) for marks in range(MARKS_AT_ONCE + 1)]


def _handled_values(handled: Handled, now: datetime) -> dict[str, Any]:
    return {"update": handled.update_id, "now": now, "reply": handled.reply,
            "cutoff": now - enrolment.UPDATE_WINDOW}


async def settle_update(session: AsyncSession, handled: Handled, now: datetime) -> bool:
    """Record a channel's update as handled, with its reply, and write the marks of earlier
    updates: one statement, at the end of the turn's transaction. False when the update was
    handled already (the caller rolls back).

    The turn checked first that it was not (`talking`), under the student's lock: so False
    means another handler took the same id meanwhile, which does not happen."""
    connection = await _connection(session)
    marks = handled.marks()
    values = _handled_values(handled, now)
    if connection.dialect.name == "postgresql":
        written = await connection.execute(_PG_SETTLE, {**values, "marks": marks})
    else:
        await forget_replies(session, marks[MARKS_AT_ONCE:])
        marks = marks[:MARKS_AT_ONCE]
        values.update((f"m{i}", mark) for i, mark in enumerate(marks))
        written = await connection.execute(_SQLITE_SETTLES[len(marks)], values)
    return int(getattr(written, "rowcount", 0) or 0) == len(marks) + 1


def reply_json(turn: str, accepted: bool = True, refusal: str | None = None,
               no_conversation: bool = False) -> JSONText:
    """A reply as stored with its update: the turn as pydantic serialised it (JSON text),
    and how the input was taken."""
    return JSONText(f'{{"turn": {turn}, "accepted": {json.dumps(accepted)}, '
                    f'"refusal": {json.dumps(refusal)}, '
                    f'"no_conversation": {json.dumps(no_conversation)}}}')


async def keep_reply(session: AsyncSession, update_id: int | None,
                     reply: dict[str, Any] | JSONText) -> None:
    """Store the reply with its claimed update, in the turn's transaction (the outbox)."""
    if update_id is not None:
        await (await _connection(session)).execute(_KEEP_REPLY,
                                                   {"id": update_id, "reply": reply})


async def take_reply(session: AsyncSession, update_id: int | None) -> dict[str, Any] | None:
    """The stored reply of an update not yet delivered, taken once (None: delivered)."""
    if update_id is None:
        return None
    row = await session.scalar(select(ProcessedUpdate)
                               .where(ProcessedUpdate.update_id == update_id)
                               .with_for_update())
    if row is None or row.reply is None:
        return None
    reply = row.reply
    row.reply = None
    await session.flush()
    return reply


async def forget_replies(session: AsyncSession, update_ids: Sequence[int]) -> None:
    """The replies of these updates were delivered: a redelivery needs none (one statement,
    run for each id)."""
    if update_ids:
        await (await _connection(session)).execute(_FORGET_REPLY,
                                                   [{"id": i} for i in update_ids])


_HANDLED_AT = (select(_PROCESSED.c.created_at)
               .where(_PROCESSED.c.update_id == bindparam("update", type_=BigInteger()))
               .scalar_subquery())
_STUDENT_TALKING = (
    select(*_STUDENT_COLUMNS, *_CONVERSATION_COLUMNS, _HANDLED_AT)
    .select_from(_CONTACTS.join(_STUDENTS, _STUDENTS.c.id == _CONTACTS.c.student_id)
                 .outerjoin(_CONVERSATIONS, and_(_CONVERSATIONS.c.student_id == _STUDENTS.c.id,
                                                 _CONVERSATIONS.c.status == ACTIVE)))
    .where(_CONTACTS.c.channel == bindparam("channel"),
           _CONTACTS.c.address == bindparam("address"))
    .order_by(_CONVERSATIONS.c.id.desc()).limit(1))


@dataclass(slots=True)
class Talking:
    """Who talks through a contact, their conversation in progress, and whether the update
    in hand was handled already (within the window)."""

    student: StudentRow
    conversation: ConversationRow | None
    handled: bool


async def talking(session: AsyncSession, channel: str, address: str,
                  update_id: int | None, now: datetime) -> Talking | None:
    """The student with this contact, their conversation in progress and whether this update
    was handled before, in one query; on PostgreSQL after taking the student's lock (as
    lock_student), held until commit. None: nobody has this contact.

    Runs on every message: built once, Core, plain rows (no ORM objects). The update is
    recorded handled at the end of the turn (`settle_update`), under the same lock."""
    connection = await _connection(session)
    if connection.dialect.name == "postgresql":
        await connection.execute(_LOCK_BY_CONTACT, {"space": STUDENT_LOCKS, "channel": channel,
                                                    "address": address})
    row = (await connection.execute(_STUDENT_TALKING, {
        "channel": channel, "address": address, "update": update_id})).first()
    if row is None:
        return None
    width, handled_at = len(_STUDENT_COLUMNS), row[-1]
    return Talking(StudentRow(*row[:width]), _conversation_of(row[width:-1]),
                   handled_at is not None and handled_at >= now - enrolment.UPDATE_WINDOW)


async def abandon(session: AsyncSession, conversation: ConversationRow, now: datetime) -> None:
    """Left too long: the lifecycle's 'abandon', in the snapshot and the queryable status."""
    snapshot = snapshot_of(conversation)
    snapshot.mode = LIFECYCLE.move(snapshot.mode, "abandon")
    conversation.snapshot = JSONText(snapshot.model_dump_json())
    conversation.status = ABANDONED
    conversation.ended_at = now
    await (await _connection(session)).execute(
        update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == conversation.id)
        .values(snapshot=conversation.snapshot, status=ABANDONED, ended_at=now))


async def abandoned_twice(session: AsyncSession, student_id: int) -> bool:
    """The student's two latest ended conversations were both left unfinished."""
    last_two = (await session.scalars(
        select(Conversation.status).where(Conversation.student_id == student_id,
                                          Conversation.status != ACTIVE)
        .order_by(Conversation.id.desc()).limit(2))).all()
    return list(last_two) == [ABANDONED, ABANDONED]


_PREVIOUS_MOOD = (
    select(_ANSWERS.c.text)
    .join(_CONVERSATIONS, _CONVERSATIONS.c.id == _ANSWERS.c.conversation_id)
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _CONVERSATIONS.c.id != bindparam("conversation"), _ANSWERS.c.kind == "mood")
    .order_by(_ANSWERS.c.id.desc()).limit(1))


async def previous_mood(session: AsyncSession, student_id: int,
                        conversation_id: int | None) -> str | None:
    """How the day went in the student's previous conversation that recorded it."""
    return await (await _connection(session)).scalar(
        _PREVIOUS_MOOD, {"student": student_id, "conversation": conversation_id or 0})


async def save_flow_version(session: AsyncSession, flow: Flow, now: datetime) -> None:
    """Keep the flow a conversation starts on (once per version, whoever starts first)."""
    await insert_new(session, FlowVersion, {
        "flow": flow.flow, "version": flow.version, "created_at": now,
        "definition": flow.definition}, FlowVersion.flow)


async def flow_definition(session: AsyncSession, flow: str, version: str) -> str | None:
    row = await session.get(FlowVersion, (flow, version))
    return row.definition if row else None


_CONVERSATION_COUNT = select(func.count()).select_from(_CONVERSATIONS).where(
    _CONVERSATIONS.c.student_id == bindparam("student"))
_COMPETENCY_COUNTS = (
    select(_ANSWERS.c.competency, func.count(func.distinct(_ANSWERS.c.conversation_id)))
    .join(_CONVERSATIONS, _CONVERSATIONS.c.id == _ANSWERS.c.conversation_id)
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _ANSWERS.c.competency.is_not(None))
    .group_by(_ANSWERS.c.competency))
_OPEN_ACTION = (
    select(_ACTIONS.c.id, _ACTIONS.c.text, _ACTIONS.c.due, _ACTIONS.c.status,
           _ACTIONS.c.times_reviewed)
    .where(_ACTIONS.c.student_id == bindparam("student"),
           or_(_ACTIONS.c.reviewed_in == bindparam("conversation"),  # NULL: never equal
               _ACTIONS.c.status.in_(NOT_DONE)),
           _ACTIONS.c.conversation_id != bindparam("not_from"))
    .order_by(_ACTIONS.c.due, _ACTIONS.c.id).limit(1))


async def conversation_count(session: AsyncSession, student_id: int) -> int:
    return await (await _connection(session)).scalar(_CONVERSATION_COUNT,
                                                     {"student": student_id}) or 0


async def competency_counts(session: AsyncSession, student_id: int) -> dict[str, int]:
    """In how many conversations the student talked about each competency."""
    rows = await (await _connection(session)).execute(_COMPETENCY_COUNTS,
                                                      {"student": student_id})
    return {str(key): int(count) for key, count in rows.all()}


async def open_action(session: AsyncSession, student_id: int,
                      conversation_id: int | None) -> OpenAction | None:
    """The action to look back on: the newest open one from an earlier conversation, or the one
    this conversation is already reviewing."""
    row = (await (await _connection(session)).execute(_OPEN_ACTION, {
        "student": student_id, "conversation": conversation_id,
        "not_from": conversation_id or 0})).first()
    return OpenAction(row.id, row.text, row.due, row.status, row.times_reviewed) if row else None


# These run when a conversation starts: built once, Core, on the connection.
_PREVIOUS_CONVERSATION = (
    select(_CONVERSATIONS.c.id)
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _CONVERSATIONS.c.id != bindparam("conversation"))
    .order_by(_CONVERSATIONS.c.id.desc()).limit(1).scalar_subquery())
_REMEMBERED = (
    select(_FACTS.c.kind, _FACTS.c.text)
    .where(_FACTS.c.conversation_id == _PREVIOUS_CONVERSATION, _FACTS.c.kind == "doubt")
    .order_by(_FACTS.c.id.desc()).limit(1))
_WEAK_ACTIONS = (
    select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.status, _ACTIONS.c.kind)
    .select_from(_CONVERSATIONS.outerjoin(
        _ACTIONS, _ACTIONS.c.conversation_id == _CONVERSATIONS.c.id))
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _CONVERSATIONS.c.status != ACTIVE,
           _CONVERSATIONS.c.id != bindparam("conversation"))
    .order_by(_CONVERSATIONS.c.id.desc()).limit(5))
_DROPPED_ACTIONS = (
    select(_ACTIONS.c.status)
    .where(_ACTIONS.c.student_id == bindparam("student"), _ACTIONS.c.status.not_in(NOT_DONE))
    .order_by(_ACTIONS.c.id.desc()).limit(5))


async def remembered(session: AsyncSession, student_id: int,
                     conversation_id: int | None) -> dict[str, str]:
    """What the student said in their previous conversation that is worth asking about."""
    rows = (await (await _connection(session)).execute(_REMEMBERED, {
        "student": student_id, "conversation": conversation_id or 0})).all()
    return {kind: text for kind, text in rows}


async def weak_actions_before(session: AsyncSession, student_id: int,
                              conversation_id: int | None) -> int:
    """How many of the student's latest conversations in a row ended without a real step."""
    rows = (await (await _connection(session)).execute(_WEAK_ACTIONS, {
        "student": student_id, "conversation": conversation_id or 0})).all()
    streak = 0
    for _, status, kind in rows:
        if status == COMPLETED and kind == "step":
            break
        streak += 1
    return streak


async def dropped_actions_before(session: AsyncSession, student_id: int) -> int:
    """How many of the student's latest reviewed actions in a row they let go."""
    statuses = (await (await _connection(session)).scalars(
        _DROPPED_ACTIONS, {"student": student_id})).all()
    streak = 0
    for status in statuses:
        if status != "dropped":
            break
        streak += 1
    return streak


async def start_conversation(session: AsyncSession, student_id: int, flow: Flow,
                             language: str, number: int, now: datetime,
                             facts: dict[str, Any], flow_saved: bool = False
                             ) -> ConversationRow:
    """A new conversation, inserted with one Core statement (and its flow version unless
    `flow_saved` says it is stored already)."""
    if not flow_saved:
        await save_flow_version(session, flow, now)
    values: dict[str, Any] = {
        "student_id": student_id, "number": number, "flow": flow.flow,
        "flow_version": flow.version, "language": language, "status": ACTIVE,
        "snapshot": JSONText("{}"), "facts": facts, "turns": 0, "started_at": now,
        "updated_at": now, "ended_at": None}
    conversation_id = (await (await _connection(session)).execute(
        _INSERT_CONVERSATION, values)).scalar_one()
    del values["started_at"]
    return ConversationRow(id=conversation_id, **values)


_INSERT_CONVERSATION = insert(_CONVERSATIONS).returning(_CONVERSATIONS.c.id)


# Built once: record() runs on every message.
_INSERT_TURNS = insert(_TURNS)
_TURN_ID = select(_TURNS.c.id).where(_TURNS.c.conversation_id == bindparam("of_conversation"),
                                     _TURNS.c.seq == bindparam("of_seq"))
# An answer refers to its turn by (conversation, seq), the turns' unique key: no RETURNING
# needed when the turns go in.
_INSERT_ANSWERS = insert(_ANSWERS).values(turn_id=_TURN_ID.scalar_subquery())
# The competencies its answers were about are added to the conversation's bits (OR).
_UPDATE_CONVERSATION = update(_CONVERSATIONS).where(
    _CONVERSATIONS.c.id == bindparam("conversation_id")).values(
    competencies=_CONVERSATIONS.c.competencies.op("|")(bindparam("bits", type_=Integer())))


async def record(session: AsyncSession, conversation: ConversationRow, step: str,
                 outcome: Outcome, now: datetime, handled: Handled | None = None) -> bool:
    """One turn in one go: the student's words, what they produced, the bot's reply, state;
    and the update it answers, when given (`settle_update`). False: that update was handled
    already (nothing else is written; the caller rolls back).

    Core statements on the connection, not a unit of work: this runs on every message. The
    turns in one statement (the student's and the bot's), their answers in one, the
    conversation's position and snapshot (serialised once, by pydantic) in one, the update in
    one; on PostgreSQL all four in one round trip. Actions, facts and flags (a few per
    reflection) after them."""
    connection = await _connection(session)
    said = outcome.student_text is not None
    first = conversation.turns + 1
    turns = [{"conversation_id": conversation.id, "seq": first, "role": "student",
              "step": step, "text": outcome.student_text, "created_at": now}] if said else []
    turns.append({"conversation_id": conversation.id, "seq": first + int(said), "role": "bot",
                  "step": outcome.snapshot.step, "text": outcome.turn.text, "created_at": now})
    answers = [{"conversation_id": conversation.id, "of_conversation": conversation.id,
                "of_seq": first, "step": e.step, "competency": e.competency, "kind": e.kind,
                "text": e.text, "created_at": now}
               for e in outcome.events if isinstance(e, AnswerGiven) and said]
    ended = outcome.completed or outcome.stopped
    snapshot = JSONText(outcome.snapshot.model_dump_json())
    status = (COMPLETED if outcome.completed else ABANDONED) if ended else conversation.status
    ended_at = now if ended else conversation.ended_at
    moved: dict[str, Any] = {"conversation_id": conversation.id, "snapshot": snapshot,
                             "updated_at": now, "turns": first + int(said), "status": status,
                             "ended_at": ended_at, "last_step": turns[-1]["step"],
                             "bits": competency_bits(e.competency for e in outcome.events
                                                     if isinstance(e, AnswerGiven) and said)}
    if handled is not None and connection.dialect.name == "postgresql":
        if not await _record_on_postgres(connection, turns, answers, moved, handled, now):
            return False
    else:
        await connection.execute(_INSERT_TURNS, turns)
        if answers:
            await connection.execute(_INSERT_ANSWERS, answers)
        await connection.execute(_UPDATE_CONVERSATION, moved)
        if handled is not None and not await settle_update(session, handled, now):
            return False
    conversation.snapshot, conversation.updated_at = snapshot, now
    conversation.turns, conversation.status, conversation.ended_at = (
        first + int(said), status, ended_at)
    student_turn: int | None = None
    if said and any(isinstance(e, FlagRaised) for e in outcome.events):  # a flag shows it
        student_turn = await connection.scalar(_TURN_ID, {"of_conversation": conversation.id,
                                                          "of_seq": first})
    for event in outcome.events:
        await _apply(session, connection, conversation, student_turn, event, now)
    return True


# PostgreSQL: a turn's rows, the conversation's position and the update, in one statement
# (data-modifying CTEs, all run once, whatever the final SELECT reads); rows as arrays, so the
# statement has one shape whatever the number of answers and marks (prepared once).
_PG_RECORD = text(
    "WITH turns_in AS (INSERT INTO turns (conversation_id, seq, role, step, text, created_at) "
    "SELECT :conversation, t.seq, t.role, t.step, t.text, :now "
    "FROM unnest(:t_seq, :t_role, :t_step, :t_text) AS t(seq, role, step, text) "
    "RETURNING id, seq), "
    "answers_in AS (INSERT INTO answers (conversation_id, turn_id, step, competency, kind, "
    "text, created_at) SELECT :conversation, turns_in.id, a.step, a.competency, a.kind, "
    "a.text, :now FROM turns_in CROSS JOIN "
    "unnest(:a_step, :a_competency, :a_kind, :a_text) AS a(step, competency, kind, text) "
    "WHERE turns_in.seq = :first), "
    "moved AS (UPDATE conversations SET snapshot = :snapshot, updated_at = :now, "
    "turns = :turns, status = :status, ended_at = :ended_at, last_step = :last_step, "
    "competencies = competencies | :bits WHERE id = :conversation), "
    f"handled AS ({_PG_HANDLED} RETURNING update_id) "
    "SELECT count(*) FROM handled"
).bindparams(
    *_HANDLED_PARAMS, bindparam("marks", type_=ARRAY(BigInteger())),
    bindparam("conversation", type_=Integer()), bindparam("first", type_=Integer()),
    bindparam("t_seq", type_=ARRAY(Integer())), bindparam("t_role", type_=ARRAY(String())),
    bindparam("t_step", type_=ARRAY(String())), bindparam("t_text", type_=ARRAY(Text())),
    bindparam("a_step", type_=ARRAY(String())), bindparam("a_competency", type_=ARRAY(String())),
    bindparam("a_kind", type_=ARRAY(String())), bindparam("a_text", type_=ARRAY(Text())),
    bindparam("snapshot", type_=JSON()), bindparam("turns", type_=Integer()),
    bindparam("status", type_=String()), bindparam("ended_at", type_=UTCDateTime()),
    bindparam("last_step", type_=String()), bindparam("bits", type_=Integer()))


async def _record_on_postgres(connection: AsyncConnection, turns: list[dict[str, Any]],
                              answers: list[dict[str, Any]], moved: dict[str, Any],
                              handled: Handled, now: datetime) -> bool:
    marks = handled.marks()
    written = await connection.scalar(_PG_RECORD, {
        **_handled_values(handled, now), "marks": marks,
        "conversation": moved["conversation_id"], "first": turns[0]["seq"],
        **{f"t_{key}": [t[key] for t in turns] for key in ("seq", "role", "step", "text")},
        **{f"a_{key}": [a[key] for a in answers]
           for key in ("step", "competency", "kind", "text")},
        **{key: moved[key] for key in ("snapshot", "turns", "status", "ended_at", "last_step",
                                       "bits")}})
    return bool(written == len(marks) + 1)


_INSERT_ACTION = insert(_ACTIONS).returning(_ACTIONS.c.id)
_INSERT_ACTION_EVENT = insert(_ACTION_EVENTS)
_INSERT_FACT = insert(_FACTS)


async def _apply(session: AsyncSession, connection: AsyncConnection,
                 conversation: ConversationRow, turn_id: int | None, event: Any,
                 now: datetime) -> None:
    if isinstance(event, ActionSet):
        action_id = (await connection.execute(_INSERT_ACTION, {
            "student_id": conversation.student_id, "conversation_id": conversation.id,
            "text": event.text, "due": event.due, "status": "open", "kind": event.kind,
            "times_reviewed": 0, "created_at": now})).scalar_one()
        await connection.execute(_INSERT_ACTION_EVENT, {
            "action_id": action_id, "conversation_id": conversation.id, "kind": "set",
            "due": event.due, "at": now})
    elif isinstance(event, FlagRaised):
        await add_flags(session, conversation.student_id, conversation.id, turn_id, [event], now)
    elif isinstance(event, FactNoted):
        await connection.execute(_INSERT_FACT, {
            "student_id": conversation.student_id, "conversation_id": conversation.id,
            "kind": event.kind, "text": event.text, "created_at": now})
    elif isinstance(event, ActionReviewed):
        await review_action(session, conversation.student_id, conversation.id, event, now)


async def review_action(session: AsyncSession, student_id: int, conversation_id: int | None,
                        event: ActionReviewed, now: datetime) -> None:
    """How an action went, what was learned, or a new day for it; kept in its history."""
    values: dict[str, Any] = {"reviewed_at": now}
    if conversation_id is not None:
        values["reviewed_in"] = conversation_id
    kind = "reviewed"
    if event.outcome is not None:
        values["status"] = event.outcome
        values["times_reviewed"] = Action.times_reviewed + 1
        kind = {"done": "done", "dropped": "dropped"}.get(event.outcome, "reviewed")
    if event.learning is not None:
        values["learning"] = event.learning
        kind = "learning"
    if event.new_due is not None:
        values["due"] = event.new_due
        values["reminded_at"] = None
        kind = "rescheduled"
    found = (await session.execute(update(Action).where(
        Action.id == event.action_id, Action.student_id == student_id)
        .values(**values).returning(Action.id))).scalar()
    if found is not None:
        await session.execute(insert(ActionEvent).values(
            action_id=event.action_id, conversation_id=conversation_id, kind=kind,
            outcome=event.outcome, due=event.new_due, learning=event.learning, at=now))


async def add_flags(session: AsyncSession, student_id: int, conversation_id: int | None,
                    turn_id: int | None, flags: list[FlagRaised], now: datetime) -> None:
    """Flags for a mentor, with the rule that fired and the turn it fired on. Urgent flags and
    requests for the mentor get an alert job in the same transaction."""
    for flag in flags:
        reason = flag.reason.get("nl") or next(iter(flag.reason.values()), flag.rule)
        row = Flag(student_id=student_id, conversation_id=conversation_id, turn_id=turn_id,
                   level=flag.level, reason=reason[:200], rule=flag.rule, status="open",
                   created_at=now)
        session.add(row)
        await session.flush()
        if flag.level == "urgent" or flag.action == "mentor_request":
            await jobs.schedule(session, "alert", now, now, flag_id=row.id)


async def has_open_flag(session: AsyncSession, student_id: int, rule: str) -> bool:
    """The student has a flag of this rule that no mentor resolved yet."""
    return await session.scalar(select(Flag.id).where(
        Flag.student_id == student_id, Flag.rule == rule, Flag.status != "resolved")
        .limit(1)) is not None


async def keep_facts(session: AsyncSession, conversation_id: int,
                     facts: dict[str, Any]) -> None:
    """Keep the facts of a conversation from before facts were kept, gathered now."""
    await (await _connection(session)).execute(
        update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == conversation_id)
        .values(facts=facts))


def snapshot_of(conversation: ConversationRow) -> Snapshot:
    """The conversation's snapshot, read from its JSON text."""
    return Snapshot.model_validate_json(conversation.snapshot)


async def export_student(session: AsyncSession, student: Student) -> dict[str, Any]:
    """Everything stored about one student, as plain JSON-ready data."""
    conversations = (await session.scalars(
        select(Conversation).where(Conversation.student_id == student.id)
        .order_by(Conversation.id))).all()
    actions = (await session.scalars(
        select(Action).where(Action.student_id == student.id).order_by(Action.id))).all()

    flags = (await session.scalars(
        select(Flag).where(Flag.student_id == student.id).order_by(Flag.id))).all()
    by_conversation = {a.conversation_id: a for a in actions}
    exported = []
    for conv in conversations:
        turns = (await session.scalars(
            select(Turn).where(Turn.conversation_id == conv.id).order_by(Turn.seq))).all()
        answers = (await session.scalars(
            select(Answer).where(Answer.conversation_id == conv.id).order_by(Answer.id))).all()
        action = by_conversation.get(conv.id)
        exported.append({
            "id": conv.id,
            "status": conv.status,
            "flow": conv.flow,
            "flow_version": conv.flow_version,
            "language": conv.language,
            "started_at": _iso(conv.started_at),
            "ended_at": _iso(conv.ended_at),
            "competencies": sorted({a.competency for a in answers if a.competency}),
            "turns": [{"role": t.role, "step": t.step, "text": t.text, "at": _iso(t.created_at)}
                      for t in turns],
            "answers": [{"step": a.step, "competency": a.competency, "kind": a.kind,
                         "text": a.text} for a in answers],
            "action": _action(action) if action else None,
        })
    history = await action_history(session, [a.id for a in actions])
    facts = (await session.scalars(select(StudentFact).where(
        StudentFact.student_id == student.id).order_by(StudentFact.id))).all()
    return {
        "student": {"id": student.id, "name": student.name, "language": student.language,
                    "email": student.email, "created_at": _iso(student.created_at)},
        "conversations": exported,
        "actions": [_action(a, history.get(a.id, [])) for a in actions],
        "remembered": [{"kind": f.kind, "text": f.text, "at": _iso(f.created_at)}
                       for f in facts],
        "flags": [{"level": f.level, "reason": f.reason, "rule": f.rule,
                   "conversation_id": f.conversation_id, "at": _iso(f.created_at)}
                  for f in flags],
    }


def _action(action: Action, history: list[ActionEvent] | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = {"text": action.text, "due": _iso(action.due),
                             "status": action.status, "kind": action.kind,
                             "learning": action.learning, "created_at": _iso(action.created_at)}
    if history is not None:
        shown["history"] = [{"what": e.kind, "outcome": e.outcome, "due": _iso(e.due),
                             "learning": e.learning, "at": _iso(e.at)} for e in history]
    return shown


async def action_history(session: AsyncSession, action_ids: list[int]
                         ) -> dict[int, list[ActionEvent]]:
    if not action_ids:
        return {}
    events = (await session.scalars(select(ActionEvent).where(
        ActionEvent.action_id.in_(action_ids)).order_by(ActionEvent.at, ActionEvent.id))).all()
    history: dict[int, list[ActionEvent]] = {}
    for event in events:
        history.setdefault(event.action_id, []).append(event)
    return history


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
