"""`branch`: goes on to the first branch whose condition holds, else to `else`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import ConfigDict, Field

from bot.core.steps.base import Condition, Edge, Problem, StepId, Strict, describe
from bot.core.steps.choice import Choice
from bot.core.steps.kind import RHOMBUS, FlowView, StepKind


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


def edges(step: BranchStep) -> list[Edge]:
    out = [Edge(step.id, b.next, describe(b.when), condition=b.when,
                path=("branches", j, "next")) for j, b in enumerate(step.branches)]
    return [*out, Edge(step.id, step.else_, "else", path=("else",))]


def answers_match(flow: FlowView, i: int, step: BranchStep) -> Iterator[Problem]:
    """`answer:` names a choice of this flow and values among its options."""
    for j, branch in enumerate(step.branches):
        answer = branch.when.answer
        if answer is None:
            continue
        path = ("steps", i, "branches", j, "when", "answer")
        target = flow.step(answer.step) if flow.has_step(answer.step) else None
        if not isinstance(target, Choice):
            yield Problem(flow.flow, step.id, f"'answer.step: {answer.step}' must name a "
                          "step of type 'choice'", path)
            continue
        values = {o.value for o in target.options}
        for value in answer.in_:
            if value not in values:
                yield Problem(flow.flow, step.id, f"'{value}' is not an option of "
                              f"'{answer.step}'; use one of: {', '.join(sorted(values))}",
                              path)


def topics_lead_to_their_questions(flow: FlowView, i: int,
                                   step: BranchStep) -> Iterator[Problem]:
    for j, branch in enumerate(step.branches):
        topic = branch.when.next_topic
        target = flow.step(branch.next) if flow.has_step(branch.next) else None
        if topic is not None and target is not None and \
                getattr(target, "competency", None) != topic:
            yield Problem(flow.flow, step.id, f"branch for topic '{topic}' must lead to a "
                          f"question with 'competency: {topic}' ('{branch.next}' is not)",
                          ("steps", i, "branches", j, "next"))


KIND = StepKind(name="branch", model=BranchStep, shape=RHOMBUS, edges=edges,
                checks=(answers_match, topics_lead_to_their_questions))
