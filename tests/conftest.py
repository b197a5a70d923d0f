"""Shared fixtures: the shipped content, a conversation driver, and both databases."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from bot.app import Content, load_content
from bot.config import Settings
from bot.core.conversation import Context, Input, OpenAction, Outcome, Pressed, Said
from bot.core.machine import FlowMachine

ROOT = Path(__file__).resolve().parent.parent
TODAY = date(2026, 11, 23)  # a Monday
POSTGRES_URL = os.environ.get("LOOPBAANBOT_TEST_POSTGRES_URL",
                              "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres")
POSTGRES_REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_POSTGRES") == "1"
pytest_plugins = ["tests.browser"]  # the `browser` and `server` fixtures of the browser tests


@pytest.fixture(scope="session")
def content() -> Content:
    return load_content(Settings(flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts"))


@pytest.fixture(scope="session")
def stagedag(content: Content) -> FlowMachine:
    return content.catalog.current("stagedag")


@dataclass
class Talk:
    """Drives the pure engine through one conversation, as a student would."""

    content: Content
    machine: FlowMachine
    ctx: Context
    outcome: Outcome = field(init=False)

    def __post_init__(self) -> None:
        self.outcome = self.content.engine.start(self.machine, self.ctx)

    def send(self, given: Input) -> Outcome:
        self.outcome = self.content.engine.handle(self.machine, self.outcome.snapshot, given,
                                                  self.ctx)
        return self.outcome

    def say(self, text: str) -> Outcome:
        return self.send(Said(text))

    def press(self, value: str) -> Outcome:
        return self.send(Pressed(value))

    def answer_until(self, step: str, answer: str, topic: str = "1", limit: int = 10) -> None:
        """On to `step` as a student would: `answer` to each question, `topic` at the topic
        choice, 'enough' where it is offered."""
        for _ in range(limit):
            if self.step == step:
                return
            if "enough" in [o.value for o in self.outcome.turn.options]:
                self.press("enough")
            elif self.step == "onderwerp":
                self.say(topic)
            else:
                self.say(answer)
        assert self.step == step, f"stuck at {self.step}: {self.text}"

    @property
    def step(self) -> str:
        return self.outcome.snapshot.step

    @property
    def text(self) -> str:
        return self.outcome.turn.text

    @property
    def labels(self) -> list[str]:
        return [o.label for o in self.outcome.turn.options]


@pytest.fixture
def talk(content: Content, stagedag: FlowMachine) -> Talk:
    return Talk(content, stagedag, Context(language="nl", today=TODAY))


@pytest.fixture
def new_talk(content: Content, stagedag: FlowMachine):  # type: ignore[no-untyped-def]
    def make(**changes: object) -> Talk:
        ctx = replace(Context(language="nl", today=TODAY), **changes)  # type: ignore[arg-type]
        return Talk(content, stagedag, ctx)

    return make


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    """The environment for running the commands as a user does: their own data folder."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    return {**clean, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1"}


def open_action(text: str = "Ik vraag Sandra om feedback", due: date = TODAY) -> OpenAction:
    return OpenAction(7, text, due)


# -- databases ------------------------------------------------------------------------------

def run_sync(coroutine):  # type: ignore[no-untyped-def]
    """Run a coroutine to its end from sync code, even inside a running event loop."""
    with ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result()


async def _postgres_reachable() -> str | None:
    engine = create_async_engine(POSTGRES_URL)
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        return None
    except Exception as exc:  # any reason at all: say it in the skip
        return f"{type(exc).__name__}: {exc}"
    finally:
        await engine.dispose()


@pytest.fixture(scope="session")
def postgres_database() -> Iterator[str]:
    """A database of its own on the PostgreSQL server, for this test session."""
    problem = run_sync(_postgres_reachable())
    if problem is not None:
        message = f"PostgreSQL not reachable at {POSTGRES_URL} ({problem})"
        if POSTGRES_REQUIRED:
            pytest.fail(message + "; LOOPBAANBOT_REQUIRE_POSTGRES=1 says these tests must run")
        pytest.skip(message + "; set LOOPBAANBOT_TEST_POSTGRES_URL to run them")
    name = f"loopbaanbot_test_{uuid.uuid4().hex[:8]}"

    async def admin(statement: str) -> None:
        engine = create_async_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
        try:
            async with engine.connect() as connection:
                await connection.execute(text(statement))
        finally:
            await engine.dispose()

    run_sync(admin(f'CREATE DATABASE "{name}"'))
    base = POSTGRES_URL.rsplit("/", 1)[0]
    try:
        yield f"{base}/{name}"
    finally:
        run_sync(admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))


@pytest.fixture(params=["sqlite", "postgresql"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """Each storage test runs on SQLite and on PostgreSQL, starting from an empty schema."""
    if request.param == "sqlite":
        yield f"sqlite+aiosqlite:///{tmp_path / 'test.sqlite3'}"
        return
    url: str = request.getfixturevalue("postgres_database")
    await empty_schema(url)
    yield url


async def empty_schema(url: str) -> None:
    """Start a PostgreSQL test from nothing: no tables, no migrations."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    async with engine.connect() as connection:
        await connection.execute(text("DROP SCHEMA public CASCADE"))
        await connection.execute(text("CREATE SCHEMA public"))
    await engine.dispose()


class Clock:
    """A clock the test moves by hand."""

    def __init__(self, now: datetime | None = None) -> None:
        self.now = now or datetime(2026, 11, 23, 19, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


async def telegram_students(session: Any, user_ids: Iterable[int], now: datetime,
                            group: str = "4A") -> list[Any]:
    """Enrolled students known by these Telegram ids, made straight in the database."""
    from bot.storage.models import Contact, Student

    ids = list(user_ids)
    students = [Student(name=f"S{i}", group_name=group, consented_at=now, language="nl",
                        created_at=now) for i in ids]
    session.add_all(students)
    await session.flush()
    session.add_all(Contact(channel="telegram", address=str(i), student_id=s.id, created_at=now)
                    for i, s in zip(ids, students, strict=True))
    await session.flush()
    return students
