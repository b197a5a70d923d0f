"""The school's figures, flows, codes and settings in a real browser: headless Chromium
(Debian's chromium and chromium-driver) driven by Selenium, against `loopbaanbot run --web` as a
real process on 127.0.0.1, its SQLite database seeded with bench/school_pages.py's school (a
small one) before it starts.

An administrator added with `loopbaanbot mentor add --admin` signs in with the link of
`loopbaanbot mentor link`; the analytics page with its charts; the flow diagram drawn by the
mermaid shipped in the package (an <svg> appears); codes made for a class and its invite sheet
downloaded as a PDF with the names in it; the settings. Screenshots at 360 px and 1280 px into
tests/artifacts/school/; axe-core on every page; no request leaves 127.0.0.1.
"""

from __future__ import annotations

import asyncio
import io
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bench.school_pages import SeededSchool, seed
from tests.browser import Server, accessible, click, free_port
from tests.conftest import ROOT

SHOTS = ROOT / "tests" / "artifacts" / "school"
NAMES = ["Sanne de Vries", "Zoë Jansen", "Mohammed El Amrani"]

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - the test extra installs it
    pass


@dataclass
class AdminServer:
    server: Server
    seeded: SeededSchool

    def cli(self, *args: str) -> str:
        done = subprocess.run([sys.executable, "-m", "bot", *args], env=self.server.env,
                              cwd=ROOT, capture_output=True, timeout=120)
        assert done.returncode == 0, done.stderr.decode()
        return done.stdout.decode()

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"


@pytest.fixture
def admin_server(tmp_path: Path, browser: WebDriver) -> Iterator[AdminServer]:
    """A school of 10 classes (the last one of 4 students) behind `loopbaanbot run --web`
    (the `browser` first: without Chromium the test is skipped before anything is seeded)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    port = free_port()
    data = tmp_path / "data"
    data.mkdir()
    seeded = asyncio.run(seed(f"sqlite+aiosqlite:///{data / 'loopbaanbot.sqlite3'}",
                              students=240, groups=10, conversations=4000,
                              now=datetime.now(UTC).replace(microsecond=0)))
    env = {**clean, "LOOPBAANBOT_DATA_DIR": str(data), "LOOPBAANBOT_WEB_PORT": str(port),
           "LOOPBAANBOT_WEB_SECURE_COOKIES": "false",
           "LOOPBAANBOT_WEB_URL": f"http://127.0.0.1:{port}"}
    running = Server(env, port)
    running.start()
    try:
        yield AdminServer(running, seeded)
    finally:
        running.stop()


def shot(driver: WebDriver, name: str, width: int) -> None:
    """A screenshot of the whole page at this width, into tests/artifacts/school/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 800)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(800, min(int(height) + 120, 8000)))
    driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    driver.set_window_size(360, 800)


def both(driver: WebDriver, name: str) -> None:
    """Screenshots at 360 and 1280 px; on a phone nothing is wider than the screen."""
    driver.set_window_size(360, 800)
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    assert int(wide) <= 360, f"{name}: {wide} px wide at 360: " + str(driver.execute_script(
        "return [...document.querySelectorAll('main *')].filter(e => "
        "e.getBoundingClientRect().right > 361).slice(0, 40).map(e => e.tagName + '.' + "
        "e.className + ' ' + Math.round(e.getBoundingClientRect().right))"))
    shot(driver, name, 360)
    shot(driver, name, 1280)


