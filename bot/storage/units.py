"""Units of work: one transaction's work, run where the database wants it.

A unit is an `async def work(session)` that awaits only the session (execute, scalar,
scalars, get, flush) and otherwise computes. Where it runs:

- PostgreSQL: on the event loop, each statement awaited through asyncpg, on a connection of
  the engine's pool; an ORM session only when the unit uses the ORM (`_OnConnection`).
- SQLite (a file): whole, on the one database thread, through Python's own sqlite3 driver,
  several students' units in one transaction when they wait together
  (bot/storage/sqlite_thread.py).
- SQLite in memory: on the event loop through aiosqlite (a second connection would be a
  second, empty database).

On PostgreSQL a unit's transaction begins at its first write, not before its first read:
the reads before it run each on its own (as they would inside: under READ COMMITTED every
statement takes its own snapshot anyway), and BEGIN goes with the first statement that writes
or locks (see `_begin_at_first_write`). A unit whose only write is one statement says so
(`only_write`): that statement then runs on its own too, atomic as every statement is, and
the unit needs neither BEGIN nor COMMIT: two round trips fewer on a student's turn.

Both SQLite connections begin every transaction with BEGIN IMMEDIATE: each waits for the
write lock at its start (busy timeout), so neither fails later because the other wrote.

The statements a turn runs on every message go to the session's connection
(`await session.connection()`), as Core statements: the ORM session's own `execute` costs
about three times as much per statement and gives them nothing. A turn's only write on
PostgreSQL goes one step further (`write_alone`): compiled once by SQLAlchemy, sent by asyncpg
itself, on the unit's pooled connection.
"""

from __future__ import annotations

import functools
import json
import weakref
from collections.abc import Awaitable, Callable, Sequence
from typing import Any, TypeVar, cast

from sqlalchemy import Connection, create_engine, event
from sqlalchemy.engine import Dialect, Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncSession, async_sessionmaker
from sqlalchemy.sql import Executable

from bot.storage.sqlite_thread import SQLiteThread

T = TypeVar("T")
Work = Callable[[AsyncSession], Awaitable[T]]


class JSONText(str):
    """A value already serialised as JSON (a snapshot or a reply, by pydantic): a JSON column
    stores it as it is instead of serialising it again (see `json_serializer`)."""


def json_serializer(value: Any) -> str:
    """The engines' JSON serialiser: json.dumps, except for JSONText, which is JSON already."""
    return value if isinstance(value, JSONText) else json.dumps(value)


# What every engine of the bot is created with: statement parameters hidden from error
# messages (they hold students' answers), and JSON already serialised kept as it is.
ENGINE_OPTIONS: dict[str, Any] = {"hide_parameters": True, "json_serializer": json_serializer}


class _Reconnect(Exception):
    """A unit's connection was found gone before it committed: run it again."""


class AfterOnlyWrite(RuntimeError):
    """A unit ran a statement after the one it said was its only write (a bug in the unit,
    caught by the tests): that write was committed on its own, so nothing may follow it."""


