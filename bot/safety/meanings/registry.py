"""The kinds of danger and concern, and the registry of meaning rules per kind."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Literal

from bot.safety.meanings.part import Part

Kind = Literal["suicidal", "self_harm", "violence", "sexual", "unsafe_work", "bullying", "quit",
               "mentor_request", "basic_needs"]
URGENT_KINDS: tuple[Kind, ...] = ("suicidal", "self_harm", "violence", "sexual", "unsafe_work")
CONCERN_KINDS: tuple[Kind, ...] = ("bullying", "quit", "mentor_request", "basic_needs")
KINDS: tuple[Kind, ...] = URGENT_KINDS + CONCERN_KINDS

Test = Callable[[Part], bool]


@dataclass(frozen=True)
class Meaning:
    kind: Kind
    name: str
    test: Test


MEANINGS: list[Meaning] = []


def meaning(kind: Kind) -> Callable[[Test], Test]:
    """Register a rule: a function that tells whether a clause means this kind of danger."""
    def register(test: Test) -> Test:
        MEANINGS.append(Meaning(kind, test.__name__, test))
        return test

    return register
