"""Value objects that cross the core's border: context, inputs, the snapshot, replies, events."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.lifecycle import HELD, Mode
from bot.language.dates import SchoolTimes

Expects = Literal["text", "choice", "date", "none"]


@dataclass(frozen=True)
class OpenAction:
    """An action from an earlier conversation that is not done yet (plan, do, check, act)."""

    id: int
    text: str
    due: date | None
    status: str = "open"  # open | partly | not_yet
    times_reviewed: int = 0


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
    school: SchoolTimes = field(default_factory=SchoolTimes)
    memory: Mapping[str, str] = field(default_factory=dict)  # what the student said before
    weak_actions_before: int = 0  # conversations in a row that ended without a real step
    dropped_actions_before: int = 0  # the latest actions in a row the student let go


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
    number: int | None = Field(default=None, description="The number shown for it, when it "
                               "is not its place in the list (a second pick keeps the first "
                               "list's numbers).")


class BotTurn(BaseModel):
    """What the bot says in one turn: a few messages, the last one may offer options."""

    model_config = ConfigDict(frozen=True)

    messages: list[str]
    options: list[OptionView] = Field(default_factory=list)
    expects: Expects = "text"
    done: bool = False
    stopped: bool = False  # the student stopped for today: a new conversation next time
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
    kind: Literal["step", "vague"] = "step"
    hedged: bool = False  # the date came with "misschien": asked about once
    when_said: str = ""  # "na de toets" told before the deed: which day is asked after it
    careful: bool = False  # set after a danger told in this conversation: no "Goed plan!"


class Snapshot(BaseModel):
    """Everything the engine needs to go on with a conversation; stored as JSON."""

    step: str
    mode: Mode = Field(default="active", description="Where the conversation is in its "
                       "lifecycle (bot/core/lifecycle.py): asking, held after an urgent text, "
                       "or ended.")
    probes_used: int = 0
    phase: Literal["ask", "second_pick", "ask_what", "ask_when", "confirm_when", "heard",
                   "offer_mentor", "examples", "done"] = "ask"
    choices: dict[str, str] = Field(default_factory=dict)
    topics: list[str] = Field(default_factory=list)
    started_topics: list[str] = Field(default_factory=list)
    notes: list[Note] = Field(default_factory=list)
    draft: DraftAction = Field(default_factory=DraftAction)
    moved: DraftAction | None = Field(default=None, description="The earlier action given a "
                                      "new day in this conversation, for the summary.")
    action: DraftAction | None = None
    tries: int = 0
    last_turn: BotTurn | None = None
    offered_mentor: bool = False  # the mentor was offered in this conversation already
    vague_answers: int = 0
    held_turn: BotTurn | None = None
    probes_asked: list[str] = Field(default_factory=list, description="Never the same twice.")
    struggles: int = 0  # answers without content at this question; at a choice, words kept
    helped: int = 0  # times the action step helped with a vague or missing step
    noted: list[str] = Field(default_factory=list, description="Kinds of facts kept already.")
    choice_words: str | None = Field(default=None, description="Words typed to pick the last "
                                     "option ('vergeten, het was te druk'), for the question "
                                     "after it.")
    asked_back: list[str] = Field(default_factory=list, description="Questions back to the bot "
                                  "answered already, as 'step/kind': the second time, on we go.")
    flagged: list[str] = Field(default_factory=list, description="Mentor-request rules raised "
                               "in this conversation already: a request reaches the mentor once.")
    alerted: list[str] = Field(default_factory=list, description="Urgent rules raised in this "
                               "conversation already: the mentor is alerted once for each, and "
                               "the same danger told again, after the student chose to go on, "
                               "is heard without holding the reflection again.")
    moment_phrase: str | None = None  # a few words of today's moment, for later questions
    stop_words: str | None = Field(default=None, description="'ik wil stoppen', 'ik kap ermee': "
                                   "the words, while the student is asked whether they mean "
                                   "this chat or the internship.")
    stop_question: BotTurn | None = None  # the question they were at, meanwhile
    held_answer: str | None = Field(default=None, description="An unsafe-work story told as "
                                    "the answer to the question the helplines held: once the "
                                    "student goes on, it is that question's answer (a user "
                                    "trial was asked for the moment it had just told).")
    paused: bool = Field(default=False, description="The student stopped for now in words "
                         "('later verder'): the conversation waits longer for them than one "
                         "left without a word. Any later move clears it.")

    @model_validator(mode="before")
    @classmethod
    def _stored_before_the_lifecycle(cls, data: Any) -> Any:
        """Snapshots stored before the lifecycle machine kept status, hold and hold_stage."""
        if not isinstance(data, dict) or "mode" in data:
            return data
        data = dict(data)
        status = data.pop("status", "active")
        hold, stage = data.pop("hold", False), data.pop("hold_stage", "choose")
        data["mode"] = status if status != "active" else (
            {"choose": "held", "check_in": "checking_in", "offer_mentor": "offering_mentor"}
            .get(stage, "held") if hold else "active")
        return data

    @property
    def held(self) -> bool:
        """After an urgent text, until the student chose how to go on."""
        return self.mode in HELD


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
    kind: str = "step"  # step | vague (accepted after help, in the student's own words)


@dataclass(frozen=True)
class ActionReviewed:
    """How the previous action went (done / partly / not_yet / dropped), what was learned,
    and a new date when it stays open (with its words, when they named the old day)."""

    action_id: int
    outcome: str | None = None
    learning: str | None = None
    new_due: date | None = None
    new_text: str | None = None  # the step's words without the old day it named


@dataclass(frozen=True)
class FactNoted:
    """Something the student said that matters later: a doubt, a wish, a person."""

    kind: str
    text: str


@dataclass(frozen=True)
class MoodCorrected:
    """The student took back the day's mood they had just chosen ('nee wacht, eigenlijk was
    het niet leuk'): the conversation's mood is this one instead (replaced, not added)."""

    mood: str


@dataclass(frozen=True)
class FlagRaised:
    """Words that need a human: a flag rule fired on the student's text."""

    rule: str
    level: str
    reason: Mapping[str, str]
    action: str | None = None


Event = AnswerGiven | ActionSet | ActionReviewed | FlagRaised | FactNoted | MoodCorrected


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
        return self.snapshot.mode == "completed"

    @property
    def stopped(self) -> bool:
        """The student chose to stop (after an urgent flag): ended without an action."""
        return self.snapshot.mode == "stopped"
