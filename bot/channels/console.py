"""The console chat: a reflection in the terminal, or as JSON lines for programs."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import threading
from collections.abc import Iterator
from typing import BinaryIO, TextIO

from bot.core.conversation import BotTurn, Input, Said, Unreadable
from bot.core.texts import Texts
from bot.logsafe import describe
from bot.reflection import NoConversation, ReflectionService, StudentRef

log = logging.getLogger(__name__)


class LineReader:
    """Reads input lines in a daemon thread, so Ctrl-C or a closed pipe never hang the chat.

    From a real file descriptor (stdin) the thread reads with os.read, not through Python's
    buffered reader: a thread waiting inside that reader holds its lock, and Python, ending
    after Ctrl-C while the terminal is still open, stops with a fatal error on that lock
    instead of exiting (code 130, answers kept)."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream
        self._queue: asyncio.Queue[bytes | None] = asyncio.Queue()
        self._loop = asyncio.get_running_loop()
        threading.Thread(target=self._pump, name="stdin", daemon=True).start()

    def _pump(self) -> None:
        try:
            descriptor = self._stream.fileno()
        except (AttributeError, OSError, ValueError):  # not a file (a test's BytesIO)
            descriptor = None
        lines = self._lines(descriptor) if descriptor is not None else \
            iter(self._stream.readline, b"")
        for line in lines:
            self._loop.call_soon_threadsafe(self._queue.put_nowait, line)
        self._loop.call_soon_threadsafe(self._queue.put_nowait, None)

    @staticmethod
    def _lines(descriptor: int) -> Iterator[bytes]:
        """The lines read from a file descriptor, each with its line ending (the last one
        perhaps without)."""
        pending = b""
        while chunk := os.read(descriptor, 65536):
            pending += chunk
            *complete, pending = pending.split(b"\n")
            for line in complete:
                yield line + b"\n"
        if pending:
            yield pending

    async def readline(self) -> bytes | None:
        """The next line without its line ending, or None when input has ended."""
        line = await self._queue.get()
        return None if line is None else line.rstrip(b"\r\n")


def decode(line: bytes) -> Input:
    try:
        return Said(line.decode("utf-8"))
    except UnicodeDecodeError:
        return Unreadable("bytes")


class ConsoleChat:
    """Leads one student through a reflection over stdin/stdout."""

    def __init__(self, service: ReflectionService, texts: Texts, who: StudentRef, language: str,
                 out: TextIO, as_json: bool = False) -> None:
        self.service = service
        self.texts = texts
        self.who = who
        self.language = language
        self.out = out
        self.as_json = as_json

    async def run(self, reader: LineReader) -> int:
        self._note("console.intro")
        opened = await self.service.open(self.who, self.language)
        assert opened is not None
        turn = opened
        self._show(turn)
        while turn.expects != "none":
            line = await reader.readline()
            if line is None:
                self._note("console.paused")
                return 0
            try:
                reply = await self.service.reply(self.who, decode(line), self.language)
            except NoConversation:  # left open past the resume window: start afresh
                opened = await self.service.open(self.who, self.language)
                assert opened is not None
                turn = opened
                self._show(turn)
                continue
            except Exception as exc:  # the turn was rolled back; tell the student, keep going
                log.error("a console turn failed; nothing of it was saved\n%s", describe(exc))
                self._show(BotTurn(messages=[self.texts.say(self.language, "errors.internal")]),
                           prompt=False)
                continue
            assert reply is not None  # the console has no update ids, so never a duplicate
            turn = reply.turn
            if reply.no_conversation:  # heard, outside a reflection: then start one afresh
                self._show(turn, prompt=False)
                opened = await self.service.open(self.who, self.language)
                assert opened is not None
                turn = opened
            self._show(turn)
        self._note("console.finished" if turn.done else "console.stopped" if turn.stopped
                   else "console.paused")
        return 0

    def paused(self) -> None:
        self._note("console.paused")

    def _note(self, key: str) -> None:
        """A line about the chat itself; JSON mode keeps stdout for the bot's turns only."""
        if not self.as_json:
            self.out.write(f"\n({self.texts.say(self.language, key)})\n")
            self.out.flush()

    def _show(self, turn: BotTurn, prompt: bool = True) -> None:
        if self.as_json:
            self.out.write(json.dumps({
                "text": turn.text, "options": [o.label for o in turn.options],
                "numbers": [o.number or i for i, o in enumerate(turn.options, start=1)],
                "expects": turn.expects, "done": turn.done}, ensure_ascii=False) + "\n")
        else:
            lines = [line for m in turn.messages for line in ("", m)]
            lines[1] = f"🤖 {lines[1]}"
            lines += [f"   {o.number or i}. {o.label}"
                      for i, o in enumerate(turn.options, start=1)]
            self.out.write("\n".join(lines) + "\n")
            if prompt and turn.expects != "none":  # ended or paused: nothing to type
                self.out.write("> ")
        self.out.flush()
