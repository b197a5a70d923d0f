"""What every step type builds on: strict models, texts per language, conditions, edges.

`bot.core.flow` re-exports all of this; the step types (one module each in this package)
import it from here, so that the flow model can be built from the step types without a
circle of imports.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.core.competencies import CompetencyKey

StepId = Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=60)]
Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Variants = str | list[Annotated[str, Field(min_length=1)]]
Path = tuple[str | int, ...]

# Placeholders a flow text may use; the engine fills them in.
PLACEHOLDERS = frozenset({"action", "action_due", "name", "doubt", "moment"})


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
    remembers: Literal["doubt", "heavy"] | None = Field(
        default=None, description="doubt: the student voiced a doubt in the previous "
        "conversation (the text may quote it as {doubt}); heavy: the previous conversation "
        "got the helplines (an urgent flag) or told of no food at home or of bullying.")

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


@dataclass(frozen=True)
class Edge:
    """One way out of a step, in the order the engine tries them."""

    source: str
    dest: str
    label: str = ""
    condition: Condition | None = None
    option: str | None = None
    path: Path = field(default=("next",), compare=False)  # where the step names `dest`


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a flow, said so that a school coordinator can fix it."""

    flow: str
    step: str | None
    message: str
    path: Path = field(default=())
