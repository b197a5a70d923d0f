"""Is the database there, and is its schema the newest? For the health endpoint."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.storage.database import alembic_config, current_revision


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


async def check(engine: AsyncEngine) -> dict[str, object]:
    """{'database': bool, 'migrations': 'current' | 'behind' | ..., 'ok': bool}."""
    try:
        async with engine.connect() as connection:
            await connection.execute(text("SELECT 1"))
        revision = await current_revision(engine)
    except Exception as exc:
        return {"ok": False, "database": False, "error": type(exc).__name__}
    current = revision == head_revision()
    return {"ok": current, "database": True,
            "migrations": "current" if current else f"at {revision}, newest {head_revision()}"}
