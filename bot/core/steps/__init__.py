"""The step types a flow may use: one module each, registered here.

A step type's module holds its pydantic model and its `KIND` (bot/core/steps/kind.py): its
Mermaid shape, its ways on, its own checks, and what the engine does with it. The flow model,
the JSON Schema, the loader, the graph, the rules and the engine all ask the registry, so a
new step type is a new module here, one line below, its prompts and its tests.
"""

from bot.core.steps import action, branch, choice, competency_choice, message, question, summary
from bot.core.steps.kind import AnyStep, StepKind, Turn
from bot.core.steps.registry import (
    Step,
    holds_steps,
    kind_named,
    kind_of,
    kinds,
    register,
    registered,
    unregister,
)

# The order is the order of the JSON Schema and of "use one of: ..." in messages.
for _kind in (question.KIND, choice.KIND, competency_choice.KIND, action.KIND, message.KIND,
              summary.KIND, branch.KIND):
    register(_kind)

__all__ = ["AnyStep", "Step", "StepKind", "Turn", "holds_steps", "kind_named", "kind_of",
           "kinds", "register", "registered", "unregister"]
