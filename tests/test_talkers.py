"""A student's next turn starts from what this process stored of their last one
(bot/talkers.py) instead of reading it (on PostgreSQL: one statement, not two). What changed
elsewhere meanwhile (another worker's turn, a renamed student, a contact moved, the same
update answered) must still be seen: the write checks, and the turn runs again on a fresh
read. On SQLite and PostgreSQL."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Engine as SQLAlchemyEngine
from sqlalchemy.pool import Pool

from bot.app import Content
from bot.core.conversation import Said
from bot.reflection import NoConversation, ReflectionService, StudentRef
from bot.storage.database import create_engine, migrate, sessions
from bot.storage.units import Units
from tests.conftest import Clock
from tests.test_storage import MOMENT, student_on_telegram

SANNE = StudentRef.on("telegram", "42")


@asynccontextmanager
async def worker(url: str, content: Content, clock: Clock) -> AsyncIterator[ReflectionService]:
    """A bot process's service as `open_app` builds it: its turns run as units of work where
    the database wants them (SQLite: the database thread; PostgreSQL: lazy BEGIN)."""
    engine = create_engine(url)
    await migrate(engine)
    units = Units(sessions(engine), engine)
    try:
        yield ReflectionService(sessions(engine), content.engine, content.catalog, "stagedag",
                                ZoneInfo("Europe/Amsterdam"), timedelta(hours=72), clock,
                                units=units)
    finally:
        units.close()
        await engine.dispose()


@asynccontextmanager
async def two_workers(url: str, content: Content) -> AsyncIterator[
        tuple[ReflectionService, ReflectionService]]:
    """Two processes' services on one database, with Sanne enrolled on Telegram and her
    reflection opened by the first."""
    clock = Clock()
    async with worker(url, content, clock) as first, worker(url, content, clock) as second:
        async with first.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        assert await first.open(SANNE, "nl", update_id=1) is not None
        yield first, second


def names_seen(reflection: ReflectionService, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The student's name as each turn's engine got it (the engine is the content's: both
    workers' turns)."""
    seen: list[str] = []
    handle = reflection.engine.handle

    def watching(machine: Any, snapshot: Any, given: Any, ctx: Any) -> Any:
        seen.append(ctx.name)
        return handle(machine, snapshot, given, ctx)

    monkeypatch.setattr(reflection.engine, "handle", watching)
    return seen


