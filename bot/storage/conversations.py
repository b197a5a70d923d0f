"""Conversations and their turns: the one in progress (found with its student and the
update in hand, or locked), started, recorded turn by turn (`record`, on every message),
abandoned; their snapshot, the flow versions they run on, and what a new one reads of the
earlier ones (mood, what was remembered, the streak of weak actions)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ARRAY,
    JSON,
    BigInteger,
    Date,
    Integer,
    String,
    Text,
    and_,
    bindparam,
    func,
    insert,
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
    MoodCorrected,
    Outcome,
    Snapshot,
)
from bot.core.flow import Flow
from bot.core.lifecycle import LIFECYCLE
from bot.storage import enrolment
from bot.storage.actions import review_action
from bot.storage.flags import add_flags
from bot.storage.inserts import insert_new
from bot.storage.models import (
    Action,
    ActionEvent,
    Answer,
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
from bot.storage.students import STUDENT_COLUMNS, STUDENT_LOCKS, StudentRow
from bot.storage.tables import connection as _connection
from bot.storage.tables import table as _table
from bot.storage.units import JSONText, write_alone
from bot.storage.updates import (
    HANDLED_PARAMS,
    PG_NOT_HANDLED,
    Handled,
    handled_values,
    pg_handled,
    settle_update,
)

# Tables for the statements built once (Core, without the ORM's per-statement work): these
# run on every message, or on every new conversation.
_ACTIONS, _ANSWERS = _table(Action), _table(Answer)
_CONVERSATIONS, _TURNS = _table(Conversation), _table(Turn)
_PROCESSED, _STUDENTS, _CONTACTS = _table(ProcessedUpdate), _table(Student), _table(Contact)
_ACTION_EVENTS, _FACTS = _table(ActionEvent), _table(StudentFact)
_FLAGS = _table(Flag)

ACTIVE, COMPLETED, ABANDONED = "active", "completed", "abandoned"


class ConversationMoved(Exception):
    """The conversation changed since this turn read it (another worker's turn for the same
    student committed first): nothing of this turn may be kept; the caller rolls back and
    runs the turn again on what is stored now."""


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


def _conversation_of(row: Sequence[Any]) -> ConversationRow | None:
    return None if row[0] is None else ConversationRow(*row)


async def active_conversation(session: AsyncSession, student_id: int) -> Conversation | None:
    """The student's conversation in progress, locked for this transaction on PostgreSQL."""
    return await session.scalar(
        select(Conversation)
        .where(Conversation.student_id == student_id, Conversation.status == ACTIVE)
        .order_by(Conversation.id.desc()).limit(1).with_for_update())


_IN_PROGRESS = (select(*_CONVERSATION_COLUMNS)
                .where(_CONVERSATIONS.c.student_id == bindparam("student"),
                       _CONVERSATIONS.c.status == ACTIVE)
                .order_by(_CONVERSATIONS.c.id.desc()).limit(1).with_for_update())


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
_HANDLED_AT = (select(_PROCESSED.c.created_at)
               .where(_PROCESSED.c.update_id == bindparam("update", type_=BigInteger()))
               .scalar_subquery())
