"""SQLite for the async engine without a thread hop per call.

aiosqlite runs every sqlite3 call on its own thread and hands the result back through the event
loop: three to four hops per statement (cursor, execute, fetch, close), about 0.4 ms each
statement under SQLAlchemy, far more than SQLite takes to answer. SQLite is a library in this
process; a statement on an open connection takes microseconds. So this connection keeps
aiosqlite's interface (SQLAlchemy's `sqlite+aiosqlite` dialect talks to it unchanged) but runs
each call at once, on the event loop's thread.

The price: while SQLite waits for a lock held by another process (a CLI command writing at the
same moment), the loop waits too, at most the busy timeout. SQLite is the one-process default;
several processes belong on PostgreSQL.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import Awaitable, Callable, Generator
from typing import Any

import aiosqlite


class _RunNow:
    """Stands in for aiosqlite's queue to its thread (SQLAlchemy puts work on it directly when
    it changes the isolation level): runs the work and settles the future at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any] | None, Callable[[], Any]]) -> None:
        future, work = item
        try:
            result = work()
        except BaseException as exc:  # handed to whoever awaits the future
            if future is not None:
                future.set_exception(exc)
        else:
            if future is not None:
                future.set_result(result)


class InlineConnection(aiosqlite.Connection):
    """An aiosqlite connection whose calls run on the caller's thread."""

    def __init__(self, connector: Callable[[], sqlite3.Connection]) -> None:
        super().__init__(connector, iter_chunk_size=64)
        self._tx = _RunNow()  # type: ignore[assignment]

    async def _execute(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        if not self._running or not self._connection:
            raise ValueError("Connection closed")
        return fn(*args, **kwargs)

    async def _connect(self) -> InlineConnection:
        if self._connection is None:
            self._connection = self._connector()
        return self

    def __await__(self) -> Generator[Any, None, InlineConnection]:  # no thread to start
        return self._connect().__await__()

    def stop(self) -> None:
        self._running = False
        if self._connection is not None:
            self._connection.close()
            self._connection = None

    async def close(self) -> None:
        self.stop()


def creator(database: str, busy_timeout: float) -> Callable[[], Awaitable[InlineConnection]]:
    """An `async_creator` for SQLAlchemy's aiosqlite dialect."""
    def connect() -> sqlite3.Connection:
        return sqlite3.connect(database, timeout=busy_timeout, check_same_thread=False)

    async def create() -> InlineConnection:
        connection = InlineConnection(connect)
        return await connection._connect()

    return create
