"""An offline Bot API: answers like Telegram, records every call. For process_update tests."""

from __future__ import annotations

import itertools
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from telegram import Update

from bot.app import App, open_app
from bot.channels.telegram.application import PTBApplication, build, dispatcher
from bot.channels.telegram.limits import ChatRateLimiter
from bot.channels.telegram.offline import BOT, OfflineBotApi
from bot.config import Settings
from bot.storage.database import sessions
from bot.students import StudentService
from tests.conftest import ROOT, Clock


@dataclass
class Student:
    """A Telegram user talking to the bot: makes the updates Telegram would send."""

    telegram: TelegramHarness
    user_id: int = 501
    first_name: str = "Sanne"
    language_code: str = "nl"
    _update_ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))

    def _user(self) -> dict[str, Any]:
        return {"id": self.user_id, "is_bot": False, "first_name": self.first_name,
                "language_code": self.language_code}

    def _chat(self) -> dict[str, Any]:
        return {"id": self.user_id, "type": "private", "first_name": self.first_name}

    def next_id(self) -> int:
        return self.user_id * 10_000 + next(self._update_ids)

    def message(self, text: str | None = None, **extra: Any) -> dict[str, Any]:
        body: dict[str, Any] = {"message_id": self.next_id(), "date": int(time.time()),
                                "chat": self._chat(), "from": self._user(), **extra}
        if text is not None:
            body["text"] = text
            if text.startswith("/"):
                body["entities"] = [{"type": "bot_command", "offset": 0,
                                     "length": len(text.split()[0])}]
        return {"update_id": self.next_id(), "message": body}

    async def send(self, text: str | None = None, **extra: Any) -> None:
        await self.telegram.feed(self.message(text, **extra))

    async def press(self, label_part: str) -> None:
        """Press the button whose label contains label_part, on the newest message with it."""
        for params in reversed(self.telegram.api.sent()):
            markup = params.get("reply_markup")
            if not markup:
                continue
            for row in markup["inline_keyboard"]:
                for button in row:
                    if label_part in button["text"]:
                        await self.press_data(button["callback_data"], params)
                        return
        raise AssertionError(f"no button with {label_part!r}")

    async def press_data(self, data: str, message: dict[str, Any] | None = None) -> None:
        message = message or {"text": ""}
        await self.telegram.feed(self.callback(data, message))

    def callback(self, data: str, message: dict[str, Any]) -> dict[str, Any]:
        shown = {"message_id": message.get("message_id", 1), "date": int(time.time()),
                 "chat": self._chat(), "from": BOT, "text": message.get("text", "")}
        if message.get("reply_markup"):
            shown["reply_markup"] = message["reply_markup"]
        return {"update_id": self.next_id(),
                "callback_query": {"id": str(self.next_id()), "from": self._user(),
                                   "chat_instance": str(self.user_id), "data": data,
                                   "message": shown}}


@dataclass
class TelegramHarness:
    core: App
    application: PTBApplication
    api: OfflineBotApi
    students: StudentService

    async def export_of(self, telegram_user_id: int) -> dict[str, Any] | None:
        """Everything stored about this Telegram user, as `loopbaanbot export` gives it."""
        from bot.reflection import StudentRef

        return await self.students.export(StudentRef.on("telegram", telegram_user_id))

    async def run_jobs(self) -> int:
        """Run the due jobs (alerts, escalations) as the bot process's loop would."""
        return await dispatcher(self.core, self.application).run_once()

    def mentor(self, **kwargs: Any) -> Student:
        kwargs.setdefault("user_id", 9001)
        kwargs.setdefault("first_name", "Meneer de Vries")
        return Student(self, **kwargs)

    async def mentor_code(self, group: str = "4A", role: str = "mentor") -> str:
        [invitation] = await self.students.create_invites(role, group, 1)
        return invitation.code

    async def feed(self, data: dict[str, Any]) -> None:
        update = Update.de_json(data, self.application.bot)
        await self.application.process_update(update)

    def student(self, **kwargs: Any) -> Student:
        return Student(self, **kwargs)

    async def invite(self, group: str = "4A") -> str:
        [invitation] = await self.students.create_invites("student", group, 1)
        return invitation.code


@asynccontextmanager
async def offline_telegram(tmp_path: Path, clock: Clock | None = None,
                           database_url: str | None = None,
                           **overrides: Any) -> AsyncIterator[TelegramHarness]:
    settings = Settings(data_dir=tmp_path, database_url=database_url,
                        flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts",
                        **overrides)
    api = OfflineBotApi()
    async with open_app(settings, clock or Clock()) as core:
        students = StudentService(sessions(core.database), core.reflection.clock)
        # A student types far slower than these tests: no per-chat wait here (limits has its own
        # tests); the overall limit and the retry after a 429 stay as in production.
        limiter = ChatRateLimiter(per_chat=1000, period=1, max_retries=3)
        application = build(core, students, "123:OFFLINE", webhook=True, request=api,
                            limiter=limiter)
        async with application:
            yield TelegramHarness(core, application, api, students)