_STUDENT_TALKING = (
    select(*STUDENT_COLUMNS, *_CONVERSATION_COLUMNS, _HANDLED_AT)
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


@dataclass(slots=True, frozen=True, repr=False)  # no repr: a contact and a student's name
class Remembered:
    """A student and their contact as a turn took them from memory (bot/talkers.py), not
    read from the database: its write checks that they are still stored so (`record`,
    `still_as_read`), or raises ConversationMoved and the turn runs again on a fresh read."""

    channel: str
    address: str
    student: StudentRow


async def talking(session: AsyncSession, channel: str, address: str,
                  update_id: int | None, now: datetime, lock: bool = False) -> Talking | None:
    """The student with this contact, their conversation in progress and whether this update
    was handled before, in one query. None: nobody has this contact.

    Runs on a student's message unless this process remembers what their last turn stored
    (bot/talkers.py): built once, Core, plain rows (no ORM objects), and without a lock:
    a turn reads, works out its reply, then writes the conversation only if it is still as it
    read it (`record`: compare and set on its turn count and status). Two workers with a turn
    of the same student at once (on PostgreSQL; SQLite writes one transaction at a time):
    the one that writes second finds it moved, rolls back and runs again on what the first
    stored. A lock taken here cost a round trip on every message to guard against that rare
    case. The update is recorded handled at the end of the turn (`settle_update`).

    `lock`: take the student's lock first (as lock_student) on PostgreSQL, held until commit,
    for what compare and set does not cover: starting a conversation."""
    connection = await _connection(session)
    if lock and connection.dialect.name == "postgresql":
        await connection.execute(_LOCK_BY_CONTACT, {"space": STUDENT_LOCKS, "channel": channel,
                                                    "address": address})
    row = (await connection.execute(_STUDENT_TALKING, {
        "channel": channel, "address": address, "update": update_id})).first()
    if row is None:
        return None
    width, handled_at = len(STUDENT_COLUMNS), row[-1]
    return Talking(StudentRow(*row[:width]), _conversation_of(row[width:-1]),
                   handled_at is not None and handled_at >= now - enrolment.UPDATE_WINDOW)


async def abandon(session: AsyncSession, conversation: ConversationRow, now: datetime) -> None:
    """Left too long: the lifecycle's 'abandon', in the snapshot and the queryable status.
    ConversationMoved when it was not as read any more (see `record`)."""
    snapshot = snapshot_of(conversation)
    snapshot.mode = LIFECYCLE.move(snapshot.mode, "abandon")
    left = JSONText(snapshot.model_dump_json())
    moved = await (await _connection(session)).execute(
        update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == conversation.id,
                                     _CONVERSATIONS.c.turns == conversation.turns,
                                     _CONVERSATIONS.c.status == conversation.status)
        .values(snapshot=left, status=ABANDONED, ended_at=now))
    if moved.rowcount != 1:
        raise ConversationMoved(conversation.id)
    conversation.snapshot = left
    conversation.status = ABANDONED
    conversation.ended_at = now


async def still_as_read(session: AsyncSession, conversation: ConversationRow,
                        remembered: Remembered | None = None) -> None:
    """For a turn that writes nothing to its conversation (a refused answer): make sure it
    was judged on the conversation as it is stored now, or raise ConversationMoved (see
    `talking`); and on the student as `remembered`, when the turn did not read them. The
    row stays locked until commit. SQLite writes one transaction at a time: nothing can have
    moved it since this transaction read it (what a turn took from memory is checked)."""
    connection = await _connection(session)
    if connection.dialect.name == "sqlite" and remembered is None:
        return
    values = {"conversation_id": conversation.id, "was_turns": conversation.turns,
              "was_status": conversation.status}
    if remembered is None:
        same = await connection.execute(_STILL_AS_READ, values)
    else:
        same = await connection.execute(_STILL_AS_REMEMBERED,
                                        {**values, **_remembered_values(remembered)})
    if same.first() is None:
        raise ConversationMoved(conversation.id)


_STILL_AS_READ = (select(_CONVERSATIONS.c.id)
                  .where(_CONVERSATIONS.c.id == bindparam("conversation_id"),
                         _CONVERSATIONS.c.turns == bindparam("was_turns"),
                         _CONVERSATIONS.c.status == bindparam("was_status"))
                  .with_for_update())
# The student still has this contact, with the name, language and group the turn used (a
# condition on the write of a turn that took them from memory, see `Remembered`), in SQL
# both databases speak. Its parameters are named apart from any column's: in an UPDATE a
# parameter named as a column would set it.
_AS_REMEMBERED = (
    "EXISTS (SELECT 1 FROM contacts JOIN students ON students.id = contacts.student_id "
    "WHERE contacts.channel = :as_channel AND contacts.address = :as_address "
    "AND students.id = :as_student AND students.name = :as_name "
    "AND students.language = :as_language AND (students.group_name = :as_group "
    "OR students.group_name IS NULL AND :as_group IS NULL))")
