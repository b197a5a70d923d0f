"""The flow format schools write: steps, texts, probes, transitions (shape only).

Whole-graph rules live in `rules.py`; this module only describes what a flow file may say.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, field_validator, model_validator

from bot.core.competencies import CompetencyKey

StepId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Variants = str | list[Annotated[str, Field(min_length=1)]]

# Placeholders a flow text may use; the engine fills them in.
PLACEHOLDERS = frozenset({"action", "action_due", "name", "doubt", "moment"})
# Kinds of follow-up question a listening step may word itself (see prompts/<lang>/listening).
FollowUpKind = Literal["situation", "own_part", "feeling", "cause", "learning", "person"]
Mood = Literal["great", "good", "so_so", "bad"]


class Strict(BaseModel):
    """Base for every part of a flow: unknown keys are a mistake, not something to ignore."""

    model_config = ConfigDict(extra="forbid", frozen=True)


def variants_of(value: Variants) -> list[str]:
    """One text or a list of wordings, always as a list."""
    return [value] if isinstance(value, str) else list(value)


class Texted(Strict):
    """A step that shows a text: inline per language, or a key into prompts/<lang>/."""

    text: dict[Language, Variants] | None = Field(
        default=None,
        description="Per language one text or a list of wordings, rotated per conversation.",
    )
    prompt: str | None = Field(
        default=None, description="Key of a text in prompts/<lang>/messages.yaml."
    )

    @model_validator(mode="after")
    def _one_text_source(self) -> Texted:
        if (self.text is None) == (self.prompt is None):
            raise ValueError("give exactly one of 'text' (inline texts) or 'prompt' (a prompt key)")
        return self


class Question(Texted):
    """A free-text question; asks further with a probe when the answer is short or vague."""

    type: Literal["question"]
    id: StepId
    competency: CompetencyKey | None = Field(
        default=None, description="Tag the answer with one of the five competencies."
    )
    records: Literal["moment", "action_learning"] | None = Field(
        default=None,
        description="moment: the moment of the day shown in the summary; "
        "action_learning: what the student learned from their previous action.",
    )
    probes: dict[Language, list[Annotated[str, Field(min_length=1)]]] = Field(
        default_factory=dict, description="Follow-up questions per language (vraag door)."
    )
    open_text: dict[Language, Variants] | None = Field(
        default=None, description="Shorter, more open wordings for students who have "
        "reflected more often than settings.open_questions_after.")
    moment_text: dict[Language, Variants] | None = Field(
        default=None, description="Wordings that refer to today's moment ({moment}: a few of "
        "the student's own words), used when the bot took such words from the moment.")
    max_probes: int | None = Field(default=None, ge=0, le=5)
    listen: bool = Field(default=True, description="Take up the student's words and ask "
                         "further on what the answer lacks; false: stock replies and `probes`.")
    follow_ups: dict[FollowUpKind, dict[Language, Variants]] = Field(
        default_factory=dict, description="This step's own wording per kind of follow-up "
        "(situation, own_part, feeling, cause, learning, person); others come from "
        "prompts/<lang>/listening.yaml.")
    next: StepId


class Option(Strict):
    value: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
    label: dict[Language, Annotated[str, Field(min_length=1, max_length=60)]]
    next: StepId | None = Field(default=None, description="Go here when chosen (else: step next).")
    also: dict[Language, list[Annotated[str, Field(min_length=1)]]] = Field(
        default_factory=dict, description="Other words or emoji a student may type for this "
        "option, per language.")
    mood: Mood | None = Field(default=None, description="On a choice that records the mood: "
                              "which mood this option is (the bot reads words and emoji into "
                              "it; 'bad' twice in a row is a concern for the mentor).")


class Choice(Texted):
    """A quick choice between a few options (buttons in Telegram, numbers in the console)."""

    type: Literal["choice"]
    id: StepId
    options: list[Option] = Field(min_length=2, max_length=8)
    records: Literal["mood", "action_outcome"] | None = Field(
        default=None,
        description="mood: how the day went; action_outcome: done / partly / not_yet "
        "for the previous action.",
    )
    next: StepId | None = None


class CompetencyChoice(Texted):
    """The student picks what to talk about: one or more of the five competencies."""

    type: Literal["competency_choice"]
    id: StepId
    max_choices: int = Field(default=2, ge=1, le=5)
    next: StepId


class ActionStep(Texted):
    """The student sets their own next step: what and when. A conversation needs one."""

    type: Literal["action"]
    id: StepId
    reschedules: bool = Field(default=False, description="Only a new date for the previous "
                              "action (after 'partly' or 'not yet'), not a new step.")
    next: StepId | None = None


class Message(Texted):
    """Something the bot says without waiting for an answer."""

    type: Literal["message"]
    id: StepId
    next: StepId | None = None


class Summary(Texted):
    """Closes the conversation with what the student said and their action."""

    type: Literal["summary"]
    id: StepId


class AnswerIs(Strict):
    step: StepId
    in_: list[str] = Field(alias="in", min_length=1)


class Condition(Strict):
    """When a branch is taken. Give exactly one of the keys."""

    has_open_action: bool | None = Field(
        default=None, description="The student has an action from an earlier conversation."
    )
    next_topic: CompetencyKey | None = Field(
        default=None, description="The next chosen competency still to discuss is this one."
    )
    answer: AnswerIs | None = Field(
        default=None, description="The option chosen at a choice step is one of these values."
    )
    action_due: bool | None = Field(
        default=None, description="The open action's date has come (true) or not yet (false).")
    remembers: Literal["doubt"] | None = Field(
        default=None, description="The student said this in an earlier conversation; the text "
        "may quote it as {doubt}.")

    @model_validator(mode="after")
    def _exactly_one(self) -> Condition:
        keys = ("has_open_action", "next_topic", "answer", "action_due", "remembers")
        given = [k for k in keys if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(
                "a condition needs exactly one of has_open_action, next_topic, answer, "
                "action_due, remembers"
                + (f" (found {', '.join(given)})" if given else "")
            )
        return self


class Branch(Strict):
    when: Condition
    next: StepId


class BranchStep(Strict):
    """Goes on to the first branch whose condition holds, else to 'else'."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    type: Literal["branch"]
    id: StepId
    branches: list[Branch] = Field(min_length=1)
    else_: StepId = Field(alias="else")