class Units:
    """Runs units of work; without an engine (or not a SQLite file) on the event loop."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession],
                 engine: AsyncEngine | None = None) -> None:
        self.sessions = sessions
        self._sqlite: SQLiteThread | None = None
        self._sync: Engine | None = None
        self._engine: AsyncEngine = engine if engine is not None else sessions.kw["bind"]
        url = engine.url if engine is not None else None
        self._lazy = engine is not None and engine.dialect.name == "postgresql"
        if engine is not None and self._lazy:
            _begin_at_first_write(engine.sync_engine)
        if url is not None and url.get_backend_name() == "sqlite" and \
                not in_memory(url.database or ""):
            self._sync = create_engine(url.set(drivername="sqlite+pysqlite"), **ENGINE_OPTIONS,
                                       connect_args={"timeout": 30, "check_same_thread": False},
                                       pool_size=1, max_overflow=0)
            prepare_sqlite(self._sync)
            self._sqlite = SQLiteThread(self._sync)

    async def run(self, work: Work[T]) -> T:
        """Run the unit in one transaction, committed when it returns, rolled back when it
        raises.

        On the event loop (PostgreSQL), a unit whose statement found its pooled connection
        gone (the server restarted, the network dropped it) runs once more, on a new one:
        nothing of it was committed. The engine does not ping every connection before use
        (a round trip on every turn) for this; SQLAlchemy drops the pool's other connections
        of that time when it sees one gone, so the next units start on fresh ones. Except
        when the statement was its only write (`only_write`), which commits on its own: the
        server may have committed it before the connection went, so the error goes to the
        caller (a channel's update, sent again, is then found handled). A unit whose only
        write found its connection closed before sending it (`write_alone`) sent nothing: it
        runs again as often as the pool may hold closed connections, and still once more
        when, run again, it finds another connection gone (a turn run again reads first)."""
        if self._sqlite is not None:
            return await self._sqlite.run(work)
        closed_at_most = getattr(self._engine.sync_engine.pool, "size", lambda: 1)() + 1
        closed = reconnected = 0
        while True:
            try:
                async with self._engine.connect() as connection:
                    lazy = await _reading(connection) if self._lazy else None
                    session = _OnConnection(connection)
                    try:
                        async with connection.begin():
                            try:
                                done = await work(cast(AsyncSession, session))
                                await session.flush_pending()
                                return done
                            except DBAPIError as error:
                                if isinstance(error, ClosedBeforeSending) and \
                                        closed < closed_at_most:
                                    closed += 1  # nothing sent
                                    raise _Reconnect from error
                                if error.connection_invalidated and not reconnected and \
                                        not isinstance(error, ClosedBeforeSending) and \
                                        not _sent_only_write(lazy):
                                    reconnected += 1  # once: nothing committed
                                    raise _Reconnect from error
                                raise
                            finally:
                                if lazy is not None:
                                    _done(*lazy)
                    finally:
                        await session.close()
            except _Reconnect:
                continue

    def close(self) -> None:
        if self._sqlite is not None:
            self._sqlite.close()
        if self._sync is not None:
            self._sync.dispose()


# A PostgreSQL unit's state, in its connection's `info` while it runs: still reading (no
# transaction yet), its only write next, its only write done; and the connection's asyncpg
# connection (for `write_alone`).
_LAZY = "loopbaanbot.unit"
_DRIVER = "loopbaanbot.driver"
_READING, _ONLY_WRITE, _WRITTEN = "reading", "only write", "written"
_LOCKING = ("FOR UPDATE", "FOR SHARE", "FOR NO KEY UPDATE", "FOR KEY SHARE", "PG_ADVISORY")


async def _reading(connection: AsyncConnection) -> tuple[dict[Any, Any], Any]:
    """Start a unit outside any transaction: its connection's driver in autocommit until the
    first write (asyncpg begins a transaction with the first statement otherwise)."""
    pooled = await connection.get_raw_connection()
    driver = pooled.dbapi_connection
    assert driver is not None
    driver.autocommit = True
    connection.info[_LAZY] = _READING
    if connection.dialect.driver == "asyncpg":  # for `write_alone`
        connection.info[_DRIVER] = pooled.driver_connection
    return connection.info, driver


def _done(info: dict[Any, Any], driver: Any) -> None:
    """The unit's end: its connection back as every other use of the pool expects it. (A
    transaction begun at a write is committed or rolled back after this:
    the driver's flag only says whether the next statement begins one.)"""
    info.pop(_LAZY, None)
    info.pop(_DRIVER, None)
    driver.autocommit = False


def _sent_only_write(lazy: tuple[dict[Any, Any], Any] | None) -> bool:
    return lazy is not None and lazy[0].get(_LAZY) == _WRITTEN


@functools.lru_cache(maxsize=1024)  # the same few statements on every turn
def _reads_only(statement: str) -> bool:
    head = statement.lstrip()[:6].upper()
    return head == "SELECT" and not any(lock in statement.upper() for lock in _LOCKING)


_LAZY_ENGINES: weakref.WeakSet[Engine] = weakref.WeakSet()


def _begin_at_first_write(engine: Engine) -> None:
    """Before each statement of a unit still reading: a plain SELECT runs on its own; the
    unit's announced only write runs on its own; anything else (a write, a lock) begins the
    transaction, BEGIN sent with it by the driver, and the rest of the unit runs inside."""
    if engine in _LAZY_ENGINES:
        return
    _LAZY_ENGINES.add(engine)

    @event.listens_for(engine, "before_cursor_execute")
    def before(connection: Connection, _cursor: Any, statement: str, *_args: Any) -> None:
        state = connection.info.get(_LAZY)
        if state is None or (state == _READING and _reads_only(statement)):
            return
        if state == _ONLY_WRITE:
            connection.info[_LAZY] = _WRITTEN
            return
        if state == _WRITTEN:
            raise AfterOnlyWrite("a statement after the unit's only write: "
                                 f"{statement.lstrip()[:40]!r}")
        del connection.info[_LAZY]
        driver = connection.connection.dbapi_connection
        assert driver is not None
        driver.autocommit = False


def only_write(connection: Any) -> None:
    """The unit's next statement is its only write, and the last statement it runs: on
    PostgreSQL, when no write began a transaction before it, it runs on its own, committed
    as it returns (one statement is atomic); a statement after it raises AfterOnlyWrite.
    Elsewhere (a transaction already begun, SQLite) nothing changes."""
    info = getattr(connection, "info", None)  # the SQLite thread's connection has none
    if info is not None and info.get(_LAZY) == _READING:
        info[_LAZY] = _ONLY_WRITE


async def write_alone(connection: AsyncConnection, statement: Executable,
                      values: dict[str, Any]) -> Sequence[Any]:
    """Run the unit's only write (`only_write`), the last statement it runs, and return its
    one row as the server sends it (no result types applied: for statements whose columns
    need no conversion).

    On PostgreSQL, when nothing before it began a transaction, it goes to asyncpg directly:
    SQLAlchemy compiles it once (`_Compiled`), asyncpg prepares it once per connection, and
    each turn sends only its values. This is the statement every turn runs, and SQLAlchemy's
    own work around a statement (the compiled cache's key, the execution context, the result)
    cost more CPU on it than asyncpg's. What SQLAlchemy does on an error, it does too:

    - the error comes as a DBAPIError, worded as SQLAlchemy words asyncpg's (the server's
      message without its DETAIL, which can quote a row), parameters hidden;
    - a connection found closed before the statement was sent is dropped from the pool, and
      the unit runs again on a new one (as after a server restart: nothing was sent);
    - a connection that goes while it is sent is dropped, and the unit is not run again (the
      server may have committed the write).

    Anywhere else (a transaction already begun, SQLite) it is `only_write` and an ordinary
    statement."""
    info = getattr(connection, "info", None)  # the SQLite thread's connection has none
    driver = info.get(_DRIVER) if info is not None and info.get(_LAZY) == _READING else None
    if driver is None:
        only_write(connection)
        return (await connection.execute(statement, values)).one()
    assert info is not None
    compiled = _compiled(statement, connection.dialect)
    arguments = compiled.arguments(values)  # a value refused here was not sent
    if driver.is_closed():  # nothing sent: the unit may run again (Units.run)
        await connection.invalidate()
        raise ClosedBeforeSending(compiled.sql, None, DriverError("the connection is closed"),
                                  hide_parameters=True, connection_invalidated=True)
    info[_LAZY] = _WRITTEN  # as the statement is sent: nothing may follow it, and the unit
    try:                    # is not run again if the connection goes now
        row = await driver.fetchrow(compiled.sql, *arguments)
    except Exception as error:
        gone = driver.is_closed()
        if gone:
            await connection.invalidate()
        raise DBAPIError(compiled.sql, None, DriverError.of(error), hide_parameters=True,
                         connection_invalidated=gone) from error
    assert row is not None, "write_alone needs a statement that returns a row"
    return tuple(row)


class ClosedBeforeSending(DBAPIError):
    """`write_alone` found its connection closed before sending anything: the unit may run
    again on another connection (`Units.run`)."""


class DriverError(Exception):
    """An error of a statement asyncpg sent itself (`write_alone`), worded as SQLAlchemy
    words asyncpg's errors: its kind and the server's message, not its DETAIL (a
    constraint's DETAIL can quote the row, a student's words); the SQLSTATE kept. Of an
    error asyncpg raised itself, only its kind (its message can quote a refused value)."""

    sqlstate: str | None = None

    @classmethod
    def of(cls, error: Exception) -> DriverError:
        import asyncpg  # type: ignore[import-untyped]

        if not isinstance(error, asyncpg.PostgresError):  # the client's own: its message can
            return cls(type(error).__name__)              # quote a value it refused
        said = cls(f"{type(error).__name__}: {error.args[0] if error.args else ''}")
        said.sqlstate = getattr(error, "sqlstate", None)
        return said


class _Compiled:
    """A statement as asyncpg takes it: SQLAlchemy's text of it for asyncpg ($1, $2 ... with
    the casts it adds), its parameters in that order, and the types' conversions (a time
    made UTC, say) that SQLAlchemy would apply."""

    def __init__(self, statement: Executable, dialect: Dialect) -> None:
        compiled = statement.compile(dialect=dialect)  # type: ignore[attr-defined]
        self.sql: str = compiled.string
        self.names: list[str] = list(compiled.positiontup or ())
        self.convert = {name: convert for name in self.names
                        if (convert := compiled.binds[name].type.dialect_impl(dialect)
                            .bind_processor(dialect)) is not None}

    def arguments(self, values: dict[str, Any]) -> list[Any]:
        convert = self.convert
        return [convert[name](values[name]) if name in convert else values[name]
                for name in self.names]


@functools.lru_cache(maxsize=64)  # a few statements, compiled once each
def _compiled(statement: Executable, dialect: Dialect) -> _Compiled:
    if dialect.driver != "asyncpg":
        raise TypeError(f"write_alone runs on asyncpg, not {dialect.name}+{dialect.driver}")
    return _Compiled(statement, dialect)


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


def prepare_sqlite_reader(engine: Engine) -> None:
    """A connection that only reads: a plain (deferred) BEGIN takes no lock until it reads,
    and a read in WAL mode never holds up the writer; a larger page cache for counting a
    whole school."""

    @event.listens_for(engine, "connect")
    def connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA query_only=ON")
        cursor.execute("PRAGMA cache_size=-32768")  # 32 MB
        cursor.close()

    @event.listens_for(engine, "begin")
    def begin(connection: Connection) -> None:
        connection.exec_driver_sql("BEGIN")


def in_memory(database: str) -> bool:
    return database in ("", ":memory:") or "mode=memory" in database


class _OnConnection:
    """What a unit on the event loop gets as its session: the async session's methods over
    the unit's connection. Core statements go to the connection itself; an ORM session is
    made only when the unit uses the ORM (most turns do not), joined to the unit's
    transaction (it never commits it; a failed flush rolls it back). Making, beginning and
    closing an AsyncSession for every unit cost about 0.2 ms of CPU on a PostgreSQL turn."""

    def __init__(self, connection: AsyncConnection) -> None:
        self._bind = connection
        self._orm: AsyncSession | None = None

    @property
    def _session(self) -> AsyncSession:
        if self._orm is None:
            self._orm = AsyncSession(bind=self._bind, expire_on_commit=False,
                                     join_transaction_mode="rollback_only")
        return self._orm

    async def flush_pending(self) -> None:
        """Flush what the unit added to the ORM session and did not flush (as a commit of
        the session would)."""
        if self._orm is not None:
            await self._orm.flush()

    async def close(self) -> None:
        if self._orm is not None:
            await self._orm.close()

    async def connection(self) -> AsyncConnection:
        """The unit's connection, for Core statements (no ORM session needed)."""
        return self._bind

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return await self._session.execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return await self._session.scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return await self._session.scalars(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return await self._session.get(*args, **kwargs)

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        await self._session.flush(*args, **kwargs)

    def add(self, instance: object) -> None:
        self._session.add(instance)

    def add_all(self, instances: Any) -> None:
        self._session.add_all(instances)

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self._bind
