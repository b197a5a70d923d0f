"""Serving HTTP in the bot's own process (the webhook, the web chat) with uvicorn, stopped by
the bot, not by uvicorn's own signal handling: uvicorn re-raises SIGTERM after it stops, which
killed the process before the bot could close Telegram and the database (exit 143)."""

from __future__ import annotations

import asyncio
import contextlib
import faulthandler
import signal
import sys
from collections.abc import Generator, Iterable

import uvicorn


class Server(uvicorn.Server):
    """A uvicorn server that leaves SIGINT and SIGTERM to the bot (see `until_stopped`)."""

    @contextlib.contextmanager
    def capture_signals(self) -> Generator[None, None, None]:
        yield


def stop_signal() -> asyncio.Event:
    """An event set by SIGINT or SIGTERM (Ctrl-C, systemd, docker stop). And SIGUSR1 prints
    where every thread and every task of the process stands to stderr, and the bot goes on:
    for a bot that seems stuck (`kill -USR1 <pid>`). Only lines of code, never what a student
    wrote."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    if hasattr(signal, "SIGUSR1"):
        loop.add_signal_handler(signal.SIGUSR1, where_everything_is)
    return stop


def where_everything_is() -> None:
    """Every thread's stack, and every task's on the event loop, to stderr."""
    faulthandler.dump_traceback(file=sys.stderr, all_threads=True)
    for task in asyncio.all_tasks():
        print(f"Task {task.get_name()}:", file=sys.stderr)
        task.print_stack(file=sys.stderr)
    sys.stderr.flush()


async def cancelled(task: asyncio.Task[None]) -> None:
    """Cancel a background task (the job loop) and wait until it has ended, so whatever it
    held (a transaction, SQLite's write lock) is let go before the caller closes the rest."""
    task.cancel()
    with contextlib.suppress(asyncio.CancelledError, Exception):
        await task


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
