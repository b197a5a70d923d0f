"""Whole-graph rules for a flow that already has the right shape.

One small function per rule. Each returns problems that name the step, say what is wrong and
how to fix it, and carry the path into the flow document so the loader can add file:line.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field

from bot.core.competencies import COMPETENCIES
from bot.core.flow import (
    PLACEHOLDERS,
    ActionStep,
    AnyStep,
    BranchStep,
    Choice,
    CompetencyChoice,
    Flow,
    Message,
    Question,
    Summary,
    Texted,
    edges_of,
    variants_of,
)
from bot.core.texts import placeholders_in

Path = tuple[str | int, ...]
ACTION_OUTCOMES = ("done", "partly", "not_yet")
OPTIONAL_OUTCOMES = ("dropped",)  # "let it go": the action is closed without being done
# A step's own follow-up wordings may also name what the student said.
FOLLOW_UP_PLACEHOLDERS = frozenset({"feeling", "Feeling", "person", "Person", "phrase"})


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a flow, said so that a school coordinator can fix it."""

    flow: str
    step: str | None
    message: str
    path: Path = field(default=())


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


def _index(flow: Flow) -> dict[str, int]:
    return {step.id: i for i, step in enumerate(flow.steps)}


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


def choices_lead_somewhere(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        if isinstance(step, Choice) and step.next is None:
            for j, option in enumerate(step.options):
                if option.next is None:
                    yield Problem(flow.flow, step.id, f"option '{option.value}' leads nowhere; "
                                  "give it a 'next' or give the step a 'next'",
                                  ("steps", i, "options", j))


def every_step_reachable(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    if not flow.has_step(flow.start):
        return
    reached = _reachable(flow, flow.start)
    for i, step in enumerate(flow.steps):
        if step.id not in reached:
            yield Problem(flow.flow, step.id, "no path from the start leads to this step; point "
                          "a 'next' at it or remove it", ("steps", i))


def every_path_reaches_an_action(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """Every conversation must end with an action the student sets themself."""
    actions = {s.id for s in flow.steps if isinstance(s, ActionStep) and not s.reschedules}
    if not actions:
        yield Problem(flow.flow, None, "the flow has no step of type 'action'; every "
                      "conversation must end with an action the student sets", ("steps",))
        return
    if not flow.has_step(flow.start):
        return
    index = _index(flow)
    before_action = _reachable(flow, flow.start, stop=actions)
    for step_id in sorted(before_action, key=index.__getitem__):
        step = flow.step(step_id)
        if step_id not in actions and not _known_edges(flow, step):
            yield Problem(flow.flow, step_id, "the conversation can end here without an action; "
                          "lead this step on to the action step "
                          f"({', '.join(sorted(actions))})", ("steps", index[step_id]))
    for step_id in sorted(_reachable(flow, flow.start), key=index.__getitem__):
        if not (_reachable(flow, step_id) & actions) and step_id not in _after(flow, actions):
            yield Problem(flow.flow, step_id, "from here the conversation can never reach the "
                          "action step; give it a way on", ("steps", index[step_id]))


def summary_is_last(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    actions = {s.id for s in flow.steps if isinstance(s, ActionStep) and not s.reschedules}
    after = _after(flow, actions)
    for i, step in enumerate(flow.steps):
        if isinstance(step, Summary) and step.id not in after and actions:
            yield Problem(flow.flow, step.id, "a summary must come after the action step, or "
                          "there is no action to sum up", ("steps", i))


def texts_in_every_language(flow: Flow, prompts: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        if isinstance(step, Texted) and step.text is not None:
            yield from _languages(flow, step, step.text, ("steps", i, "text"), "text")
        if isinstance(step, Question) and step.probes:
            yield from _languages(flow, step, step.probes, ("steps", i, "probes"), "probes")
        if isinstance(step, Question) and step.open_text is not None:
            yield from _languages(flow, step, step.open_text, ("steps", i, "open_text"),
                                  "open_text")
        if isinstance(step, Question) and step.moment_text is not None:
            yield from _languages(flow, step, step.moment_text, ("steps", i, "moment_text"),
                                  "moment_text")
        if isinstance(step, Question):
            for kind, wordings in step.follow_ups.items():
                yield from _languages(flow, step, wordings, ("steps", i, "follow_ups", kind),
                                      f"follow_ups.{kind}")
        if isinstance(step, Choice):
            for j, option in enumerate(step.options):
                yield from _languages(flow, step, option.label,
                                      ("steps", i, "options", j, "label"), "label")


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
    known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
    for i, step in enumerate(flow.steps):
        texts: list[str] = []
        if isinstance(step, Texted) and step.text is not None:
            texts = [t for value in step.text.values() for t in variants_of(value)]
        follow_ups: list[str] = []
        if isinstance(step, Question):
            texts += [t for probes in step.probes.values() for t in probes]
            texts += [t for value in (step.open_text or {}).values()
                      for t in variants_of(value)]
            texts += [t for value in (step.moment_text or {}).values()
                      for t in variants_of(value)]
            follow_ups = [t for wordings in step.follow_ups.values()
                          for value in wordings.values() for t in variants_of(value)]
        for text in follow_ups:
            unknown = placeholders_in(text) - PLACEHOLDERS - FOLLOW_UP_PLACEHOLDERS
            if unknown:
                yield Problem(flow.flow, step.id, f"unknown placeholder "
                              f"{', '.join('{' + u + '}' for u in sorted(unknown))} in "
                              f"'{_short(text)}'; a follow-up may use {known}, {{feeling}}, "
                              "{person} and {phrase}", ("steps", i, "follow_ups"))
        for text in texts:
            unknown = placeholders_in(text) - PLACEHOLDERS
            if unknown:
                yield Problem(flow.flow, step.id, f"unknown placeholder "
                              f"{', '.join('{' + u + '}' for u in sorted(unknown))} in "
                              f"'{_short(text)}'; use only {known}", ("steps", i, "text"))


def topics_are_routed(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """After a competency choice, each competency needs a branch to its questions."""
    if not any(isinstance(s, CompetencyChoice) for s in flow.steps):
        return
    routed: set[str] = set()
    for i, step in enumerate(flow.steps):
        if not isinstance(step, BranchStep):
            continue
        for j, branch in enumerate(step.branches):
            topic = branch.when.next_topic
            if topic is None:
                continue
            routed.add(topic)
            target = flow.step(branch.next) if flow.has_step(branch.next) else None
            if target is not None and getattr(target, "competency", None) != topic:
                yield Problem(flow.flow, step.id, f"branch for topic '{topic}' must lead to a "
                              f"question with 'competency: {topic}' ('{branch.next}' is not)",
                              ("steps", i, "branches", j, "next"))
    for key in COMPETENCIES:
        if key not in routed:
            yield Problem(flow.flow, None, f"students can choose '{key}' but no branch has "
                          f"'when: {{next_topic: {key}}}'; add one that leads to its questions",
                          ("steps",))


def answer_conditions_match(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        if not isinstance(step, BranchStep):
            continue
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


def action_outcomes_complete(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    for i, step in enumerate(flow.steps):
        if isinstance(step, Choice) and step.records == "action_outcome":
            values = sorted(o.value for o in step.options)
            needed = sorted(v for v in values if v not in OPTIONAL_OUTCOMES)
            if needed != sorted(ACTION_OUTCOMES):
                yield Problem(flow.flow, step.id, "a choice that records 'action_outcome' needs "
                              f"the option values {', '.join(ACTION_OUTCOMES)} (and may have "
                              f"'dropped'); found {', '.join(values)}", ("steps", i, "options"))


def moods_declared(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """The bot reads words and emoji into a mood, and notices bad days, by the options' mood."""
    for i, step in enumerate(flow.steps):
        if not isinstance(step, Choice):
            continue
        with_mood = [o for o in step.options if o.mood is not None]
        if step.records == "mood" and not any(o.mood == "bad" for o in step.options):
            yield Problem(flow.flow, step.id, "a choice that records the mood needs 'mood:' on "
                          "its options (great, good, so_so or bad), at least one 'bad', so the "
                          "bot can read words like 'kut dag' and notice bad days",
                          ("steps", i, "options"))
        elif with_mood and step.records != "mood":
            yield Problem(flow.flow, step.id, "'mood:' on options only works on a choice with "
                          "'records: mood'; add that, or remove 'mood:'", ("steps", i, "options"))


def reschedule_after_review(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """An action step that only moves the previous action's day needs that action."""
    reviews = any(isinstance(s, Choice) and s.records == "action_outcome" for s in flow.steps)
    for i, step in enumerate(flow.steps):
        if isinstance(step, ActionStep) and step.reschedules and not reviews:
            yield Problem(flow.flow, step.id, "'reschedules: true' gives the previous action a "
                          "new day, so the flow needs a choice with 'records: action_outcome' "
                          "before it", ("steps", i, "reschedules"))


def no_loop_without_a_question(flow: Flow, _: PromptCatalog) -> Iterator[Problem]:
    """Steps that only move on (branches, messages) must not lead round to each other: the
    conversation would go round for ever without asking anything. A choice whose every
    option leads straight back to itself never lets the student on either."""
    index = _index(flow)
    silent = {s.id for s in flow.steps if isinstance(s, BranchStep | Message)}
    graph = {sid: [d for d in _known_edges(flow, flow.step(sid)) if d in silent]
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
    for i, step in enumerate(flow.steps):
        if isinstance(step, Choice):
            dests = {e.dest for e in edges_of(step)}
            if dests == {step.id}:
                yield Problem(flow.flow, step.id, "every option leads back to this same "
                              "question: the student can never go on", ("steps", i))


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
_PATHS: tuple[Rule, ...] = (every_step_reachable, every_path_reaches_an_action,
                            no_loop_without_a_question, summary_is_last)

RULES: tuple[Rule, ...] = (
    unique_step_ids,
    start_exists,
    targets_exist,
    choices_lead_somewhere,
    every_step_reachable,
    every_path_reaches_an_action,
    no_loop_without_a_question,
    summary_is_last,
    texts_in_every_language,
    prompt_keys_exist,
    placeholders_known,
    topics_are_routed,
    answer_conditions_match,
    action_outcomes_complete,
    moods_declared,
    reschedule_after_review,
)


def _targets(step: AnyStep) -> Iterator[tuple[Path, str]]:
    if isinstance(step, BranchStep):
        for j, branch in enumerate(step.branches):
            yield ("branches", j, "next"), branch.next
        yield ("else",), step.else_
        return
    if isinstance(step, Choice):
        for j, option in enumerate(step.options):
            if option.next:
                yield ("options", j, "next"), option.next
    nxt = getattr(step, "next", None)
    if nxt:
        yield ("next",), nxt


def _known_edges(flow: Flow, step: AnyStep) -> list[str]:
    return [e.dest for e in edges_of(step) if flow.has_step(e.dest)]


def _reachable(flow: Flow, start: str, stop: set[str] | None = None) -> set[str]:
    """Steps reachable from start; does not walk on past steps in `stop`."""
    seen = {start}
    todo = [start]
    while todo:
        current = todo.pop()
        if stop and current in stop:
            continue
        for dest in _known_edges(flow, flow.step(current)):
            if dest not in seen:
                seen.add(dest)
                todo.append(dest)
    return seen


def _after(flow: Flow, actions: set[str]) -> set[str]:
    after: set[str] = set()
    for action in actions:
        after |= _reachable(flow, action)
    return after


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
