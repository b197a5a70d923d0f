"""`summary`: closes the conversation with what the student said and their action."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from bot.core.steps.action import actions_of
from bot.core.steps.base import Edge, Problem, StepId, Texted
from bot.core.steps.kind import STADIUM, FlowView, StepKind, Turn
from bot.core.steps.paths import after
from bot.core.summary import summary_lines


class Summary(Texted):
    """Closes the conversation with what the student said and their action."""

    type: Literal["summary"]
    id: StepId


def enter(turn: Turn, step: Summary) -> None:
    turn.say(summary_lines(turn.texts, turn.snap, turn.ctx, turn.text(step), turn.low_day()))


def edges(step: Summary) -> list[Edge]:
    return []  # the last step: the conversation ends here


def summary_is_last(flow: FlowView) -> Iterator[Problem]:
    """A summary sums up the action: it comes after the action step."""
    actions = actions_of(flow)
    later = after(flow, actions)
    for i, step in enumerate(flow.steps):
        if isinstance(step, Summary) and step.id not in later and actions:
            yield Problem(flow.flow, step.id, "a summary must come after the action step, or "
                          "there is no action to sum up", ("steps", i))


KIND = StepKind(name="summary", model=Summary, shape=STADIUM, edges=edges, enter=enter,
                path_checks=(summary_is_last,))
