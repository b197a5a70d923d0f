"""Whole-graph rules for a flow that already has the right shape.

One small function per rule. Each returns problems that name the step, say what is wrong and
how to fix it, and carry the path into the flow document so the loader can add file:line.
Rules about one step type live with that type (bot/core/steps/<type>.py): its `checks` of
each of its steps, run by `step_checks`, and its `path_checks` of the flow's paths, run by
`step_path_checks`.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass

from bot.core.flow import AnyStep, Flow, Texted, edges_of, variants_of
from bot.core.steps import kind_of, kinds, paths
from bot.core.steps.base import Path, Problem
from bot.core.texts import placeholders_in

__all__ = ["RULES", "Problem", "PromptCatalog", "Rule", "check"]


@dataclass(frozen=True)
class PromptCatalog:
    """Which prompt keys exist, per shipped language."""

    keys: Mapping[str, frozenset[str]]


Rule = Callable[[Flow, PromptCatalog], Iterator[Problem]]


def check(flow: Flow, prompts: PromptCatalog) -> list[Problem]:
    """Run every rule; report all problems, not just the first. A step id that is not there
    (a typo in `next:`) makes whole stretches unreachable: then the path rules are left out,
    so the typo is not buried under ten of their consequences."""
    broken = [p for rule in _STRUCTURE for p in rule(flow, prompts)]
    rules = [r for r in RULES if r not in _STRUCTURE and not (broken and r in _PATHS)]
    return broken + [problem for rule in rules for problem in rule(flow, prompts)]


def unique_step_ids(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    seen: set[str] = set()
    for i, step in enumerate(flow.steps):
        if step.id in seen:
            yield Problem(flow.flow, step.id, f"step id '{step.id}' is used twice; give each "
                          "step its own id", ("steps", i, "id"))
        seen.add(step.id)


def start_exists(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    if not flow.has_step(flow.start):
        yield Problem(flow.flow, None, f"start step '{flow.start}' does not exist; set 'start' to "
                      f"one of: {_ids(flow)}", ("start",))


def targets_exist(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    ids = [step.id for step in flow.steps]
    for i, step in enumerate(flow.steps):
        for key, target in _targets(step):
            if not flow.has_step(target):
                close = difflib.get_close_matches(target, ids, n=1, cutoff=0.6)
                hint = f"did you mean '{close[0]}'? " if close else ""
                yield Problem(flow.flow, step.id, f"'{target}' is not a step in this flow; "
                              f"{hint}use one of: {_ids(flow)}", ("steps", i, *key))


def every_step_reachable(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    if not flow.has_step(flow.start):
        return
    reached = paths.reachable(flow, flow.start)
    for i, step in enumerate(flow.steps):
        if step.id not in reached:
            yield Problem(flow.flow, step.id, "no path from the start leads to this step; point "
                          "a 'next' at it or remove it", ("steps", i))


def texts_in_every_language(flow: Flow, prompts: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        for wording in kind_of(step).wordings(step):
            yield from _languages(flow, step, wording.texts, ("steps", i, *wording.path),
                                  wording.what)


def prompt_keys_exist(flow: Flow, prompts: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        if isinstance(step, Texted) and step.prompt is not None:
            missing = [lang for lang in flow.languages if step.prompt not in
                       prompts.keys.get(lang, frozenset())]
            if missing:
                yield Problem(flow.flow, step.id, f"prompt key '{step.prompt}' is missing in "
                              f"{', '.join(f'prompts/{lang}/' for lang in missing)}; add it "
                              "there or write the text inline with 'text'",
                              ("steps", i, "prompt"))


def placeholders_known(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        for wording in kind_of(step).wordings(step):
            allowed = wording.placeholders
            if allowed is None:
                continue
            for text in (t for value in wording.texts.values() for t in variants_of(value)):
                unknown = placeholders_in(text) - allowed
                if unknown:
                    known = ", ".join("{" + p + "}" for p in sorted(allowed) if p.islower())
                    yield Problem(flow.flow, step.id, f"unknown placeholder "
                                  f"{', '.join('{' + u + '}' for u in sorted(unknown))} in "
                                  f"'{_short(text)}'; use only {known}",
                                  ("steps", i, *wording.path))


def step_checks(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """The rules each step type has of its own (bot/core/steps/<type>.py)."""
    for i, step in enumerate(flow.steps):
        for rule in kind_of(step).checks:
            yield from rule(flow, i, step)


def step_path_checks(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """The path rules each step type brings (its `path_checks`, bot/core/steps/<type>.py):
    an action on every path, the summary after it, no topic before the topic choice."""
    for kind in kinds():
        for rule in kind.path_checks:
            yield from rule(flow)


def no_loop_without_a_question(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """Steps that do not wait for an answer (branches, messages) must not lead round to each
    other: the conversation would go round for ever without asking anything."""
    index = paths.index(flow)
    silent = {s.id for s in flow.steps if not kind_of(s).waits}
    graph = {sid: [d for d in paths.known_edges(flow, flow.step(sid)) if d in silent]
             for sid in silent}
    reported: set[frozenset[str]] = set()
    for start in sorted(silent, key=index.__getitem__):
        trail = _cycle_from(start, graph)
        if trail and frozenset(trail) not in reported:
            reported.add(frozenset(trail))
            yield Problem(flow.flow, start, "these steps lead to each other without asking "
                          f"anything ({' -> '.join([*trail, trail[0]])}): the conversation "
                          "would go round for ever; lead one of them to a question",
                          ("steps", index[start]))


def _cycle_from(start: str, graph: dict[str, list[str]]) -> list[str]:
    """A path of steps from `start` back to `start` through the graph, if there is one."""
    todo: list[tuple[str, list[str]]] = [(start, [start])]
    seen: set[str] = set()
    while todo:
        current, trail = todo.pop()
        for dest in graph.get(current, []):
            if dest == start:
                return trail
            if dest not in seen:
                seen.add(dest)
                todo.append((dest, [*trail, dest]))
    return []


_STRUCTURE: tuple[Rule, ...] = (unique_step_ids, start_exists, targets_exist)
_PATHS: tuple[Rule, ...] = (every_step_reachable, no_loop_without_a_question,
                            step_path_checks)

RULES: tuple[Rule, ...] = (
    unique_step_ids,
    start_exists,
    targets_exist,
    every_step_reachable,
    no_loop_without_a_question,
    step_path_checks,
    texts_in_every_language,
    prompt_keys_exist,
    placeholders_known,
    step_checks,
)


def _targets(step: AnyStep) -> Iterator[tuple[Path, str]]:
    for edge in edges_of(step):
        yield edge.path, edge.dest


def _ids(flow: Flow) -> str:
    return ", ".join(step.id for step in flow.steps)


def _languages(flow: Flow, step: AnyStep, texts: Mapping[str, object], path: Path,
               what: str) -> Iterator[Problem]:
    for lang in flow.languages:
        if lang not in texts:
            yield Problem(flow.flow, step.id, f"{what} has no '{lang}' version; the flow speaks "
                          f"{', '.join(flow.languages)}, so add '{lang}:'", path)
    for lang in texts:
        if lang not in flow.languages:
            yield Problem(flow.flow, step.id, f"{what} has a '{lang}' version but '{lang}' is not "
                          "in the flow's 'languages'; add it there or remove this text", path)


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."
