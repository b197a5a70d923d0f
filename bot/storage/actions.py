"""A student's actions: the ones not done yet (what the actions list shows and ticks off), the
one to look back on in a reflection, how one went (reviewed, with its history)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import bindparam, insert, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.core.conversation import ActionReviewed
from bot.storage.models import Action, ActionEvent
from bot.storage.tables import table as _table

_ACTIONS = _table(Action)

NOT_DONE = ("open", "partly", "not_yet")  # an action stays alive until done or let go


async def not_done(session: AsyncSession, student_id: int) -> list[Action]:
    return list((await session.scalars(
        select(Action).where(Action.student_id == student_id, Action.status.in_(NOT_DONE))
        .order_by(Action.due, Action.id))).all())


async def not_done_action(session: AsyncSession, student_id: int,
                          action_id: int) -> Action | None:
    """The action, if it is this student's and not done yet (ids come from buttons)."""
    return await session.scalar(select(Action).where(
        Action.id == action_id, Action.student_id == student_id, Action.status.in_(NOT_DONE)))


# Read as a conversation starts, with the rest of its history (bot/storage/history.py):
# the action to look back on, and the latest reviewed ones (were they let go?).
OPEN_ACTION = (
    select(_ACTIONS.c.id, _ACTIONS.c.text, _ACTIONS.c.due, _ACTIONS.c.status,
           _ACTIONS.c.times_reviewed)
    .where(_ACTIONS.c.student_id == bindparam("student"),
           or_(_ACTIONS.c.reviewed_in == bindparam("conversation"),  # NULL: never equal
               _ACTIONS.c.status.in_(NOT_DONE)),
           _ACTIONS.c.conversation_id != bindparam("not_from"))
    .order_by(_ACTIONS.c.due, _ACTIONS.c.id).limit(1))


DROPPED_ACTIONS = (
    select(_ACTIONS.c.id, _ACTIONS.c.status)
    .where(_ACTIONS.c.student_id == bindparam("student"), _ACTIONS.c.status.not_in(NOT_DONE))
    .order_by(_ACTIONS.c.id.desc()).limit(5))


def dropped_streak(statuses: list[str]) -> int:
    """Of the latest reviewed actions, newest first: how many in a row were let go."""
    streak = 0
    for status in statuses:
        if status != "dropped":
            break
        streak += 1
    return streak


async def review_action(session: AsyncSession, student_id: int, conversation_id: int | None,
                        event: ActionReviewed, now: datetime) -> None:
    """How an action went, what was learned, or a new day for it; kept in its history."""
    values: dict[str, Any] = {"reviewed_at": now}
    if conversation_id is not None:
        values["reviewed_in"] = conversation_id
    kind = "reviewed"
    if event.outcome is not None:
        values["status"] = event.outcome
        values["times_reviewed"] = Action.times_reviewed + 1
        kind = {"done": "done", "dropped": "dropped"}.get(event.outcome, "reviewed")
    if event.learning is not None:
        values["learning"] = event.learning
        kind = "learning"
    if event.new_due is not None:
        values["due"] = event.new_due
        values["reminded_at"] = None
        kind = "rescheduled"
    if event.new_text is not None:
        values["text"] = event.new_text
    found = (await session.execute(update(Action).where(
        Action.id == event.action_id, Action.student_id == student_id)
        .values(**values).returning(Action.id))).scalar()
    if found is not None:
        await session.execute(insert(ActionEvent).values(
            action_id=event.action_id, conversation_id=conversation_id, kind=kind,
            outcome=event.outcome, due=event.new_due, learning=event.learning, at=now))


async def action_history(session: AsyncSession, action_ids: list[int]
                         ) -> dict[int, list[ActionEvent]]:
    if not action_ids:
        return {}
    events = (await session.scalars(select(ActionEvent).where(
        ActionEvent.action_id.in_(action_ids)).order_by(ActionEvent.at, ActionEvent.id))).all()
    history: dict[int, list[ActionEvent]] = {}
    for event in events:
        history.setdefault(event.action_id, []).append(event)
    return history
