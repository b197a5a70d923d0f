"""The tables as Core sees them, for statements built once, and the session's connection to
run them on (see bot/storage/units.py: Core on the connection costs a third of the ORM's
`execute`)."""

from __future__ import annotations

from typing import cast

from sqlalchemy import Table
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncSession

from bot.storage.models import Base


def table(model: type[Base]) -> Table:
    return cast(Table, model.__table__)


async def connection(session: AsyncSession) -> AsyncConnection:
    """The session's connection, for Core statements that need nothing of the ORM (on the
    SQLite thread: the plain connection, see bot/storage/units.py)."""
    return await session.connection()
