"""`action`: the student sets their own next step, what and when (bot/core/coaching.py leads
it). Every conversation needs one; `reschedules: true` only gives the previous action a new
day."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Literal

from pydantic import Field

from bot.core.choosing import match_one
from bot.core.conversation import ActionReviewed, DraftAction, Input, Outcome, Pressed, Said
from bot.core.steps.base import Problem, StepId, Texted
from bot.core.steps.choice import Choice
from bot.core.steps.kind import PARALLELOGRAM, FlowView, StepKind, Turn, next_edge
from bot.core.steps.paths import after, index, known_edges, reachable
from bot.language.actions import done_after_all, judge, points_back


class ActionStep(Texted):
    """The student sets their own next step: what and when. A conversation needs one."""

    type: Literal["action"]
    id: StepId
    reschedules: bool = Field(default=False, description="Only a new date for the previous "
                              "action (after 'partly' or 'not yet'), not a new step.")
    next: StepId | None = None


def ask(turn: Turn, step: ActionStep) -> None:
    if step.reschedules:
        turn.ask(turn.text(step), turn.coach.when_options(turn.ctx), "date")
    else:
        turn.ask(turn.text(step))


def answer(turn: Turn, step: ActionStep, given: Input) -> Outcome:
    snap, ctx = turn.snap, turn.ctx
    offered = snap.last_turn.options if snap.last_turn else []
    if isinstance(given, Said) and offered:  # a typed number or label means its button
        found = match_one(given.text, offered)
        if found is not None and not _names_a_day(turn, given.text):
            given = Pressed(found)
    if isinstance(given, Pressed) and given.value not in [o.value for o in offered]:
        return turn.refuse("input.stale_button")  # not a button here
    assert isinstance(given, Said | Pressed)
    student = given.text if isinstance(given, Said) else turn.label(given.value)
    snap.tries += 1
    if step.reschedules and ctx.open_action is not None and isinstance(given, Said) and \
            done_after_all(given.text):  # 'ik heb het al gedaan': no new day, it is done
        turn.emit(ActionReviewed(ctx.open_action.id, outcome="done"))
        turn.say(turn.texts.say(ctx.language, "action.done_after_all"))
        snap.draft = DraftAction()
        turn.advance()
        return turn.finish(student)
    if step.reschedules and ctx.open_action is not None and snap.draft.what is None:
        snap.draft.what = ctx.open_action.text
    asks_a_day = snap.last_turn is not None and snap.last_turn.expects == "date"
    if isinstance(given, Said) and not asks_a_day and \
            re.fullmatch(r"\s*\d{1,2}[.)]?\s*", given.text):
        # '6': a tap meant for buttons of before, or a number not shown: no step, no day
        if not offered:
            return turn.refuse("input.type_answer")
        return turn.refuse("input.option_out_of_range", numbers=", ".join(
            str(o.number or i) for i, o in enumerate(offered, start=1)))
    earlier = _said_before(turn, step, given)
    if earlier is not None:  # 'dat zei ik net toch': the step in their earlier answer
        step_before = judge(earlier).is_step
        turn.say(turn.texts.say(ctx.language, "action.taken_from_before" if step_before
                                else "action.heard_before"))
        given = Said(earlier)
    # after a danger told in this conversation (an eighth user trial: 'zorgen dat ik niet meer
    # alleen met hem ben' got 'Goed plan!'), no praise for keeping themself safe
    snap.draft.careful = bool(snap.alerted) or "heavy" in snap.noted
    said, phase, helped = turn.coach.take(snap.draft, snap.phase, snap.helped, given, ctx,
                                          list(snap.topics or snap.started_topics),
                                          step.reschedules, student)
    snap.phase, snap.helped = phase, helped  # type: ignore[assignment]
    if said.mentor_request:
        turn.mentor_request()
    if said.set is None:
        for message in said.messages[:-1]:
            turn.say(message)
        turn.ask(said.messages[-1], said.options, said.expects)  # type: ignore[arg-type]
        return turn.finish(student)
    for message in said.messages:
        turn.say(message)
    if step.reschedules:
        if ctx.open_action is not None:
            new_text = said.set.text if said.set.text != ctx.open_action.text else None
            turn.emit(ActionReviewed(ctx.open_action.id, new_due=said.set.due,
                                     new_text=new_text))
            snap.moved = DraftAction(what=said.set.text, due=said.set.due, kind=said.set.kind)
        snap.draft = DraftAction()
    else:
        snap.action = snap.draft.model_copy()
        turn.emit(said.set)
    turn.advance()
    return turn.finish(student)


def _said_before(turn: Turn, step: ActionStep, given: Input) -> str | None:
    """A user trial: 'ik vraag ruud of ik mag meekijken' at the question before, then 'dat zei
    ik net toch' at the action question, and the step was lost. The step the student points
    back to: the words after the pointing, or their latest answer that is a step."""
    snap = turn.snap
    if step.reschedules or snap.draft.what or not isinstance(given, Said):
        return None
    rest = points_back(given.text)
    if rest is None:
        return None
    if rest and judge(rest).label != "not_action":
        return rest
    # what they said last that is a step, or a wish the coach then helps to make one
    return next((note.text for note in reversed(snap.notes)
                 if judge(note.text).label in ("step", "vague")), None)


def _names_a_day(turn: Turn, text: str) -> bool:
    """Typed words that read as a day ("maandag", "gisteren") are that day, never a button
    whose label has the same word ("Na de vakantie (maandag 4 januari)"); a number is."""
    if text.strip().rstrip(".)").isdecimal():
        return False
    ctx = turn.ctx
    return turn.coach.dates.read(text, ctx.today, ctx.language, ctx.school).understood


def reschedule_after_review(flow: FlowView, i: int, step: ActionStep) -> Iterator[Problem]:
    """An action step that only moves the previous action's day needs that action."""
    reviews = any(isinstance(s, Choice) and s.records == "action_outcome" for s in flow.steps)
    if step.reschedules and not reviews:
        yield Problem(flow.flow, step.id, "'reschedules: true' gives the previous action a "
                      "new day, so the flow needs a choice with 'records: action_outcome' "
                      "before it", ("steps", i, "reschedules"))


