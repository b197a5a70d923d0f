"""A channel's updates answered: each update's idempotency key recorded with its reply (the
outbox), taken once when the channel asks again, forgotten once delivered. (An update is
claimed at the start of a turn by bot/storage/enrolment.py `claim_update`.)"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ARRAY, JSON, BigInteger, TextClause, bindparam, select, text, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage import enrolment
from bot.storage.models import ProcessedUpdate, UTCDateTime
from bot.storage.tables import connection as _connection
from bot.storage.tables import table as _table
from bot.storage.units import JSONText

_PROCESSED = _table(ProcessedUpdate)

# Built once; Core, so the ORM does not try to synchronise loaded objects with them.
_KEEP_REPLY = (update(_PROCESSED).where(_PROCESSED.c.update_id == bindparam("id"))
               .values(reply=bindparam("reply")))
_FORGET_REPLY = (update(_PROCESSED).where(_PROCESSED.c.update_id == bindparam("id"))
                 .values(reply=None))


@dataclass(frozen=True)
class Handled:
    """A channel's update (its idempotency key) answered by a turn, to record with it: its
    reply (the outbox) and the earlier updates whose replies were delivered (marks)."""

    update_id: int
    reply: JSONText
    delivered: Sequence[int] = ()

    def marks(self) -> list[int]:
        return [m for m in dict.fromkeys(self.delivered) if m != self.update_id]


MARKS_AT_ONCE = 32  # on SQLite, marks written with an update; more go in a statement of their own
# The update handled, with its reply, and earlier updates marked delivered (their reply
# forgotten), in one statement: an upsert of the update and the marked ones. The update is
# inserted, or taken over when its id is older than the window (a new update reusing it); a
# marked one (always there: marks come within seconds, rows go after two days) gets its reply
# NULL. Every marked row counts as written (inserted or updated); the update only when it was
# not handled already. (The row count says so: RETURNING would cost more.)
_UPSERT_HANDLED = (
    "ON CONFLICT (update_id) DO UPDATE SET reply = excluded.reply, created_at = CASE WHEN "
    "processed_updates.update_id = :update THEN excluded.created_at "
    "ELSE processed_updates.created_at END "
    "WHERE processed_updates.update_id <> :update OR processed_updates.created_at < :cutoff")
HANDLED_PARAMS = (bindparam("now", type_=UTCDateTime()), bindparam("cutoff", type_=UTCDateTime()),
                  bindparam("update", type_=BigInteger()), bindparam("reply", type_=JSON()))
# PostgreSQL: the marks as one array, so the statement has one shape (prepared once).
# `after`: a CTE whose rows the update's own row waits for (a turn records its update only
# when its conversation moved: see conversations.record).
def pg_handled(after: str = "") -> str:
    return ("INSERT INTO processed_updates (update_id, created_at, reply) "
            f"SELECT :update, :now, :reply {f'FROM {after} ' if after else ''}UNION ALL "
            f"SELECT m, :now, NULL FROM unnest(:marks) AS m {_UPSERT_HANDLED}")


# The update still unhandled (within the window), as a condition.
PG_NOT_HANDLED = ("NOT EXISTS (SELECT FROM processed_updates WHERE update_id = :update "
                  "AND created_at >= :cutoff)")
_PG_SETTLE = text(pg_handled()).bindparams(*HANDLED_PARAMS,
                                           bindparam("marks", type_=ARRAY(BigInteger())))


def _sqlite_settle(marks: int) -> TextClause:
    rows = ", ".join(["(:update, :now, :reply)"] + [f"(:m{i}, :now, NULL)" for i in range(marks)])
    return text(
        f"INSERT INTO processed_updates (update_id, created_at, reply) VALUES {rows} "
        f"{_UPSERT_HANDLED}"
    ).bindparams(*HANDLED_PARAMS, *(bindparam(f"m{i}", type_=BigInteger())
                                     for i in range(marks)))


_SQLITE_SETTLES = [_sqlite_settle(marks) for marks in range(MARKS_AT_ONCE + 1)]


def handled_values(handled: Handled, now: datetime) -> dict[str, Any]:
    return {"update": handled.update_id, "now": now, "reply": handled.reply,
            "cutoff": now - enrolment.UPDATE_WINDOW}


async def settle_update(session: AsyncSession, handled: Handled, now: datetime) -> bool:
    """Record a channel's update as handled, with its reply, and write the marks of earlier
    updates: one statement, at the end of the turn's transaction. False when the update was
    handled already (the caller rolls back).

    The turn checked first that it was not (`talking`): False means another worker took the
    same id meanwhile (a redelivery reaching two workers at once)."""
    connection = await _connection(session)
    marks = handled.marks()
    values = handled_values(handled, now)
    if connection.dialect.name == "postgresql":
        written = await connection.execute(_PG_SETTLE, {**values, "marks": marks})
    else:
        await forget_replies(session, marks[MARKS_AT_ONCE:])
        marks = marks[:MARKS_AT_ONCE]
        values.update((f"m{i}", mark) for i, mark in enumerate(marks))
        written = await connection.execute(_SQLITE_SETTLES[len(marks)], values)
    return int(getattr(written, "rowcount", 0) or 0) == len(marks) + 1


def reply_json(turn: str, accepted: bool = True, refusal: str | None = None,
               no_conversation: bool = False) -> JSONText:
    """A reply as stored with its update: the turn as pydantic serialised it (JSON text),
    and how the input was taken."""
    return JSONText(f'{{"turn": {turn}, "accepted": {json.dumps(accepted)}, '
                    f'"refusal": {json.dumps(refusal)}, '
                    f'"no_conversation": {json.dumps(no_conversation)}}}')


async def keep_reply(session: AsyncSession, update_id: int | None,
                     reply: dict[str, Any] | JSONText) -> None:
    """Store the reply with its claimed update, in the turn's transaction (the outbox)."""
    if update_id is not None:
        await (await _connection(session)).execute(_KEEP_REPLY,
                                                   {"id": update_id, "reply": reply})


async def take_reply(session: AsyncSession, update_id: int | None) -> dict[str, Any] | None:
    """The stored reply of an update not yet delivered, taken once (None: delivered)."""
    if update_id is None:
        return None
    row = await session.scalar(select(ProcessedUpdate)
                               .where(ProcessedUpdate.update_id == update_id)
                               .with_for_update())
    if row is None or row.reply is None:
        return None
    reply = row.reply
    row.reply = None
    await session.flush()
    return reply


async def forget_replies(session: AsyncSession, update_ids: Sequence[int]) -> None:
    """The replies of these updates were delivered: a redelivery needs none (one statement,
    run for each id)."""
    if update_ids:
        await (await _connection(session)).execute(_FORGET_REPLY,
                                                   [{"id": i} for i in update_ids])
