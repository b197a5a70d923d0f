"""Data access: small functions that take the session, so the caller owns the transaction."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Table, and_, bindparam, func, insert, or_, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import make_transient_to_detached
from sqlalchemy.orm.attributes import set_committed_value

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
)

ACTIVE, COMPLETED, ABANDONED = "active", "completed", "abandoned"
NOT_DONE = ("open", "partly", "not_yet")  # an action stays alive until done or let go


def _table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


# Tables for the statements built once (Core, without the ORM's per-statement work): these
# run on every message, or on every new conversation.
_ACTIONS, _ANSWERS = _table(Action), _table(Answer)
_CONVERSATIONS, _TURNS = _table(Conversation), _table(Turn)
_PROCESSED = _table(ProcessedUpdate)
# Built once; Core, so the ORM does not try to synchronise loaded objects with them.
_KEEP_REPLY = (update(_PROCESSED).where(_PROCESSED.c.update_id == bindparam("id"))
               .values(reply=bindparam("reply")))
_FORGET_REPLIES = (update(_PROCESSED).where(_PROCESSED.c.update_id.in_(bindparam("ids",
                                                                                 expanding=True)))
                   .values(reply=None))


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
_CLAIM_AND_LOCK = text(  # an id older than the window is a new update reusing it
    "WITH claimed AS (INSERT INTO processed_updates (update_id, created_at) "
    "VALUES (:update, :now) ON CONFLICT (update_id) DO UPDATE SET created_at = :now, "
    "reply = NULL WHERE processed_updates.created_at < :cutoff RETURNING update_id) "
    "SELECT (SELECT update_id FROM claimed), "
    "(SELECT pg_advisory_xact_lock(:space, student_id) FROM contacts "
    "WHERE channel = :channel AND address = :address)"
).bindparams(bindparam("now", type_=UTCDateTime()), bindparam("cutoff", type_=UTCDateTime()))


async def claim_turn(session: AsyncSession, update_id: int, channel: str, address: str,
                     now: datetime) -> tuple[bool, bool]:
    """Claim a channel's update (its idempotency key) for this transaction (False: it was
    handled before), and on PostgreSQL take the lock of the student with this contact in the
    same round trip. Returns (claimed, locked)."""
    if session.get_bind().dialect.name != "postgresql":
        return await enrolment.claim_update(session, update_id, now), False
    row = (await session.execute(_CLAIM_AND_LOCK, {
        "update": update_id, "now": now, "cutoff": now - enrolment.UPDATE_WINDOW,
        "space": STUDENT_LOCKS, "channel": channel, "address": address})).one()
    return row[0] is not None, True
async def keep_reply(session: AsyncSession, update_id: int | None,
                     reply: dict[str, Any]) -> None:
    """Store the reply with its claimed update, in the turn's transaction (the outbox)."""
    if update_id is not None:
        await session.execute(_KEEP_REPLY, {"id": update_id, "reply": reply})


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


async def forget_replies(session: AsyncSession, update_ids: list[int]) -> None:
    """The replies of these updates were delivered: a redelivery needs none (one statement)."""
    await session.execute(_FORGET_REPLIES, {"ids": update_ids})


_STUDENT_TALKING = (
    select(Student, Conversation)
    .outerjoin(Conversation, and_(Conversation.student_id == Student.id,
                                  Conversation.status == ACTIVE))
    .join(Contact, Contact.student_id == Student.id)
    .where(Contact.channel == bindparam("channel"), Contact.address == bindparam("address"))
    .order_by(Conversation.id.desc()).limit(1))


