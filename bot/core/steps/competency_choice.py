"""`competency_choice`: the student picks what to talk about, one or more of the five
competencies; a branch with `next_topic` then leads to each one's questions."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from bot.core.choosing import ENOUGH, YOU_CHOOSE
from bot.core.competencies import COMPETENCIES, least_discussed
from bot.core.conversation import Input, OptionView, Outcome
from bot.core.steps.base import Problem, StepId, Texted
from bot.core.steps.branch import BranchStep
from bot.core.steps.choice import take_options
from bot.core.steps.kind import HEXAGON, FlowView, StepKind, Turn, next_edge
from bot.core.steps.paths import reachable


class CompetencyChoice(Texted):
    """The student picks what to talk about: one or more of the five competencies."""

    type: Literal["competency_choice"]
    id: StepId
    max_choices: int = Field(default=2, ge=1, le=5)
    next: StepId


def ask(turn: Turn, step: CompetencyChoice) -> None:
    ctx = turn.ctx
    lang = ctx.language
    text = turn.text(step)
    options = [OptionView(value=k, label=turn.topic(k)) for k in COMPETENCIES]
    options.append(OptionView(value=YOU_CHOOSE,
                              label=turn.texts.say(lang, "competency_choice.you_choose")))
    if any(ctx.competency_counts.values()):  # a tip only once there is history
        text += "\n" + turn.texts.say(lang, "competency_choice.suggestion", topic=turn.topic(
            least_discussed(dict(ctx.competency_counts))))
    turn.ask(text, options)


def answer(turn: Turn, step: CompetencyChoice, given: Input) -> Outcome:
    taken = take_options(turn, step, given, many_=turn.snap.phase == "ask", keep_said=False)
    if isinstance(taken, Outcome):
        return taken
    values, student = taken
    snap = turn.snap
    lang = turn.ctx.language
    if YOU_CHOOSE in values:
        pick_ = least_discussed(dict(turn.ctx.competency_counts))
        snap.topics = [*snap.topics, pick_][: step.max_choices]
        turn.say(turn.texts.say(lang, "competency_choice.picked_for_you",
                                topic=turn.topic(pick_)))
        turn.advance()
        return turn.finish(student)
    chosen = [v for v in values if v != ENOUGH and v not in snap.topics]
    snap.topics = [*snap.topics, *chosen][: step.max_choices]
    if snap.phase == "ask" and len(snap.topics) < step.max_choices:
        snap.phase = "second_pick"
        numbers = {k: i for i, k in enumerate(COMPETENCIES, start=1)}
        options = [OptionView(value=k, label=turn.topic(k), number=numbers[k])
                   for k in COMPETENCIES if k not in snap.topics]
        options.append(OptionView(value=ENOUGH, number=len(COMPETENCIES) + 1,
                                  label=turn.texts.say(lang, "competency_choice.enough")))
        turn.ask(turn.texts.say(lang, "competency_choice.another"), options)
        return turn.finish(student)
    turn.advance()
    return turn.finish(student)


def topics_are_routed(flow: FlowView, i: int, step: CompetencyChoice) -> Iterator[Problem]:
    """After a competency choice, each competency needs a branch to its questions."""
    routed = {branch.when.next_topic for s in flow.steps if isinstance(s, BranchStep)
              for branch in s.branches}
    for key in COMPETENCIES:
        if key not in routed:
            yield Problem(flow.flow, step.id, f"students can choose '{key}' but no branch has "
                          f"'when: {{next_topic: {key}}}'; add one that leads to its questions",
                          ("steps", i))


def no_topic_before_the_topic_choice(flow: FlowView) -> Iterator[Problem]:
    """A step asked before the students choose their topics must not carry a competency: its
    answer makes that topic count as talked about, so a student who then chooses it (or gets
    it from 'Kies jij maar') goes straight on to the action without its questions."""
    choices = {s.id for s in flow.steps if isinstance(s, CompetencyChoice)}
    if not choices or not flow.has_step(flow.start):
        return
    before = reachable(flow, flow.start, stop=choices) - choices
    first = sorted(choices)[0]
    for i, step in enumerate(flow.steps):
        competency = getattr(step, "competency", None)
        if step.id in before and competency:
            yield Problem(flow.flow, step.id, f"'{step.id}' comes before the topic choice "
                          f"'{first}' and is tagged '{competency}': that topic then counts as "
                          "talked about, and a student who chooses it goes straight to the "
                          "action without its questions. Remove 'competency' here (the "
                          "topic's own questions tag the answers), or ask this after the "
                          "choice", ("steps", i, "competency"))


KIND = StepKind(name="competency_choice", model=CompetencyChoice, shape=HEXAGON,
                edges=next_edge, ask=ask, answer=answer, checks=(topics_are_routed,),
                path_checks=(no_topic_before_the_topic_choice,))
