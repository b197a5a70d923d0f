"""End to end: Telegram updates through Application.process_update -> engine -> database ->
reply (an in-process Bot API stub). Prints updates/s and p50/p99 per update.

    python bench/throughput.py --db sqlite --students 200
    python bench/throughput.py --db postgres --students 400 --processes 2

Each student holds a whole reflection (9 updates); students run concurrently, each student's
updates in order. Telegram's sending limits are left out: they pace delivery, not processing.
"""

from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import enrol, offline_application, server_cpu  # noqa: E402
from telegram import Update  # noqa: E402

from bot.app import open_app, prepare_to_serve  # noqa: E402
from bot.config import Settings  # noqa: E402

SCRIPT = ["/reflectie", "2", "Ik moest vandaag alleen de kassa doen toen het heel druk was",
          "Dat ik rustig blijf als het druk is", "1", "nee",
          "Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep",
          "Ik zou eerder om hulp vragen",
          "Vrijdag vraag ik mijn begeleider om uitleg over de kassa"]
POSTGRES = os.environ.get("LOOPBAANBOT_BENCH_POSTGRES_URL",
                          "postgresql+asyncpg://postgres@127.0.0.1:5432/loopbaanbot_bench")


def update(student: int, step: int) -> dict[str, Any]:
    said = SCRIPT[step]
    message: dict[str, Any] = {
        "message_id": step + 1, "date": int(time.time()), "text": said,
        "chat": {"id": student, "type": "private"},
        "from": {"id": student, "is_bot": False, "first_name": f"S{student}"}}
    if said.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(said)}]
    return {"update_id": student * 100 + step, "message": message}


@dataclass
class Measured:
    latencies: list[float]  # seconds, one per update
    began: float  # wall clock (time.time) when the first update went in, after start-up
    ended: float
    cpu: float  # this process's CPU seconds over that window


async def run(settings: Settings, students: list[int], at_once: int = 0) -> Measured:
    async with open_app(settings) as core:
        prepare_to_serve(core)  # as `loopbaanbot run` does before serving
        application, _ = offline_application(core)
        latencies: list[float] = []
        gate = asyncio.Semaphore(at_once or len(students) or 1)

        async def one(student: int) -> None:
            async with gate:
                await talk(student)

        async def talk(student: int) -> None:
            for step in range(len(SCRIPT)):
                incoming = Update.de_json(update(student, step), application.bot)
                started = time.perf_counter()
                await application.update_processor.process_update(
                    incoming, application.process_update(incoming))
                latencies.append(time.perf_counter() - started)

        async with application:
            began, cpu = time.time(), time.process_time()
            await asyncio.gather(*(one(s) for s in students))
            return Measured(latencies, began, time.time(), time.process_time() - cpu)


def worker(args: tuple[str, list[int], Any, int]) -> Measured:
    url, students, data_dir, at_once = args
    settings = Settings(database_url=url, data_dir=data_dir)
    return asyncio.run(run(settings, students, at_once))


def reset_postgres(url: str) -> None:
    from sqlalchemy import text
    from sqlalchemy.ext.asyncio import create_async_engine

    async def go() -> None:
        admin = create_async_engine(url.rsplit("/", 1)[0] + "/postgres",
                                    isolation_level="AUTOCOMMIT")
        name = url.rsplit("/", 1)[1]
        async with admin.connect() as connection:
            await connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await connection.execute(text(f'CREATE DATABASE "{name}"'))
        await admin.dispose()

    asyncio.run(go())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--processes", type=int, default=1)
    parser.add_argument("--at-once", type=int, default=0,
                        help="students talking at the same time per process (default: all); "
                        "1 measures the time an update takes without queueing")
    options = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="loopbaanbot-bench-"))
    if options.db == "postgres":
        reset_postgres(POSTGRES)
        url = POSTGRES
    else:
        url = f"sqlite+aiosqlite:///{data_dir / 'bench.sqlite3'}"
    students = list(range(10_000, 10_000 + options.students))
    async def enrol_all() -> None:  # migrate and enrol first, so the timed runs start equal
        async with open_app(Settings(database_url=url, data_dir=data_dir)) as core:
            await enrol(core, students)

    asyncio.run(enrol_all())
    shares = [students[i::options.processes] for i in range(options.processes)]
    server_before = server_cpu(url) if options.db == "postgres" else None
    started = time.perf_counter()
    if options.processes == 1:
        parts = [worker((url, shares[0], data_dir, options.at_once))]
    else:
        with multiprocessing.get_context("spawn").Pool(options.processes) as pool:
            parts = pool.map(worker, [(url, share, data_dir, options.at_once)
                                      for share in shares])
    elapsed = time.perf_counter() - started
    server_after = server_cpu(url) if server_before is not None else None
    ms = sorted(x * 1000 for part in parts for x in part.latencies)
    window = max(p.ended for p in parts) - min(p.began for p in parts)
    print(f"db={options.db} processes={options.processes} students={options.students} "
          f"at once={options.at_once or 'all'} updates={len(ms)}")
    print(f"  throughput   {len(ms) / window:8.1f} updates/s (from the first update to the "
          f"last; {len(ms) / elapsed:.1f}/s with start-up)")
    print(f"  CPU          {sum(p.cpu for p in parts) * 1000 / len(ms):8.2f} ms per update "
          "(the bot's processes, not the database server)")
    if server_before is not None and server_after is not None:
        print(f"  server CPU   {(server_after - server_before) * 1000 / len(ms):8.2f} ms per "
              "update (PostgreSQL's processes on this machine; the workers' start-up included)")
    print(f"  latency p50  {statistics.median(ms):8.2f} ms")
    print(f"  latency p99  {ms[int(len(ms) * 0.99) - 1]:8.2f} ms")
    done = asyncio.run(completed(url, data_dir))
    print(f"  reflections completed and stored: {done} of {len(students)}")
    if done != len(students):  # a failing bot is fast: figures without this check mislead
        sys.exit("not every reflection was completed; the figures above do not count")


async def completed(url: str, data_dir: Path) -> int:
    from sqlalchemy import func, select

    from bot.storage.database import sessions
    from bot.storage.models import Conversation

    async with open_app(Settings(database_url=url, data_dir=data_dir)) as core, \
            sessions(core.database)() as session:
        return await session.scalar(select(func.count()).select_from(Conversation).where(
            Conversation.status == "completed")) or 0


if __name__ == "__main__":
    main()