async def elsewhere(url: str, statement: str) -> None:
    """A change made by another process (a mentor's page, an enrolment)."""
    engine = create_engine(url)
    try:
        async with engine.begin() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def student_turns(reflection: ReflectionService) -> list[tuple[str, str]]:
    data = await reflection.export(SANNE)
    assert data is not None
    turns = data["conversations"][0]["turns"]
    assert [t["role"] for t in turns] == ["bot", "student"] * (len(turns) // 2) + ["bot"]
    return [(t["step"], t["text"]) for t in turns if t["role"] == "student"]


@asynccontextmanager
async def statements_sent() -> AsyncIterator[list[tuple[str, str]]]:
    """Every statement the bot's engines send meanwhile, with who sent it: SQLAlchemy, or
    asyncpg itself (a turn's only write on PostgreSQL: bot/storage/units.py `write_alone`;
    seen on the connections opened meanwhile)."""
    statements: list[tuple[str, str]] = []

    def seen(_c: Any, _cursor: Any, statement: str, *_: Any) -> None:
        statements.append(("sqlalchemy", statement))

    def connected(dbapi_connection: Any, _record: Any) -> None:
        driver = getattr(dbapi_connection, "driver_connection", None)
        if hasattr(driver, "add_query_logger"):  # asyncpg
            driver.add_query_logger(lambda logged: statements.append(("asyncpg", logged.query)))

    event.listen(SQLAlchemyEngine, "before_cursor_execute", seen)  # on every engine
    event.listen(Pool, "connect", connected)  # on every pool's new connections
    try:
        yield statements
    finally:
        event.remove(SQLAlchemyEngine, "before_cursor_execute", seen)
        event.remove(Pool, "connect", connected)


async def test_a_students_next_turn_in_the_same_process_is_one_statement(
        database_url: str, content: Content) -> None:
    async with statements_sent() as statements, two_workers(database_url, content) as (first, _):
        statements.clear()
        mood = await first.reply(SANNE, Said("2"), update_id=2)
        moment = await first.reply(SANNE, Said(MOMENT), update_id=3)
        await asyncio.sleep(0)  # asyncpg tells its loggers on the loop's next round
        assert mood is not None and mood.accepted and moment is not None and moment.accepted
        assert statements and not [s for _, s in statements
                                   if s.lstrip().upper().startswith("SELECT")]
        if database_url.startswith("postgresql"):  # the turn's one statement, twice, sent
            assert [(by, s.lstrip()[:10]) for by, s in statements] == \
                [("asyncpg", "WITH moved")] * 2  # by asyncpg itself, no BEGIN, no COMMIT
        said = await student_turns(first)
    assert [text_ for _, text_ in said][1] == MOMENT and len(said) == 2


async def the_second_answers_meanwhile(first: ReflectionService,
                                       second: ReflectionService) -> Any:
    """The first worker answers (and remembers the conversation), then the second worker
    takes the student's moment: the first's memory is out of date. The second's reply."""
    assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
    answered = await second.reply(SANNE, Said(MOMENT), update_id=3)
    assert answered is not None and answered.accepted
    return answered


async def test_a_turn_from_memory_goes_on_from_another_workers_turn(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_workers(database_url, content) as (first, second):
        seen = names_seen(first, monkeypatch)
        await the_second_answers_meanwhile(first, second)
        # the first remembers the conversation before the second's turn: its write finds it
        # moved, and the turn goes again on what the second stored
        before = len(seen)
        after = await first.reply(SANNE, Said("Ik leerde dat ik rustig blijf"), update_id=4)
        assert after is not None and after.accepted
        assert len(seen) == before + 2  # from memory, then again on a fresh read
        said = await student_turns(first)
        data = await first.export(SANNE)
    assert [text_ for _, text_ in said][1:] == [MOMENT, "Ik leerde dat ik rustig blijf"]
    assert data is not None
    turns = data["conversations"][0]["turns"]
    # the last answer was taken at the step the second worker's turn had asked
    assert turns[-2]["step"] == turns[-3]["step"]


@pytest.mark.parametrize("change", ["name = 'Noor'", "language = 'en'", "group_name = '3B'"])
async def test_a_turn_from_memory_sees_the_student_changed_elsewhere(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch,
        change: str) -> None:
    async with two_workers(database_url, content) as (first, _):
        seen = names_seen(first, monkeypatch)
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        await elsewhere(database_url, f"UPDATE students SET {change}")
        moment = await first.reply(SANNE, Said(MOMENT), update_id=3)
        assert moment is not None and moment.accepted
        said = await student_turns(first)
    # the moment, judged from memory first, then again on the student as stored now
    renamed = "Noor" if "Noor" in change else "Sanne"
    assert seen == ["Sanne", "Sanne", renamed]
    assert [text_ for _, text_ in said].count(MOMENT) == 1


async def test_a_refused_answer_from_memory_is_judged_on_the_student_as_stored(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_workers(database_url, content) as (first, _):
        seen = names_seen(first, monkeypatch)
        await elsewhere(database_url, "UPDATE students SET name = 'Noor'")
        refused = await first.reply(SANNE, Said("banaan"), update_id=2)  # the mood: a choice
        assert refused is not None and not refused.accepted
        assert seen == ["Sanne", "Noor"]
        chosen = await first.reply(SANNE, Said("2"), update_id=3)
        assert chosen is not None and chosen.accepted


async def test_a_contact_moved_to_another_student_is_not_answered_from_memory(
        database_url: str, content: Content) -> None:
    async with two_workers(database_url, content) as (first, _):
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        await elsewhere(database_url,
                        "INSERT INTO students (name, language, created_at) "
                        "VALUES ('Noor', 'nl', CURRENT_TIMESTAMP)")
        await elsewhere(database_url, "UPDATE contacts SET student_id = "
                                           "(SELECT max(id) FROM students)")
        with pytest.raises(NoConversation):  # Noor has no reflection open
            await first.reply(SANNE, Said(MOMENT), update_id=3)
        async with first.sessions() as session:
            stored = (await session.execute(text(
                "SELECT count(*) FROM turns WHERE text = :moment"), {"moment": MOMENT})).scalar()
    assert stored == 0  # nothing went into Sanne's reflection


async def test_an_update_answered_by_another_worker_gets_that_reply_from_memory(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_workers(database_url, content) as (first, second):
        seen = names_seen(first, monkeypatch)
        answered = await the_second_answers_meanwhile(first, second)
        before = len(seen)
        again = await first.reply(SANNE, Said(MOMENT), update_id=3)  # the same update
        assert again is not None
        assert again.turn.text == answered.turn.text
        assert len(seen) == before + 1  # judged from memory; its write found it answered
        said = await student_turns(first)
    assert [text_ for _, text_ in said].count(MOMENT) == 1


async def test_a_conversation_ended_elsewhere_is_not_continued_from_memory(
        database_url: str, content: Content) -> None:
    async with two_workers(database_url, content) as (first, _):
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        await elsewhere(database_url, "UPDATE conversations SET status = 'abandoned'")
        with pytest.raises(NoConversation):
            await first.reply(SANNE, Said(MOMENT), update_id=3)
        said = await student_turns(first)
    assert MOMENT not in [text_ for _, text_ in said]


async def test_a_turn_from_memory_that_fails_leaves_the_next_one_to_read(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.storage import conversations

    async with two_workers(database_url, content) as (first, _):
        record, reads = conversations.record, []

        async def failing(*args: Any, **kwargs: Any) -> Any:
            monkeypatch.setattr(conversations, "record", record)  # once
            raise OSError("the disk is full")  # the turn's write fails: nothing stored

        talking = conversations.talking

        async def reading(*args: Any, **kwargs: Any) -> Any:
            reads.append(1)
            return await talking(*args, **kwargs)

        monkeypatch.setattr(conversations, "talking", reading)
        monkeypatch.setattr(conversations, "record", failing)
        with pytest.raises(OSError):
            await first.reply(SANNE, Said("2"), update_id=2)  # from memory (the opening)
        assert reads == [] and first.talkers is not None and len(first.talkers) == 0
        chosen = await first.reply(SANNE, Said("2"), update_id=2)  # sent again
        assert chosen is not None and chosen.accepted and reads == [1]
        moment = await first.reply(SANNE, Said(MOMENT), update_id=3)
        assert moment is not None and moment.accepted and reads == [1]  # from memory again
        said = await student_turns(first)
    assert [text_ for _, text_ in said][1:] == [MOMENT]


async def test_memory_rests_where_a_students_messages_go_to_several_workers(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """Two workers taking turns with one student: a remembered turn finds the conversation
    moved by the other and runs twice. Once too many did, the memory keeps nothing for a
    while, and the turns read as before (one run each)."""
    from bot import talkers

    monkeypatch.setattr(talkers, "WINDOW", 1)  # one stale turn is too many, here
    monkeypatch.setattr(talkers, "STALE", 0)
    async with two_workers(database_url, content) as (first, second):
        assert first.talkers is not None and second.talkers is not None
        answers = ["2", MOMENT, "Ik vroeg hulp aan mijn begeleider", "Ik leerde plannen"]
        for number, answer in enumerate(answers):
            worker = (first, second)[number % 2]
            reply = await worker.reply(SANNE, Said(answer), update_id=10 + number)
            assert reply is not None and reply.accepted
            # the first's first answer came from the opening's memory, still true; every
            # later remembered turn found the other worker's turn
            assert worker.talkers.resting == (number >= 2)
            assert len(worker.talkers) == (0 if number >= 2 else 1)
        said = await student_turns(first)
    assert [text_ for _, text_ in said][1:] == answers[1:]  # (the mood is stored as chosen)


def rows(status: str = "active") -> tuple[Any, Any]:
    from datetime import UTC, datetime

    from bot.storage.conversations import ConversationRow
    from bot.storage.students import StudentRow

    now = datetime(2026, 12, 7, 9, tzinfo=UTC)
    return (StudentRow(1, "Sanne", "nl", None),
            ConversationRow(1, 1, 1, "stagedag", "v1", "nl", status, "{}", {}, 3, now, None))


def test_memory_forgets_after_its_time_whether_or_not_it_is_used_again() -> None:
    from datetime import timedelta

    from bot.talkers import Talkers

    clock = Clock()
    memory = Talkers(clock, ttl=timedelta(minutes=10))
    memory.keep(("telegram", "1"), *rows())
    clock.now += timedelta(minutes=6)
    memory.keep(("telegram", "2"), *rows())
    clock.now += timedelta(minutes=5)
    memory.sweep()  # the job loop's tick
    assert len(memory) == 1 and memory.take(("telegram", "1")) is None
    assert memory.take(("telegram", "2")) is not None
    assert memory.take(("telegram", "2")) is None  # taken: gone until the turn keeps it again


def test_memory_keeps_no_ended_conversation_and_no_more_than_its_capacity() -> None:
    from bot.talkers import Talkers

    memory = Talkers(Clock(), capacity=2)
    memory.keep(("telegram", "1"), *rows("completed"))
    assert len(memory) == 0
    for address in "234":
        memory.keep(("telegram", address), *rows())
    assert len(memory) == 2 and memory.take(("telegram", "2")) is None  # the oldest went


def test_memory_rests_after_too_many_stale_turns_then_keeps_again() -> None:
    from bot import talkers

    clock = Clock()
    memory = talkers.Talkers(clock)
    memory.keep(("telegram", "1"), *rows())
    for fresh in [True] * (talkers.WINDOW - talkers.STALE) + [False] * talkers.STALE:
        memory.checked(fresh)
    assert not memory.resting and len(memory) == 1  # stale ones, but not too many
    memory.checked(False)
    assert memory.resting and len(memory) == 0
    memory.keep(("telegram", "1"), *rows())
    assert len(memory) == 0
    clock.now += talkers.REST
    memory.keep(("telegram", "1"), *rows())
    assert not memory.resting and len(memory) == 1
