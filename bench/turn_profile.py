"""Where one turn's time goes: wall time per part and the statements per update, one student
at a time (no queueing), on bench/throughput.py's workload.

    python bench/turn_profile.py --db sqlite --students 150
    python bench/turn_profile.py --db postgres --students 150
    python bench/turn_profile.py --db sqlite --students 200 --at-once 10   # turns that queue
    python bench/turn_profile.py --db postgres --students 150 --clock cpu  # CPU per part

With `--at-once` above 1 the parts' times include waiting (for the database thread, for the
event loop), and the statements show what several students at a time share (on SQLite: one
BEGIN for the turns that waited together, a SAVEPOINT and RELEASE for each).

With `--clock cpu` each part is timed in this process's CPU time instead of wall time: one
student at a time, that leaves out waiting for the database server, and on a shared machine
whose speed changes from minute to minute the parts can be compared with each other (the
engine's share, say) where the milliseconds cannot.

Each part is timed by wrapping it (a few microseconds per call are the wrapping's own);
parts nest, so they do not add up: the unit of work holds the engine and the storage, the
handler holds the unit and the sending. The statements are counted as SQLAlchemy sends them
and, on PostgreSQL, as asyncpg sends them itself: a turn's only write, and the BEGIN and COMMIT
of a unit that writes more than one statement.
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import functools
import inspect
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import throughput  # noqa: E402
from common import enrol  # noqa: E402
from sqlalchemy import event  # noqa: E402
from sqlalchemy.engine import Engine as SQLEngine  # noqa: E402
from sqlalchemy.pool import Pool  # noqa: E402
from telegram import Message  # noqa: E402

from bot.app import open_app  # noqa: E402
from bot.channels.telegram import handlers  # noqa: E402
from bot.channels.telegram.handlers import TelegramHandlers  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.engine import Engine  # noqa: E402
from bot.safety.screening import Screener  # noqa: E402
from bot.storage import conversations  # noqa: E402
from bot.storage.units import Units  # noqa: E402

SPENT: collections.Counter[str] = collections.Counter()
CALLS: collections.Counter[str] = collections.Counter()
STATEMENTS: collections.Counter[str] = collections.Counter()
PARTS = [(TelegramHandlers, "_said", "handler of a text (all below)"),
         (Units, "run", "unit of work, awaited (with the thread hop on SQLite)"),
         (Engine, "handle", "engine: the answer understood, the next step"),
         (Screener, "screen", "  of which safety screening"),
         (conversations, "talking", "storage: student, conversation, update"),
         (conversations, "record", "storage: the turn written"),
         (handlers, "send_text", "sending the replies (PTB, offline Bot API)"),
         (Message, "de_json", "PTB reading the update's message")]


CLOCK = time.perf_counter  # or time.process_time (--clock cpu)


def timed(owner: Any, name: str, label: str) -> None:
    static = inspect.getattr_static(owner, name)
    bound = isinstance(static, classmethod)
    original = static.__func__ if bound else getattr(owner, name)
    if inspect.iscoroutinefunction(original):
        @functools.wraps(original)
        async def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = CLOCK()
            try:
                return await original(*args, **kwargs)
            finally:
                SPENT[label] += CLOCK() - began
                CALLS[label] += 1
    else:
        @functools.wraps(original)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            began = CLOCK()
            try:
                return original(*args, **kwargs)
            finally:
                SPENT[label] += CLOCK() - began
                CALLS[label] += 1
    setattr(owner, name, classmethod(wrapper) if bound else wrapper)


@event.listens_for(SQLEngine, "before_cursor_execute")
def count(_connection: Any, _cursor: Any, statement: str, *_: Any) -> None:
    STATEMENTS[" ".join(statement.split()[:3])[:60]] += 1


@event.listens_for(Pool, "connect")
def count_on_the_driver(dbapi_connection: Any, _record: Any) -> None:
    """A turn's only write on PostgreSQL is sent by asyncpg itself (bot/storage/units.py
    `write_alone`), unseen by SQLAlchemy's events: asyncpg's query logger sees it."""
    driver = getattr(dbapi_connection, "driver_connection", None)
    if hasattr(driver, "add_query_logger"):
        driver.add_query_logger(lambda logged: count(None, None, logged.query))


async def main(db: str, students: int, at_once: int = 1) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="loopbaanbot-profile-"))
    url = (f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}" if db == "sqlite"
           else throughput.POSTGRES)
    ids = list(range(10_000, 10_000 + students + 3))
    settings = Settings(database_url=url, data_dir=data_dir)
    async with open_app(settings) as core:
        await enrol(core, ids)
    await throughput.run(settings, ids[:3], 1)  # warm-up, untimed
    for owner, name, label in PARTS:
        timed(owner, name, label)
    SPENT.clear(), CALLS.clear(), STATEMENTS.clear()
    measured = await throughput.run(settings, ids[3:], at_once)
    n = len(measured.latencies)
    ms = sorted(x * 1000 for x in measured.latencies)
    print(f"db={db} updates={n}, {at_once} student(s) at a time: mean {sum(ms) / n:.2f} ms, "
          f"p50 {ms[n // 2]:.2f} ms, p99 {ms[int(n * 0.99) - 1]:.2f} ms, "
          f"CPU {measured.cpu * 1000 / n:.2f} ms per update")
    print("  parts, per update, in " + ("this process's CPU time" if CLOCK is time.process_time
                                         else "wall time") + ":")
    for _, _, label in PARTS:
        print(f"  {label:58s} {SPENT[label] * 1000 / n:6.2f} ms  "
              f"({CALLS[label] / n:.2f} calls per update)")
    print("  statements per update:")
    for statement, times in STATEMENTS.most_common():
        if times / n >= 0.05:
            print(f"    {times / n:5.2f}  {statement}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--students", type=int, default=150)
    parser.add_argument("--at-once", type=int, default=1,
                        help="students talking at the same time (default 1: no queueing)")
    parser.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                        help="time each part in wall time (default) or this process's CPU")
    options = parser.parse_args()
    if options.clock == "cpu":
        CLOCK = time.process_time
    if options.db == "postgres":
        throughput.reset_postgres(throughput.POSTGRES)
    asyncio.run(main(options.db, options.students, options.at_once))
