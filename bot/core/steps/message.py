"""`message`: something the bot says without waiting for an answer."""

from __future__ import annotations

from typing import Literal

from bot.core.steps.base import StepId, Texted
from bot.core.steps.kind import ROUNDED, StepKind, Turn, next_edge


class Message(Texted):
    """Something the bot says without waiting for an answer."""

    type: Literal["message"]
    id: StepId
    next: StepId | None = None


def enter(turn: Turn, step: Message) -> None:
    turn.say(turn.text(step))


KIND = StepKind(name="message", model=Message, shape=ROUNDED, edges=next_edge, enter=enter)
