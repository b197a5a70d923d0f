"""One place per step type: a step type is its module's model and `KIND`, and everything else
(loading, validation, JSON Schema, `flows graph`, the engine) follows the registry.

The proof: a step type defined only in this file works everywhere once registered, and is
gone again once it is not."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Literal

import jsonschema
import pytest
import yaml
from pydantic import Field

from bot.app import Content
from bot.core.conversation import AnswerGiven, Context, FlagRaised, Input, OptionView, Outcome
from bot.core.flow import Flow, Language, StepId, Texted
from bot.core.graph import mermaid
from bot.core.machine import FlowMachine
from bot.core.steps import StepKind, Turn, kinds, paths, registered
from bot.core.steps.base import Problem
from bot.core.steps.kind import BOX, FlowView, Wording, next_edge, texts_of
from bot.loading.flows import load_flows
from bot.loading.problems import InvalidData
from tests.conftest import ROOT, TODAY, Talk

# -- a step type of its own: a scale from 1 to `points` --------------------------------------


class Scale(Texted):
    """How sure is the student, from 1 to `points`?"""

    type: Literal["scale"]
    id: StepId
    points: int = Field(default=5, ge=2, le=10)
    low: dict[Language, str] = Field(description="What 1 means, per language.")
    next: StepId


def ask_scale(turn: Turn, step: Scale) -> None:
    low = step.low[turn.ctx.language]
    turn.ask(f"{turn.text(step)} (1 = {low})",
             [OptionView(value=str(n), label=str(n)) for n in range(1, step.points + 1)])


def answer_scale(turn: Turn, step: Scale, given: Input) -> Outcome:
    last = turn.snap.last_turn
    values = turn.match(given, last.options if last else [], many_=False)
    if isinstance(values, str):
        return turn.refuse(values, n=step.points, numbers=f"1-{step.points}")
    turn.emit(AnswerGiven(step.id, None, values[0], "scale"))
    turn.advance()
    return turn.finish(values[0])


def scale_wordings(step: Scale) -> list[Wording]:
    return [*texts_of(step), Wording("low", ("low",), step.low)]


def few_points(flow: FlowView, i: int, step: Scale) -> Iterator[Problem]:
    if step.points > 5:
        yield Problem(flow.flow, step.id, "students cannot tell more than 5 points apart; "
                      "use 'points: 5' or fewer", ("steps", i, "points"))


SUBROUTINE = ('[["', '"]]')
SCALE = StepKind(name="scale", model=Scale, shape=SUBROUTINE, edges=next_edge,
                 ask=ask_scale, answer=answer_scale, wordings=scale_wordings,
                 checks=(few_points,))

FLOW = """\
flow: zeker
languages: [nl]
start: hoe_zeker
steps:
  - id: hoe_zeker
    type: scale
    text: {nl: "Hoe zeker ben je van je stage?"}
    low: {nl: "helemaal niet"}
    next: actie
  - id: actie
    type: action
    text: {nl: "Wat ga je doen, en wanneer?"}
    next: einde
  - {id: einde, type: summary, text: {nl: "Samengevat:"}}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "zeker.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def problems(tmp_path: Path, content: Content, text: str) -> list[str]:
    with pytest.raises(InvalidData) as caught:
        load_flows([write(tmp_path, text)], content.texts)
    return [str(p) for p in caught.value.problems]


