"""Value objects that cross the core's border: context, inputs, the snapshot, replies, events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Expects = Literal["text", "choice", "date", "none"]


@dataclass(frozen=True)
class OpenAction:
    """An action from an earlier conversation that has not been looked back on yet."""

    id: int
    text: str
    due: date | None


@dataclass(frozen=True)
class Context:
    """Facts about the student the engine needs but does not store itself."""

    language: str
    today: date
    conversation_number: int = 1
    competency_counts: Mapping[str, int] = field(default_factory=dict)
    open_action: OpenAction | None = None
    name: str = ""
    previous_mood: str | None = None


@dataclass(frozen=True)
class Said:
    """The student typed something."""

    text: str


@dataclass(frozen=True)
class Pressed:
    """The student pressed a button: an option's value, and the turn the button belonged to."""

    value: str
    at: str | None = None


@dataclass(frozen=True)
class Unreadable:
    """The channel received something it could not read (not UTF-8, a sticker, ...)."""

    what: str = "bytes"


Input = Said | Pressed | Unreadable


class OptionView(BaseModel):
    model_config = ConfigDict(frozen=True)

    value: str
    label: str


class BotTurn(BaseModel):
    """What the bot says in one turn: a few messages, the last one may offer options."""

    model_config = ConfigDict(frozen=True)

    messages: list[str]
    options: list[OptionView] = Field(default_factory=list)
    expects: Expects = "text"
    done: bool = False
    at: str = Field(default="", description="Which question this is, for stale buttons.")

    @property
    def text(self) -> str:
        return "\n\n".join(self.messages)


class Note(BaseModel):
    """An answer worth repeating in the summary."""

    step: str
    competency: str | None = None
    records: str | None = None
    text: str


class DraftAction(BaseModel):
    what: str | None = None
    due: date | None = None


class Snapshot(BaseModel):
    """Everything the engine needs to go on with a conversation; stored as JSON."""

    step: str
    status: Literal["active", "completed", "stopped"] = "active"
    probes_used: int = 0
    phase: Literal["ask", "second_pick", "ask_what", "ask_when"] = "ask"
    choices: dict[str, str] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    started_topics: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    draft: DraftAction = Field(default_factory=DraftAction)
    action: DraftAction | None = None
    tries: int = 0
    last_turn: BotTurn | None = None
    hold: bool = Field(default=False, description="After an urgent flag: go on, pause or stop?")
    vague_answers: int = 0
    held_turn: BotTurn | None = None


@dataclass(frozen=True)
class AnswerGiven:
    """A free-text answer, tagged with the competency of its step."""

    step: str
    competency: str | None
    text: str
    kind: str = "answer"


@dataclass(frozen=True)
class ActionSet:
    text: str
    due: date


@dataclass(frozen=True)
class ActionReviewed:
    """How the previous action went (done / partly / not_yet), and what was learned."""

    action_id: int
    outcome: str | None = None
    learning: str | None = None


@dataclass(frozen=True)
class FlagRaised:
    """Words that need a human: a flag rule fired on the student's text."""

    rule: str
    level: str
    reason: Mapping[str, str]
    action: str | None = None


Event = AnswerGiven | ActionSet | ActionReviewed | FlagRaised


@dataclass(frozen=True)
class Outcome:
    """The engine's answer to one input."""

    snapshot: Snapshot
    turn: BotTurn
    events: tuple[Event, ...] = ()
    accepted: bool = True
    student_text: str | None = None
    refusal: str | None = None

    @property
    def completed(self) -> bool:
        return self.snapshot.status == "completed"

    @property
    def stopped(self) -> bool:
        """The student chose to stop (after an urgent flag): ended without an action."""
        return self.snapshot.status == "stopped"
