"""What a conversation starting now reads of the student's earlier ones, in one statement.

A reflection's opening used to read these one by one, five round trips before its first
question: how many conversations, the previous mood and doubt, the action to
look back on, the competencies talked about, the conversations that ended without a real step,
and the actions let go. They are the same five queries, as one UNION ALL whose rows say which
query they come from (every value as text, so that the rows have one shape on SQLite and on
PostgreSQL).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Date, String, literal_column, null, select, union_all
from sqlalchemy import cast as sql_cast
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from bot.core.conversation import OpenAction
from bot.storage.actions import DROPPED_ACTIONS, OPEN_ACTION, dropped_streak
from bot.storage.conversations import (
    COMPETENCY_COUNTS,
    LOOKING_BACK,
    WEAK_ACTIONS,
    LookingBack,
    weak_streak,
)
from bot.storage.tables import connection as _connection


@dataclass(slots=True)
class History:
    back: LookingBack
    open_action: OpenAction | None
    competency_counts: dict[str, int]
    weak_actions_before: int
    dropped_actions_before: int


class _IsoDate(FunctionElement[str]):
    """A date as 'YYYY-MM-DD' whatever the server's DateStyle (a plain cast follows it)."""

    type = String()
    inherit_cache = True


@compiles(_IsoDate)
def _iso_date(element: _IsoDate, compiler: Any, **kw: Any) -> str:
    return f"CAST({compiler.process(element.clauses, **kw)} AS VARCHAR)"


@compiles(_IsoDate, "postgresql")
def _iso_date_postgresql(element: _IsoDate, compiler: Any, **kw: Any) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


def _as_text(*columns: Any) -> list[Any]:
    return [null() if c is None else _IsoDate(c) if isinstance(c.type, Date)
            else sql_cast(c, String) for c in columns]


def _row(kind: str, query: Any, *columns: Any) -> Any:
    values = _as_text(*columns)
    values += [null()] * (5 - len(values))
    return select(literal_column(f"'{kind}'", String).label("kind"),
                  *(v.label(f"v{i}") for i, v in enumerate(values))).select_from(query)


def _statement() -> Any:
    back = LOOKING_BACK.subquery()
    action = OPEN_ACTION.subquery()
    topics = COMPETENCY_COUNTS.subquery()
    weak = WEAK_ACTIONS.subquery()
    dropped = DROPPED_ACTIONS.subquery()
    return union_all(
        _row("back", back, *back.c),
        _row("action", action, *action.c),
        _row("topic", topics, *topics.c),
        _row("weak", weak, *weak.c),
        _row("dropped", dropped, *dropped.c),
    )


_HISTORY = _statement()


async def history(session: AsyncSession, student_id: int,
                  conversation_id: int | None) -> History:
    """Everything a conversation reads of the student's earlier ones (besides
    `conversation_id`, the one starting or being resumed)."""
    rows = (await (await _connection(session)).execute(_HISTORY, {
        "student": student_id, "conversation": conversation_id or 0,
        "not_from": conversation_id or 0})).all()
    back = LookingBack(0, None, {})
    action = None
    topics: dict[str, int] = {}
    weak: list[tuple[int, str, str | None]] = []
    dropped: list[tuple[int, str]] = []
    for kind, *v in rows:
        if kind == "back":
            memory = {} if v[2] is None else {"doubt": v[2]}
            if v[3] is not None:  # which danger (a flag rule, or a concern's kind): not
                memory["heavy"] = str(v[3])  # said to the student, but told again, it is read
            back = LookingBack(int(v[0] or 0), v[1], memory)
        elif kind == "action":
            action = OpenAction(int(v[0]), v[1], date.fromisoformat(v[2]) if v[2] else None,
                                v[3], int(v[4]))
        elif kind == "topic":
            topics[str(v[0])] = int(v[1])
        elif kind == "weak":
            weak.append((int(v[0]), v[1], v[2]))
        elif kind == "dropped":
            dropped.append((int(v[0]), v[1]))
    dropped.sort(reverse=True)  # newest first (a union need not keep its parts' order)
    return History(back, action, topics, weak_streak(weak), dropped_streak([s for _, s in dropped]))