def test_a_step_type_defined_only_here_works_everywhere(tmp_path: Path,
                                                        content: Content) -> None:
    with registered(SCALE):
        # loading: the flow loads; a typo names this type's own keys
        flow = load_flows([write(tmp_path, FLOW)], content.texts)["zeker"].flow
        missing, typo = problems(tmp_path, content, FLOW.replace("    low:", "    lwo:"))
        assert "zeker/hoe_zeker: missing key 'low'" in missing
        assert "zeker/hoe_zeker: unknown key 'lwo'" in typo
        assert "allowed here: text, prompt, type, id, points, low, next" in typo
        [unknown] = problems(tmp_path, content, FLOW.replace("type: scale", "type: schaal"))
        assert "unknown step type 'schaal'" in unknown and ", scale" in unknown
        # validation: the whole-graph rules, its texts in every language, its own check
        found = problems(tmp_path, content, FLOW.replace("languages: [nl]", "languages: [nl, en]")
                         .replace('{nl: "Hoe zeker ben je van je stage?"}',
                                  '{nl: "Hoe zeker?", en: "How sure?"}')
                         .replace("    next: actie", "    points: 7\n    next: actie"))
        assert any("zeker/hoe_zeker: low has no 'en' version" in p for p in found), found
        assert any("zeker/hoe_zeker: students cannot tell more than 5 points" in p
                   for p in found), found
        # the JSON Schema for editors
        schema = Flow.model_json_schema(by_alias=True)
        mapping = schema["properties"]["steps"]["items"]["discriminator"]["mapping"]
        assert mapping["scale"] == "#/$defs/Scale" and "low" in schema["$defs"]["Scale"]["required"]
        jsonschema.validate(yaml.safe_load(FLOW), schema)
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate(yaml.safe_load(FLOW.replace("    low:", "    lwo:")), schema)
        # flows graph: its own shape, its way on
        drawn = mermaid(flow)
        assert '    hoe_zeker[["hoe_zeker · scale<br/>Hoe zeker ben je van je stage?"]]' \
            in drawn
        assert "    hoe_zeker --> actie" in drawn
        # the engine: asks it, refuses what is not a point, takes a point and goes on
        talk = Talk(content, FlowMachine(flow), Context(language="nl", today=TODAY))
        assert talk.step == "hoe_zeker" and talk.labels == ["1", "2", "3", "4", "5"]
        assert "(1 = helemaal niet)" in talk.text
        refused = talk.say("9")
        assert not refused.accepted and talk.step == "hoe_zeker"
        went_on = talk.say("4")
        assert AnswerGiven("hoe_zeker", None, "4", "scale") in went_on.events
        assert talk.step == "actie"
        assert talk.say("Morgen vraag ik mijn begeleider om feedback").turn.done
    # and gone again: the registry is the only place it was
    [gone] = problems(tmp_path, content, FLOW)
    assert "unknown step type 'scale'" in gone
    shipped = json.loads((ROOT / "dialogue_flows" / "flow.schema.json").read_text())
    assert Flow.model_json_schema(by_alias=True) == shipped


def test_every_step_type_can_be_drawn_walked_and_run() -> None:
    """What each part of the bot needs of a step type is there for every one of them."""
    schema = Flow.model_json_schema(by_alias=True)
    mapping = schema["properties"]["steps"]["items"]["discriminator"]["mapping"]
    assert [kind.name for kind in kinds()] == [
        "question", "choice", "competency_choice", "action", "message", "summary", "branch"]
    assert set(mapping) == {kind.name for kind in kinds()}
    for kind in kinds():
        left, right = kind.shape
        assert left and right, kind.name
        assert callable(kind.edges) and callable(kind.wordings), kind.name
        assert kind.waits == (kind.ask is not None) == (kind.answer is not None), kind.name
        assert kind.model.model_fields["type"].annotation == Literal[kind.name]


def test_an_incomplete_step_type_cannot_be_made() -> None:
    """Forgetting a part is an error when the kind is made, not a crash in `flows graph`."""
    with pytest.raises(TypeError):
        StepKind(name="scale", model=Scale, edges=next_edge)  # type: ignore[call-arg]  # no shape
    with pytest.raises(TypeError):
        StepKind(name="scale", model=Scale, shape=BOX)  # type: ignore[call-arg]  # no edges
    with pytest.raises(TypeError, match="both 'ask' and 'answer'"):
        StepKind(name="scale", model=Scale, shape=BOX, edges=next_edge, ask=ask_scale)
    with pytest.raises(TypeError, match="Literal"):
        StepKind(name="schaal", model=Scale, shape=BOX, edges=next_edge)
    with registered(SCALE), pytest.raises(ValueError, match="registered already"), \
            registered(SCALE):
        pass


