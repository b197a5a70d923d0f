"""What a step type is: its model, how it moves on, how it is drawn, checked and run.

Each step type has one module in this package with its pydantic model and one `StepKind`,
registered in `bot.core.steps`. Everything else asks the registry instead of keeping its own
list of step types: the flow model (`steps:` and its JSON Schema), the loader's messages,
the graph, the rules and the engine.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, Protocol, TypeVar, get_args

from pydantic import BaseModel

from bot.core.coaching import Coach
from bot.core.conversation import Context, Event, Expects, Input, OptionView, Outcome, Snapshot
from bot.core.listening import Listener
from bot.core.steps.base import PLACEHOLDERS, Edge, FlowSettings, Path, Problem, Texted, Variants
from bot.core.texts import Texts
from bot.core.understanding import Lexicon
from bot.language.answers import Understanding

# Mermaid node shapes, (left, right) around a node's label.
Shape = tuple[str, str]
BOX: Shape = ('["', '"]')
HEXAGON: Shape = ('{{"', '"}}')
PARALLELOGRAM: Shape = ('[/"', '"/]')
ROUNDED: Shape = ('("', '")')
STADIUM: Shape = ('(["', '"])')
RHOMBUS: Shape = ('{"', '"}')


class AnyStep(Protocol):
    """A step of any type: it has an id and a type; the rest is its kind's business."""

    @property
    def id(self) -> str: ...

    @property
    def type(self) -> str: ...


class FlowView(Protocol):
    """What a step type's checks may read of the whole flow (a `bot.core.flow.Flow`)."""

    @property
    def flow(self) -> str: ...

    @property
    def start(self) -> str: ...

    @property
    def steps(self) -> Sequence[AnyStep]: ...

    def step(self, step_id: str) -> AnyStep: ...

    def has_step(self, step_id: str) -> bool: ...


class Turn(Protocol):
    """One turn of one conversation at one step: what a step type's engine hooks work with.

    The engine (bot/core/engine.py) implements it; its shared machinery (matching options,
    offering the mentor, moving along the flow, refusing input) stays there.
    """

    @property
    def ctx(self) -> Context: ...

    @property
    def snap(self) -> Snapshot:
        """The conversation as this turn changes it (a private copy)."""

    @property
    def settings(self) -> FlowSettings: ...

    @property
    def texts(self) -> Texts: ...

    @property
    def listener(self) -> Listener: ...

    @property
    def coach(self) -> Coach: ...

    def lexicon(self) -> Lexicon:
        """The student's language's words for 'weet niet', 'kies jij maar', ..."""

    def say(self, message: str) -> None:
        """A message of this turn's reply, before its question."""

    def ask(self, text: str, options: list[OptionView] | None = None,
            expects: Expects | None = None) -> None:
        """The question the reply ends with (and its buttons)."""

    def emit(self, *events: Event) -> None:
        """Events for the service to store: answers, actions, flags."""

    def flag(self, rule_id: str) -> None:
        """A flag the bot raises itself, if the school keeps that rule."""

    def mentor_request(self) -> None:
        """The student asks for their mentor."""

    def text(self, step: Texted) -> str:
        """The step's text in the student's language, this conversation's wording, filled in."""

    def fill(self, template: str) -> str:
        """Fill in {name}, {action}, {moment}, ..."""

    def topic(self, key: str) -> str:
        """A competency's name in the student's language."""

    def label(self, value: str) -> str:
        """The label of a button the last turn offered (the value when there is none)."""

    def match(self, given: Input, options: list[OptionView], many_: bool,
              also: Mapping[str, Sequence[str]] | None = None,
              moods: Mapping[str, str] | None = None) -> list[str] | str:
        """The option values the student meant, or the prompt key of what to say instead."""

    def low_day(self) -> bool:
        """The student chose an option that declares the low mood in this conversation."""

    def note_facts(self, heard: Understanding, text: str) -> None:
        """Keep what matters next time: a doubt, a wish, a person."""

    def advance(self, chosen: str | None = None) -> None:
        """Leave this step along the flow (`chosen`: the option picked here)."""

    def move_on(self, heard: Understanding | None) -> None:
        """Leave a question; after a hard day or a doubt, offer the mentor first (once)."""

    def refuse(self, key: str, **values: object) -> Outcome:
        """Input this step cannot use: say so, ask again, change nothing."""

    def keep_words(self, text: str) -> Outcome:
        """Words at a choice that mean no option: kept, answered, and the choice again."""

    def finish(self, student: str | None) -> Outcome:
        """The reply of this turn (`student`: what the transcript shows the student said)."""


@dataclass(frozen=True)
class Wording:
    """Texts a step shows, per language: each language of the flow needs one, and only known
    placeholders may be used (`placeholders` None: the text is shown as it is)."""

    what: str
    path: Path
    texts: Mapping[str, Variants]
    placeholders: frozenset[str] | None = PLACEHOLDERS


def texts_of(step: BaseModel) -> list[Wording]:
    """A step's own text (when it gives one inline): enough for most step types."""
    if isinstance(step, Texted) and step.text is not None:
        return [Wording("text", ("text",), step.text)]
    return []


def next_edge(step: Any) -> list[Edge]:
    """How most steps move on: to `next`, when the step has one."""
    nxt = getattr(step, "next", None)
    return [Edge(step.id, nxt)] if nxt else []


S = TypeVar("S", bound=BaseModel)
Check = Callable[[FlowView, int, S], Iterator[Problem]]
# A rule a step type brings about the paths through the whole flow: run once per flow, whether
# or not it has steps of this type; left out while a step id is missing (as the other path
# rules in bot/core/rules.py), so a typo is not buried under its consequences.
PathCheck = Callable[[FlowView], Iterator[Problem]]


@dataclass(frozen=True)
class StepKind(Generic[S]):
    """One step type: everything the rest of the bot needs to know about it.

    A step that waits for the student has `ask` (put the question) and `answer` (take what
    they typed or pressed); a step that does not may have `enter` (say something on the way)
    and the engine goes on at once, or ends the conversation where the step leads nowhere.
    """

    name: str  # the `type:` a flow file writes
    model: type[S]  # its pydantic model; its `type` field is Literal[name]
    shape: Shape  # how `flows graph` draws it
    edges: Callable[[S], list[Edge]]  # its ways on, in the order the engine tries them
    ask: Callable[[Turn, S], None] | None = None
    answer: Callable[[Turn, S, Input], Outcome] | None = None
    enter: Callable[[Turn, S], None] | None = None
    wordings: Callable[[S], list[Wording]] = texts_of  # its texts, for the language rules
    checks: tuple[Check[S], ...] = ()  # rules of its own, beyond the whole-graph ones
    path_checks: tuple[PathCheck, ...] = ()  # rules of its own about the flow's paths
    style: str | None = None  # a Mermaid style (classDef) for its nodes

    def __post_init__(self) -> None:
        fields = self.model.model_fields
        if "id" not in fields or "type" not in fields or \
                get_args(fields["type"].annotation) != (self.name,):
            raise TypeError(f"step type '{self.name}': its model needs an 'id' and "
                            f"'type: Literal[\"{self.name}\"]'")
        if (self.ask is None) != (self.answer is None):
            raise TypeError(f"step type '{self.name}': a step that waits needs both 'ask' and "
                            "'answer'; one that does not, neither")
        if self.answer is not None and self.enter is not None:
            raise TypeError(f"step type '{self.name}': a step that waits is asked, not entered")

    @property
    def waits(self) -> bool:
        """The student answers this step; the conversation stops here until they do."""
        return self.answer is not None
