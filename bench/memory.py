"""Process memory with many conversations in progress: RSS before and after starting them.

    python bench/memory.py --conversations 10000

Each student sends /reflectie (a conversation starts and waits for the check-in); the bot
process keeps at most 2,000 of them in memory, for ten minutes (bot/talkers.py), so RSS
should grow by about that many conversations, not more.
"""

from __future__ import annotations

import argparse
import asyncio
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import enrol, offline_application
from telegram import Update
from throughput import update

from bot.app import open_app
from bot.config import Settings


def rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


async def main(count: int) -> None:
    data_dir = Path(tempfile.mkdtemp(prefix="loopbaanbot-memory-"))
    settings = Settings(data_dir=data_dir)
    students = list(range(100_000, 100_000 + count))
    async with open_app(settings) as core:
        await enrol(core, students)
        application, api = offline_application(core)
        async with application:
            warm = Update.de_json(update(students[0], 0), application.bot)
            await application.process_update(warm)  # load everything lazy once
            api.calls.clear()
            before = rss_kib()
            started = time.perf_counter()
            for student in students[1:]:
                incoming = Update.de_json(update(student, 0), application.bot)
                await application.process_update(incoming)
                api.calls.clear()  # the stub's record of calls is not the bot's memory
            elapsed = time.perf_counter() - started
            after = rss_kib()
    grown = after - before
    print(f"conversations in progress: {count} (started in {elapsed:.0f} s)")
    print(f"  RSS before {before / 1024:8.1f} MiB   after {after / 1024:8.1f} MiB")
    print(f"  growth     {grown / 1024:8.1f} MiB = {grown * 1024 / max(count - 1, 1):.0f} bytes "
          "per conversation")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--conversations", type=int, default=10_000)
    asyncio.run(main(parser.parse_args().conversations))
