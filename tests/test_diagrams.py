"""Flow diagrams for the school's pages (bot/channels/web/school/diagrams.py), and proof in a
real browser that the vendored mermaid draws them under DIAGRAM_CSP: headless Chromium
(Debian's chromium and chromium-driver) against a tiny Starlette app on 127.0.0.1, with every
request and every CSP violation recorded.

The browser helpers here (`chromium`, `Site`, `Watch`) serve tests/test_charts.py too.
Screenshots: tests/artifacts/web/school-diagram*.png, for a person to look at.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import uvicorn
from jinja2 import Environment
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from bot.channels.web.app import CSP
from bot.channels.web.school.diagrams import (
    DIAGRAM_CSP,
    SCRIPTS,
    FlowDiagram,
    flow_diagrams,
)
from bot.core.texts import Texts
from bot.loading.prompts import load_prompts
from tests.browser import accessible
from tests.conftest import ROOT

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
STATIC = ROOT / "bot" / "channels" / "web" / "static"
VENDOR = STATIC / "vendor"
SHOTS = ROOT / "tests" / "artifacts" / "web"
REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_BROWSER") == "1"

try:
    from selenium import webdriver
    from selenium.webdriver import Chrome
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - the test extra installs it
    webdriver = None  # type: ignore[assignment]

# What a school's page with diagrams does (the lead's templates do the same): the Mermaid
# text escaped by Jinja2 in <pre class="mermaid">, the problems as a list, the two scripts.
PAGE = Environment(autoescape=True).from_string("""<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Flows</title>
  <link rel="stylesheet" href="/static/app.css">
  <link rel="stylesheet" href="/static/school.css">
  {% for src in scripts %}<script src="{{ src }}" defer></script>
  {% endfor %}
</head>
<body>
<main id="main">
  <h1>Flows</h1>
  {% for d in diagrams %}
  <section aria-labelledby="flow-{{ loop.index }}">
    <h2 id="flow-{{ loop.index }}">{{ d.name }} <small>({{ d.file }})</small></h2>
    {% if d.problems %}
    <ul class="problems">{% for p in d.problems %}<li>{{ p }}</li>{% endfor %}</ul>
    {% endif %}
    {% if d.mermaid %}
    <div class="diagram" tabindex="0" role="region" aria-label="{{ d.name }}">
      <pre class="mermaid">{{ d.mermaid }}</pre>
    </div>
    {% endif %}
  </section>
  {% endfor %}
