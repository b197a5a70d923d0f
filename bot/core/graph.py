"""A flow as a Mermaid flowchart: the school's picture of its dialogue.

Each step type says its own shape (and style) in its kind (bot/core/steps/).
"""

from __future__ import annotations

from collections.abc import Mapping

from bot.core.flow import AnyStep, Flow, Texted, variants_of
from bot.core.steps import kind_of, kinds

PROBLEM_STYLE = "fill:#fde2e1,stroke:#c0392b,stroke-width:2px"
# Words Mermaid reads as its own: a step with such an id is drawn under another node name.
RESERVED = frozenset({"end", "graph", "flowchart", "subgraph", "style", "class", "classdef",
                      "click", "call", "href", "linkstyle", "interpolate", "direction",
                      "default", "start"})


def mermaid(flow: Flow, language: str | None = None,
            problems: Mapping[str, list[str]] | None = None) -> str:
    """The flowchart; `problems` (step id -> what is wrong) marks steps in red, and a `next`
    that names no step is drawn as a red node saying so (a broken flow, drawn anyway)."""
    lang = language or flow.languages[0]
    problems = problems or {}
    lines = ["flowchart TD", f'    start(("start")) --> {_node(flow.start)}']
    for step in flow.steps:
        left, right = kind_of(step).shape
        label = _label(step, lang)
        for problem in problems.get(step.id, [])[:2]:
            label += "<br/>⚠ " + _escape(problem if len(problem) <= 70 else problem[:67] + "...")
        lines.append(f"    {_node(step.id)}{left}{label}{right}")
    known = {s.id for s in flow.steps}
    missing = sorted({e.dest for e in flow.edges() if e.dest not in known} |
                     ({flow.start} - known))
    for dest in missing:
        lines.append(f'    {_node(dest)}["⚠ {_escape(dest)}: no such step"]')
    for edge in flow.edges():
        label = f'|"{_escape(edge.label)}"|' if edge.label else ""
        lines.append(f"    {_node(edge.source)} -->{label} {_node(edge.dest)}")
    for kind in kinds():
        if kind.style is None:
            continue
        lines.append(f"    classDef {kind.name} {kind.style}")
        styled = [_node(s.id) for s in flow.steps if s.type == kind.name]
        if styled:
            lines.append(f"    class {','.join(styled)} {kind.name}")
    marked = [s for s in (*problems, *missing) if s in known or s in missing]
    if marked:
        lines.append(f"    classDef problem {PROBLEM_STYLE}")
        lines.append(f"    class {','.join(dict.fromkeys(map(_node, marked)))} problem")
    return "\n".join(lines) + "\n"


def _label(step: AnyStep, lang: str) -> str:
    title = f"{step.id} · {step.type}"
    competency = getattr(step, "competency", None)
    if competency:
        title += f" · {competency}"
    if isinstance(step, Texted):
        if step.text is not None and lang in step.text:
            first = variants_of(step.text[lang])[0]
            title += "<br/>" + _escape(first if len(first) <= 60 else first[:57] + "...")
        elif step.prompt:
            title += f"<br/>prompt: {step.prompt}"
    return title


def _node(step_id: str) -> str:
    """The step's node name: its id, unless Mermaid would read that as a keyword."""
    return f"step_{step_id}" if step_id.lower() in RESERVED else step_id


def _escape(text: str) -> str:
    """A school's text as text: no quotes ending the label, no HTML in it."""
    return (text.replace('"', "#quot;").replace("<", "#lt;").replace(">", "#gt;")
            .replace("\n", " "))
