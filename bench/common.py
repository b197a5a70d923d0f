"""What the benchmarks share: enrolled students, and the real Application on an offline Bot API."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.app import App
from bot.channels.telegram.application import PTBApplication, build
from bot.channels.telegram.limits import ChatRateLimiter
from bot.channels.telegram.offline import OfflineBotApi
from bot.storage.database import sessions
from bot.storage.models import Contact, Student
from bot.students import StudentService


async def enrol(core: App, telegram_ids: Iterable[int]) -> list[Student]:
    """Students of group 4A who have consented, as if they used an invite code."""
    now = datetime.now(UTC)
    async with sessions(core.database).begin() as session:
        ids = list(telegram_ids)
        people = [Student(name=f"S{i}", group_name="4A", consented_at=now, language="nl",
                          created_at=now) for i in ids]
        session.add_all(people)
        await session.flush()
        session.add_all(Contact(channel="telegram", address=str(i), student_id=p.id,
                                created_at=now) for i, p in zip(ids, people, strict=True))
        await session.flush()
    return people


def offline_application(core: App) -> tuple[PTBApplication, OfflineBotApi]:
    """The bot's real Application, answering to an in-process Bot API. Telegram's sending
    limits are left out: they pace delivery, not processing."""
    api = OfflineBotApi()
    application = build(core, StudentService(sessions(core.database)), "1:BENCH", True,
                        request=api, limiter=ChatRateLimiter(per_chat=10**6, period=1,
                                                             overall_max_rate=10**6))
    return application, api


def server_cpu(url: str) -> float | None:
    """CPU seconds used so far by the PostgreSQL server's processes, when the server runs on
    this machine (Linux: read from /proc); None elsewhere. The server shares this machine's
    cores with the bot, so its CPU per update is part of what two workers can reach."""
    from sqlalchemy.engine import make_url

    if make_url(url).host not in ("127.0.0.1", "localhost", "::1") or \
            not os.path.isdir("/proc/self"):
        return None
    ticks = 0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            with open(f"/proc/{pid}/comm") as comm:
                if comm.read().strip() != "postgres":
                    continue
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:  # the process ended meanwhile
            continue
        # utime, stime, and of its children ended: a connection's server process ends with
        # it, and its time moves to the server's main process
        ticks += sum(int(value) for value in fields[11:15])
    return ticks / os.sysconf("SC_CLK_TCK")
