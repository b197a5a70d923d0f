"""A validated flow as a `transitions` state machine: one machine per flow version, shared.

The machine knows only where a step may go next and under which condition; the engine holds
what a conversation has said. One walker model stands in for the conversation being moved.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Any

from transitions import EventData, Machine

from bot.core.flow import Condition, Edge, Flow
from bot.logsafe import SafeMessage


class FlowError(SafeMessage, RuntimeError):
    """The flow cannot go on: a bug in a flow that passed validation, never the student's fault."""


@dataclass(frozen=True)
class Facts:
    """What a condition may look at when the conversation moves on."""

    has_open_action: bool
    next_topic: str | None
    choices: dict[str, str] = field(default_factory=dict)
    chosen: str | None = None
    action_due: bool = False
    remembers: frozenset[str] = frozenset()


class _Walker:
    """Stands in for one conversation during one move."""

    state: str


def _holds(condition: Condition, facts: Facts) -> bool:
    if condition.has_open_action is not None:
        return facts.has_open_action == condition.has_open_action
    if condition.next_topic is not None:
        return facts.next_topic == condition.next_topic
    if condition.answer is not None:
        return facts.choices.get(condition.answer.step) in condition.answer.in_
    if condition.action_due is not None:
        return facts.has_open_action and facts.action_due == condition.action_due
    if condition.remembers is not None:
        return condition.remembers in facts.remembers
    return False


def _guard(edge: Edge) -> Any:
    def guard(event: EventData) -> bool:
        facts: Facts = event.kwargs["facts"]
        if edge.option is not None:
            return facts.chosen == edge.option
        return edge.condition is None or _holds(edge.condition, facts)

    return guard


class FlowMachine:
    """Moves a conversation from one step to the next along a flow's transitions."""

    def __init__(self, flow: Flow) -> None:
        self.flow = flow
        transitions = [
            {"trigger": "next", "source": e.source, "dest": e.dest, "conditions": [_guard(e)]}
            for e in flow.edges()
        ]
        self._machine = Machine(
            model=None,
            states=[step.id for step in flow.steps],
            transitions=transitions,
            initial=flow.start,
            auto_transitions=False,
            send_event=True,
        )
        sources = {edge.source for edge in flow.edges()}
        self._terminal = {step.id for step in flow.steps if step.id not in sources}
        # One walker, set to the conversation's step for each move: adding and removing a model
        # per move costs transitions a pass over every state. Moves run one at a time (they
        # never await); the lock keeps that true if a thread ever shares the machine.
        self._walker = _Walker()
        self._machine.add_model(self._walker, initial=flow.start)
        self._moving = threading.Lock()

    def is_terminal(self, step_id: str) -> bool:
        return step_id in self._terminal

    def next_step(self, current: str, facts: Facts) -> str:
        """Where the conversation goes from `current`, given what it has said so far."""
        if self.is_terminal(current):
            raise FlowError(f"step '{current}' of flow '{self.flow.flow}' has no way on")
        with self._moving:
            self._machine.set_state(current, model=self._walker)
            if not self._machine.events["next"].trigger(self._walker, facts=facts):
                raise FlowError(f"no transition of step '{current}' in flow '{self.flow.flow}' "
                                "holds")
            return self._walker.state
