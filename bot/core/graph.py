"""A flow as a Mermaid flowchart: the school's picture of its dialogue.

Each step type says its own shape (and style) in its kind (bot/core/steps/).
"""

from __future__ import annotations

from bot.core.flow import AnyStep, Flow, Texted, variants_of
from bot.core.steps import kind_of, kinds


def mermaid(flow: Flow, language: str | None = None) -> str:
    lang = language or flow.languages[0]
    lines = ["flowchart TD", f'    start(("start")) --> {flow.start}']
    for step in flow.steps:
        left, right = kind_of(step).shape
        lines.append(f"    {step.id}{left}{_label(step, lang)}{right}")
    for edge in flow.edges():
        label = f'|"{_escape(edge.label)}"|' if edge.label else ""
        lines.append(f"    {edge.source} -->{label} {edge.dest}")
    for kind in kinds():
        if kind.style is None:
            continue
        lines.append(f"    classDef {kind.name} {kind.style}")
        styled = [s.id for s in flow.steps if s.type == kind.name]
        if styled:
            lines.append(f"    class {','.join(styled)} {kind.name}")
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


def _escape(text: str) -> str:
    return text.replace('"', "#quot;").replace("\n", " ")
