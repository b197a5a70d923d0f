"""Contacts: a person as a channel knows them (channel, address), owned by a student or a
mentor. The channels find their people here; the services then work on ids."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Contact, Mentor, Student


async def student(session: AsyncSession, channel: str, address: str | int) -> Student | None:
    return await session.scalar(
        select(Student).join(Contact, Contact.student_id == Student.id)
        .where(Contact.channel == channel, Contact.address == str(address)))


async def mentor(session: AsyncSession, channel: str, address: str | int) -> Mentor | None:
    return await session.scalar(
        select(Mentor).join(Contact, Contact.mentor_id == Mentor.id)
        .where(Contact.channel == channel, Contact.address == str(address)))


async def add(session: AsyncSession, channel: str, address: str | int, now: datetime, *,
              student: Student | None = None, mentor: Mentor | None = None) -> Contact:
    """Give a student or a mentor (already flushed: it has an id) a contact on a channel."""
    owner = {"student_id": student.id} if student is not None else {
        "mentor_id": mentor.id if mentor is not None else None}
    contact = Contact(channel=channel, address=str(address), created_at=now, **owner)
    session.add(contact)
    await session.flush()
    return contact
