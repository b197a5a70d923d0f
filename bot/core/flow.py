"""The flow format schools write: steps, texts, probes, transitions (shape only).

Whole-graph rules live in `rules.py`. The step types live in `bot/core/steps/`, one module
each; `steps:` accepts every registered type. This module re-exports their models and the
shared parts, so `from bot.core.flow import Question` keeps working.
"""

from __future__ import annotations

import hashlib
from typing import Annotated

from pydantic import ConfigDict, Field, PrivateAttr, field_validator

from bot.core.steps import AnyStep, Step, holds_steps, kind_of
from bot.core.steps.action import ActionStep
from bot.core.steps.base import (
    PLACEHOLDERS,
    AnswerIs,
    Condition,
    Edge,
    FlowSettings,
    Language,
    StepId,
    Strict,
    Texted,
    Variants,
    describe,
    variants_of,
)
from bot.core.steps.branch import Branch, BranchStep
from bot.core.steps.choice import LOW_MOOD, MOODS, Choice, Mood, Option
from bot.core.steps.competency_choice import CompetencyChoice
from bot.core.steps.message import Message
from bot.core.steps.question import FollowUpKind, Question
from bot.core.steps.summary import Summary

__all__ = [
    "LOW_MOOD", "MOODS", "PLACEHOLDERS", "ActionStep", "AnswerIs", "AnyStep", "Branch",
    "BranchStep", "Choice", "CompetencyChoice", "Condition", "Edge", "Flow", "FlowSettings",
    "FollowUpKind", "Language", "Message", "Mood", "Option", "Question", "Step", "StepId",
    "Strict", "Summary", "Texted", "Variants", "describe", "edges_of", "variants_of",
]


@holds_steps
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
    _version: str | None = PrivateAttr(default=None)

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
        """Content hash: a conversation stays on the version it started with (computed once:
        every new conversation asks)."""
        if self._version is None:
            self._version = hashlib.sha256(self.definition.encode()).hexdigest()[:16]
        return self._version

    def edges(self) -> list[Edge]:
        return [edge for step in self.steps for edge in edges_of(step)]


def edges_of(step: AnyStep) -> list[Edge]:
    """Outgoing edges of a step, in the order the engine tries them (its kind knows)."""
    return kind_of(step).edges(step)
