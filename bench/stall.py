"""How long the event loop stands still while another process holds SQLite's write lock.

    python bench/stall.py                # lock held 3 s, 5 runs
    python bench/stall.py --hold 1 --runs 3

A second process (a CLI command, a backup) takes the write lock of the bot's SQLite file and
keeps it for --hold seconds. Meanwhile a student sends a message. The bot's turn must wait for
the lock, but nothing else in the process may: a ticker on the event loop notes the longest
gap between its 1 ms sleeps. Prints that longest stall and how long the waiting turn took.
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import enrol, offline_application  # noqa: E402
from telegram import Update  # noqa: E402
from throughput import update  # noqa: E402

from bot.app import open_app, prepare_to_serve  # noqa: E402
from bot.config import Settings  # noqa: E402

HOLDER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN IMMEDIATE")
print("locked", flush=True)
time.sleep(float(sys.argv[2]))
db.execute("COMMIT")
"""


async def once(hold: float) -> tuple[float, float]:
    data_dir = Path(tempfile.mkdtemp(prefix="loopbaanbot-stall-"))
    database = data_dir / "bench.sqlite3"
    async with open_app(Settings(database_url=f"sqlite+aiosqlite:///{database}",
                                 data_dir=data_dir)) as core:
        prepare_to_serve(core)  # as `loopbaanbot run` does before serving
        await enrol(core, [10_000])
        application, api = offline_application(core)
        async with application:
            holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(database), str(hold)],
                                      stdout=subprocess.PIPE, text=True)
            assert holder.stdout is not None and holder.stdout.readline().strip() == "locked"
            longest = 0.0
            running = True

            async def tick() -> None:
                nonlocal longest
                last = time.perf_counter()
                while running:
                    await asyncio.sleep(0.001)
                    now = time.perf_counter()
                    longest = max(longest, now - last - 0.001)
                    last = now

            ticker = asyncio.create_task(tick())
            await asyncio.sleep(0.05)
            started = time.perf_counter()
            incoming = Update.de_json(update(10_000, 0), application.bot)
            await application.process_update(incoming)
            turn = time.perf_counter() - started
            running = False
            await ticker
            holder.wait()
            if not api.texts():
                sys.exit("the waiting turn got no reply; the figures would not count")
    return longest, turn


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--hold", type=float, default=3.0, help="seconds the lock is held")
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    stalls, turns = [], []
    for _ in range(options.runs):
        stall, turn = asyncio.run(once(options.hold))
        stalls.append(stall * 1000)
        turns.append(turn * 1000)
    print(f"SQLite write lock held {options.hold:.1f} s by another process, {options.runs} runs")
    print(f"  longest event-loop stall  max {max(stalls):8.1f} ms   median "
          f"{statistics.median(stalls):8.1f} ms")
    print(f"  the waiting turn took     max {max(turns):8.1f} ms   median "
          f"{statistics.median(turns):8.1f} ms")


if __name__ == "__main__":
    main()
