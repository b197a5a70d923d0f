"""INSERT ... ON CONFLICT DO NOTHING on SQLite and PostgreSQL: whoever gets there first wins."""

from __future__ import annotations

from typing import Any, cast

from sqlalchemy import Table
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute
from sqlalchemy.sql import Executable


async def insert_new(session: AsyncSession, model: type[Any], values: dict[str, Any],
                     key: InstrumentedAttribute[Any]) -> Any | None:
    """Insert the row unless one with the same unique key exists; the new row's `key`, or None
    when another transaction (or process) inserted it first."""
    statement = _statement(session.get_bind().dialect.name, model, key)
    return (await session.execute(statement, values)).scalar()


_built: dict[tuple[str, type[Any], str], Executable] = {}


def _statement(dialect: str, model: type[Any], key: InstrumentedAttribute[Any]) -> Executable:
    """Built once per table (some of these run on every message)."""
    built = _built.get((dialect, model, key.key))
    if built is None:
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        table = cast(Table, model.__table__)  # the table, not the entity: a Core statement,
        built = _built[dialect, model, key.key] = (  # without the ORM's bulk-insert machinery
            insert(table).on_conflict_do_nothing().returning(table.c[key.key]))
    return built