_REMEMBERED_PARAMS = (
    bindparam("as_channel", type_=String()), bindparam("as_address", type_=String()),
    bindparam("as_student", type_=Integer()), bindparam("as_name", type_=String()),
    bindparam("as_language", type_=String()), bindparam("as_group", type_=String()))
_STILL_AS_REMEMBERED = _STILL_AS_READ.where(text(_AS_REMEMBERED).bindparams(
    *_REMEMBERED_PARAMS))


def _remembered_values(remembered: Remembered) -> dict[str, Any]:
    student = remembered.student
    return {"as_channel": remembered.channel, "as_address": remembered.address,
            "as_student": student.id, "as_name": student.name,
            "as_language": student.language, "as_group": student.group_name}


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
COMPETENCY_COUNTS = (
    select(_ANSWERS.c.competency, func.count(func.distinct(_ANSWERS.c.conversation_id)))
    .join(_CONVERSATIONS, _CONVERSATIONS.c.id == _ANSWERS.c.conversation_id)
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _ANSWERS.c.competency.is_not(None))
    .group_by(_ANSWERS.c.competency))


async def competency_counts(session: AsyncSession, student_id: int) -> dict[str, int]:
    """In how many conversations the student talked about each competency."""
    rows = await (await _connection(session)).execute(COMPETENCY_COUNTS,
                                                      {"student": student_id})
    return {str(key): int(count) for key, count in rows.all()}


# These run when a conversation starts: built once, Core, on the connection.
_PREVIOUS_CONVERSATION = (
    select(_CONVERSATIONS.c.id)
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _CONVERSATIONS.c.id != bindparam("conversation"))
    .order_by(_CONVERSATIONS.c.id.desc()).limit(1).scalar_subquery())
_DOUBT = (  # what is worth asking about next time: the doubt the student voiced
    select(_FACTS.c.text)
    .where(_FACTS.c.conversation_id == _PREVIOUS_CONVERSATION, _FACTS.c.kind == "doubt")
    .order_by(_FACTS.c.id.desc()).limit(1))
_HEAVY = select(func.coalesce(  # the previous conversation needed the helplines, or told of
    # something heavy at home or at work (no food, bullying): ask how they are now
    select(_FLAGS.c.rule)
    .where(_FLAGS.c.conversation_id == _PREVIOUS_CONVERSATION, _FLAGS.c.level == "urgent")
    .limit(1).scalar_subquery(),
    select(_FACTS.c.text)
    .where(_FACTS.c.conversation_id == _PREVIOUS_CONVERSATION, _FACTS.c.kind == "heavy")
    .limit(1).scalar_subquery()))
# The four in one statement (one round trip, not four, as a conversation starts).
LOOKING_BACK = select(_CONVERSATION_COUNT.scalar_subquery(), _PREVIOUS_MOOD.scalar_subquery(),
                       _DOUBT.scalar_subquery(), _HEAVY.scalar_subquery())
WEAK_ACTIONS = (
    select(_CONVERSATIONS.c.id, _CONVERSATIONS.c.status, _ACTIONS.c.kind)
    .select_from(_CONVERSATIONS.outerjoin(
        _ACTIONS, _ACTIONS.c.conversation_id == _CONVERSATIONS.c.id))
    .where(_CONVERSATIONS.c.student_id == bindparam("student"),
           _CONVERSATIONS.c.status != ACTIVE,
           _CONVERSATIONS.c.id != bindparam("conversation"))
    .order_by(_CONVERSATIONS.c.id.desc()).limit(5))


@dataclass(slots=True)
class LookingBack:
    """What a conversation starting now reads of the student's earlier ones."""

    conversations: int  # how many the student has (this one included, if it exists)
    previous_mood: str | None  # how the day went, in the latest other one that recorded it
    memory: dict[str, str]  # what they said in the previous one that is worth asking about


