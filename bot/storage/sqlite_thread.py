"""The SQLite database thread: units of work run there whole, in batches, one commit a batch.

Units (bot/storage/units.py) on a SQLite file run here, through Python's own sqlite3 driver,
on the thread's one connection (kept open: SQLite writes one transaction at a time anyway).
One thread hop per unit instead of three or four per statement (aiosqlite's way), and a unit
that waits for SQLite's write lock (a CLI command writing at the same moment) waits here, not
on the event loop. The session a unit gets has the async session's methods, done at once; the
coroutine never suspends, so the thread drives it to the end with `send(None)` (plain Python:
no event loop here). A plain ORM `Session` is made only when the unit uses the ORM (most
turns use none: `connection()` below), in a savepoint of its own.

**Group commit.** Every commit writes the pages the transaction changed to the write-ahead
log, and BEGIN IMMEDIATE takes the write lock first: together about a tenth of a turn. While
the thread runs one unit, other students' units wait in its queue. The thread takes those
waiting (up to `BATCH`) together, in one transaction, each unit in a savepoint of its own:

- a unit that raises is rolled back to its savepoint, alone, and its caller gets its error;
- the others are committed together, and no caller hears back before the commit that made
  its unit durable (a reply is never sent for a turn not yet stored);
- when that commit fails, every unit of the batch gets the error, and nothing of them stays.

A unit alone in the queue runs as before: its own transaction, no savepoint.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import threading
from collections.abc import Awaitable, Callable, Coroutine
from dataclasses import dataclass
from typing import Any, Generic, TypeVar, cast

from sqlalchemy import Connection
from sqlalchemy.engine import Engine
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

T = TypeVar("T")

BATCH = 8  # units at most in one transaction: a unit's reply waits for the batch's commit


class UnitSuspended(RuntimeError):
    """A unit of work awaited something other than its session: it cannot run on the
    database thread (a bug in the unit, caught by the tests)."""


@dataclass
class _Job(Generic[T]):
    work: Callable[[AsyncSession], Awaitable[T]]
    future: asyncio.Future[T]
    loop: asyncio.AbstractEventLoop
    value: Any = None
    error: BaseException | None = None


class SQLiteThread:
    """The database thread of one SQLite file, with its connection."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._connection: Connection | None = None
        self._queue: queue.SimpleQueue[_Job[Any] | None] = queue.SimpleQueue()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="sqlite", daemon=True)
        self._thread.start()

    async def run(self, work: Callable[[AsyncSession], Awaitable[T]]) -> T:
        """The unit run on the thread, committed (with the others of its batch) or rolled
        back; its result or its error."""
        if self._closed:
            raise RuntimeError("the database thread is closed")
        loop = asyncio.get_running_loop()
        job: _Job[T] = _Job(work, loop.create_future(), loop)
        self._queue.put(job)
        return await job.future

    def close(self) -> None:
        """Run what is queued, then close the connection and end the thread."""
        self._closed = True
        if self._thread.is_alive():
            self._queue.put(None)
            self._thread.join()

    def _serve(self) -> None:
        stopping = False
        while not stopping:
            first = self._queue.get()
            if first is None:
                break
            batch = [first]
            while len(batch) < BATCH:
                try:
                    more = self._queue.get_nowait()
                except queue.Empty:
                    break
                if more is None:
                    stopping = True
                    break
                batch.append(more)
            # a turn whose caller gave up before it began (cancelled) is not run
            self._run([job for job in batch if not job.future.cancelled()])
        if self._connection is not None:
            with contextlib.suppress(Exception):  # the queue below is answered regardless
                self._connection.close()
        closed = RuntimeError("the database thread is closed")
        while True:  # anything queued after the end (from another thread): refused, not lost
            try:
                left = self._queue.get_nowait()
            except queue.Empty:
                break
            if left is not None:
                left.error = closed
                self._answer([left])

    def _run(self, batch: list[_Job[Any]]) -> None:
        if not batch:
            return
        try:
            self._transaction(batch)
        except BaseException as error:  # BEGIN, a savepoint or COMMIT failed: none is stored
            for job in batch:
                job.error = job.error or error
            self._drop()
        self._answer(batch)

    @staticmethod
    def _answer(batch: list[_Job[Any]]) -> None:
        by_loop: dict[asyncio.AbstractEventLoop, list[_Job[Any]]] = {}
        for job in batch:
            by_loop.setdefault(job.loop, []).append(job)
        for loop, done in by_loop.items():
            with contextlib.suppress(RuntimeError):  # a closed loop: nobody waits for these
                loop.call_soon_threadsafe(_answer, done)

    def _transaction(self, batch: list[_Job[Any]]) -> None:
        connection = self._connected()
        transaction = connection.begin()
        if len(batch) == 1:
            try:
                batch[0].value = _unit(connection, batch[0].work, alone=True)
            except BaseException as error:  # to its caller
                batch[0].error = error
                if transaction.is_active:  # (an ORM flush that failed rolled it back already)
                    transaction.rollback()
                return
        else:
            # SQLite's statements as they are (a sixth of SQLAlchemy's begin_nested's cost);
            # ROLLBACK TO keeps the savepoint, so it is released after it too
            for job in batch:
                connection.exec_driver_sql("SAVEPOINT unit")
                try:
                    job.value = _unit(connection, job.work, alone=False)
                except BaseException as error:  # to its caller
                    job.error = error
                    connection.exec_driver_sql("ROLLBACK TO unit")
                connection.exec_driver_sql("RELEASE unit")
        transaction.commit()

    def _drop(self) -> None:
        """After a failed BEGIN, savepoint or COMMIT the connection's state is unknown (a
        failed COMMIT leaves SQLite's transaction open, and its write lock held): it is closed,
        which rolls back what is open, and the next batch takes a new one."""
        if self._connection is not None:
            with contextlib.suppress(Exception):
                self._connection.invalidate()
            self._connection = None

    def _connected(self) -> Connection:
        connection = self._connection
        if connection is None or connection.closed or connection.invalidated:
            if connection is not None:  # (a connection SQLAlchemy found broken)
                connection.close()
            connection = self._connection = self._engine.connect()
        return connection


