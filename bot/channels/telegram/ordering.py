"""Updates of different chats run concurrently; updates of one chat strictly one at a time,
and a chat that floods the bot cannot slow the others down."""

from __future__ import annotations

import asyncio
import inspect
import logging
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from telegram import Update
from telegram.ext import BaseUpdateProcessor

log = logging.getLogger(__name__)
_UNBOUNDED = 1 << 30


class PerChatUpdateProcessor(BaseUpdateProcessor):
    """A lock per chat, taken first, in arrival order (asyncio locks are fair); only then one
    of the shared slots. Updates waiting for their chat hold no shared slot, and at most
    `per_chat` wait per chat: beyond that the update is dropped (the chat is told once to
    slow down, and the count is logged when the chat is quiet again)."""

    def __init__(self, max_concurrent_updates: int = 256, per_chat: int = 20) -> None:
        # PTB's own semaphore is taken before do_process_update, so an update waiting for
        # its chat would hold a slot: leave it wide open and keep the slots here, after the
        # chat's lock.
        super().__init__(_UNBOUNDED)
        self.per_chat = per_chat
        self.on_overflow: Callable[[int], Coroutine[Any, Any, None]] | None = None
        self._slots = asyncio.Semaphore(max_concurrent_updates)
        self._locks: dict[int, asyncio.Lock] = {}
        self._waiting: dict[int, int] = {}
        self._dropped: dict[int, int] = {}
        self._telling: set[asyncio.Task[None]] = set()

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            async with self._slots:
                await coroutine
            return
        key = chat.id
        if self._waiting.get(key, 0) >= self.per_chat:
            self._drop(key, coroutine)
            return
        lock = self._locks.setdefault(key, asyncio.Lock())
        self._waiting[key] = self._waiting.get(key, 0) + 1
        try:
            async with lock, self._slots:
                await coroutine
        finally:
            self._waiting[key] -= 1
            if not self._waiting[key]:  # forget idle chats, so memory stays flat
                del self._waiting[key]
                del self._locks[key]
                dropped = self._dropped.pop(key, 0)
                if dropped:
                    log.warning("a chat sent updates faster than they could be answered: "
                                "%d dropped", dropped)

    def _drop(self, key: int, coroutine: Awaitable[Any]) -> None:
        if inspect.iscoroutine(coroutine):
            coroutine.close()  # never started: nothing of it ran
        self._dropped[key] = self._dropped.get(key, 0) + 1
        if self._dropped[key] == 1 and self.on_overflow is not None:
            task = asyncio.create_task(self.on_overflow(key))
            self._telling.add(task)
            task.add_done_callback(self._telling.discard)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass
