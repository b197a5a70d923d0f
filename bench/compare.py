"""Loopbaanbot side by side with the common ways to build this bot on python-telegram-bot: a
ConversationHandler whose user_data lives in PicklePersistence, or in a persistence that writes
one row per user to SQLite or PostgreSQL. One run, the same workload, the same stored data.

    python bench/compare.py --stored 100 10000 50000
    python bench/compare.py --stored 10000 --database sqlite
    python bench/compare.py --stored 10000 --sides loopbaanbot-sqlite engine-sqlite
    python bench/compare.py --stored 10000 --returning

Sides (each measured in a fresh process, one after the other):

- Loopbaanbot: its real Application (bench/common.py) on the offline Bot API, on SQLite and on
  PostgreSQL, every turn committed before the reply (as always).
- ConversationHandler + PicklePersistence (single file, `on_flush=True`). Both
  ConversationHandler sides process up to 256 updates at a time (`concurrent_updates`), as
  Loopbaanbot does; each student's updates still come one after the other.
- ConversationHandler + RowPersistence (below): a `BasePersistence` subclass on SQLAlchemy
  Core, one row per user (`ptb_user_data`: user_id primary key, user_data as JSON text) and
  one row per conversation key (`ptb_conversations`), on SQLite (its own file, prepared by
  Loopbaanbot's own `prepare_sqlite`: WAL, synchronous=NORMAL, BEGIN IMMEDIATE, on one
  database thread as Loopbaanbot does) and on PostgreSQL (asyncpg, the same server and
  database as Loopbaanbot's, SQLAlchemy's default pool, without Loopbaanbot's pre-ping).
- ConversationHandler + RowPersistence + Loopbaanbot's engine: this bot built the common way.
  The two sides above replay Loopbaanbot's messages and neither read nor screen an answer;
  this one runs Loopbaanbot's own engine in the handler (understanding, probing, the action's
  date, safeguarding screening), keeps its Snapshot in user_data and stores the reflection
  there as the RowPersistence side does. Its warm-up reflection must say exactly what
  Loopbaanbot said, or the script prints no figures. What it still leaves out: an update
  handled once however often it comes, history as rows (mentors' summaries, the school's
  pages), flags and facts.

Durable before the reply, on every side. PTB writes its persistence from
`Application.update_persistence`, every `update_interval` seconds and after the handler has
replied, so on its own an answer is not stored when the student sees the reply. The
ConversationHandler sides therefore write in the handler, after changing user_data and
before replying, through the persistence's own methods: PicklePersistence gets
`update_user_data` (a deep copy, as PTB passes), `update_conversation` and one `flush()`, so
the whole file is written once per update (with `on_flush=False` it would be written twice);
RowPersistence gets `save()`: an upsert of that user's row and an upsert (or, when the
conversation ends, a delete) of its conversation state, in one transaction, committed. No
table is ever rewritten; the periodic flush never runs (the Application is not started).
Loopbaanbot, SQLite with synchronous=NORMAL and a pickle file all survive a killed process;
PostgreSQL (synchronous_commit on) also a power cut. A pickle file is truncated and rewritten
in place: a kill during the write loses everything in it.

Stored conversations are whole past reflections: five per stored student (so 50,000 stored
conversations = 10,000 students), each what one real reflection of this workload stores,
copied from a reflection this script first runs through Loopbaanbot: 17 turns (the bot's 9
messages, the student's 8 answers: the /reflectie command is not a turn), the 5 tagged
answers and one action (the last reflection's open, the earlier ones done). Loopbaanbot gets
them as rows (conversations with the engine's snapshot and facts, turns, answers, actions;
students enrolled through bench/common.py); the ConversationHandler sides as user_data
`{"reflections": [{number, flow, status, started_at, ended_at, turns: [[seq, role, step,
text, at]], answers: [[seq, step, competency, kind, text, at]], action: {...}}]}`, written
through PicklePersistence's own API (one flush) or as rows of RowPersistence's table (every
stored student has the same words, which PostgreSQL's compression of long values likes). Each
measuring process loads them the ordinary way (Loopbaanbot: not at all; PTB: the whole of
user_data at `initialize`), and checks it loaded all of them.

The workload: whole reflections of the 9 updates of bench/throughput.py's SCRIPT (answers as
text, choices by number), each by a new student, each student's updates in order, after one
untimed warm-up reflection. Two passes: `--latency-students` reflections (default 100) one
student at a time, whose updates give p50 and p99 (the time from `process_update` in to the
replies sent to the in-process Bot API: what an update costs, without queueing); then
`--students` reflections (default 200), `--at-once` students (default 10) at a time, whose
updates over the wall time give updates/s, and the CPU time per update of that pass: the
measuring process's (all its threads) and, on PostgreSQL, the server's processes' (it runs on
this machine, on the same two cores), so that a gap shows on which side of the connection
it is. The ConversationHandler answers each update with
the same messages and keyboards Loopbaanbot sent, and stores the same turns, answers and
action; it does nothing else. Loopbaanbot also records every update id with its reply (so a
redelivered update is answered once), an action event and noted facts, and understands and
screens every answer.

`--returning`: the reflections timed are by stored students instead, each their sixth
(every stored action then done, so that the reflection asks nothing about an open one and
runs the same nine updates). That is how the bot is used: a student reflects after every
internship day. The PTB sides then add to, and write, a user_data that already holds five
reflections; Loopbaanbot reads the student's history when a reflection starts, as always. The
side with Loopbaanbot's engine gives it the same context, read from user_data, and must say
what Loopbaanbot said to its warm-up student.

A slow side: each pass starts no reflection after `--time-cap` seconds (default 120) and
finishes those it started; if the latency pass was cut short, the throughput pass takes at
most as many students at a time as it did reflections, so what it started ends in bounded
time. The table shows how many reflections each pass timed and any smaller number at a time.
Every side must complete every reflection it started (the warm-up's too), counted in its
store after the run (without PTB's shutdown flush: what the handlers made durable), and its
store must hold every stored conversation plus those; otherwise the script prints no figures
and exits 1.

PostgreSQL: `--postgres-url` (default postgresql+asyncpg://postgres@127.0.0.1:5432/
bench_compare; create it first) is emptied (its public schema dropped) for every stored size.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import multiprocessing
import os
import resource
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
from copy import deepcopy
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import enrol, offline_application, server_cpu  # noqa: E402
from sqlalchemy import (  # noqa: E402
    BigInteger,
    Column,
    MetaData,
    String,
    Table,
    Text,
    bindparam,
    create_engine,
    func,
    insert,
    select,
    text,
)
from sqlalchemy.dialects import postgresql as pg_dialect  # noqa: E402
from sqlalchemy.dialects import sqlite as sqlite_dialect  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402
from telegram import Bot, InlineKeyboardMarkup, Update  # noqa: E402
from telegram.ext import (  # noqa: E402
    ApplicationBuilder,
    BasePersistence,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PersistenceInput,
    PicklePersistence,
    filters,
)
from throughput import SCRIPT, update  # noqa: E402

from bot.app import load_content, open_app, prepare_to_serve, settle_memory  # noqa: E402
from bot.channels.telegram.offline import OfflineBotApi  # noqa: E402
from bot.channels.telegram.rendering import render  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.conversation import ActionSet, AnswerGiven, Context, Said, Snapshot  # noqa: E402
from bot.core.engine import Engine  # noqa: E402
from bot.core.machine import FlowMachine  # noqa: E402
from bot.language import lemmas  # noqa: E402
from bot.storage.database import sessions  # noqa: E402
from bot.storage.models import Action, Answer, Contact, Conversation, Turn  # noqa: E402
from bot.storage.units import prepare_sqlite  # noqa: E402

PER_STUDENT = 5  # stored reflections per stored student
STORED_IDS = 10**6  # Telegram ids of stored students start here; measured students at 1
NAME = "reflectie"  # the ConversationHandler's name
USER_DATA_ONLY = PersistenceInput(bot_data=False, chat_data=False, callback_data=False)
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/bench_compare"
SIDES = {  # key: (side, store)
    "loopbaanbot-sqlite": ("Loopbaanbot", "SQLite"),
    "rows-sqlite": ("ConversationHandler + RowPersistence", "SQLite"),
    "engine-sqlite": ("ConversationHandler + RowPersistence + Loopbaanbot's engine", "SQLite"),
    "pickle": ("ConversationHandler + PicklePersistence", "pickle file"),
    "loopbaanbot-postgresql": ("Loopbaanbot", "PostgreSQL"),
    "rows-postgresql": ("ConversationHandler + RowPersistence", "PostgreSQL"),
    "engine-postgresql": ("ConversationHandler + RowPersistence + Loopbaanbot's engine",
                          "PostgreSQL"),
}


def say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# -- what one reflection stores, taken from a real one ---------------------------------------

@dataclass
class Template:
    sends: list[list[tuple[str, dict[str, Any] | None]]]  # per update: text, reply_markup
    turns: dict[int, tuple[str, str, str]]  # seq -> role, step, text
    per_update: list[list[int]]  # the turn seqs each update adds
    answers: dict[int, tuple[str, str | None, str, str]]  # seq -> step, competency, kind, text
    action: tuple[str, int, str]  # text, due in days from the day it was set, kind
    conversation: dict[str, Any]  # flow, flow_version, language, snapshot, facts, turns

    def reflection(self, number: int, started: datetime, status: str,
                   action_status: str) -> dict[str, Any]:
        """One stored reflection as the ConversationHandler sides keep it in user_data."""
        def at(seq: int) -> str:
            return (started + timedelta(seconds=20 * seq)).isoformat()

        def own(words: str) -> str:  # each student's words are their own objects, as when
            return words.encode().decode()  # they came in: pickle cannot share them
        last = max(self.turns)
        what, due, kind = self.action
        return {
            "number": number, "flow": self.conversation["flow"], "status": status,
            "started_at": started.isoformat(), "ended_at": at(last),
            "turns": [[seq, role, step, own(words), at(seq)]
                      for seq, (role, step, words) in sorted(self.turns.items())],
            "answers": [[seq, step, competency, kind, own(words), at(seq)]
                        for seq, (step, competency, kind, words) in sorted(self.answers.items())],
            "action": {"text": own(what),
                       "due": (started.date() + timedelta(days=due)).isoformat(),
                       "kind": kind, "status": action_status, "created_at": at(last)}}


async def capture(folder: Path) -> Template:
    """Run one reflection through Loopbaanbot; keep its messages and what it stored."""
    settings = Settings(data_dir=folder, database_url=f"sqlite+aiosqlite:///{folder / 't.db'}")
    async with open_app(settings) as core:
        [student] = await enrol(core, [1])
        application, api = offline_application(core)
        sends: list[list[tuple[str, dict[str, Any] | None]]] = []
        async with application:
            for step in range(len(SCRIPT)):
                api.clear()
                incoming = Update.de_json(update(1, step), application.bot)
                await application.update_processor.process_update(
                    incoming, application.process_update(incoming))
                sends.append([(str(p["text"]), p.get("reply_markup")) for p in api.sent()])
        async with sessions(core.database)() as session:
            conversation = (await session.scalars(select(Conversation).where(
                Conversation.student_id == student.id))).one()
            turns = (await session.scalars(select(Turn).where(
                Turn.conversation_id == conversation.id).order_by(Turn.seq))).all()
            answers = (await session.scalars(select(Answer).where(
                Answer.conversation_id == conversation.id))).all()
            action = (await session.scalars(select(Action).where(
                Action.conversation_id == conversation.id))).one()
    if conversation.status != "completed":
        sys.exit(f"the template reflection ended {conversation.status}, not completed")
    per_update: list[list[int]] = [[]]
    for turn in turns:  # each student turn is the next update
        if turn.role == "student":
            per_update.append([])
        per_update[-1].append(turn.seq)
    if len(per_update) != len(SCRIPT):
        sys.exit(f"the template reflection took {len(per_update)} updates, not {len(SCRIPT)}")
    seq_of = {t.id: t.seq for t in turns}
    return Template(
        sends=sends, turns={t.seq: (t.role, t.step, t.text) for t in turns},
        per_update=per_update,
        answers={seq_of[a.turn_id]: (a.step, a.competency, a.kind, a.text) for a in answers},
        action=(action.text, (action.due - action.created_at.date()).days, action.kind),
        conversation={"flow": conversation.flow, "flow_version": conversation.flow_version,
                      "language": conversation.language, "snapshot": conversation.snapshot,
                      "facts": conversation.facts, "turns": conversation.turns})


def plan(stored: int) -> list[int]:
    """Stored reflections per stored student: five each, the rest on the last one."""
    counts = [PER_STUDENT] * (stored // PER_STUDENT)
    if stored % PER_STUDENT:
        counts.append(stored % PER_STUDENT)
    return counts


def history(count: int, now: datetime, all_done: bool = False
            ) -> Iterator[tuple[int, datetime, str, str]]:
    """A stored student's reflections: number, start (weekly, ending a week ago), status of the
    conversation and of its action (the last one's still open, unless `all_done`: then the
    next reflection asks nothing about it and runs the workload's nine updates)."""
    for number in range(1, count + 1):
        yield (number, now - timedelta(weeks=count - number + 1), "completed",
               "open" if number == count and not all_done else "done")


# -- the ConversationHandler sides -------------------------------------------------------------

Durable = Callable[[int, dict[str, Any], tuple[int, int], object], Awaitable[None]]


def conversation_handler_bot(persistence: BasePersistence[Any, Any, Any], template: Template,
                             durable: Durable) -> Any:
    """The same flow as a ConversationHandler: one state per update of the reflection. Each
    handler updates user_data, makes it durable, then sends Loopbaanbot's messages."""
    last = len(template.per_update) - 1
    markups = [[(words, InlineKeyboardMarkup.de_json(markup, None) if markup else None)
                for words, markup in sends] for sends in template.sends]
    choices: list[dict[str, tuple[str, str]]] = [{}]  # per update: "2" -> (label, value)
    for sends in template.sends[:-1]:
        buttons = [b for _, m in sends if m for row in m.get("inline_keyboard", []) for b in row]
        choices.append({str(n): (b["text"], b["callback_data"].rsplit("|", 1)[-1])
                        for n, b in enumerate(buttons, 1)})
    _, due_days, kind = template.action

    def step(i: int) -> Callable[[Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, object]]:
        async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
            message, user, data = update.effective_message, update.effective_user, \
                context.user_data
            assert message is not None and user is not None and data is not None
            now = datetime.now(UTC)
            at = now.isoformat()
            reflections = data.setdefault("reflections", [])
            if i == 0:
                reflections.append({"number": len(reflections) + 1,
                                    "flow": template.conversation["flow"], "status": "active",
                                    "started_at": at, "ended_at": None, "turns": [],
                                    "answers": [], "action": None})
            current = reflections[-1]
            said = message.text or ""
            label, value = choices[i].get(said.strip(), (said, said))
            for seq in template.per_update[i]:
                role, name, words = template.turns[seq]
                if role == "student":
                    current["turns"].append([seq, role, name, label, at])
                    if seq in template.answers:
                        where, competency, sort, _ = template.answers[seq]
                        current["answers"].append([seq, where, competency, sort, value, at])
                else:
                    current["turns"].append([seq, role, name, words, at])
            state: object = i + 1
            if i == last:
                current["action"] = {"text": said, "kind": kind, "status": "open",
                                     "due": (now.date() + timedelta(days=due_days)).isoformat(),
                                     "created_at": at}
                current["status"], current["ended_at"] = "completed", at
                state = ConversationHandler.END
            await durable(user.id, data, (message.chat.id, user.id),
                          None if i == last else state)
            for words, markup in markups[i]:
                await context.bot.send_message(message.chat.id, words, reply_markup=markup)
            return state
        return handle

    conversation = ConversationHandler(
        entry_points=[CommandHandler("reflectie", step(0))],
        states={i: [MessageHandler(filters.TEXT & ~filters.COMMAND, step(i))]
                for i in range(1, last + 1)},
        fallbacks=[], name=NAME, persistent=True)
    return offline_ptb(persistence, conversation)


def engine_handler_bot(persistence: BasePersistence[Any, Any, Any], engine: Engine,
                       machine: FlowMachine, durable: Durable) -> Any:
    """The same bot built the common way: a ConversationHandler whose one state holds
    Loopbaanbot's engine. Each update is understood and screened by the very engine Loopbaanbot
    runs (its Snapshot kept in user_data as JSON); user_data gets the reflection as the other
    ConversationHandler sides keep it, and is made durable before the engine's reply is sent
    (rendered as Loopbaanbot's Telegram channel renders it). What it leaves out, and
    Loopbaanbot does: an update handled once however often it comes, the conversation's
    history as rows (the mentors' summaries, the school's pages), flags and facts."""
    talking = 1

    async def handle(update: Update, context: ContextTypes.DEFAULT_TYPE) -> object:
        message, user, data = update.effective_message, update.effective_user, context.user_data
        assert message is not None and user is not None and data is not None
        now = datetime.now(UTC)
        at = now.isoformat()
        reflections = data.setdefault("reflections", [])
        said = message.text or ""
        if said.startswith("/"):
            reflections.append({"number": len(reflections) + 1, "flow": machine.flow.flow,
                                "status": "active", "started_at": at, "ended_at": None,
                                "turns": [], "answers": [], "action": None, "snapshot": None,
                                "facts": looking_back(reflections)})
        current = reflections[-1]
        facts = current["facts"]
        ctx = Context(language="nl", today=now.date(), conversation_number=current["number"],
                      competency_counts=facts["competency_counts"],
                      previous_mood=facts["previous_mood"])
        if current["snapshot"] is None:
            outcome = engine.start(machine, ctx)
        else:
            outcome = engine.handle(machine, Snapshot.model_validate_json(current["snapshot"]),
                                    Said(said), ctx)
        state: object = talking
        if outcome.accepted:
            step = current["turns"][-1][2] if current["turns"] else ""
            if outcome.student_text is not None:
                seq = len(current["turns"]) + 1
                current["turns"].append([seq, "student", step, outcome.student_text, at])
                current["answers"] += [[seq, e.step, e.competency, e.kind, e.text, at]
                                       for e in outcome.events if isinstance(e, AnswerGiven)]
            current["turns"].append([len(current["turns"]) + 1, "bot", outcome.snapshot.step,
                                     outcome.turn.text, at])
            current["snapshot"] = outcome.snapshot.model_dump_json()
            for event in outcome.events:
                if isinstance(event, ActionSet):
                    current["action"] = {"text": event.text, "kind": event.kind,
                                         "status": "open", "due": event.due.isoformat(),
                                         "created_at": at}
            if outcome.completed or outcome.stopped:
                current["status"] = "completed" if outcome.completed else "stopped"
                current["ended_at"] = at
                state = ConversationHandler.END
            await durable(user.id, data, (message.chat.id, user.id),
                          None if state == ConversationHandler.END else state)
        for out in render(outcome.turn):
            await context.bot.send_message(message.chat.id, out.text, reply_markup=out.keyboard)
        return state

    conversation = ConversationHandler(
        entry_points=[CommandHandler("reflectie", handle)],
        states={talking: [MessageHandler(filters.TEXT & ~filters.COMMAND, handle)]},
        fallbacks=[], name=NAME, persistent=True)
    return offline_ptb(persistence, conversation)


def looking_back(reflections: list[dict[str, Any]]) -> dict[str, Any]:
    """What Loopbaanbot's engine is told of a student's earlier reflections when a new one
    starts (as bot/reflection.py gathers it), read from user_data: in how many reflections
    each competency came up, and the latest mood. (No stored action is open, and the stored
    reflections noted no facts, so the rest of the context stays empty, as it does there.)"""
    counts: dict[str, int] = {}
    mood = None
    for reflection in reflections:
        for competency in {a[2] for a in reflection["answers"] if a[2]}:
            counts[competency] = counts.get(competency, 0) + 1
        mood = next((a[4] for a in reversed(reflection["answers"]) if a[3] == "mood"), mood)
    return {"competency_counts": counts, "previous_mood": mood}


def offline_ptb(persistence: BasePersistence[Any, Any, Any],
                conversation: ConversationHandler[Any]) -> Any:
    """A PTB Application with this persistence and conversation, on the offline Bot API,
    up to 256 updates at a time (as Loopbaanbot), never started (no periodic flush)."""
    api = OfflineBotApi()
    application = (ApplicationBuilder().token("1:COMMON").request(api).get_updates_request(api)
                   .persistence(persistence).concurrent_updates(256).updater(None).build())
    application.add_handler(conversation)
    return application


def pickle_persistence(path: Path) -> PicklePersistence[Any, Any, Any]:
    return PicklePersistence(path, store_data=USER_DATA_ONLY, on_flush=True,
                             update_interval=10**6)


def pickle_durable(persistence: PicklePersistence[Any, Any, Any]) -> Durable:
    async def durable(user_id: int, data: dict[str, Any], key: tuple[int, int],
                      state: object) -> None:
        await persistence.update_user_data(user_id, deepcopy(data))
        await persistence.update_conversation(NAME, key, state)
        await persistence.flush()  # the one write of the whole file
    return durable


ROWS = MetaData()
USERS = Table("ptb_user_data", ROWS,
              Column("user_id", BigInteger, primary_key=True, autoincrement=False),
              Column("data", Text, nullable=False))
CONVERSATIONS = Table("ptb_conversations", ROWS,
                      Column("name", String(64), primary_key=True),
                      Column("key", String(64), primary_key=True),
                      Column("state", Text, nullable=False))


class RowPersistence(BasePersistence[dict[Any, Any], dict[Any, Any], dict[Any, Any]]):
    """PTB persistence with a row per user and a row per conversation key, on SQLAlchemy Core:
    a sync engine on one thread for SQLite (as Loopbaanbot runs SQLite), asyncpg for
    PostgreSQL. Every write is an upsert of the rows that changed, committed."""

    def __init__(self, url: str) -> None:
        super().__init__(store_data=USER_DATA_ONLY, update_interval=10**6)
        self.sqlite = url.startswith("sqlite")
        dialect: Any = sqlite_dialect if self.sqlite else pg_dialect
        users = dialect.insert(USERS)
        self._user = users.on_conflict_do_update(index_elements=[USERS.c.user_id],
                                                 set_={"data": users.excluded.data})
        states = dialect.insert(CONVERSATIONS)
        self._state = states.on_conflict_do_update(
            index_elements=[CONVERSATIONS.c.name, CONVERSATIONS.c.key],
            set_={"state": states.excluded.state})
        self._end = CONVERSATIONS.delete().where(CONVERSATIONS.c.name == bindparam("n"),
                                                 CONVERSATIONS.c.key == bindparam("k"))
        if self.sqlite:
            self._sync = create_engine(url.replace("+aiosqlite", "+pysqlite"),
                                       connect_args={"timeout": 30, "check_same_thread": False},
                                       pool_size=1, max_overflow=0)
            prepare_sqlite(self._sync)
            self._thread = ThreadPoolExecutor(1, thread_name_prefix="sqlite")
        else:
            self._async = create_async_engine(url)

    def _user_row(self, user_id: int, data: dict[Any, Any]) -> tuple[Any, dict[str, Any]]:
        return self._user, {"user_id": user_id, "data": json.dumps(data)}

    def _state_row(self, name: str, key: tuple[int | str, ...],
                   state: object | None) -> tuple[Any, dict[str, Any]]:
        if state is None:  # the conversation ended
            return self._end, {"n": name, "k": json.dumps(list(key))}
        return self._state, {"name": name, "key": json.dumps(list(key)),
                             "state": json.dumps(state)}

    async def _transaction(self, *work: tuple[Any, dict[str, Any]]) -> None:
        if self.sqlite:
            def unit() -> None:
                with self._sync.begin() as connection:
                    for statement, values in work:
                        connection.execute(statement, values)
            await asyncio.get_running_loop().run_in_executor(self._thread, unit)
            return
        async with self._async.begin() as connection:
            for statement, values in work:
                await connection.execute(statement, values)

    async def _read(self, statement: Any) -> list[Any]:
        if self.sqlite:
            def unit() -> list[Any]:
                with self._sync.connect() as connection:
                    return list(connection.execute(statement))
            return await asyncio.get_running_loop().run_in_executor(self._thread, unit)
        async with self._async.connect() as connection:
            return list(await connection.execute(statement))

    async def save(self, user_id: int, data: dict[Any, Any], name: str,
                   key: tuple[int | str, ...], state: object | None) -> None:
        """The user's data and the conversation's new state, in one transaction."""
        await self._transaction(self._user_row(user_id, data), self._state_row(name, key, state))

    async def get_user_data(self) -> dict[int, dict[Any, Any]]:
        return {row.user_id: json.loads(row.data) for row in await self._read(select(USERS))}

    async def update_user_data(self, user_id: int, data: dict[Any, Any]) -> None:
        await self._transaction(self._user_row(user_id, data))

    async def refresh_user_data(self, user_id: int, user_data: dict[Any, Any]) -> None:
        pass  # this process is the only writer

    async def drop_user_data(self, user_id: int) -> None:
        await self._transaction((USERS.delete().where(USERS.c.user_id == bindparam("u")),
                                 {"u": user_id}))

    async def get_conversations(self, name: str) -> dict[tuple[int | str, ...], object]:
        rows = await self._read(select(CONVERSATIONS).where(CONVERSATIONS.c.name == name))
        return {tuple(json.loads(r.key)): json.loads(r.state) for r in rows}

    async def update_conversation(self, name: str, key: tuple[int | str, ...],
                                  new_state: object | None) -> None:
        await self._transaction(self._state_row(name, key, new_state))

    async def get_chat_data(self) -> dict[int, dict[Any, Any]]:
        return {}

    async def update_chat_data(self, chat_id: int, data: dict[Any, Any]) -> None:
        pass

    async def refresh_chat_data(self, chat_id: int, chat_data: dict[Any, Any]) -> None:
        pass

    async def drop_chat_data(self, chat_id: int) -> None:
        pass

    async def get_bot_data(self) -> dict[Any, Any]:
        return {}

    async def update_bot_data(self, data: dict[Any, Any]) -> None:
        pass

    async def refresh_bot_data(self, bot_data: dict[Any, Any]) -> None:
        pass

    async def get_callback_data(self) -> None:
        return None

    async def update_callback_data(self, data: Any) -> None:
        pass

    async def flush(self) -> None:
        pass  # every write is already committed

    async def close(self) -> None:
        if self.sqlite:
            self._thread.shutdown(wait=True)
            self._sync.dispose()
        else:
            await self._async.dispose()


def rows_durable(persistence: RowPersistence) -> Durable:
    async def durable(user_id: int, data: dict[str, Any], key: tuple[int, int],
                      state: object) -> None:
        await persistence.save(user_id, data, NAME, key, state)
    return durable


# -- measuring (in a fresh process per side) --------------------------------------------------

@dataclass
class Job:
    key: str
    stored: int
    alone: list[int]  # students of the latency pass, one at a time
    together: list[int]  # students of the throughput pass, `at_once` at a time
    warmup: int  # one more student, whose reflection goes first and is not timed
    at_once: int
    time_cap: float
    template: Template
    url: str = ""  # Loopbaanbot's or RowPersistence's database
    path: str = ""  # PicklePersistence's file; Loopbaanbot's data directory
    returning: bool = False  # the measured students are stored ones, each with a history


@dataclass
class Pass:
    latencies: list[float] = field(default_factory=list)  # seconds, one per update
    window: float = 0.0  # from the first update in to the last one done
    started: list[int] = field(default_factory=list)  # students whose reflection started
    cpu: float = 0.0  # CPU seconds of the measuring process (all its threads) in the window
    server: float | None = None  # of the PostgreSQL server's processes (None: not measured)

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.window if self.window else 0.0

    def cpu_per_update(self) -> str:
        """The bot's CPU per update, and the database server's where it was measured."""
        if not self.latencies:
            return "—"
        bot = f"{1000 * self.cpu / len(self.latencies):.2f}"
        if self.server is None:
            return f"{bot} ms"
        return f"{bot} + {1000 * self.server / len(self.latencies):.2f} ms"

    def percentile(self, share: float) -> float:
        ms = sorted(self.latencies)
        return ms[max(0, int(len(ms) * share) - 1)] * 1000 if ms else 0.0


@dataclass
class Result:
    key: str
    alone: Pass = field(default_factory=Pass)
    together: Pass = field(default_factory=Pass)
    at_once: int = 0  # students at a time in the throughput pass
    load: float = 0.0  # the machine's 1-minute load average as the measuring began
    startup: float = 0.0  # seconds until the bot could take its first update
    loaded: int = -1  # stored reflections the ConversationHandler side loaded (-1: n/a)
    rss_mib: float = 0.0  # how much the process's resident memory grew from start-up to end
    # filled in by the parent from the store after the run:
    completed: int = 0
    in_store: int = 0
    size: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def started(self) -> list[int]:
        return self.alone.started + self.together.started


async def drive(application: Any, job: Job, result: Result) -> None:
    async def talk(student: int, latencies: list[float]) -> None:
        for step in range(len(SCRIPT)):
            incoming = Update.de_json(update(student, step), application.bot)
            started = time.perf_counter()
            await application.update_processor.process_update(
                incoming, application.process_update(incoming))
            latencies.append(time.perf_counter() - started)

    async def run(students: list[int], at_once: int, measured: Pass) -> None:
        gate = asyncio.Semaphore(at_once)
        server = server_cpu(job.url) if job.url.startswith("postgresql") else None
        cpu = time.process_time()
        began = time.perf_counter()
        deadline = began + job.time_cap

        async def one(student: int) -> None:
            async with gate:
                if time.perf_counter() > deadline:
                    return  # the time cap: start no more reflections
                measured.started.append(student)
                await talk(student, measured.latencies)

        await asyncio.gather(*(one(s) for s in students))
        measured.window = time.perf_counter() - began
        measured.cpu = time.process_time() - cpu
        after = server_cpu(job.url) if server is not None else None
        measured.server = None if server is None or after is None else after - server

    await talk(job.warmup, [])  # first statements, caches: not timed
    await run(job.alone, 1, result.alone)
    result.at_once = job.at_once
    if len(result.alone.started) < len(job.alone):  # a slow side: every reflection started
        result.at_once = min(job.at_once, len(result.alone.started))  # must end, in bounds
    await run(job.together, result.at_once, result.together)


def resident() -> float:
    """This process's resident memory now, in MiB."""
    return int(Path("/proc/self/statm").read_text().split()[1]) * \
        resource.getpagesize() / 2**20


def measure(job: Job) -> Result:
    result = Result(job.key)
    gc.collect()
    before = resident()
    asyncio.run(measure_loopbaanbot(job, result) if job.key.startswith("loopbaanbot") else
                measure_conversation_handler(job, result))
    result.rss_mib = resident() - before
    return result


async def measure_loopbaanbot(job: Job, result: Result) -> None:
    began = time.perf_counter()
    async with open_app(Settings(database_url=job.url, data_dir=Path(job.path))) as core:
        prepare_to_serve(core)  # as `loopbaanbot run` does before serving
        application, _ = offline_application(core)
        async with application:
            result.startup = time.perf_counter() - began
            await drive(application, job, result)


async def measure_conversation_handler(job: Job, result: Result) -> None:
    began = time.perf_counter()
    if job.key == "pickle":
        pickled = pickle_persistence(Path(job.path))
        persistence: BasePersistence[Any, Any, Any] = pickled
        durable = pickle_durable(pickled)
    else:
        rows = RowPersistence(job.url)
        persistence, durable = rows, rows_durable(rows)
    if job.key.startswith("engine"):
        settings = Settings()
        content = load_content(settings)
        lemmas.warm()  # as prepare_to_serve does for Loopbaanbot
        if content.engine.screener is not None:
            content.engine.screener.warm()
        application = engine_handler_bot(persistence, content.engine,
                                         content.catalog.current(settings.flow), durable)
    else:
        application = conversation_handler_bot(persistence, job.template, durable)
    # No `async with`: its shutdown would call update_persistence and flush, and the store is
    # checked afterwards for what the handlers themselves made durable.
    await application.initialize()
    result.startup = time.perf_counter() - began
    result.loaded = sum(len(data.get("reflections", [])) for data in
                        application.user_data.values())
    if job.key.startswith("engine"):
        settle_memory()
    await drive(application, job, result)
    if isinstance(persistence, RowPersistence):
        await persistence.close()


def in_fresh_process(job: Job) -> Result:
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as pool:
        return pool.submit(measure, job).result()


# -- seeding the stores ------------------------------------------------------------------------

CHUNK = 1000  # stored students per batch


async def seed_loopbaanbot(url: str, data_dir: Path, stored: int, measured: int,
                           template: Template, all_done: bool = False) -> None:
    """Enrol the measured and the stored students (bench/common.py), then give each stored
    student their past reflections as rows."""
    counts = plan(stored)
    now = datetime.now(UTC)
    conversation = template.conversation
    what, due_days, kind = template.action
    ids = {"conversation": 0, "turn": 0, "answer": 0, "action": 0}

    def next_id(table: str) -> int:
        ids[table] += 1
        return ids[table]

    async with open_app(Settings(database_url=url, data_dir=data_dir)) as core:
        await enrol(core, range(1, measured + 1))
        for first in range(0, len(counts), CHUNK):
            chunk = counts[first:first + CHUNK]
            students = await enrol(core, range(STORED_IDS + first,
                                                STORED_IDS + first + len(chunk)))
            rows: dict[str, list[dict[str, Any]]] = {"c": [], "t": [], "a": [], "x": []}
            for student, count in zip(students, chunk, strict=True):
                for number, started, status, action_status in history(count, now,
                                                                      all_done):
                    cid = next_id("conversation")
                    at = {seq: started + timedelta(seconds=20 * seq) for seq in template.turns}
                    ended = at[max(at)]
                    rows["c"].append({
                        "id": cid, "student_id": student.id, "number": number,
                        "flow": conversation["flow"], "flow_version": conversation["flow_version"],
                        "language": conversation["language"], "status": status,
                        "snapshot": conversation["snapshot"], "facts": conversation["facts"],
                        "turns": conversation["turns"], "started_at": started,
                        "updated_at": ended, "ended_at": ended})
                    turn_ids = {}
                    for seq, (role, step, words) in template.turns.items():
                        turn_ids[seq] = next_id("turn")
                        rows["t"].append({"id": turn_ids[seq], "conversation_id": cid,
                                          "seq": seq, "role": role, "step": step,
                                          "text": words, "created_at": at[seq]})
                    for seq, (step, competency, sort, words) in template.answers.items():
                        rows["a"].append({"id": next_id("answer"), "conversation_id": cid,
                                          "turn_id": turn_ids[seq], "step": step,
                                          "competency": competency, "kind": sort,
                                          "text": words, "created_at": at[seq]})
                    rows["x"].append({"id": next_id("action"), "student_id": student.id,
                                      "conversation_id": cid, "text": what,
                                      "due": started.date() + timedelta(days=due_days),
                                      "status": action_status, "kind": kind,
                                      "times_reviewed": 0 if action_status == "open" else 1,
                                      "created_at": ended})
            async with core.database.begin() as connection:
                for model, key in ((Conversation, "c"), (Turn, "t"), (Answer, "a"),
                                   (Action, "x")):
                    if rows[key]:
                        await connection.execute(insert(model), rows[key])
            progress("Loopbaanbot", first + len(chunk), len(counts))
        async with core.database.begin() as connection:
            if connection.dialect.name == "postgresql":  # explicit ids: move the sequences on
                for table in ("conversations", "turns", "answers", "actions"):
                    await connection.execute(text(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                        f"(SELECT coalesce(max(id), 0) + 1 FROM {table}), false)"))
    await settle(url)


def progress(who: str, done: int, total: int) -> None:
    if total >= 2 * CHUNK:
        say(f"  seeding {who}: {done:,} of {total:,} stored students")


def stored_user_data(stored: int, template: Template,
                     all_done: bool = False) -> Iterator[tuple[int, dict[str, Any]]]:
    now = datetime.now(UTC)
    for n, count in enumerate(plan(stored)):
        yield STORED_IDS + n, {"reflections": [
            template.reflection(number, started, status, action_status)
            for number, started, status, action_status in history(count, now, all_done)]}


async def seed_pickle(path: Path, stored: int, template: Template, all_done: bool) -> None:
    """Through PicklePersistence's own API: every user's data, then one flush."""
    persistence = pickle_persistence(path)
    persistence.set_bot(Bot("1:SEED"))
    await persistence.get_user_data()
    await persistence.get_conversations(NAME)
    for n, (user_id, data) in enumerate(stored_user_data(stored, template, all_done), 1):
        await persistence.update_user_data(user_id, data)
        if n % CHUNK == 0:
            progress("PicklePersistence", n, len(plan(stored)))
    await persistence.flush()


async def seed_rows(url: str, stored: int, template: Template, all_done: bool) -> None:
    """Into RowPersistence's tables, in batches of a thousand rows."""
    engine = create_async_engine(url)
    async with engine.begin() as connection:
        await connection.run_sync(ROWS.drop_all)
        await connection.run_sync(ROWS.create_all)
    batch: list[dict[str, Any]] = []
    total = len(plan(stored))
    for n, (user_id, data) in enumerate(stored_user_data(stored, template, all_done), 1):
        batch.append({"user_id": user_id, "data": json.dumps(data)})
        if len(batch) == CHUNK or n == total:
            async with engine.begin() as connection:
                await connection.execute(insert(USERS), batch)
            batch = []
            progress("RowPersistence", n, total)
    await engine.dispose()
    await settle(url)


async def settle(url: str) -> None:
    """After seeding, as a database would be after a quiet night: SQLite's write-ahead log
    checkpointed, PostgreSQL vacuumed and analysed (no autovacuum during the measurement)."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        if engine.dialect.name == "sqlite":
            await connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
        else:
            await connection.exec_driver_sql("VACUUM ANALYZE")
    await engine.dispose()


async def reset_postgres(url: str) -> None:
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.exec_driver_sql("DROP SCHEMA IF EXISTS public CASCADE")
            await connection.exec_driver_sql("CREATE SCHEMA public")
    except Exception as exc:
        name = url.rsplit("/", 1)[-1]
        sys.exit(f"cannot use PostgreSQL at {url} ({type(exc).__name__}: {exc}); create the "
                 f"database first: psql -h 127.0.0.1 -U postgres -c 'CREATE DATABASE {name}'")
    finally:
        await engine.dispose()


# -- checking the stores after the run ---------------------------------------------------------

def file_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


async def postgres_size(url: str, rows: bool) -> int:
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        size = await connection.scalar(text(
            "SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'public' "
            f"AND c.relkind = 'r' AND c.relname {'' if rows else 'NOT '}LIKE 'ptb\\_%'"))
    await engine.dispose()
    return int(size or 0)


async def check_loopbaanbot(result: Result, url: str, since: datetime,
                            warmup: int) -> list[tuple[str, str]]:
    """Count the store's conversations and those completed since the measuring began (the
    stored ones are a week old or more); return what the warm-up reflection said, turn by
    turn (the reference for the side that runs Loopbaanbot's engine)."""
    engine = create_async_engine(url)
    async with engine.connect() as connection:
        result.in_store = await connection.scalar(
            select(func.count()).select_from(Conversation)) or 0
        result.completed = await connection.scalar(
            select(func.count()).select_from(Conversation).where(
                Conversation.status == "completed", Conversation.started_at >= since)) or 0
        latest = (select(Conversation.id).join(Contact, Contact.student_id ==
                                               Conversation.student_id)
                  .where(Contact.channel == "telegram", Contact.address == str(warmup))
                  .order_by(Conversation.id.desc()).limit(1).scalar_subquery())
        said = [(role, words) for role, words in (await connection.execute(
            select(Turn.role, Turn.text).where(Turn.conversation_id == latest)
            .order_by(Turn.seq))).all()]
    await engine.dispose()
    result.size = (await postgres_size(url, rows=False) if url.startswith("postgresql") else
                   file_size(Path(url.split("///", 1)[1])))
    return said


async def check_conversation_handler(result: Result, job: Job, template: Template,
                                     since: datetime,
                                     reference: list[tuple[str, str]] | None) -> list[str]:
    """Read the store as a fresh persistence would; a conversation still in a state is a
    reflection that did not end. The side with Loopbaanbot's engine must have said what
    Loopbaanbot said (its warm-up reflection's turns against the template's)."""
    measured = {*result.started, job.warmup}
    persistence: BasePersistence[Any, Any, Any]
    if job.key == "pickle":
        persistence = pickle_persistence(Path(job.path))
        persistence.set_bot(Bot("1:CHECK"))
        result.size = file_size(Path(job.path))
    else:
        persistence = RowPersistence(job.url)
        result.size = (await postgres_size(job.url, rows=True) if "postgresql" in job.url else
                       file_size(Path(job.url.split("///", 1)[1])))
    users = await persistence.get_user_data()
    open_states = await persistence.get_conversations(NAME)
    if isinstance(persistence, RowPersistence):
        await persistence.close()
    turns = len(template.turns)
    result.in_store = sum(len(d.get("reflections", [])) for d in users.values())
    result.completed = sum(1 for uid in measured for r in users.get(uid, {}).get("reflections", [])
                           if r["status"] == "completed" and r["action"] is not None
                           and len(r["turns"]) == turns
                           and datetime.fromisoformat(r["started_at"]) >= since)
    problems = [f"a conversation did not end ({key}: {state})"
                for key, state in open_states.items() if state is not None]
    if job.key.startswith("engine"):  # the same engine: the same words as Loopbaanbot's
        said = [(role, words) for _, role, _, words, _ in
                users.get(job.warmup, {}).get("reflections", [{}])[-1].get("turns", [])]
        if reference is None and not job.returning:
            reference = [(role, words) for role, _, words in
                         (template.turns[seq] for seq in sorted(template.turns))]
        if reference is None:
            problems.append("nothing to check its words against: run a Loopbaanbot side too")
        elif said != reference:
            problems.append("its turns are not Loopbaanbot's: the engine was not run alike")
    return problems


# -- the run -----------------------------------------------------------------------------------

async def prepare(key: str, job: Job, template: Template, measured: int) -> None:
    """Seed the side's store."""
    if key.startswith("loopbaanbot"):
        await seed_loopbaanbot(job.url, Path(job.path), job.stored, measured, template,
                               job.returning)
    elif key == "pickle":
        await seed_pickle(Path(job.path), job.stored, template, job.returning)
    else:
        await seed_rows(job.url, job.stored, template, job.returning)


def run_size(stored: int, keys: list[str], options: argparse.Namespace,
             template: Template) -> list[Result]:
    first = STORED_IDS if options.returning else 1  # returning: stored students talk
    together = list(range(first, first + options.students))
    alone = list(range(together[-1] + 1, together[-1] + 1 + options.latency_students))
    warmup = alone[-1] + 1
    new = options.students + options.latency_students + 1  # students enrolled without history
    folder = Path(tempfile.mkdtemp(prefix="loopbaanbot-compare-"))
    results = []
    reference: list[tuple[str, str]] | None = None  # what Loopbaanbot's warm-up said
    try:
        if any(k.endswith("postgresql") for k in keys):
            asyncio.run(reset_postgres(options.postgres_url))
        for key in keys:
            job = Job(key, stored, alone, together, warmup, options.at_once,
                      options.time_cap, template, returning=options.returning)
            if key == "loopbaanbot-sqlite":
                job.url = f"sqlite+aiosqlite:///{folder / 'loopbaanbot.sqlite3'}"
                job.path = str(folder / "loopbaanbot")
            elif key == "loopbaanbot-postgresql":
                job.url, job.path = options.postgres_url, str(folder / "loopbaanbot-pg")
            elif key in ("rows-sqlite", "engine-sqlite"):
                job.url = f"sqlite+aiosqlite:///{folder / (key + '.sqlite3')}"
            elif key in ("rows-postgresql", "engine-postgresql"):
                job.url = options.postgres_url
            else:
                job.path = str(folder / "conversations.pickle")
            say(f"{stored:,} stored: seeding {SIDES[key][0]} ({SIDES[key][1]})")
            began = time.perf_counter()
            asyncio.run(prepare(key, job, template, new))
            say(f"  seeded in {time.perf_counter() - began:.1f} s; measuring")
            gc.collect()
            load = os.getloadavg()[0]
            since = datetime.now(UTC)
            result = in_fresh_process(job)
            result.load = load
            if key.startswith("loopbaanbot"):
                reference = asyncio.run(check_loopbaanbot(result, job.url, since, warmup))
            else:
                result.problems = asyncio.run(check_conversation_handler(
                    result, job, template, since, reference))
            say(f"  {len(result.alone.latencies)} updates one at a time in "
                f"{result.alone.window:.1f} s, {len(result.together.latencies)} "
                f"{options.at_once} at a time in {result.together.window:.1f} s; "
                f"{result.completed} of {len(result.started) + 1} reflections completed "
                "(with the warm-up), "
                f"{result.in_store:,} conversations in the store")
            results.append(result)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results


def failures(stored: int, results: list[Result]) -> list[str]:
    found = []
    for r in results:
        who = " / ".join(SIDES[r.key])
        if r.completed != len(r.started) + 1 or not r.started:  # and the warm-up's
            found.append(f"{who}: {r.completed} of {len(r.started) + 1} started reflections "
                         "completed (the warm-up's included)")
        for measured in (r.alone, r.together):
            if len(measured.latencies) != len(measured.started) * len(SCRIPT):
                found.append(f"{who}: {len(measured.latencies)} updates timed for "
                             f"{len(measured.started)} reflections")
        if r.in_store != stored + r.completed:
            found.append(f"{who}: {r.in_store} conversations in the store, expected "
                         f"{stored} stored + {r.completed} new")
        if r.loaded not in (-1, stored):
            found.append(f"{who}: loaded {r.loaded} stored conversations of {stored}")
        for problem in r.problems:
            found.append(f"{who}: {problem}")
    return found


def size(n: int) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("kB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n} B"


def ratios(results: list[Result]) -> dict[str, float]:
    """Loopbaanbot's updates/s ÷ each other side's, on the same database where both ran."""
    ours = {r.key.split("-")[1]: r for r in results if r.key.startswith("loopbaanbot")}
    found = {}
    for r in results:
        kind = "postgresql" if r.key.endswith("postgresql") else "sqlite"
        reference = ours.get(kind) or next(iter(ours.values()), None)
        if not r.key.startswith("loopbaanbot") and reference is not None and r.together.rate:
            found[r.key] = reference.together.rate / r.together.rate
    return found


def summary(stored: int, rounds: list[list[Result]]) -> str:
    """Each side's updates/s and Loopbaanbot's ratio to it, round by round, and the median
    ratio: the sides ran in turn, in another order each round, so a machine whose speed
    drifts weighs on every side alike."""
    keys = [r.key for r in rounds[0]]
    lines = [f"{stored:,} stored, {len(rounds)} rounds (the order of the sides turned each "
             "round):", "",
             "| side | updates/s, round by round | Loopbaanbot ÷ side, round by round | "
             "median ratio |", "|---|---|---|---|"]
    for key in keys:
        rates = [next(r for r in results if r.key == key).together.rate for results in rounds]
        each = [ratios(results).get(key) for results in rounds]
        shown = [x for x in each if x is not None]
        lines.append(
            f"| {SIDES[key][0]} ({SIDES[key][1]}) | {', '.join(f'{x:.1f}' for x in rates)} | "
            + (", ".join(f"{x:.2f}" for x in shown) or "—") + " | "
            + (f"**{statistics.median(shown):.2f}**" if shown else "—") + " |")
    return "\n".join(lines)


def table(stored: int, results: list[Result], options: argparse.Namespace) -> str:
    ours = {r.key.split("-")[1]: r for r in results if r.key.startswith("loopbaanbot")}
    who = ("by stored students, each their sixth reflection" if options.returning else
           "each by a new student")
    lines = [f"{stored:,} stored conversations; the reflections timed are {who}. "
             f"Throughput: {options.students} reflections of "
             f"{len(SCRIPT)} updates, {options.at_once} students at a time; latency: "
             f"{options.latency_students} reflections, one student at a time; time cap "
             f"{options.time_cap:g} s per pass.",
             "",
             "| side | store | conversations in store | store size | start-up | RSS growth | "
             "reflections timed | updates/s | CPU per update | p50 | p99 | "
             "Loopbaanbot ÷ side, updates/s |",
             "|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        side, store = SIDES[r.key]
        kind = "postgresql" if r.key.endswith("postgresql") else "sqlite"
        reference = ours.get(kind) or next(iter(ours.values()), None)
        ratio = ("—" if r.key.startswith("loopbaanbot") or reference is None else
                 f"{reference.together.rate / r.together.rate:.2f}"
                 + ("" if kind in ours else f" (vs {SIDES[reference.key][1]})"))
        capped = (len(r.together.started) < options.students or
                  len(r.alone.started) < options.latency_students)
        done = (f"{len(r.together.started)} + {len(r.alone.started)}"
                + (" (time cap)" if capped else ""))
        rate = f"{r.together.rate:.1f}" + ("" if r.at_once == options.at_once else
                                           f" ({r.at_once} at a time)")
        lines.append(
            f"| {side} | {store} | {r.in_store:,} | {size(r.size)} | {r.startup:.1f} s | "
            f"{r.rss_mib:+.0f} MiB | {done} | {rate} | {r.together.cpu_per_update()} | "
            f"{r.alone.percentile(0.5):.1f} ms | {r.alone.percentile(0.99):.1f} ms | {ratio} |")
    lines += ["", f"updates/s: {options.at_once} students at a time; p50, p99: one at a time "
              "(the time an update takes, no queueing). Reflections timed: throughput + "
              "latency pass. RSS growth: of the measuring process, from before start-up to "
              "the end. CPU per update: of the throughput pass, the measuring process's "
              "(all its threads), + the PostgreSQL server's processes' on PostgreSQL (it runs "
              "on this machine, on the same cores). Pickle is set beside Loopbaanbot on SQLite "
              "where both ran.",
              "1-minute load average of the machine as each side began: "
              + ", ".join(f"{r.load:.1f}" for r in results) + "."]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, nargs="+", default=[100, 10_000, 50_000],
                        help="stored conversations (whole past reflections) per run")
    parser.add_argument("--database", choices=["sqlite", "postgresql", "both"], default="both")
    parser.add_argument("--postgres-url", default=POSTGRES)
    parser.add_argument("--students", type=int, default=200,
                        help="reflections of the throughput pass (one new student each)")
    parser.add_argument("--latency-students", type=int, default=100,
                        help="reflections of the latency pass, one student at a time")
    parser.add_argument("--at-once", type=int, default=10)
    parser.add_argument("--time-cap", type=float, default=120.0,
                        help="seconds after which a side starts no more reflections")
    parser.add_argument("--sides", nargs="+", choices=list(SIDES), default=list(SIDES),
                        help="which sides to measure (default: all, as --database allows)")
    parser.add_argument("--rounds", type=int, default=1,
                        help="measure every side this many times, in another order each round "
                             "(each round seeds the stores anew), and print the median ratio")
    parser.add_argument("--returning", action="store_true",
                        help="the reflections are by stored students, each their sixth (every "
                             "stored action done); needs --stored of at least 5 times the "
                             "students of both passes plus one")
    options = parser.parse_args()
    if options.returning:
        needed = PER_STUDENT * (options.students + options.latency_students + 1)
        too_few = [n for n in options.stored if n < needed]
        if too_few:
            parser.error(f"--returning needs --stored {needed:,} or more (five reflections for "
                         f"each of the {needed // PER_STUDENT} students who talk), not "
                         f"{', '.join(f'{n:,}' for n in too_few)}")
    keys = [k for k in SIDES if k in options.sides and (
        options.database == "both" or k.endswith(options.database) or k == "pickle")]
    say("running one reflection through Loopbaanbot for what a reflection stores")
    with tempfile.TemporaryDirectory() as folder:
        template = asyncio.run(capture(Path(folder)))
    began = time.perf_counter()
    tables = []
    for stored in options.stored:
        started = time.perf_counter()
        rounds = []
        for turn in range(max(1, options.rounds)):
            order = keys[turn % len(keys):] + keys[:turn % len(keys)]
            if options.rounds > 1:
                say(f"{stored:,} stored: round {turn + 1} of {options.rounds}")
            results = run_size(stored, order, options, template)
            found = failures(stored, results)
            if found:
                sys.exit("no figures: not every side did all it started\n  "
                         + "\n  ".join(found))
            results.sort(key=lambda r: keys.index(r.key))
            rounds.append(results)
            tables.append(table(stored, results, options))
        if len(rounds) > 1:
            tables.append(summary(stored, rounds))
        say(f"{stored:,} stored: done in {time.perf_counter() - started:.0f} s")
    print("\n\n".join(tables))
    print(f"\n(whole run {time.perf_counter() - began:.0f} s)")


if __name__ == "__main__":
    main()