Step = Annotated[
    Question | Choice | CompetencyChoice | ActionStep | Message | Summary | BranchStep,
    Field(discriminator="type"),
]


class FlowSettings(Strict):
    max_probes: int = Field(default=2, ge=0, le=5, description="Follow-ups per question at most.")
    min_answer_words: int = Field(
        default=4, ge=1, le=30, description="Shorter answers get a follow-up question."
    )
    min_action_words: int = Field(
        default=3, ge=1, le=30, description="An action needs at least this many words (what)."
    )
    open_questions_after: int = Field(
        default=5, ge=0, le=100, description="After this many conversations a student gets "
        "the questions' open_text: reflection fades when a script never changes.")


class Flow(Strict):
    """A whole dialogue flow, as a school writes it."""

    model_config = ConfigDict(extra="forbid", frozen=True, title="Loopbaanbot dialogue flow")

    flow: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_-]*$", description="The flow's name.")]
    description: str | None = None
    languages: list[Language] = Field(min_length=1, description="Languages this flow speaks.")
    settings: FlowSettings = Field(default_factory=FlowSettings)
    start: StepId
    steps: list[Step] = Field(min_length=1)

    @field_validator("languages")
    @classmethod
    def _unique_languages(cls, value: list[str]) -> list[str]:
        if len(set(value)) != len(value):
            raise ValueError("each language once")
        return value

    _index: dict[str, AnyStep] | None = PrivateAttr(default=None)
    _definition: str | None = PrivateAttr(default=None)

    def step(self, step_id: str) -> AnyStep:
        return self._by_id()[step_id]

    def _by_id(self) -> dict[str, AnyStep]:
        if self._index is None:
            self._index = {s.id: s for s in self.steps}
        return self._index

    def has_step(self, step_id: str) -> bool:
        return step_id in self._by_id()

    @property
    def definition(self) -> str:
        """The flow as canonical JSON (stored with the conversations that use it)."""
        if self._definition is None:  # the model is frozen: computed once
            self._definition = self.model_dump_json(by_alias=True, exclude_none=True)
        return self._definition

    @property
    def version(self) -> str:
        """Content hash: a conversation stays on the version it started with."""
        return hashlib.sha256(self.definition.encode()).hexdigest()[:16]

    def edges(self) -> list[Edge]:
        return [edge for step in self.steps for edge in edges_of(step)]


AnyStep = Question | Choice | CompetencyChoice | ActionStep | Message | Summary | BranchStep


@dataclass(frozen=True)
class Edge:
    """One way out of a step, in the order the engine tries them."""

    source: str
    dest: str
    label: str = ""
    condition: Condition | None = None
    option: str | None = None


def edges_of(step: AnyStep) -> list[Edge]:
    """Outgoing edges of a step: the one place that knows how each step type moves on."""
    if isinstance(step, BranchStep):
        out = [Edge(step.id, b.next, describe(b.when), condition=b.when) for b in step.branches]
        return [*out, Edge(step.id, step.else_, "else")]
    if isinstance(step, Choice):
        out = [Edge(step.id, o.next, o.value, option=o.value) for o in step.options if o.next]
        if step.next:
            out.append(Edge(step.id, step.next))
        return out
    if isinstance(step, Summary) or step.next is None:
        return []
    return [Edge(step.id, step.next)]


def describe(condition: Condition) -> str:
    """A short human label for a condition (graph edges, error messages)."""
    if condition.has_open_action is not None:
        return "open action" if condition.has_open_action else "no open action"
    if condition.next_topic is not None:
        return f"topic: {condition.next_topic}"
    if condition.action_due is not None:
        return "action due" if condition.action_due else "action not due yet"
    if condition.remembers is not None:
        return f"remembers {condition.remembers}"
    assert condition.answer is not None
    return f"{condition.answer.step} in {', '.join(condition.answer.in_)}"
