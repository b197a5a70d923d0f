"""What the benchmarks share: enrolled students, and the real Application on an offline Bot API."""

from __future__ import annotations

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
