"""Digest delivery: 1,000 digests through the bot's rate limiter, against the Telegram
emulator answering 429 above 30 messages/s. Prints the time and the number of 429 answers.

    npm ci --prefix tests/telegram_emulator      # once
    python bench/digests.py --mentors 1000
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import select  # noqa: E402

from bot.app import open_app  # noqa: E402
from bot.channels.telegram.application import build  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.mentors.delivery import deliver  # noqa: E402
from bot.mentors.digest import Digests  # noqa: E402
from bot.storage.database import sessions  # noqa: E402
from bot.storage.models import Contact, Mentor, MentorGroup  # noqa: E402
from bot.students import StudentService  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def run(count: int, emulator: str) -> float:
    settings = Settings(data_dir=Path(tempfile.mkdtemp(prefix="loopbaanbot-digests-")),
                        telegram_token="1:DIGESTS", telegram_base_url=f"{emulator}/bot")
    async with open_app(settings) as core:
        now = datetime.now(UTC)
        async with sessions(core.database).begin() as session:
            mentors = [Mentor(name=f"Mentor {i}", language="nl", coordinator=False,
                              created_at=now) for i in range(count)]
            session.add_all(mentors)
            await session.flush()
            session.add_all(Contact(channel="telegram", address=str(50_000 + i), mentor_id=m.id,
                                    created_at=now) for i, m in enumerate(mentors))
            session.add_all(MentorGroup(mentor_id=m.id, group_name="4A") for m in mentors)
        async with sessions(core.database)() as session:  # as the job loop loads them
            mentors = list((await session.scalars(select(Mentor))).all())
        digests = Digests(sessions(core.database), core.content.texts, core.content.school,
                          settings.zone, core.reflection.clock)
        application = build(core, StudentService(sessions(core.database)), "1:DIGESTS", True)
        async with application:
            async def send(mentor: Mentor, text: str) -> bool:
                await application.bot.send_message(int(mentor.address("telegram") or 0), text)
                return True

            started = time.perf_counter()
            await asyncio.gather(*(deliver(digests, settings, m, send) for m in mentors))
            return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--mentors", type=int, default=1000)
    count = parser.parse_args().mentors
    port = free_port()
    env = {**os.environ, "EMULATOR_MAX_PER_SECOND": "30"}
    emulator = subprocess.Popen(["node", "launch.js", str(port)],
                                cwd=ROOT / "tests" / "telegram_emulator", env=env,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert emulator.stdout is not None and emulator.stdout.readline().startswith(b"READY")
        url = f"http://127.0.0.1:{port}"
        elapsed = asyncio.run(run(count, url))
        stats = httpx.get(f"{url}/stats").json()
    finally:
        emulator.terminate()
        emulator.communicate(timeout=10)
    print(f"digests: {count}, delivered in {elapsed:.1f} s "
          f"({count / elapsed:.1f}/s); messages sent {stats['sent']}, "
          f"429 answers {stats['tooMany']}")


if __name__ == "__main__":
    main()