def weak_streak(ended: list[tuple[int, str, str | None]]) -> int:
    """Of the latest ended conversations, newest first, as (id, status, kind of an action; a
    row per action): how many in a row ended without a real step. A conversation with a step
    among its actions ended with one."""
    kinds: dict[int, tuple[str, set[str | None]]] = {}
    for conversation_id, status, kind in ended:
        kinds.setdefault(conversation_id, (status, set()))[1].add(kind)
    streak = 0
    for conversation_id in sorted(kinds, reverse=True):
        status, of_actions = kinds[conversation_id]
        if status == COMPLETED and "step" in of_actions:
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
# Only when the conversation is still as the turn read it (see `talking`).
_UPDATE_CONVERSATION = update(_CONVERSATIONS).where(
    _CONVERSATIONS.c.id == bindparam("conversation_id"),
    _CONVERSATIONS.c.turns == bindparam("was_turns"),
    _CONVERSATIONS.c.status == bindparam("was_status")).values(
    competencies=_CONVERSATIONS.c.competencies.op("|")(bindparam("bits", type_=Integer())))
_UPDATE_REMEMBERED = _UPDATE_CONVERSATION.where(text(_AS_REMEMBERED).bindparams(
    *_REMEMBERED_PARAMS))


async def record(session: AsyncSession, conversation: ConversationRow, step: str,
                 outcome: Outcome, now: datetime, handled: Handled | None = None,
                 remembered: Remembered | None = None) -> bool:
    """One turn in one go: the student's words, what they produced, the bot's reply, state;
    and the update it answers, when given (`settle_update`). False: that update was handled
    already (nothing else is written; the caller rolls back). ConversationMoved: the
    conversation is not as the turn read it any more (see `talking`; the caller rolls back
    and runs the turn again).

    Core statements on the connection, not a unit of work: this runs on every message. The
    turns in one statement (the student's and the bot's), their answers in one, the
    conversation's position and snapshot (serialised once, by pydantic) in one, the update in
    one; on PostgreSQL all four in one round trip, and, when the turn stores nothing else,
    without a transaction around it (`write_alone`: no BEGIN, no COMMIT). Actions, facts and
    flags (a few per reflection) after them, in the unit's transaction.

    `remembered`: the turn took its student from memory instead of reading them (with an
    update): the conversation moves only if they are still stored so."""
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
                                                     if isinstance(e, AnswerGiven) and said),
                             "was_turns": conversation.turns, "was_status": conversation.status}
    stored_events = [e for e in outcome.events if isinstance(e, _STORED_EVENTS)]
    if connection.dialect.name == "postgresql":
        # no transaction needed when the turn is one statement (`write_alone`)
        if not await _record_on_postgres(connection, turns, answers, moved, handled, now,
                                         remembered, alone=not stored_events):
            return False
    else:  # the conversation first: a turn that finds it moved writes nothing else
        if remembered is None:
            changed = await connection.execute(_UPDATE_CONVERSATION, moved)
        else:
            changed = await connection.execute(_UPDATE_REMEMBERED,
                                               {**moved, **_remembered_values(remembered)})
        if changed.rowcount != 1:
            raise ConversationMoved(conversation.id)
        await connection.execute(_INSERT_TURNS, turns)
        if answers:
            await connection.execute(_INSERT_ANSWERS, answers)
        if handled is not None and not await settle_update(session, handled, now):
            return False
    conversation.snapshot, conversation.updated_at = snapshot, now
    conversation.turns, conversation.status, conversation.ended_at = (
        first + int(said), status, ended_at)
    student_turn: int | None = None
    if said and any(isinstance(e, FlagRaised) for e in stored_events):  # a flag shows it
        student_turn = await connection.scalar(_TURN_ID, {"of_conversation": conversation.id,
                                                          "of_seq": first})
    for event in stored_events:
        await _apply(session, connection, conversation, student_turn, event, now)
    return True


