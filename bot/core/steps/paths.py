"""Paths through a flow, along the ways on each step type gives: for the whole-graph rules
(bot/core/rules.py) and the path rules a step type brings (its `path_checks`)."""

from __future__ import annotations

from bot.core.steps.kind import AnyStep, FlowView
from bot.core.steps.registry import kind_of


def index(flow: FlowView) -> dict[str, int]:
    return {step.id: i for i, step in enumerate(flow.steps)}


def known_edges(flow: FlowView, step: AnyStep) -> list[str]:
    return [e.dest for e in kind_of(step).edges(step) if flow.has_step(e.dest)]


def reachable(flow: FlowView, start: str, stop: set[str] | None = None) -> set[str]:
    """Steps reachable from start; does not walk on past steps in `stop`."""
    seen = {start}
    todo = [start]
    while todo:
        current = todo.pop()
        if stop and current in stop:
            continue
        for dest in known_edges(flow, flow.step(current)):
            if dest not in seen:
                seen.add(dest)
                todo.append(dest)
    return seen


def after(flow: FlowView, actions: set[str]) -> set[str]:
    found: set[str] = set()
    for action in actions:
        found |= reachable(flow, action)
    return found
