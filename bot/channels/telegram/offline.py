"""An in-process Bot API: answers like Telegram, records every call, never leaves the process.

For tests (python-telegram-bot's process_update with a real Application) and benchmarks."""

from __future__ import annotations

import itertools
import json
import time
from dataclasses import dataclass
from typing import Any

from telegram.request import BaseRequest, RequestData

BOT = {"id": 4242, "is_bot": True, "first_name": "Loopbaanbot", "username": "LoopbaanTestBot"}


@dataclass
class Call:
    method: str
    params: dict[str, Any]


class OfflineBotApi(BaseRequest):
    """Every request succeeds at once; messages get ids; nothing leaves the process."""

    def __init__(self) -> None:
        self.calls: list[Call] = []
        self._ids = itertools.count(1000)
        self.too_many_requests = 0  # answer this many sends with 429 first

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    @property
    def read_timeout(self) -> float | None:
        return 1.0

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         *args: Any, **kwargs: Any) -> tuple[int, bytes]:
        name = url.rsplit("/", 1)[-1]
        params = dict(request_data.parameters) if request_data else {}
        if name == "sendMessage" and self.too_many_requests:
            self.too_many_requests -= 1
            self.calls.append(Call("429", params))
            return 429, json.dumps({"ok": False, "error_code": 429,
                                    "description": "Too Many Requests: retry after 1",
                                    "parameters": {"retry_after": 1}}).encode()
        self.calls.append(Call(name, params))
        return 200, json.dumps({"ok": True, "result": self._result(name, params)}).encode()

    def _result(self, name: str, params: dict[str, Any]) -> Any:
        if name == "getMe":
            return BOT
        if name in ("sendMessage", "sendDocument", "sendPhoto", "editMessageText",
                    "editMessageReplyMarkup"):
            message: dict[str, Any] = {
                "message_id": params.get("message_id", next(self._ids)),
                "date": int(time.time()), "chat": {"id": int(params.get("chat_id", 0)),
                                                   "type": "private"},
                "from": BOT, "text": params.get("text", "")}
            if params.get("reply_markup"):
                message["reply_markup"] = params["reply_markup"]
            return message
        if name == "getUpdates":
            return []
        return True

    def sent(self, method: str = "sendMessage") -> list[dict[str, Any]]:
        return [c.params for c in self.calls if c.method == method]

    def texts(self) -> list[str]:
        return [str(p.get("text", "")) for p in self.sent()]

    def clear(self) -> None:
        self.calls.clear()
