"""Everything stored about one student, as plain JSON-ready data (the student's export)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.storage.actions import action_history
from bot.storage.models import (
    Action,
    ActionEvent,
    Answer,
    Conversation,
    Flag,
    Student,
    StudentFact,
    Turn,
)


async def export_student(session: AsyncSession, student: Student) -> dict[str, Any]:
    """Everything stored about one student, as plain JSON-ready data."""
    conversations = (await session.scalars(
        select(Conversation).where(Conversation.student_id == student.id)
        .order_by(Conversation.id))).all()
    actions = (await session.scalars(
        select(Action).where(Action.student_id == student.id).order_by(Action.id))).all()

    flags = (await session.scalars(
        select(Flag).where(Flag.student_id == student.id).order_by(Flag.id))).all()
    by_conversation = {a.conversation_id: a for a in actions}
    exported = []
    for conv in conversations:
        turns = (await session.scalars(
            select(Turn).where(Turn.conversation_id == conv.id).order_by(Turn.seq))).all()
        answers = (await session.scalars(
            select(Answer).where(Answer.conversation_id == conv.id).order_by(Answer.id))).all()
        action = by_conversation.get(conv.id)
        exported.append({
            "id": conv.id,
            "status": conv.status,
            "flow": conv.flow,
            "flow_version": conv.flow_version,
            "language": conv.language,
            "started_at": _iso(conv.started_at),
            "ended_at": _iso(conv.ended_at),
            "competencies": sorted({a.competency for a in answers if a.competency}),
            "turns": [{"role": t.role, "step": t.step, "text": t.text, "at": _iso(t.created_at)}
                      for t in turns],
            "answers": [{"step": a.step, "competency": a.competency, "kind": a.kind,
                         "text": a.text} for a in answers],
            "action": _action(action) if action else None,
        })
    history = await action_history(session, [a.id for a in actions])
    facts = (await session.scalars(select(StudentFact).where(
        StudentFact.student_id == student.id).order_by(StudentFact.id))).all()
    return {
        "student": {"id": student.id, "name": student.name, "language": student.language,
                    "email": student.email, "created_at": _iso(student.created_at)},
        "conversations": exported,
        "actions": [_action(a, history.get(a.id, [])) for a in actions],
        "remembered": [{"kind": f.kind, "text": f.text, "at": _iso(f.created_at)}
                       for f in facts],
        "flags": [{"level": f.level, "reason": f.reason, "rule": f.rule,
                   "conversation_id": f.conversation_id, "at": _iso(f.created_at)}
                  for f in flags],
    }


def _action(action: Action, history: list[ActionEvent] | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = {"text": action.text, "due": _iso(action.due),
                             "status": action.status, "kind": action.kind,
                             "learning": action.learning, "created_at": _iso(action.created_at)}
    if history is not None:
        shown["history"] = [{"what": e.kind, "outcome": e.outcome, "due": _iso(e.due),
                             "learning": e.learning, "at": _iso(e.at)} for e in history]
    return shown


def _iso(value: date | datetime | None) -> str | None:
    return value.isoformat() if value is not None else None
