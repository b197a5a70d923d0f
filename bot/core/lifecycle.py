"""A conversation's lifecycle: the modes it can be in and what may happen in each, as one
`transitions` machine. The flow's machine (machine.py) says which question comes next; this
one says whether the conversation is asking questions at all.

    active ──urgent──▶ held ──go_on──▶ checking_in ──checked_in──▶ offering_mentor
       ▲                 │    ──come_back (a pause: asked next time)──▲        │
       └──────pause──────┘                 active ◀──mentor_answered──┘
    held ──stop──▶ stopped        active ──complete──▶ completed
    active, held, checking_in, offering_mentor ──abandon──▶ abandoned   (left too long)

An urgent text in any open mode holds the conversation again. The mode is stored in the
conversation's snapshot; nothing else keeps it.
"""

from __future__ import annotations

import threading
from typing import Literal, get_args

from transitions import Machine, MachineError

from bot.logsafe import SafeMessage

Mode = Literal["active", "held", "checking_in", "offering_mentor", "completed", "stopped",
               "abandoned"]
Trigger = Literal["urgent", "go_on", "checked_in", "mentor_answered", "pause", "stop",
                  "complete", "abandon", "come_back"]
MODES: tuple[Mode, ...] = get_args(Mode)
OPEN: tuple[Mode, ...] = ("active", "held", "checking_in", "offering_mentor")
HELD: tuple[Mode, ...] = ("held", "checking_in", "offering_mentor")  # after an urgent text
ENDED: tuple[Mode, ...] = ("completed", "stopped", "abandoned")

TRANSITIONS: tuple[tuple[Trigger, tuple[Mode, ...], Mode], ...] = (
    ("urgent", OPEN, "held"),
    ("go_on", ("held",), "checking_in"),
    ("checked_in", ("checking_in",), "offering_mentor"),
    ("mentor_answered", ("offering_mentor",), "active"),
    ("pause", ("held",), "active"),  # allowed; since stop 34 a pause after an alarm is come_back
    ("come_back", ("held",), "checking_in"),  # paused after the helplines: how are they, first
    ("stop", ("held",), "stopped"),
    ("complete", ("active",), "completed"),
    ("abandon", OPEN, "abandoned"),
)


class LifecycleError(SafeMessage, RuntimeError):
    """A move the lifecycle does not allow: a bug in the engine, never the student's fault."""


class _Conversation:
    state: str


class Lifecycle:
    """The one lifecycle machine, shared by every conversation (moves never await)."""

    def __init__(self) -> None:
        self._machine = Machine(
            model=None, states=list(MODES), initial="active", auto_transitions=False,
            transitions=[{"trigger": trigger, "source": list(sources), "dest": dest}
                         for trigger, sources, dest in TRANSITIONS])
        self._walker = _Conversation()
        self._machine.add_model(self._walker, initial="active")
        self._moving = threading.Lock()

    def move(self, mode: Mode, trigger: Trigger) -> Mode:
        """The mode after `trigger` in `mode`; LifecycleError when it may not happen there."""
        with self._moving:
            self._machine.set_state(mode, model=self._walker)
            try:
                self._machine.events[trigger].trigger(self._walker)
            except MachineError:
                raise LifecycleError(f"'{trigger}' may not happen in mode '{mode}'") from None
            state = self._walker.state
        assert state in MODES
        return state

    def allows(self, mode: Mode, trigger: Trigger) -> bool:
        return any(t == trigger and mode in sources for t, sources, _ in TRANSITIONS)


LIFECYCLE = Lifecycle()


def mermaid() -> str:
    """The lifecycle as a Mermaid state diagram (`loopbaanbot flows graph --lifecycle`)."""
    lines = ["stateDiagram-v2", "    [*] --> active"]
    for trigger, sources, dest in TRANSITIONS:
        for source in sources:
            if not (trigger in ("urgent", "abandon") and source == dest):
                lines.append(f"    {source} --> {dest}: {trigger}")
    lines += [f"    {mode} --> [*]" for mode in ENDED]
    return "\n".join(lines) + "\n"
