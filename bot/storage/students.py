"""Students as the turns and the console find them: by contact (made on first use) or name,
one row read with one Core statement, and the lock that serialises a student's turns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, select, text
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import contacts
from bot.storage.models import Student
from bot.storage.tables import connection as _connection
from bot.storage.tables import table as _table

_STUDENTS = _table(Student)


@dataclass(slots=True)
class StudentRow:
    """The student as a turn needs them: read with one Core statement, not an ORM object."""

    id: int
    name: str
    language: str
    group_name: str | None


STUDENT_COLUMNS = (_STUDENTS.c.id, _STUDENTS.c.name, _STUDENTS.c.language,
                   _STUDENTS.c.group_name)


async def student_on_first_use(session: AsyncSession, channel: str, address: str,
                               language: str, now: datetime, group: str | None = None
                               ) -> Student:
    """The student with this contact, made on first use (the console: its name is the
    student's name; it has no invite codes)."""
    student = await contacts.student(session, channel, address)
    if student is None:
        student = Student(name=address, language=language, created_at=now)
        session.add(student)
        await session.flush()
        await contacts.add(session, channel, address, now, student=student)
    if group:
        student.group_name = group
    await session.flush()
    return student


async def find_student(session: AsyncSession, name: str) -> Student | None:
    """A student by their console name, else by name (the CLI's lookups)."""
    return await contacts.student(session, "console", name) or await session.scalar(
        select(Student).where(Student.name == name).order_by(Student.id).limit(1))


STUDENT_LOCKS = 0x4C42  # advisory lock namespace: one worker at a time per student


async def lock_student(session: AsyncSession, student_id: int) -> None:
    """Serialize a student's turns across processes for this transaction (PostgreSQL; SQLite
    has one writer at a time anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        await session.execute(text("SELECT pg_advisory_xact_lock(:space, :id)"),
                              {"space": STUDENT_LOCKS, "id": student_id})


_STUDENT_BY_ID = select(*STUDENT_COLUMNS).where(_STUDENTS.c.id == bindparam("student"))


async def student_row(session: AsyncSession, student_id: int) -> StudentRow | None:
    row = (await (await _connection(session)).execute(_STUDENT_BY_ID,
                                                      {"student": student_id})).first()
    return None if row is None else StudentRow(*row)


async def by_id(session: AsyncSession, student_id: int) -> Student | None:
    return await session.get(Student, student_id)
