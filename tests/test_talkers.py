"""On PostgreSQL a student's next turn starts from what this process stored of their last one
(bot/talkers.py) instead of reading it: one statement, not two. What changed elsewhere
meanwhile (another worker's turn, a renamed student, a contact moved, the same update
answered) must still be seen: the write checks, and the turn runs again on a fresh read."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import pytest
from sqlalchemy import event, text

from bot.app import Content
from bot.core.conversation import Said
from bot.reflection import NoConversation, ReflectionService, StudentRef
from tests.conftest import Clock, empty_schema
from tests.test_storage import MOMENT, service, student_on_telegram

SANNE = StudentRef.on("telegram", "42")


@asynccontextmanager
async def two_workers(url: str, content: Content) -> AsyncIterator[
        tuple[ReflectionService, ReflectionService]]:
    """Two processes' services on one PostgreSQL database, with Sanne enrolled on Telegram
    and her reflection opened by the first."""
    await empty_schema(url)
    clock = Clock()
    async with service(url, content, clock) as first, service(url, content, clock) as second:
        async with first.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        assert await first.open(SANNE, "nl", update_id=1) is not None
        yield first, second


def names_seen(reflection: ReflectionService, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The student's name as each turn's engine got it."""
    seen: list[str] = []
    handle = reflection.engine.handle

    def watching(machine: Any, snapshot: Any, given: Any, ctx: Any) -> Any:
        seen.append(ctx.name)
        return handle(machine, snapshot, given, ctx)

    monkeypatch.setattr(reflection.engine, "handle", watching)
    return seen


async def elsewhere(url: str, statement: str) -> None:
    """A change made by another process (a mentor's page, an enrolment)."""
    from bot.storage.database import create_engine

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


async def test_a_students_next_turn_in_the_same_process_is_one_statement(
        postgres_database: str, content: Content) -> None:
    async with two_workers(postgres_database, content) as (first, _):
        statements: list[str] = []
        engine = first.sessions.kw["bind"].sync_engine
        event.listen(engine, "before_cursor_execute",
                     lambda _c, _cur, statement, *_: statements.append(statement))
        mood = await first.reply(SANNE, Said("2"), update_id=2)
        moment = await first.reply(SANNE, Said(MOMENT), update_id=3)
        assert mood is not None and mood.accepted and moment is not None and moment.accepted
        assert len(statements) == 2 and all(s.lstrip().startswith("WITH moved")
                                            for s in statements)
        said = await student_turns(first)
    assert [text_ for _, text_ in said][1] == MOMENT and len(said) == 2


async def test_a_turn_from_memory_goes_on_from_another_workers_turn(
        postgres_database: str, content: Content) -> None:
    async with two_workers(postgres_database, content) as (first, second):
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        elsewhere_reply = await second.reply(SANNE, Said(MOMENT), update_id=3)
        assert elsewhere_reply is not None and elsewhere_reply.accepted
        # the first remembers the conversation before the second's turn: its write finds it
        # moved, and the turn goes again on what the second stored
        after = await first.reply(SANNE, Said("Ik leerde dat ik rustig blijf"), update_id=4)
        assert after is not None
        assert after.turn.text != elsewhere_reply.turn.text
        said = await student_turns(first)
        data = await first.export(SANNE)
    assert [text_ for _, text_ in said][1:] == [MOMENT, "Ik leerde dat ik rustig blijf"]
    assert data is not None
    turns = data["conversations"][0]["turns"]
    # the last answer was taken at the step the second worker's turn had asked
    assert turns[-2]["step"] == turns[-3]["step"]


async def test_a_turn_from_memory_uses_the_name_changed_elsewhere(
        postgres_database: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_workers(postgres_database, content) as (first, _):
        seen = names_seen(first, monkeypatch)
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        await elsewhere(postgres_database, "UPDATE students SET name = 'Noor'")
        moment = await first.reply(SANNE, Said(MOMENT), update_id=3)
        assert moment is not None and moment.accepted
        said = await student_turns(first)
    assert seen[0] == "Sanne" and seen[-1] == "Noor"
    assert [text_ for _, text_ in said].count(MOMENT) == 1


async def test_a_refused_answer_from_memory_is_judged_on_the_student_as_stored(
        postgres_database: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    async with two_workers(postgres_database, content) as (first, _):
        seen = names_seen(first, monkeypatch)
        await elsewhere(postgres_database, "UPDATE students SET name = 'Noor'")
        refused = await first.reply(SANNE, Said("banaan"), update_id=2)  # the mood: a choice
        assert refused is not None and not refused.accepted
        assert seen[-1] == "Noor"
        chosen = await first.reply(SANNE, Said("2"), update_id=3)
        assert chosen is not None and chosen.accepted


async def test_a_contact_moved_to_another_student_is_not_answered_from_memory(
        postgres_database: str, content: Content) -> None:
    async with two_workers(postgres_database, content) as (first, _):
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        await elsewhere(postgres_database,
                        "INSERT INTO students (name, language, created_at) "
                        "VALUES ('Noor', 'nl', now())")
        await elsewhere(postgres_database, "UPDATE contacts SET student_id = "
                                           "(SELECT max(id) FROM students)")
        with pytest.raises(NoConversation):  # Noor has no reflection open
            await first.reply(SANNE, Said(MOMENT), update_id=3)
        async with first.sessions() as session:
            stored = (await session.execute(text(
                "SELECT count(*) FROM turns WHERE text = :moment"), {"moment": MOMENT})).scalar()
    assert stored == 0  # nothing went into Sanne's reflection


async def test_an_update_answered_by_another_worker_gets_that_reply_from_memory(
        postgres_database: str, content: Content) -> None:
    async with two_workers(postgres_database, content) as (first, second):
        assert (await first.reply(SANNE, Said("2"), update_id=2)) is not None
        answered = await second.reply(SANNE, Said(MOMENT), update_id=3)
        again = await first.reply(SANNE, Said(MOMENT), update_id=3)  # the same update
        assert answered is not None and again is not None
        assert again.turn.text == answered.turn.text
        said = await student_turns(first)
    assert [text_ for _, text_ in said].count(MOMENT) == 1
