"""The school's flows as diagrams on a web page, broken ones too, with what is wrong in them.

The server only writes Mermaid text (bot.core.graph.mermaid) into `<pre class="mermaid">`
(escaped by Jinja2); the browser draws it with the mermaid script shipped in this package
(static/vendor/mermaid.min.js, see static/vendor/README.md; nothing from a CDN), started by
static/flows.js with securityLevel "strict" (labels sanitised, no clicks, no script in a
diagram). Without script the page still shows the Mermaid text and the problems as text.

A page with diagrams needs a wider Content-Security-Policy than the rest: DIAGRAM_CSP.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot.core.graph import mermaid
from bot.core.texts import Texts
from bot.loading.flows import draft_flow, flow_files
from bot.loading.problems import FileProblem

# mermaid styles what it draws inline: a <style> element in each SVG, and style="" attributes
# on its shapes, labels and edges (edge lengths, measured in the browser). Under
# `style-src 'self'` Chromium blocks every one of them (367 CSP violations for stagedag; the
# shapes turn black, the labels lose their layout). Hashes cannot replace 'unsafe-inline':
# stagedag needed 75 of them ('unsafe-hashes' plus deterministicIds), and one more edge in the
# flow, another font or no deterministicIds changes them (75 to 99 violations again); mermaid
# has no nonce option; and Trusted Types ('require-trusted-types-for') stop it (innerHTML).
# So only these pages allow inline *styles*; scripts stay 'self' only (no 'unsafe-inline',
# no 'unsafe-eval'), and nothing may be loaded from elsewhere (default-src 'none'), so an
# injected style cannot send anything anywhere. That strictness matters: HTML in a flow's
# text reaches the labels, and mermaid's sanitiser lets <img src=...> through (img-src stops
# the fetch) and briefly puts an onerror="..." in the page (script-src stops it).
# Tested in tests/test_diagrams.py.
DIAGRAM_CSP = ("default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
               "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
SCRIPTS = ("/static/vendor/mermaid.min.js", "/static/flows.js")  # in this order, with defer


@dataclass(frozen=True)
class FlowDiagram:
    """One flow file: its flow's name, the diagram, and what is wrong with it."""

    name: str  # the flow's name (`flow:`), or the file's name when it cannot be read
    file: str  # the file, relative to the flows folder
    mermaid: str | None  # None when the file cannot be read as a flow (nothing to draw)
    problems: tuple[str, ...]  # "stagedag.yaml:31: stagedag/dag: what is wrong, and the fix"

    @property
    def broken(self) -> bool:
        return bool(self.problems)


def flow_diagrams(flows_dir: Path, texts: Texts, language: str | None = None
                  ) -> list[FlowDiagram]:
    """A diagram for every flow file in the flows folder (as the bot loads them: *.yaml, not
    *.test.yaml), by file name; drawn in `language` when the flow has it, else in its first.
    A broken flow is drawn as far as it can be read: the steps with a problem in red, a `next`
    that names no step as a red node (as `loopbaanbot flows graph` does). No folder, or no
    flow files in it: an empty list (the bot itself does not start without flows)."""
    diagrams: list[FlowDiagram] = []
    seen: dict[str, str] = {}
    for path in flow_files([flows_dir]) if flows_dir.is_dir() else []:
        drafted, found = draft_flow(path, texts)
        problems = [*found]
        file = _shown(str(path), flows_dir)
        if drafted is None:
            diagrams.append(FlowDiagram(path.stem, file, None, _lines(problems, flows_dir)))
            continue
        if drafted.flow in seen:  # as load_flows says it: the bot would refuse to start
            problems.append(FileProblem(str(path), 1, drafted.flow, f"another file "
                                        f"({seen[drafted.flow]}) already defines a flow with "
                                        "this name; rename one"))
        seen.setdefault(drafted.flow, file)
        marks: dict[str, list[str]] = {}
        for problem in found:
            step = problem.where.partition("/")[2]
            if step:
                marks.setdefault(step, []).append(problem.message)
        lang = language if language in drafted.languages else None
        diagrams.append(FlowDiagram(drafted.flow, file, mermaid(drafted, lang, marks),
                                    _lines(problems, flows_dir)))
    return diagrams


def _lines(problems: list[FileProblem], flows_dir: Path) -> tuple[str, ...]:
    return tuple(str(FileProblem(_shown(p.file, flows_dir), p.line, p.where, p.message))
                 for p in sorted(problems))


def _shown(file: str, flows_dir: Path) -> str:
    """A file as the school knows it (stagedag.yaml), not the server's full path."""
    try:
        return Path(file).resolve().relative_to(flows_dir.resolve()).as_posix()
    except ValueError:
        return Path(file).name