def actions_of(flow: FlowView) -> set[str]:
    """The flow's action steps that set a new action (not only a new day)."""
    return {s.id for s in flow.steps if isinstance(s, ActionStep) and not s.reschedules}


def every_path_reaches_an_action(flow: FlowView) -> Iterator[Problem]:
    """Every conversation must end with an action the student sets themself."""
    actions = actions_of(flow)
    if not actions:
        yield Problem(flow.flow, None, "the flow has no step of type 'action'; every "
                      "conversation must end with an action the student sets", ("steps",))
        return
    if not flow.has_step(flow.start):
        return
    steps = index(flow)
    before_action = reachable(flow, flow.start, stop=actions)
    for step_id in sorted(before_action, key=steps.__getitem__):
        step = flow.step(step_id)
        if step_id not in actions and not known_edges(flow, step):
            yield Problem(flow.flow, step_id, "the conversation can end here without an action; "
                          "lead this step on to the action step "
                          f"({', '.join(sorted(actions))})", ("steps", steps[step_id]))
    for step_id in sorted(reachable(flow, flow.start), key=steps.__getitem__):
        if not (reachable(flow, step_id) & actions) and step_id not in after(flow, actions):
            yield Problem(flow.flow, step_id, "from here the conversation can never reach the "
                          "action step; give it a way on", ("steps", steps[step_id]))


KIND = StepKind(name="action", model=ActionStep, shape=PARALLELOGRAM, edges=next_edge,
                ask=ask, answer=answer, checks=(reschedule_after_review,),
                path_checks=(every_path_reaches_an_action,),
                style="fill:#d4f7d4,stroke:#2a8a2a")
