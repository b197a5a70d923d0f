"""The school's pages as a browser gets them: the class overview and the whole school's
analytics (12 weeks), rendered by the real app (bot/channels/web/server.py) over HTTP in process
(httpx's ASGI transport), signed in as a coordinator, on the school of bench/school_pages.py
(2,000 students in 70 groups, 50,000 conversations). Prints p50 and p99 of each page (the
target is 300 ms a page); asserts nothing about speed.

    python bench/school_pages_http.py                   # SQLite, in a temporary folder
    python bench/school_pages_http.py --db postgres     # PostgreSQL: its own database, dropped
    python bench/school_pages_http.py --profile         # and where the analytics page's time goes

The database queries alone are timed by bench/school_pages.py; the difference is the page:
signing in, the charts, the template.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import os
import pstats
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy import text  # noqa: E402
from sqlalchemy.ext.asyncio import create_async_engine  # noqa: E402

from bench.school_pages import POSTGRES, SeededSchool, check_numbers, seed  # noqa: E402
from bot.app import App, open_app, settle_memory  # noqa: E402
from bot.channels.web.app import WebChat, WebSettings  # noqa: E402
from bot.channels.web.server import school_pages  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.mentors.staff import StaffAccess  # noqa: E402
from bot.storage.database import sessions  # noqa: E402
from bot.students import StudentService  # noqa: E402

BENCH_DATABASE = "bench_school_http"  # made and dropped by this script; nothing else is touched
WEB_URL = "https://school.example.nl"


def client(core: App) -> httpx.AsyncClient:
    """The web app as `loopbaanbot run --web` serves it (the chat and the school's pages)."""
    students = StudentService(sessions(core.database), core.reflection.clock)
    chat = WebChat(core.reflection, students, core.content.texts,
                   WebSettings(secure_cookies=False))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=chat.app(school_pages(core))),
                             base_url="http://bench")


async def sign_in(core: App, http: httpx.AsyncClient, mentor_id: int) -> None:
    token = await StaffAccess(sessions(core.database), core.reflection.clock).link_for(mentor_id)
    pressed = await http.post(f"/school/login/{token}")
    assert pressed.status_code == 303, pressed.status_code


@dataclass(frozen=True)
class Timing:
    wall: list[float]  # ms per request
    cpu: float  # ms of this process's CPU per request (SQLite's work included, PostgreSQL's not)


async def timed(runs: int, call: Callable[[], Awaitable[httpx.Response]]) -> Timing:
    for _ in range(2):  # warm: statement caches, templates, the connection pool
        await call()
    times = []
    cpu = time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        response = await call()
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"{response.request.url}: {response.status_code}")
    return Timing(times, (time.process_time() - cpu) * 1000 / runs)


def summary(label: str, timing: Timing) -> str:
    ordered = sorted(timing.wall)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (f"{label:<42} p50 {statistics.median(ordered):7.1f} ms   p99 {p99:7.1f} ms   "
            f"cpu here {timing.cpu:6.1f} ms   ({len(ordered)} runs)")


async def measure(school: SeededSchool, data: Path, runs: int, profile: bool) -> None:
    await check_numbers(school)
    settings = Settings(data_dir=data, database_url=school.url, web_url=WEB_URL,
                        web_secure_cookies=False)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work slows "
          "the wall times; the CPU time is this process's own)", flush=True)
    async with open_app(settings, lambda: school.now) as core, client(core) as http:
        await sign_in(core, http, school.coordinator)
        settle_memory()  # as `loopbaanbot run` does once it has loaded what it keeps
        group = school.groups[0]
        overview = f"/school/classes/{group}"
        first = await http.get(overview)
        print(f"  (class overview of {group}: {len(first.content):,} bytes; analytics: "
              f"{len((await http.get('/school/analytics')).content):,} bytes)", flush=True)
        print(summary(f"HTTP class overview ({group})",
                      await timed(runs, lambda: http.get(overview))), flush=True)
        print(summary("HTTP analytics, whole school, 12 weeks",
                      await timed(runs, lambda: http.get("/school/analytics"))), flush=True)
        print(summary(f"HTTP analytics, one group ({group}), 12 weeks",
                      await timed(runs, lambda: http.get(f"/school/analytics?group={group}"))),
              flush=True)
        print(summary("HTTP analytics CSV, per group per week",
                      await timed(runs, lambda: http.get(
                          "/school/analytics/group_weeks.csv"))), flush=True)
        if profile:
            await _profile(http)


async def _profile(http: httpx.AsyncClient) -> None:
    """Where the analytics page's time goes: the functions with the most time, own and
    cumulative (the database's share shows under the driver's calls)."""
    profiler = cProfile.Profile()
    profiler.enable()
    for _ in range(10):
        await http.get("/school/analytics")
    profiler.disable()
    out = io.StringIO()
    stats = pstats.Stats(profiler, stream=out)
    stats.sort_stats("cumulative").print_stats(30)
    stats.sort_stats("tottime").print_stats(15)
    print(out.getvalue())


# -- the databases ------------------------------------------------------------------------------

async def _admin(statement: str) -> None:
    engine = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def run(db: str, students: int, groups: int, conversations: int, runs: int,
              profile: bool) -> None:
    with tempfile.TemporaryDirectory(prefix="loopbaanbot-school-http-") as folder:
        data = Path(folder)
        if db == "sqlite":
            url = f"sqlite+aiosqlite:///{data / 'school.sqlite3'}"
            await measure(await seed(url, students, groups, conversations), data, runs, profile)
            return
        await _admin(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
        await _admin(f'CREATE DATABASE "{BENCH_DATABASE}"')
        try:
            url = f"{POSTGRES.rsplit('/', 1)[0]}/{BENCH_DATABASE}"
            await measure(await seed(url, students, groups, conversations), data, runs, profile)
        finally:
            await _admin(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=70)
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--profile", action="store_true",
                        help="Also profile the analytics page (cProfile, 10 requests).")
    args = parser.parse_args(argv)
    print(f"{args.db}: {args.students:,} students in {args.groups} groups, "
          f"{args.conversations:,} conversations; pages over HTTP in process", flush=True)
    asyncio.run(run(args.db, args.students, args.groups, args.conversations, args.runs,
                    args.profile))


if __name__ == "__main__":
    main()