async def student_talking(session: AsyncSession, channel: str, address: str,
                          locked: bool = False) -> tuple[Student, Conversation | None] | None:
    """The student with this contact and their conversation in progress, in one query; on
    PostgreSQL after taking the student's lock (as lock_student; unless `locked` says
    claim_turn took it), held until commit.

    Runs on every message, so its statements are built once."""
    if not locked and session.get_bind().dialect.name == "postgresql":
        await session.execute(_LOCK_BY_CONTACT, {"space": STUDENT_LOCKS, "channel": channel,
                                                 "address": address})
    row = (await session.execute(_STUDENT_TALKING, {"channel": channel,
                                                    "address": address})).first()
    return None if row is None else (row[0], row[1])


async def abandon(session: AsyncSession, conversation: Conversation, now: datetime) -> None:
    """Left too long: the lifecycle's 'abandon', in the snapshot and the queryable status."""
    snapshot = snapshot_of(conversation)
    snapshot.mode = LIFECYCLE.move(snapshot.mode, "abandon")
    conversation.snapshot = snapshot.model_dump(mode="json")
    conversation.status = ABANDONED
    conversation.ended_at = now
    await session.flush()


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
    return await session.scalar(_PREVIOUS_MOOD, {"student": student_id,
                                                 "conversation": conversation_id or 0})


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
    return await session.scalar(_CONVERSATION_COUNT, {"student": student_id}) or 0


async def competency_counts(session: AsyncSession, student_id: int) -> dict[str, int]:
    """In how many conversations the student talked about each competency."""
    rows = await session.execute(_COMPETENCY_COUNTS, {"student": student_id})
    return {str(key): int(count) for key, count in rows.all()}


async def open_action(session: AsyncSession, student_id: int,
                      conversation_id: int | None) -> OpenAction | None:
    """The action to look back on: the newest open one from an earlier conversation, or the one
    this conversation is already reviewing."""
    row = (await session.execute(_OPEN_ACTION, {
        "student": student_id, "conversation": conversation_id,
        "not_from": conversation_id or 0})).first()
    return OpenAction(row.id, row.text, row.due, row.status, row.times_reviewed) if row else None


async def remembered(session: AsyncSession, student_id: int,
                     conversation_id: int | None) -> dict[str, str]:
    """What the student said in their previous conversation that is worth asking about."""
    previous = await session.scalar(
        select(Conversation.id).where(Conversation.student_id == student_id,
                                      Conversation.id != (conversation_id or 0))
        .order_by(Conversation.id.desc()).limit(1))
    if previous is None:
        return {}
    rows = (await session.execute(
        select(StudentFact.kind, StudentFact.text).where(
            StudentFact.conversation_id == previous, StudentFact.kind == "doubt")
        .order_by(StudentFact.id.desc()).limit(1))).all()
    return {kind: text for kind, text in rows}


async def weak_actions_before(session: AsyncSession, student_id: int,
                              conversation_id: int | None) -> int:
    """How many of the student's latest conversations in a row ended without a real step."""
    rows = (await session.execute(
        select(Conversation.id, Conversation.status, Action.kind)
        .outerjoin(Action, Action.conversation_id == Conversation.id)
        .where(Conversation.student_id == student_id, Conversation.status != ACTIVE,
               Conversation.id != (conversation_id or 0))
        .order_by(Conversation.id.desc()).limit(5))).all()
    streak = 0
    for _, status, kind in rows:
        if status == COMPLETED and kind == "step":
            break
        streak += 1
    return streak


async def dropped_actions_before(session: AsyncSession, student_id: int) -> int:
    """How many of the student's latest reviewed actions in a row they let go."""
    statuses = (await session.scalars(
        select(Action.status).where(Action.student_id == student_id,
                                    Action.status.not_in(NOT_DONE))
        .order_by(Action.id.desc()).limit(5))).all()
    streak = 0
    for status in statuses:
        if status != "dropped":
            break
        streak += 1
    return streak


