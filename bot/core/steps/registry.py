"""The registry of step types: the one list, everything else is derived from it.

`Step` is the type of a flow's `steps:`: a pydantic union of the registered models,
discriminated by `type`. Models that hold it (the Flow) are rebuilt when a step type is
added or removed, so validation and the JSON Schema always match the registry.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated, Any, TypeVar

from pydantic import BaseModel, GetCoreSchemaHandler
from pydantic_core import CoreSchema, core_schema

from bot.core.steps.kind import AnyStep, StepKind

_KINDS: dict[str, StepKind[Any]] = {}
_HOLDERS: list[type[BaseModel]] = []

M = TypeVar("M", bound=type[BaseModel])


def register(kind: StepKind[Any]) -> None:
    """Add a step type; flows may use it from now on."""
    if kind.name in _KINDS:
        raise ValueError(f"step type '{kind.name}' is registered already")
    _KINDS[kind.name] = kind
    _rebuild()


def unregister(name: str) -> None:
    del _KINDS[name]
    _rebuild()


@contextmanager
def registered(kind: StepKind[Any]) -> Iterator[StepKind[Any]]:
    """A step type for the length of a `with` block (a test, a plug-in being tried)."""
    register(kind)
    try:
        yield kind
    finally:
        unregister(kind.name)


def kinds() -> tuple[StepKind[Any], ...]:
    """Every step type, in the order they were registered."""
    return tuple(_KINDS.values())


def kind_named(name: str) -> StepKind[Any] | None:
    return _KINDS.get(name)


def kind_of(step: AnyStep) -> StepKind[Any]:
    """The step type of a step in a validated flow."""
    return _KINDS[step.type]


def holds_steps(model: M) -> M:
    """Class decorator for a model with a `Step` field: rebuilt when the registry changes."""
    _HOLDERS.append(model)
    return model


def _rebuild() -> None:
    for model in _HOLDERS:
        model.model_rebuild(force=True)


class _RegisteredSteps:
    """Pydantic schema of `Step`: a union of the registered models, tagged by `type`."""

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> CoreSchema:
        choices: dict[str | int, CoreSchema] = {
            kind.name: handler.generate_schema(kind.model) for kind in _KINDS.values()}
        return core_schema.tagged_union_schema(choices, discriminator="type")


Step = Annotated[AnyStep, _RegisteredSteps()]
