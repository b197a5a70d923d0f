"""Serving HTTP in the bot's own process (the webhook, the web chat) with uvicorn, stopped by
the bot, not by uvicorn's own signal handling: uvicorn re-raises SIGTERM after it stops, which
killed the process before the bot could close Telegram and the database (exit 143)."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Generator, Iterable

import uvicorn


class Server(uvicorn.Server):
    """A uvicorn server that leaves SIGINT and SIGTERM to the bot (see `until_stopped`)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def stop_signal() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (Ctrl-C, systemd, docker stop)."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    return stop


async def until_stopped(stop: asyncio.Event, servers: Iterable[Server]) -> None:
    """Serve until a stop signal (or until a server ends by itself, e.g. its port is taken),
    then let every server finish its requests and return, so the caller can close the rest."""
    running = [asyncio.create_task(s.serve()) for s in servers]
    waiting = asyncio.create_task(stop.wait())
    try:
        await asyncio.wait([waiting, *running], return_when=asyncio.FIRST_COMPLETED)
    finally:
        waiting.cancel()
        for server in servers:
            server.should_exit = True
        for task in running:
            with contextlib.suppress(Exception):
                await task
