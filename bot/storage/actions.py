"""A student's actions that are not done yet: what the actions list shows and ticks off."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.models import Action
from bot.storage.repository import NOT_DONE  # carried over until the student ticks it off


async def not_done(session: AsyncSession, student_id: int) -> list[Action]:
    return list((await session.scalars(
        select(Action).where(Action.student_id == student_id, Action.status.in_(NOT_DONE))
        .order_by(Action.due, Action.id))).all())


async def not_done_action(session: AsyncSession, student_id: int,
                          action_id: int) -> Action | None:
    """The action, if it is this student's and not done yet (ids come from buttons)."""
    return await session.scalar(select(Action).where(
        Action.id == action_id, Action.student_id == student_id, Action.status.in_(NOT_DONE)))
