"""How often an address may try an invite code: a few a minute, so codes cannot be guessed."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable

WINDOW = 60.0  # seconds
MAX_ADDRESSES = 10_000  # the oldest are forgotten beyond this


class Attempts:
    def __init__(self, per_minute: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.per_minute = per_minute
        self.clock = clock
        self._seen: dict[str, deque[float]] = {}

    def allow(self, address: str) -> bool:
        now = self.clock()
        tries = self._seen.setdefault(address, deque())
        while tries and now - tries[0] > WINDOW:
            tries.popleft()
        if len(tries) >= self.per_minute:
            return False
        tries.append(now)
        if len(self._seen) > MAX_ADDRESSES:
            self._seen.pop(next(iter(self._seen)))
        return True