async def start_conversation(session: AsyncSession, student: Student, flow: Flow,
                             language: str, number: int, now: datetime,
                             facts: dict[str, Any]) -> Conversation:
    """A new conversation, inserted with one Core statement and then handed to the session as
    the persistent object it is (no unit-of-work flush)."""
    await save_flow_version(session, flow, now)
    values: dict[str, Any] = {
        "student_id": student.id, "number": number, "flow": flow.flow,
        "flow_version": flow.version, "language": language, "status": ACTIVE, "snapshot": {},
        "facts": facts, "turns": 0, "started_at": now, "updated_at": now, "ended_at": None}
    conversation_id = (await session.execute(_INSERT_CONVERSATION, values)).scalar_one()
    conversation = Conversation(id=conversation_id, **values)
    make_transient_to_detached(conversation)
    session.add(conversation)
    return conversation


_INSERT_CONVERSATION = insert(_CONVERSATIONS).returning(_CONVERSATIONS.c.id)


# Built once: record() runs on every message.
_INSERT_TURNS = insert(_TURNS).returning(_TURNS.c.id, sort_by_parameter_order=True)
_INSERT_ANSWERS = insert(_ANSWERS)
_UPDATE_CONVERSATION = update(_CONVERSATIONS).where(
    _CONVERSATIONS.c.id == bindparam("conversation_id"))


async def record(session: AsyncSession, conversation: Conversation, step: str,
                 outcome: Outcome, now: datetime) -> None:
    """One turn in one go: the student's words, what they produced, the bot's reply, state.

    A few Core statements, not a unit of work: this runs on every message."""
    said = outcome.student_text is not None
    turns = ([{"role": "student", "step": step, "text": outcome.student_text}] if said else [])
    turns.append({"role": "bot", "step": outcome.snapshot.step, "text": outcome.turn.text})
    first = conversation.turns + 1
    ids = (await session.scalars(_INSERT_TURNS, [
        {"conversation_id": conversation.id, "seq": first + i, "created_at": now, **turn}
        for i, turn in enumerate(turns)])).all()
    student_turn = ids[0] if said else None
    answers = [{"conversation_id": conversation.id, "turn_id": student_turn, "step": e.step,
                "competency": e.competency, "kind": e.kind, "text": e.text, "created_at": now}
               for e in outcome.events if isinstance(e, AnswerGiven) and student_turn]
    if answers:
        await session.execute(_INSERT_ANSWERS, answers)
    for event in outcome.events:
        await _apply(session, conversation, student_turn, event, now)
    ended = outcome.completed or outcome.stopped
    values: dict[str, Any] = {
        "snapshot": outcome.snapshot.model_dump(mode="json"), "updated_at": now,
        "turns": first + len(turns) - 1,
        "status": (COMPLETED if outcome.completed else ABANDONED) if ended
        else conversation.status,
        "ended_at": now if ended else conversation.ended_at}
    await session.execute(_UPDATE_CONVERSATION, {"conversation_id": conversation.id, **values})
    for key, value in values.items():  # the object in hand stays true, without a flush
        set_committed_value(conversation, key, value)


async def _apply(session: AsyncSession, conversation: Conversation, turn_id: int | None,
                 event: Any, now: datetime) -> None:
    if isinstance(event, ActionSet):
        action_id = (await session.execute(insert(Action).values(
            student_id=conversation.student_id, conversation_id=conversation.id,
            text=event.text, due=event.due, status="open", kind=event.kind, times_reviewed=0,
            created_at=now).returning(Action.id))).scalar_one()
        await session.execute(insert(ActionEvent).values(
            action_id=action_id, conversation_id=conversation.id, kind="set", due=event.due,
            at=now))
    elif isinstance(event, FlagRaised):
        await add_flags(session, conversation.student_id, conversation.id, turn_id, [event], now)
    elif isinstance(event, FactNoted):
        await session.execute(insert(StudentFact).values(
            student_id=conversation.student_id, conversation_id=conversation.id,
            kind=event.kind, text=event.text, created_at=now))
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


def snapshot_of(conversation: Conversation) -> Snapshot:
    return Snapshot.model_validate(conversation.snapshot)


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
