"""A flow as a Mermaid flowchart: the school's picture of its dialogue."""

from __future__ import annotations

from bot.core.flow import AnyStep, Flow, Texted, variants_of

_SHAPES = {
    "question": ('["', '"]'),
    "choice": ('{{"', '"}}'),
    "competency_choice": ('{{"', '"}}'),
    "action": ('[/"', '"/]'),
    "message": ('("', '")'),
    "summary": ('(["', '"])'),
    "branch": ('{"', '"}'),
}


def mermaid(flow: Flow, language: str | None = None) -> str:
    lang = language or flow.languages[0]
    lines = ["flowchart TD", f'    start(("start")) --> {flow.start}']
    for step in flow.steps:
        left, right = _SHAPES[step.type]
        lines.append(f"    {step.id}{left}{_label(step, lang)}{right}")
    for edge in flow.edges():
        label = f'|"{_escape(edge.label)}"|' if edge.label else ""
        lines.append(f"    {edge.source} -->{label} {edge.dest}")
    lines.append("    classDef action fill:#d4f7d4,stroke:#2a8a2a")
    actions = [s.id for s in flow.steps if s.type == "action"]
    if actions:
        lines.append(f"    class {','.join(actions)} action")
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