def _answer(jobs: list[_Job[Any]]) -> None:
    """On the callers' event loop: each unit's result or error."""
    for job in jobs:
        if job.future.done():  # cancelled while it ran
            continue
        if job.error is None:
            job.future.set_result(job.value)
        elif isinstance(job.error, StopIteration):  # a future refuses it, as a coroutine does
            job.future.set_exception(RuntimeError(f"a unit of work raised {job.error!r}"))
        else:
            job.future.set_exception(job.error)


def _unit(connection: Connection, work: Callable[[AsyncSession], Awaitable[T]],
          alone: bool) -> T:
    """One unit, driven to its end in the transaction (or savepoint) begun on the connection:
    `alone` in its transaction, or one of a batch."""
    immediate = _Immediate(connection, alone)
    try:
        done = _drive(cast(Coroutine[Any, Any, T], work(cast(AsyncSession, immediate))))
        immediate.flush_pending()
        return done
    finally:
        immediate.release()


def _drive(coroutine: Coroutine[Any, Any, T]) -> T:
    try:
        coroutine.send(None)
    except StopIteration as finished:
        return cast(T, finished.value)
    coroutine.close()
    raise UnitSuspended("a unit of work awaited something other than its session")


class _Immediate:
    """The async session's methods over a plain Session, each done at once. The Session is
    made when first needed, on the thread's connection: in the unit's transaction when the
    unit is alone in it (the thread commits or rolls it back; a failed flush rolls it back),
    in a savepoint of its own when the unit is one of a batch (a failed flush rolls back
    that, not the batch; released when the unit is done)."""

    def __init__(self, connection: Connection, alone: bool) -> None:
        self._bind = connection
        self._alone = alone
        self._orm: Session | None = None
        self._connection = _ImmediateConnection(connection)

    @property
    def _session(self) -> Session:
        if self._orm is None:
            self._orm = Session(bind=self._bind, expire_on_commit=False,
                                join_transaction_mode="rollback_only" if self._alone
                                else "create_savepoint")
        return self._orm

    def flush_pending(self) -> None:
        """Flush what the unit added to the ORM session and did not flush (and release the
        session's savepoint, if it has one: its writes stay in the transaction)."""
        if self._orm is not None:
            self._orm.commit()

    def release(self) -> None:
        if self._orm is not None:
            self._orm.close()

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.scalars(*args, **kwargs)

    async def get(self, *args: Any, **kwargs: Any) -> Any:
        return self._session.get(*args, **kwargs)

    async def connection(self) -> Any:
        """The unit's connection, for Core statements (no ORM session needed)."""
        return self._connection

    async def flush(self, *args: Any, **kwargs: Any) -> None:
        self._session.flush(*args, **kwargs)

    def add(self, instance: object) -> None:
        self._session.add(instance)

    def add_all(self, instances: Any) -> None:
        self._session.add_all(instances)

    def get_bind(self, *args: Any, **kwargs: Any) -> Any:
        return self._bind


class _ImmediateConnection:
    """The async connection's methods over the unit's plain Connection, done at once."""

    def __init__(self, connection: Connection) -> None:
        self._connection = connection
        self.dialect = connection.dialect

    async def execute(self, *args: Any, **kwargs: Any) -> Any:
        return self._connection.execute(*args, **kwargs)

    async def scalar(self, *args: Any, **kwargs: Any) -> Any:
        return self._connection.scalar(*args, **kwargs)

    async def scalars(self, *args: Any, **kwargs: Any) -> Any:
        return self._connection.scalars(*args, **kwargs)
