"""Crash points: the end-to-end tests kill the bot at a chosen moment, as kill -9 would.

`LOOPBAANBOT_CRASH_AT=after_commit` kills the process right after a turn is committed and
before its reply is sent: the moment where a reply (the helplines above all) could be lost.
Unset, a crash point costs one dictionary lookup."""

from __future__ import annotations

import os
import signal


def crash_point(name: str) -> None:
    if os.environ.get("LOOPBAANBOT_CRASH_AT") == name:
        os.kill(os.getpid(), signal.SIGKILL)
