"""Flags kept on local disk while the database is away, stored (with their alerts) once it is
back: a student in danger is never told "your mentor will hear of it" for nothing.

One JSON line per flag, appended and fsynced before the student gets their reply. It holds who
(their contact: channel and address, or the student's id), the rule, level and reason: never
the student's words.
Several processes on one machine may share the file: an exclusive lock guards every change.
"""

from __future__ import annotations

import fcntl
import json
import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.conversation import FlagRaised
from bot.logsafe import describe
from bot.storage import contacts
from bot.storage import flags as stored_flags
from bot.storage.models import Student

log = logging.getLogger(__name__)


class FlagSpool:
    def __init__(self, path: Path) -> None:
        self.path = path

    def keep(self, who: tuple[str, str] | int, flags: list[FlagRaised], at: datetime) -> None:
        """Write the flags to disk, durably, before the caller replies. `who`: the student's
        contact (channel, address), or their id for a channel without contacts."""
        whom = {"student_id": who} if isinstance(who, int) else {
            "channel": who[0], "address": who[1]}
        lines = [json.dumps({**whom, "rule": f.rule, "level": f.level, "reason": dict(f.reason),
                             "action": f.action, "at": at.isoformat()}, ensure_ascii=False)
                 for f in flags]
        if not lines:
            return
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._locked("a") as file:
            file.write("".join(line + "\n" for line in lines))
            file.flush()
            os.fsync(file.fileno())
        log.warning("the database was unavailable: kept %d flag(s) on disk to store later",
                    len(lines))

    def waiting(self) -> int:
        """How many flags wait on disk."""
        if not self.path.exists():
            return 0
        with self._locked("r") as file:
            return sum(1 for line in file if line.strip())

    async def drain(self, sessions: async_sessionmaker[AsyncSession]) -> int:
        """Store every waiting flag (alerts included); returns how many. Stops at the first
        failure and keeps the rest: the database may still be away."""
        if not self.path.exists() or self.path.stat().st_size == 0:
            return 0
        with self._locked("r+") as file:
            entries = [json.loads(line) for line in file if line.strip()]
            stored = 0
            for entry in entries:
                try:
                    await _store(sessions, entry)
                except Exception as exc:
                    log.error("could not store a kept flag yet; will try again\n%s",
                              describe(exc))
                    break
                stored += 1
            file.seek(0)
            file.truncate()
            file.write("".join(json.dumps(e, ensure_ascii=False) + "\n"
                               for e in entries[stored:]))
            file.flush()
            os.fsync(file.fileno())
        if stored:
            log.info("stored %d flag(s) kept on disk while the database was away", stored)
        return stored

    @contextmanager
    def _locked(self, mode: str) -> Iterator[IO[str]]:
        with open(self.path, mode, encoding="utf-8") as file:
            fcntl.flock(file.fileno(), fcntl.LOCK_EX)
            try:
                yield file
            finally:
                fcntl.flock(file.fileno(), fcntl.LOCK_UN)


async def _store(sessions: async_sessionmaker[AsyncSession], entry: dict[str, Any]) -> None:
    async with sessions.begin() as session:
        student = await _student(session, entry)
        if student is None:  # erased or never enrolled in the meantime: nothing to tell
            log.warning("a kept flag belongs to no student any more; dropped")
            return
        flag = FlagRaised(entry["rule"], entry["level"], entry["reason"], entry.get("action"))
        await stored_flags.add_flags(session, student.id, None, None, [flag],
                                     datetime.fromisoformat(entry["at"]))


async def _student(session: AsyncSession, entry: dict[str, Any]) -> Student | None:
    if entry.get("student_id") is not None:
        return await session.get(Student, int(entry["student_id"]))
    if entry.get("channel") is not None:
        return await contacts.student(session, entry["channel"], entry["address"])
    # written before contacts existed (a spool kept across the upgrade)
    if entry.get("telegram_user_id") is not None:
        return await contacts.student(session, "telegram", entry["telegram_user_id"])
    return await contacts.student(session, "console", entry.get("console_name") or "")
