"""Telegram's sending limits: about 30 messages/s overall, about 1/s per chat, retry on 429."""

from __future__ import annotations

import contextlib
from collections import OrderedDict
from collections.abc import Callable, Coroutine
from typing import Any

from aiolimiter import AsyncLimiter
from telegram.ext import AIORateLimiter

JSONDict = dict[str, Any]


class ChatRateLimiter(AIORateLimiter):
    """PTB's limiter (overall rate, groups, retry after 429) plus a limit per private chat.

    A chat may get a short burst (a turn is often two messages) but no more than `per_chat`
    messages per `period` seconds on average."""

    def __init__(self, per_chat: float = 3, period: float = 3, chats_kept: int = 10_000,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._per_chat = per_chat
        self._period = period
        self._chats_kept = chats_kept
        self._chats: OrderedDict[int, AsyncLimiter] = OrderedDict()

    def _limiter(self, chat_id: int) -> AsyncLimiter:
        limiter = self._chats.pop(chat_id, None) or AsyncLimiter(self._per_chat, self._period)
        self._chats[chat_id] = limiter  # most recent last; the oldest idle ones are dropped
        while len(self._chats) > self._chats_kept:
            self._chats.popitem(last=False)
        return limiter

    async def process_request(
        self, callback: Callable[..., Coroutine[Any, Any, bool | JSONDict | list[JSONDict]]],
        args: Any, kwargs: dict[str, Any], endpoint: str, data: dict[str, Any],
        rate_limit_args: int | None,
    ) -> bool | JSONDict | list[JSONDict]:
        chat_id: Any = data.get("chat_id")
        with contextlib.suppress(ValueError, TypeError):
            chat_id = int(chat_id)
        if isinstance(chat_id, int) and chat_id > 0:  # a private chat
            async with self._limiter(chat_id):
                return await super().process_request(callback, args, kwargs, endpoint, data,
                                                     rate_limit_args)
        return await super().process_request(callback, args, kwargs, endpoint, data,
                                             rate_limit_args)