# -- values the engine relies on are declared by the flow -----------------------------------

MOODS = """\
flow: stemming
languages: [nl]
start: dag
steps:
  - id: dag
    type: choice
    records: mood
    text: {nl: "Hoe was je dag?"}
    options:
      - {value: top, label: {nl: "Top"}, mood: great}
      - {value: balen, label: {nl: "Balen"}, mood: bad}
    next: actie
  - id: actie
    type: action
    text: {nl: "Wat ga je doen, en wanneer?"}
    next: einde
  - {id: einde, type: summary, text: {nl: "Samengevat:"}}
"""


def test_a_mood_option_may_have_any_value_the_mood_is_what_it_declares(
        tmp_path: Path, content: Content) -> None:
    """A school renames 'bad' to 'balen': mentors still see the mood, and two low days in a
    row are still a concern."""
    flow = load_flows([write(tmp_path, MOODS)], content.texts)["stemming"].flow
    machine = FlowMachine(flow)
    first = Talk(content, machine, Context(language="nl", today=TODAY)).press("balen")
    assert AnswerGiven("dag", None, "bad", "mood") in first.events
    assert not [e for e in first.events if isinstance(e, FlagRaised)]
    for before in ("bad", "balen"):  # as stored now, and the option's value as stored before
        again = Talk(content, machine, Context(language="nl", today=TODAY,
                                               previous_mood=before)).press("balen")
        assert [e.rule for e in again.events if isinstance(e, FlagRaised)] == ["stemming_laag"]


def test_a_mood_choice_without_a_low_option_is_refused(tmp_path: Path,
                                                       content: Content) -> None:
    [problem] = problems(tmp_path, content, MOODS.replace("mood: bad", "mood: so_so"))
    assert "stemming/dag: a choice that records the mood needs 'mood:'" in problem
    assert "at least one 'bad'" in problem


def test_action_outcomes_are_the_values_the_bot_reads(tmp_path: Path, content: Content) -> None:
    review = MOODS.replace("records: mood", "records: action_outcome").replace(
        '      - {value: top, label: {nl: "Top"}, mood: great}\n'
        '      - {value: balen, label: {nl: "Balen"}, mood: bad}\n',
        '      - {value: done, label: {nl: "Gelukt"}}\n'
        '      - {value: half, label: {nl: "Half"}}\n'
        '      - {value: not_yet, label: {nl: "Nog niet"}}\n')
    [problem] = problems(tmp_path, content, review)
    assert "needs the option values done, partly, not_yet (and may have 'dropped')" in problem
    assert "found done, half, not_yet" in problem


def scale_before_the_action(flow: FlowView) -> Iterator[Problem]:
    """A path rule of its own: a scale is asked before the action, never after it."""
    actions = {s.id for s in flow.steps if s.type == "action"}
    for i, step in enumerate(flow.steps):
        if step.type == "scale" and step.id in paths.after(flow, actions):
            yield Problem(flow.flow, step.id, "ask the scale before the action", ("steps", i))


def test_a_step_type_brings_its_own_path_rule(tmp_path: Path, content: Content) -> None:
    """A rule about where its steps stand in the flow lives with the type too (`path_checks`),
    and like the other path rules it is left out while a step id is missing."""
    late = FLOW.replace("start: hoe_zeker", "start: actie").replace(
        "    next: einde", "    next: hoe_zeker").replace("    low: {nl: \"helemaal niet\"}\n"
                                                           "    next: actie",
                                                           "    low: {nl: \"helemaal niet\"}\n"
                                                           "    next: einde")
    with registered(replace(SCALE, path_checks=(scale_before_the_action,))):
        load_flows([write(tmp_path, FLOW)], content.texts)
        [found] = problems(tmp_path, content, late)
        assert "zeker/hoe_zeker: ask the scale before the action" in found
        [typo] = problems(tmp_path, content, late.replace("next: einde", "next: eind"))
        assert "'eind' is not a step" in typo
