"""Units of work: one transaction's work, run where the database wants it.

A unit is an `async def work(session)` that awaits only the session (execute, scalar,
scalars, get, flush) and otherwise computes. Where it runs:

- PostgreSQL: on the event loop, each statement awaited through asyncpg.
- SQLite (a file): whole, on the one database thread, through Python's own sqlite3 driver and
  a plain SQLAlchemy `Session`. One thread hop per unit instead of three or four per statement
  (aiosqlite's way), and a unit that waits for SQLite's write lock (a CLI command writing at
  the same moment) waits there, not on the event loop. The session it gets has the async
  session's methods, done at once; the coroutine never suspends, so the thread drives it to
  the end with `send(None)` (plain Python: no event loop there).
- SQLite in memory: on the event loop through aiosqlite (a second connection would be a
  second, empty database).

Both SQLite connections begin every transaction with BEGIN IMMEDIATE: each waits for the
write lock at its start (busy timeout), so neither fails later because the other wrote.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Coroutine
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]


class UnitSuspended(RuntimeError):
    """A unit of work awaited something other than its session: it cannot run on the
    database thread (a bug in the unit, caught by the tests)."""


class Units:
    """Runs units of work; without an engine (or not a SQLite file) on the event loop."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 engine: AsyncEngine | None = None) -> None:
        self.sessions = sessions
        self._thread: ThreadPoolExecutor | None = None
        self._sync: sessionmaker[Session] | None = None
        url = engine.url if engine is not None else None
        if url is not None and url.get_backend_name() == "sqlite" and \
                not _in_memory(url.database or ""):
            sync = create_engine(url.set(drivername="sqlite+pysqlite"), hide_parameters=True,
                                 connect_args={"timeout": 30, "check_same_thread": False},
                                 pool_size=1, max_overflow=0)
            prepare_sqlite(sync)
            self._sync = sessionmaker(sync, expire_on_commit=False)
            self._thread = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sqlite")

    async def run(self, work: Work[T]) -> T:
        """Run the unit in one transaction, committed when it returns, rolled back when it
        raises."""
        if self._sync is None or self._thread is None:
            async with self.sessions.begin() as session:
                return await work(session)
        sync = self._sync

        def unit() -> T:
            with sync.begin() as session:
                return _drive(cast(Coroutine[Any, Any, T], work(cast(AsyncSession,
                                                                      _Immediate(session)))))

        return await asyncio.get_running_loop().run_in_executor(self._thread, unit)

    def close(self) -> None:
        if self._thread is not None:
            self._thread.shutdown(wait=True)
        if self._sync is not None:
            bind = self._sync.kw.get("bind")
            if isinstance(bind, Engine):
                bind.dispose()


def prepare_sqlite(engine: Engine) -> None:
    """WAL, durable against a killed process, foreign keys, deleted data overwritten; and
    BEGIN IMMEDIATE (see above), the recipe SQLAlchemy documents for SQLite's transactions."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # SQLAlchemy says when a transaction begins
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA secure_delete=ON")  # deleted answers are overwritten, not left
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        if connection.get_execution_options().get("isolation_level") != "AUTOCOMMIT":
            connection.exec_driver_sql("BEGIN IMMEDIATE")


def _in_memory(database: str) -> bool:
    return database in ("", ":memory:") or "mode=memory" in database


def _drive(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return cast(T, finished.value)
    coroutine.close()
    raise UnitSuspended("a unit of work awaited something other than its session")


class _Immediate:
    """The async session's methods over a plain Session, each done at once."""

    def __init__(self, session: Session) -> None:
        self._session = session

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalars(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        self._session.flush(*args, **kwargs)

    def add(self, instance: object) -> None:
        self._session.add(instance)

    def add_all(self, instances: Any) -> None:
        self._session.add_all(instances)

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get_bind(*args, **kwargs)