</main>
</body>
</html>
""")


# -- a tiny site and a browser -----------------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Site:
    """One HTML page at / under a given CSP, and the package's static files; uvicorn in a
    thread on a free port of 127.0.0.1, stopped when the `with` ends."""

    def __init__(self, html: str, csp: str) -> None:
        self.html, self.csp = html, csp
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}/"

        async def page(request: Request) -> Response:
            return HTMLResponse(self.html, headers={"Content-Security-Policy": self.csp})

        async def no_icon(request: Request) -> Response:
            return Response(status_code=204)

        app = Starlette(routes=[Route("/", page), Route("/favicon.ico", no_icon),
                                Mount("/static", StaticFiles(directory=str(STATIC)))])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port,
                                                    log_level="warning", lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> Site:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            assert self.thread.is_alive() and time.monotonic() < deadline, "no server"
            time.sleep(0.02)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=20)


# Runs in every page before its own scripts (via the DevTools protocol, so no CSP applies):
# each CSP violation the page meets is kept, for the test to read.
LISTEN = ("window.__violations = [];"
          "document.addEventListener('securitypolicyviolation', e => window.__violations.push("
          "e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sample || '')));")


@contextmanager
def chromium(width: int = 1280, height: int = 900) -> Iterator[Chrome]:
    """Headless Chromium recording its console and every request; skipped without it (a
    failure when LOOPBAANBOT_REQUIRE_BROWSER=1)."""
    if webdriver is None or not CHROMIUM.exists() or not DRIVER.exists():
        reason = "no Chromium: apt-get install chromium chromium-driver (and pip install selenium)"
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", f"--window-size={width},{height}",
                     "--disable-gpu", "--lang=en"):
        options.add_argument(argument)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL", "performance": "ALL"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    try:
        driver.set_window_size(width, height)
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": LISTEN})
        yield driver
    finally:
        driver.quit()


class Watch:
    """What a page did: its console, its requests (and which of them the CSP stopped in the
    browser), its CSP violations."""

    def __init__(self, driver: Chrome) -> None:
        self.console = [entry["message"] for entry in _log(driver, "browser")]
        events = _performance(driver)
        sent = {e["params"]["requestId"]: e["params"]["request"]["url"] for e in events
                if e.get("method") == "Network.requestWillBeSent"}
        stopped = {e["params"]["requestId"] for e in events
                   if e.get("method") == "Network.loadingFailed"
                   and e["params"].get("blockedReason") == "csp"}
        self.requests = [url for key, url in sent.items() if key not in stopped]
        self.blocked = [url for key, url in sent.items() if key in stopped]
        self.violations: list[str] = driver.execute_script("return window.__violations || []")

    def left(self, site: Site) -> list[str]:
        """Requests that went anywhere but this site."""
        return [url for url in self.requests if not url.startswith(("data:", "about:"))
                and (urlsplit(url).hostname, urlsplit(url).port) != ("127.0.0.1", site.port)]

    def assert_clean(self, site: Site) -> None:
        csp = [m for m in self.console if "Content Security Policy" in m]
        assert not csp, f"CSP violations in the console: {csp[:3]} ({len(csp)})"
        assert not self.violations, f"CSP violations: {self.violations[:3]}"
        assert not self.blocked, self.blocked
        errors = [m for m in self.console if "SEVERE" in m or "Uncaught" in m]
        assert not errors, errors
        assert self.requests, "no requests were recorded"
        assert not self.left(site), f"requests that left 127.0.0.1: {self.left(site)}"


def _performance(driver: Chrome) -> list[dict[str, Any]]:
    return [json.loads(entry["message"])["message"] for entry in _log(driver, "performance")]


def _log(driver: Chrome, kind: str) -> list[dict[str, Any]]:
    """What Chromium logged since the last call (goog:loggingPrefs)."""
    entries: list[dict[str, Any]] = driver.get_log(kind)  # type: ignore[no-untyped-call]
    return entries


def wait_for(driver: WebDriver, script: str, timeout: float = 30) -> Any:
    found: Callable[[WebDriver], Any] = lambda d: d.execute_script(script)  # noqa: E731
    return WebDriverWait(driver, timeout).until(found)


def shot(driver: WebDriver, name: str) -> Path:
    """A screenshot of the whole page (the window grown to its height)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    size = driver.get_window_size()
    height = int(driver.execute_script("return document.documentElement.scrollHeight"))
    driver.set_window_size(size["width"], max(600, min(height + 200, 6000)))
    path = SHOTS / f"{name}.png"
    driver.save_screenshot(str(path))
    driver.set_window_size(size["width"], size["height"])
    return path


# -- the diagrams, without a browser -----------------------------------------------------

@pytest.fixture(scope="module")
def texts() -> Texts:
    return load_prompts(ROOT / "prompts")[0]


