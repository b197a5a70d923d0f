"""INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL: whoever gets there first wins."""

from __future__ import annotations

from typing import Any

from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


async def insert_new(session: AsyncSession, model: type[Any], values: dict[str, Any],
                     key: InstrumentedAttribute[Any]) -> Any | None:
    """Insert the row unless one with the same unique key exists; the new row's `key`, or None
    when another transaction (or process) inserted it first."""
    dialect = session.get_bind().dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    result = await session.execute(
        insert(model).values(values).on_conflict_do_nothing().returning(key))
    return result.scalar()