def body(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def only_local(driver: WebDriver, port: int) -> None:
    """Every resource the page loaded came from the bot itself on 127.0.0.1."""
    loaded = driver.execute_script(
        "return [location.href].concat(performance.getEntriesByType('resource')"
        ".map(e => e.name))")
    away = [u for u in loaded if not str(u).startswith(f"http://127.0.0.1:{port}/")]
    assert not away, f"requests to elsewhere: {away}"


def test_an_administrator_sees_the_figures_the_flows_and_makes_an_invite_sheet(
        browser: WebDriver, admin_server: AdminServer, tmp_path: Path) -> None:
    school = admin_server
    port = school.server.port
    added = school.cli("mentor", "add", "--name", "Anna de Boer", "--email",
                       "a.deboer@school.nl", "--admin")
    assert "administrator" in added
    name, _, link = school.cli("mentor", "link", "Anna de Boer").strip().partition(": ")
    assert name == "Anna de Boer" and link.startswith(school.url("/school/login/")), link
    browser.get(link)
    assert "Inloggen als Anna de Boer" in body(browser)
    click(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert browser.current_url == school.url("/school/classes")

    # the figures: charts with their tables, for the whole school
    click(browser, browser.find_element(By.LINK_TEXT, "Cijfers"))
    assert browser.current_url == school.url("/school/analytics")
    page = body(browser)
    assert "Reflecties per week" in page and "Waar gesprekken stoppen" in page
    assert "Loopbaancompetenties" in page and "Per klas" in page
    assert "1 klas(sen) met minder dan 5 leerlingen tellen niet mee" in page
    charts = browser.find_elements(By.CSS_SELECTOR, "figure.chart-figure svg[role=img]")
    assert len(charts) >= 5
    assert browser.find_elements(By.CSS_SELECTOR, "svg rect.bar")
    small = school.seeded.groups[-1]  # 4 students
    [withheld] = [r for r in browser.find_elements(By.CSS_SELECTOR, "#groups tbody tr")
                  if r.find_element(By.TAG_NAME, "th").text == small]
    assert "niet getoond" in withheld.text
    both(browser, "analytics")
    accessible(browser, "analytics")
    only_local(browser, port)

    # one class over four weeks, by the form (GET)
    browser.find_element(By.CSS_SELECTOR, "#weeks option[value='4']").click()
    browser.find_element(By.CSS_SELECTOR, f"#group option[value='{school.seeded.groups[0]}']"
                         ).click()
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.filters button"))
    assert f"Klas {school.seeded.groups[0]}" in body(browser)
    assert "weeks=4" in browser.current_url
    assert len(browser.find_elements(By.CSS_SELECTOR, "#reflections table.figures tbody tr")) == 4
    shot(browser, "analytics-class", 360)
    accessible(browser, "analytics of one class")

    # the flows, drawn by mermaid in the page
    click(browser, browser.find_element(By.LINK_TEXT, "Gesprekken"))
    WebDriverWait(browser, 30).until(
        lambda d: d.find_element(By.TAG_NAME, "body").get_attribute("data-diagrams"))
    assert browser.find_element(By.TAG_NAME, "body").get_attribute("data-diagrams") == "drawn"
    drawn = browser.find_elements(By.CSS_SELECTOR, ".diagram svg")
    assert drawn and drawn[0].size["height"] > 100
    assert "stagedag" in body(browser) and "Geen problemen gevonden" in body(browser)
    both(browser, "flows")
    accessible(browser, "flows")
    only_local(browser, port)

    # codes for a class, with names, and its invite sheet as a PDF
    click(browser, browser.find_element(By.LINK_TEXT, "Codes"))
    group = school.seeded.groups[1]
    browser.find_element(By.ID, "group").send_keys(group)
    browser.find_element(By.ID, "names").send_keys("\n".join(NAMES))
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.make button"))
    assert f"3 codes gemaakt voor {group}" in body(browser)
    both(browser, "invites")
    accessible(browser, "invites")
    only_local(browser, port)
    browser.find_element(By.CSS_SELECTOR, ".done a.button").click()
    sheet = tmp_path / f"uitnodigingen-{group}.pdf"
    deadline = time.monotonic() + 30
    while not sheet.exists():
        assert time.monotonic() < deadline, "the invite sheet was not downloaded"
        time.sleep(0.2)
    time.sleep(0.5)  # written in full
    pypdf = pytest.importorskip("pypdf")
    text = "\n".join(p.extract_text() for p in pypdf.PdfReader(
        io.BytesIO(sheet.read_bytes())).pages)
    for student in NAMES:
        assert student in text

    # the settings, read-only
    browser.get(school.url("/school/settings"))
    assert "113 Zelfmoordpreventie" in body(browser) and "mentor_sees" in body(browser)
    both(browser, "settings")
    accessible(browser, "settings")
    only_local(browser, port)
