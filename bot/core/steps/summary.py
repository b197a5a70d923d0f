"""`summary`: closes the conversation with what the student said and their action."""

from __future__ import annotations

from typing import Literal

from bot.core.steps.base import Edge, StepId, Texted
from bot.core.steps.kind import STADIUM, StepKind, Turn
from bot.core.summary import summary_lines


class Summary(Texted):
    """Closes the conversation with what the student said and their action."""

    type: Literal["summary"]
    id: StepId


def enter(turn: Turn, step: Summary) -> None:
    turn.say(summary_lines(turn.texts, turn.snap, turn.ctx, turn.text(step), turn.low_day()))


def edges(step: Summary) -> list[Edge]:
    return []  # the last step: the conversation ends here


KIND = StepKind(name="summary", model=Summary, shape=STADIUM, edges=edges, enter=enter)