# PostgreSQL: a turn's rows, the conversation's position and the update, in one statement
# (data-modifying CTEs, all run once, whatever the final SELECT reads); rows as arrays, so the
# statement has one shape whatever the number of answers and marks (prepared once). The
# conversation moves first, only if it is still as the turn read it (its row locked until
# commit; a turn of another worker that read it before waits, then finds it moved) and its
# update is not handled yet; the turns and the update's row go in only after it moved (they
# read `moved`). So the statement is whole on its own, without a transaction around it
# (`write_alone`): it moves the conversation and records the update, or does neither.
def _pg_turn(*conditions: str) -> str:
    return (
        "WITH moved AS (UPDATE conversations SET snapshot = :snapshot, updated_at = :now, "
        "turns = :turns, status = :status, ended_at = :ended_at, last_step = :last_step, "
        "competencies = competencies | :bits WHERE id = :conversation AND turns = :was_turns "
        f"AND status = :was_status{''.join(f' AND {c}' for c in conditions)} RETURNING id), "
        + _PG_TURN_ROWS)


_PG_TURN_ROWS = (
    "turns_in AS (INSERT INTO turns (conversation_id, seq, role, step, text, created_at) "
    "SELECT moved.id, t.seq, t.role, t.step, t.text, :now "
    "FROM moved CROSS JOIN unnest(:t_seq, :t_role, :t_step, :t_text) AS t(seq, role, step, text) "
    "RETURNING id, seq), "
    "answers_in AS (INSERT INTO answers (conversation_id, turn_id, step, competency, kind, "
    "text, created_at) SELECT :conversation, turns_in.id, a.step, a.competency, a.kind, "
    "a.text, :now FROM turns_in CROSS JOIN "
    "unnest(:a_step, :a_competency, :a_kind, :a_text) AS a(step, competency, kind, text) "
    "WHERE turns_in.seq = :first)")
_PG_TURN_PARAMS = (
    bindparam("now", type_=UTCDateTime()),
    bindparam("conversation", type_=Integer()), bindparam("first", type_=Integer()),
    bindparam("t_seq", type_=ARRAY(Integer())), bindparam("t_role", type_=ARRAY(String())),
    bindparam("t_step", type_=ARRAY(String())), bindparam("t_text", type_=ARRAY(Text())),
    bindparam("a_step", type_=ARRAY(String())), bindparam("a_competency", type_=ARRAY(String())),
    bindparam("a_kind", type_=ARRAY(String())), bindparam("a_text", type_=ARRAY(Text())),
    bindparam("snapshot", type_=JSON()), bindparam("turns", type_=Integer()),
    bindparam("status", type_=String()), bindparam("ended_at", type_=UTCDateTime()),
    bindparam("last_step", type_=String()), bindparam("bits", type_=Integer()),
    bindparam("was_turns", type_=Integer()), bindparam("was_status", type_=String()))
def _pg_record(*conditions: str) -> str:
    return (f"{_pg_turn(PG_NOT_HANDLED, *conditions)}, handled AS "
            f"({pg_handled(after='moved')} RETURNING update_id) SELECT (SELECT count(*) FROM "
            f"handled), (SELECT count(*) FROM moved), NOT {PG_NOT_HANDLED}")


_PG_RECORD = text(_pg_record()).bindparams(
    *HANDLED_PARAMS, bindparam("marks", type_=ARRAY(BigInteger())), *_PG_TURN_PARAMS)
# A turn whose student came from memory: the same, moving the conversation only if the
# student is still as remembered (`Remembered`).
_PG_RECORD_REMEMBERED = text(_pg_record(_AS_REMEMBERED)).bindparams(
    *HANDLED_PARAMS, bindparam("marks", type_=ARRAY(BigInteger())), *_PG_TURN_PARAMS,
    *_REMEMBERED_PARAMS)
# A turn with no channel's update to record with it (its update was claimed as it began, or
# it has none): the same without the update.
_PG_RECORD_ALONE = text(f"{_pg_turn()} SELECT 0, (SELECT count(*) FROM moved), false").bindparams(
    *_PG_TURN_PARAMS)


