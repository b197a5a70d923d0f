"""`choice`: a few options (buttons in Telegram, numbers in the console).

A choice may record how the day went (`records: mood`) or how the previous action went
(`records: action_outcome`). The values the rest of the bot relies on are declared here and
checked when a flow is loaded: each mood option says which mood it is (`mood: bad` is the low
mood the mentor hears about), and the outcome options carry the outcome values.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Annotated, Final, Literal, get_args

from pydantic import Field

from bot.core.choosing import match_one
from bot.core.conversation import (
    ActionReviewed,
    AnswerGiven,
    Input,
    MoodCorrected,
    OptionView,
    Outcome,
    Said,
)
from bot.core.steps.base import Edge, Language, Problem, StepId, Strict, Texted
from bot.core.steps.kind import HEXAGON, AnyStep, FlowView, StepKind, Turn, Wording, texts_of
from bot.language.answers import asked_back

Mood = Literal["great", "good", "so_so", "bad"]
MOODS: Final[tuple[Mood, ...]] = get_args(Mood)
LOW_MOOD: Final[Mood] = "bad"  # twice in a row is a concern for the mentor (stemming_laag)
ACTION_OUTCOMES: Final = ("done", "partly", "not_yet")
DROPPED: Final = "dropped"  # "let it go": the action is closed without being done
OPTIONAL_OUTCOMES: Final = (DROPPED,)
DROPPED_ACTIONS = 2  # this many actions in a row let go is a concern (acties_losgelaten)


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
    flag: Annotated[str, Field(pattern=r"^[a-z][a-z0-9_]*$", max_length=100)] | None = Field(
        default=None, description="A rule of the school's flag_rules.yaml without phrases, "
        "raised for the mentor when this option is chosen (none if the school removed it).")


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
    checks_in: bool = Field(default=False, description="The question asks how the student is "
                            "now (as after a heavy conversation): when words that need the "
                            "helplines come in at it, the bot's own 'how are you now?' after "
                            "them is its answer, and it is not asked a second time.")
    next: StepId | None = None


# -- in the engine ---------------------------------------------------------------------------

def ask(turn: Turn, step: Choice) -> None:
    lang = turn.ctx.language
    turn.ask(turn.text(step),
             [OptionView(value=o.value, label=o.label[lang]) for o in step.options])


def answer(turn: Turn, step: Choice, given: Input) -> Outcome:
    taken = take_options(turn, step, given, many_=False, keep_said=True,
                         also={o.value: [w for words in o.also.values() for w in words]
                               for o in step.options},
                         moods={o.value: o.mood for o in step.options if o.mood})
    if isinstance(taken, Outcome):
        return taken
    values, student = taken
    value = values[0]
    ctx = turn.ctx
    earlier = turn.snap.choices.get(step.id)  # chosen before: the student took it back
    turn.snap.choices[step.id] = value
    chosen = next((o for o in step.options if o.value == value), None)
    if chosen is not None and chosen.flag:
        turn.flag(chosen.flag)
    if step.records == "action_outcome" and ctx.open_action is not None:
        turn.emit(ActionReviewed(ctx.open_action.id, outcome=value))
        if value == DROPPED and ctx.dropped_actions_before + 1 >= DROPPED_ACTIONS:
            turn.flag("acties_losgelaten")
    if step.records == "mood":
        mood = mood_of(step, value)
        # one mood per conversation: chosen again, it replaces the first
        turn.emit(AnswerGiven(step.id, None, mood, "mood") if earlier is None
                  else MoodCorrected(mood))
        # earlier conversations may have kept the option's value rather than its mood
        low = {LOW_MOOD, *(o.value for o in step.options if o.mood == LOW_MOOD)}
        if mood == LOW_MOOD and ctx.previous_mood in low:
            turn.flag("stemming_laag")
    turn.advance(chosen=value)
    return turn.finish(student)


def take_options(turn: Turn, step: AnyStep, given: Input, many_: bool, keep_said: bool,
                 also: Mapping[str, Sequence[str]] | None = None,
                 moods: Mapping[str, str] | None = None) -> tuple[list[str], str] | Outcome:
    """The options the student meant and what the transcript shows they said; or the reply
    when they meant none (a number out of range, or words kept and the choice again)."""
    last = turn.snap.last_turn
    options = last.options if last else []
    said = given.text if isinstance(given, Said) else None
    values = turn.match(given, options, many_, also, moods)
    back = asked_back(said) if said is not None and isinstance(values, str) else None
    if back is not None:  # 'wat bedoel je?' at a choice: said how to choose, the choice again
        return turn.refuse("choice.asked_back" if back in ("meaning", "why")
                           else f"listen.asked_{back}")
    if isinstance(values, str):
        if said is not None and values == "input.choose_option" and len(said.split()) >= 3:
            return turn.keep_words(said)
        return turn.refuse(values, n=len(options),
                           numbers=", ".join(str(o.number or i)
                                             for i, o in enumerate(options, start=1)))
    if said is None or match_one(said, options) is not None:
        turn.snap.choice_words = None
        return values, ", ".join(o.label for o in options if o.value in values)
    if keep_said:  # their own words, kept with the option they meant
        turn.emit(AnswerGiven(step.id, None, said, "said_at_choice"))
        turn.snap.choice_words = said
    return values, said


def mood_of(step: Choice, value: str) -> str:
    """The mood an option declares (what mentors see); its value when it declares none."""
    return next((o.mood for o in step.options if o.value == value and o.mood), value)


def low_options(steps: Iterable[AnyStep]) -> list[tuple[str, str]]:
    """(step, option value) of every option in a flow that declares the low mood."""
    return [(s.id, o.value) for s in steps if isinstance(s, Choice)
            for o in s.options if o.mood == LOW_MOOD]


# -- in the graph and the rules -----------------------------------------------------------

def edges(step: Choice) -> list[Edge]:
    out = [Edge(step.id, o.next, o.value, option=o.value, path=("options", j, "next"))
           for j, o in enumerate(step.options) if o.next]
    if step.next:
        out.append(Edge(step.id, step.next))
    return out


def wordings(step: Choice) -> list[Wording]:
    return texts_of(step) + [Wording("label", ("options", j, "label"), option.label, None)
                             for j, option in enumerate(step.options)]


def leads_somewhere(flow: FlowView, i: int, step: Choice) -> Iterator[Problem]:
    if step.next is None:
        for j, option in enumerate(step.options):
            if option.next is None:
                yield Problem(flow.flow, step.id, f"option '{option.value}' leads nowhere; "
                              "give it a 'next' or give the step a 'next'",
                              ("steps", i, "options", j))


def not_only_back_to_itself(flow: FlowView, i: int, step: Choice) -> Iterator[Problem]:
    if {e.dest for e in edges(step)} == {step.id}:
        yield Problem(flow.flow, step.id, "every option leads back to this same "
                      "question: the student can never go on", ("steps", i))


def outcomes_complete(flow: FlowView, i: int, step: Choice) -> Iterator[Problem]:
    """The bot and the mentors read these values: done, partly, not_yet (and dropped)."""
    if step.records == "action_outcome":
        values = sorted(o.value for o in step.options)
        needed = sorted(v for v in values if v not in OPTIONAL_OUTCOMES)
        if needed != sorted(ACTION_OUTCOMES):
            yield Problem(flow.flow, step.id, "a choice that records 'action_outcome' needs "
                          f"the option values {', '.join(ACTION_OUTCOMES)} (and may have "
                          f"'{DROPPED}'); found {', '.join(values)}", ("steps", i, "options"))


def moods_declared(flow: FlowView, i: int, step: Choice) -> Iterator[Problem]:
    """The bot reads words and emoji into a mood, and notices bad days, by the options' mood:
    the option values are the school's to name."""
    with_mood = [o for o in step.options if o.mood is not None]
    if step.records == "mood" and not any(o.mood == LOW_MOOD for o in step.options):
        yield Problem(flow.flow, step.id, "a choice that records the mood needs 'mood:' on "
                      f"its options ({', '.join(MOODS[:-1])} or {MOODS[-1]}), at least one "
                      f"'{LOW_MOOD}', so the bot can read words like 'kut dag' and notice bad "
                      "days", ("steps", i, "options"))
    elif with_mood and step.records != "mood":
        yield Problem(flow.flow, step.id, "'mood:' on options only works on a choice with "
                      "'records: mood'; add that, or remove 'mood:'", ("steps", i, "options"))


KIND = StepKind(name="choice", model=Choice, shape=HEXAGON, edges=edges, ask=ask,
                answer=answer, wordings=wordings,
                checks=(leads_somewhere, outcomes_complete, moods_declared,
                        not_only_back_to_itself))