def broken_copy(folder: Path) -> tuple[Path, int]:
    """stagedag with a typo in one `next:`; returns the file and the typo's line."""
    folder.mkdir(parents=True, exist_ok=True)
    source = (ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8")
    assert source.count("next: eerder_gezegd\n") == 1
    broken = source.replace("next: eerder_gezegd\n", "next: eerder_gezgd\n")
    path = folder / "stagedag.yaml"
    path.write_text(broken, encoding="utf-8")
    line = broken[:broken.index("next: eerder_gezgd")].count("\n") + 1
    return path, line


def step_ids(text: str) -> list[str]:
    return re.findall(r"^  - id: (\w+)$", text, flags=re.MULTILINE)


def test_a_shipped_flow_has_a_diagram_and_no_problems(texts: Texts) -> None:
    [diagram] = flow_diagrams(ROOT / "dialogue_flows", texts)
    assert (diagram.name, diagram.file, diagram.problems) == ("stagedag", "stagedag.yaml", ())
    assert not diagram.broken and diagram.mermaid is not None
    assert diagram.mermaid.startswith("flowchart TD\n")
    ids = step_ids((ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8"))
    assert len(ids) > 10
    for step in ids:
        assert re.search(rf"^    {step}\W", diagram.mermaid, flags=re.MULTILINE), step
    assert "Hoe was je stagedag vandaag?" in diagram.mermaid  # Dutch, the flow's first
    [english] = flow_diagrams(ROOT / "dialogue_flows", texts, language="en")
    assert "How was your placement day today?" in (english.mermaid or "")
    [unknown] = flow_diagrams(ROOT / "dialogue_flows", texts, language="fr")
    assert unknown.mermaid == diagram.mermaid  # no French: its first language


def test_a_broken_flow_is_drawn_with_its_problem_and_line(tmp_path: Path,
                                                          texts: Texts) -> None:
    _, line = broken_copy(tmp_path / "flows")
    [diagram] = flow_diagrams(tmp_path / "flows", texts)
    assert diagram.broken and diagram.name == "stagedag"
    [problem] = [p for p in diagram.problems if "eerder_gezgd" in p]
    assert problem.startswith(f"stagedag.yaml:{line}: stagedag/hallo: ")
    assert str(tmp_path) not in "".join(diagram.problems)  # no server paths on a page
    assert diagram.mermaid is not None
    assert '    eerder_gezgd["⚠ eerder_gezgd: no such step"]' in diagram.mermaid
    assert re.search(r"^    class .*\bhallo\b.* problem$", diagram.mermaid, flags=re.MULTILINE)


def test_unreadable_and_duplicate_flows_are_listed_too(tmp_path: Path, texts: Texts) -> None:
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(ROOT / "dialogue_flows" / "stagedag.yaml", flows / "a.yaml")
    shutil.copy(ROOT / "dialogue_flows" / "stagedag.yaml", flows / "b.yaml")
    (flows / "c.yaml").write_text("flow: c\nsteps: [1, 2\n", encoding="utf-8")  # bad YAML
    (flows / "d.yaml").write_text("flow: d\nlanguages: [nl]\nstart: x\nsteps:\n"
                                  "  - id: x\n    type: nonsense\n", encoding="utf-8")
    (flows / "a.test.yaml").write_text("not: a flow\n", encoding="utf-8")  # a script: skipped
    a, b, c, d = flow_diagrams(flows, texts)
    assert (a.file, a.name, a.problems) == ("a.yaml", "stagedag", ())
    assert b.name == "stagedag" and b.mermaid is not None
    assert b.problems == ("b.yaml:1: stagedag: another file (a.yaml) already defines a flow "
                          "with this name; rename one",)
    assert (c.name, c.mermaid) == ("c", None) and c.problems[0].startswith("c.yaml:")
    assert (d.name, d.mermaid) == ("d", None)
    assert any("unknown step type 'nonsense'" in p for p in d.problems)
    assert flow_diagrams(tmp_path / "missing", texts) == []
    (tmp_path / "empty").mkdir()
    assert flow_diagrams(tmp_path / "empty", texts) == []


def directives(policy: str) -> dict[str, str]:
    parts = (p.strip().split(" ", 1) for p in policy.split(";") if p.strip())
    return {p[0]: p[1] if len(p) > 1 else "" for p in parts}


def test_the_diagram_csp_only_allows_inline_styles_more_than_the_chat() -> None:
    chat, diagrams = directives(CSP), directives(DIAGRAM_CSP)
    assert diagrams.pop("style-src") == "'self' 'unsafe-inline'"
    assert diagrams.pop("script-src") == "'self'"  # no inline script, no eval
    assert {k: v for k, v in chat.items() if k != "style-src"} == diagrams


def test_the_vendored_mermaid_is_the_one_the_readme_names() -> None:
    readme = (VENDOR / "README.md").read_text(encoding="utf-8")
    code = (VENDOR / "mermaid.min.js").read_bytes()
    assert hashlib.sha256(code).hexdigest() in readme
    [version] = re.findall(r"\*\*(\d+\.\d+\.\d+)\*\*", readme)
    assert f'version:"{version}"'.encode() in code
    assert b'globalThis["mermaid"]' in code  # the IIFE build: window.mermaid
    assert "MIT License" in (VENDOR / "mermaid.LICENSE").read_text(encoding="utf-8")
    flows = (STATIC / "flows.js").read_text(encoding="utf-8")
    assert 'securityLevel: "strict"' in flows and "startOnLoad: false" in flows
    assert [s.removeprefix("/static/") for s in SCRIPTS] == ["vendor/mermaid.min.js",
                                                            "flows.js"]


# -- in the browser ----------------------------------------------------------------------

def drawn(driver: WebDriver, site: Site) -> dict[str, Any]:
    """Open the page; wait until flows.js is done; what the SVGs hold."""
    driver.get(site.url)
    state = wait_for(driver, "return document.body.dataset.diagrams")
    info: dict[str, Any] = driver.execute_script(r"""
        return {state: document.body.dataset.diagrams,
                svgs: [...document.querySelectorAll('pre.mermaid')].map(pre => {
                  const svg = pre.querySelector('svg');
                  if (!svg) return null;
                  // a node is <g class="node" id="mermaid-123-flowchart-{step}-{n}">
                  const step = g => (g.id.match(/flowchart-(.+)-\d+$/) || [])[1] || g.id;
                  return {nodes: [...svg.querySelectorAll('g.node')].map(step),
                          problem: [...svg.querySelectorAll('g.node.problem')].map(step),
                          text: svg.textContent,
                          width: svg.getBoundingClientRect().width,
                          fill: getComputedStyle(svg.querySelector('g.node rect, g.node path,'
                                                 + ' g.node polygon')).fill};
                })};""")
    assert state == "drawn", info
    return info


def test_a_shipped_flow_is_drawn_by_chromium_under_the_diagram_csp(texts: Texts) -> None:
    diagrams = flow_diagrams(ROOT / "dialogue_flows", texts)
    ids = step_ids((ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8"))
    with Site(PAGE.render(diagrams=diagrams, scripts=SCRIPTS), DIAGRAM_CSP) as site, \
            chromium(1280) as driver:
        info = drawn(driver, site)
        [svg] = info["svgs"]
        assert svg is not None, "no <svg> was drawn"
        assert set(ids) <= set(svg["nodes"]), set(ids) - set(svg["nodes"])
        assert "start" in svg["nodes"] and not svg["problem"]
        assert "Hoe was je stagedag vandaag?" in svg["text"]
        assert svg["fill"] not in ("rgb(0, 0, 0)", "none"), "unstyled: the CSP blocked it"
        Watch(driver).assert_clean(site)
        accessible(driver, "diagram")
        shot(driver, "school-diagram")


def test_a_broken_flow_is_drawn_with_its_problem_listed(tmp_path: Path, texts: Texts) -> None:
    _, line = broken_copy(tmp_path / "flows")
    diagrams = flow_diagrams(tmp_path / "flows", texts)
    with Site(PAGE.render(diagrams=diagrams, scripts=SCRIPTS), DIAGRAM_CSP) as site, \
            chromium(360, 800) as driver:
        info = drawn(driver, site)
        [svg] = info["svgs"]
        assert svg is not None, "no <svg> was drawn"
        assert "eerder_gezgd" in svg["nodes"] and "hallo" in svg["problem"]
        assert "no such step" in svg["text"]
        listed = driver.find_element(By.CSS_SELECTOR, "ul.problems").text
        assert f"stagedag.yaml:{line}: stagedag/hallo:" in listed and "eerder_gezgd" in listed
        Watch(driver).assert_clean(site)
        accessible(driver, "broken diagram")
        shot(driver, "school-diagram-broken")


def test_the_strict_chat_csp_would_not_do(texts: Texts) -> None:
    """Why DIAGRAM_CSP exists: with the chat's `style-src 'self'` (and scripts allowed),
    mermaid's inline styles are blocked."""
    diagrams = flow_diagrams(ROOT / "dialogue_flows", texts)
    strict = DIAGRAM_CSP.replace("style-src 'self' 'unsafe-inline'", "style-src 'self'")
    assert directives(strict)["style-src"] == directives(CSP)["style-src"]
    with Site(PAGE.render(diagrams=diagrams, scripts=SCRIPTS), strict) as site, \
            chromium(1280) as driver:
        driver.get(site.url)
        wait_for(driver, "return document.body.dataset.diagrams")
        blocked = Watch(driver).violations
        assert blocked and all(v.startswith("style-src") for v in blocked), blocked[:3]


def test_html_in_a_flow_text_is_shown_as_text_and_nothing_runs(tmp_path: Path,
                                                                 texts: Texts) -> None:
    """A flow's texts are the school's: graph.py writes their < and > as Mermaid entities, so
    an <img> or a <script> in a text is drawn as text. Nothing runs, nothing is fetched, and
    the CSP has nothing to stop."""
    flows = tmp_path / "flows"
    flows.mkdir()
    source = (ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8")
    # (graph.py shows a text's first 60 characters: each attack fits in that)
    image = "<b>Dag?</b><img src=https://evil.example/x onerror=hacked=1>"
    script = "<script>window.hacked=2</script>Top?"
    for old, new in (('nl: ["Hoe was je stagedag vandaag?"', f'nl: ["{image}"'),
                     ('nl: ["Top dat het gelukt is!', f'nl: ["{script}')):
        assert source.count(old) == 1
        source = source.replace(old, new)
    (flows / "stagedag.yaml").write_text(source, encoding="utf-8")
    [diagram] = flow_diagrams(flows, texts)
    assert diagram.problems == () and "<img" not in (diagram.mermaid or "")
    with Site(PAGE.render(diagrams=[diagram], scripts=SCRIPTS), DIAGRAM_CSP) as site, \
            chromium(1280) as driver:
        info = drawn(driver, site)
        shown = info["svgs"][0]["text"]
        assert "<b>Dag?</b><img src=https://evil.example/x" in shown  # as text
        assert "<script>window.hacked=2</script>Top?" in shown
        assert driver.execute_script("return window.hacked") is None  # nothing ran
        assert driver.execute_script(
            "return document.querySelectorAll('svg img, svg script, svg b').length") == 0
        watched = Watch(driver)
        assert not watched.left(site), watched.left(site)  # nothing left the browser
        assert not watched.blocked and not watched.violations


def test_a_step_named_like_a_mermaid_keyword_is_drawn(tmp_path: Path, texts: Texts) -> None:
    """`end` is a word of Mermaid's and a valid step id: graph.py draws it as `step_end`."""
    flows = tmp_path / "flows"
    flows.mkdir()
    source = (ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8")
    assert source.count("afsluiting") == 2  # its id, and the action's next
    (flows / "stagedag.yaml").write_text(source.replace("afsluiting", "end"), encoding="utf-8")
    [diagram] = flow_diagrams(flows, texts)
    assert diagram.problems == ()
    with Site(PAGE.render(diagrams=[diagram], scripts=SCRIPTS), DIAGRAM_CSP) as site, \
            chromium(1280) as driver:
        info = drawn(driver, site)
        assert "step_end" in info["svgs"][0]["nodes"]


def test_a_diagram_mermaid_cannot_read_stays_as_text_and_the_others_are_drawn(
        texts: Texts) -> None:
    """Should Mermaid fail to read a diagram (here written by hand with `end` as a node),
    flows.js keeps that Mermaid text on the page, readable, and draws the other diagrams."""
    [good] = flow_diagrams(ROOT / "dialogue_flows", texts)
    bad = FlowDiagram("eind", "eind.yaml", 'flowchart TD\n    start(("start")) --> end\n'
                      '    end["end · summary"]\n', ())
    with Site(PAGE.render(diagrams=[bad, good], scripts=SCRIPTS), DIAGRAM_CSP) as site, \
            chromium(1280) as driver:
        driver.get(site.url)
        assert wait_for(driver, "return document.body.dataset.diagrams") == "failed"
        kept, drawn_too = driver.find_elements(By.CSS_SELECTOR, "pre.mermaid")
        assert kept.get_attribute("data-failed") == "1"
        assert 'end["end · summary"]' in kept.text
        assert drawn_too.find_elements(By.CSS_SELECTOR, "svg g.node")
        watched = Watch(driver)
        assert not watched.violations
        assert not [m for m in watched.console if "Content Security Policy" in m]