async def _record_on_postgres(connection: AsyncConnection, turns: list[dict[str, Any]],
                              answers: list[dict[str, Any]], moved: dict[str, Any],
                              handled: Handled | None, now: datetime,
                              remembered: Remembered | None, alone: bool) -> bool:
    marks = handled.marks() if handled is not None else []
    recorded = ({**handled_values(handled, now), "marks": marks} if handled is not None
                else {"now": now})
    values = {
        **recorded, "conversation": moved["conversation_id"], "first": turns[0]["seq"],
        **{f"t_{key}": [t[key] for t in turns] for key in ("seq", "role", "step", "text")},
        **{f"a_{key}": [a[key] for a in answers]
           for key in ("step", "competency", "kind", "text")},
        **{key: moved[key] for key in ("snapshot", "turns", "status", "ended_at", "last_step",
                                       "bits", "was_turns", "was_status")}}
    statement = _PG_RECORD if handled is not None else _PG_RECORD_ALONE
    if remembered is not None:
        assert handled is not None, "a turn takes its student from memory only with an update"
        statement = _PG_RECORD_REMEMBERED
        values.update(_remembered_values(remembered))
    written, moved_rows, handled_before = (
        await write_alone(connection, statement, values) if alone
        else (await connection.execute(statement, values)).one())
    if handled_before:
        return False  # handled since the turn read: its stored reply is the answer
    if moved_rows != 1:
        # moved by another turn (or its update handled by one that committed while this
        # statement waited for the row, or its student not as remembered): the turn goes
        # again on what is stored now
        raise ConversationMoved(moved["conversation_id"])
    # Not written: handled meanwhile by a turn that moved nothing (a refusal of the same
    # update on another worker, committed while this statement ran); its stored reply is the
    # answer.
    return handled is None or written == len(marks) + 1


# The events a turn stores besides its rows (`_apply`).
_STORED_EVENTS = (ActionSet, FlagRaised, FactNoted, ActionReviewed, MoodCorrected)
_INSERT_ACTION = insert(_ACTIONS).returning(_ACTIONS.c.id)
_INSERT_ACTION_EVENT = insert(_ACTION_EVENTS)
# PostgreSQL: the action and its first event in one round trip.
_PG_SET_ACTION = text(
    "WITH made AS (INSERT INTO actions (student_id, conversation_id, text, due, status, kind, "
    "times_reviewed, created_at) VALUES (:student_id, :conversation_id, :text, :due, 'open', "
    ":kind, 0, :now) RETURNING id) "
    "INSERT INTO action_events (action_id, conversation_id, kind, due, at) "
    "SELECT id, :conversation_id, 'set', :due, :now FROM made"
).bindparams(bindparam("student_id", type_=Integer()),
             bindparam("conversation_id", type_=Integer()), bindparam("text", type_=Text()),
             bindparam("due", type_=Date()), bindparam("kind", type_=String()),
             bindparam("now", type_=UTCDateTime()))
_INSERT_FACT = insert(_FACTS)
# the conversation has one mood: a correction replaces it (readers take a conversation's mood
# answer as its mood; two would count twice in a mentor's trend)
_CORRECT_MOOD = (update(_ANSWERS).where(_ANSWERS.c.conversation_id == bindparam("conversation"),
                                        _ANSWERS.c.kind == "mood")
                 .values(text=bindparam("mood")))


async def _apply(session: AsyncSession, connection: AsyncConnection,
                 conversation: ConversationRow, turn_id: int | None, event: Any,
                 now: datetime) -> None:
    if isinstance(event, ActionSet) and connection.dialect.name == "postgresql":
        await connection.execute(_PG_SET_ACTION, {
            "student_id": conversation.student_id, "conversation_id": conversation.id,
            "text": event.text, "due": event.due, "kind": event.kind, "now": now})
    elif isinstance(event, ActionSet):
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
    elif isinstance(event, MoodCorrected):
        await connection.execute(_CORRECT_MOOD, {"conversation": conversation.id,
                                                 "mood": event.mood})


async def keep_facts(session: AsyncSession, conversation_id: int,
                     facts: dict[str, Any]) -> None:
    """Keep the facts of a conversation from before facts were kept, gathered now."""
    await (await _connection(session)).execute(
        update(_CONVERSATIONS).where(_CONVERSATIONS.c.id == conversation_id)
        .values(facts=facts))


def snapshot_of(conversation: ConversationRow) -> Snapshot:
    """The conversation's snapshot, read from its JSON text."""
    return Snapshot.model_validate_json(conversation.snapshot)
