"""The school's class pages in a real browser: headless Chromium (Debian's chromium and
chromium-driver) driven by Selenium, against `loopbaanbot run --web` as a real process on
127.0.0.1, its SQLite database seeded through the real services before it starts.

Signing in with a link printed by `loopbaanbot mentor link`, the class overview, picking up and
resolving a flag, a student's page, a mentor of 4B refused 4A's pages by URL, an expired link.
Screenshots at 360 px and 1280 px wide are kept in tests/artifacts/school/ for a person to
look at; axe-core checks every page for serious accessibility violations.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.app import open_app
from bot.config import Settings
from bot.mentors.staff import StaffAccess, login_url
from bot.storage.database import sessions
from tests.browser import Server, accessible, click, free_port
from tests.conftest import ROOT, Clock
from tests.school_seed import SeededSchool, seed

SHOTS = ROOT / "tests" / "artifacts" / "school"
NOTE = "Gebeld met Sanne en haar ouders; afspraak met de zorgcoördinator staat."

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
except ImportError:  # pragma: no cover - the test extra installs it
    pass


@dataclass
class SchoolServer:
    server: Server
    seeded: SeededSchool
    expired_link: str

    def link(self, who: str) -> str:
        """`loopbaanbot mentor link WHO`, as the administrator runs it."""
        done = subprocess.run([sys.executable, "-m", "bot", "mentor", "link", who],
                              env=self.server.env, cwd=ROOT, capture_output=True, timeout=60)
        assert done.returncode == 0, done.stderr.decode()
        name, _, url = done.stdout.decode().strip().partition(": ")
        assert name in ("Ellen de Vries", "Piet Jansen", "Mila Bakker"), name
        assert url.startswith(f"http://127.0.0.1:{self.server.port}/school/login/"), url
        return url

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.server.port}{path}"


async def _seed(data: Path, web_url: str) -> tuple[SeededSchool, str]:
    settings = Settings(data_dir=data, web_url=web_url, web_secure_cookies=False,
                        database_url=f"sqlite+aiosqlite:///{data / 'loopbaanbot.sqlite3'}")
    now = datetime.now(UTC).replace(microsecond=0)
    clock = Clock(now)
    async with open_app(settings, clock) as core:
        seeded = await seed(core, clock, now)
        # a link made 20 minutes ago: valid for 15, so expired by now
        old = StaffAccess(sessions(core.database), lambda: now - timedelta(minutes=20))
        token = await old.link_for(seeded.mentors["4A"])
    return seeded, login_url(web_url, token)


@pytest.fixture
def school_server(tmp_path: Path, browser: WebDriver) -> Iterator[SchoolServer]:
    """A seeded school behind `loopbaanbot run --web` (the `browser` first: without Chromium
    the test is skipped before anything is seeded)."""
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    port = free_port()
    web_url = f"http://127.0.0.1:{port}"
    seeded, expired = asyncio.run(_seed(tmp_path / "data", web_url))
    env = {**clean, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data"),
           "LOOPBAANBOT_WEB_PORT": str(port), "LOOPBAANBOT_WEB_SECURE_COOKIES": "false",
           "LOOPBAANBOT_WEB_URL": web_url}
    running = Server(env, port)
    running.start()
    try:
        yield SchoolServer(running, seeded, expired)
    finally:
        running.stop()


def shot(driver: WebDriver, name: str, width: int = 360) -> None:
    """A screenshot of the whole page at this width, into tests/artifacts/school/."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    driver.set_window_size(width, 800)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    driver.set_window_size(width, max(800, min(int(height) + 120, 6000)))
    driver.execute_script("window.scrollTo(0, 0)")
    driver.save_screenshot(str(SHOTS / f"{name}-{width}.png"))
    driver.set_window_size(360, 800)


def both(driver: WebDriver, name: str) -> None:
    shot(driver, name, 360)
    shot(driver, name, 1280)
    # nothing sideways on a phone: the page is never wider than the screen
    wide = driver.execute_script("return document.documentElement.scrollWidth")
    assert int(wide) <= 360, f"{name}: {wide} px wide at 360"


def body(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def flag_card(driver: WebDriver, student: str) -> WebElement:
    [card] = [c for c in driver.find_elements(By.CSS_SELECTOR, "#flags li.flag-card")
              if student in c.find_element(By.CSS_SELECTOR, ".flag-head").text]
    return card


def sign_in(driver: WebDriver, link: str) -> None:
    driver.get(link)
    click(driver, driver.find_element(By.CSS_SELECTOR, "main form button"))


def test_a_mentor_handles_a_flag_from_the_class_overview(browser: WebDriver,
                                                         school_server: SchoolServer) -> None:
    school = school_server
    browser.get(school.url("/school/classes/4A"))  # not signed in: the sign-in page
    assert "Log eerst in" in body(browser)
    browser.get(school.expired_link)
    assert "verlopen of al gebruikt" in body(browser)
    both(browser, "01-expired-link")
    accessible(browser, "expired link")

    link = school.link("Ellen")
    browser.get(link)
    assert "Inloggen als Ellen de Vries" in body(browser)
    shot(browser, "02-link")
    accessible(browser, "link")
    click(browser, browser.find_element(By.CSS_SELECTOR, "main form button"))
    assert "4A" in body(browser) and "Ellen de Vries" in body(browser)
    shot(browser, "03-classes")
    accessible(browser, "classes")
    browser.get(link)  # used once: a second time it is refused
    assert "verlopen of al gebruikt" in body(browser)

    browser.get(school.url("/school/classes"))
    click(browser, browser.find_element(By.LINK_TEXT, "4A"))
    page = body(browser)
    assert page.index("Open signalen") < page.index("Aandacht nodig") < page.index(
        "Alle studenten")
    assert "Nooit begonnen" in page and "Noor Visser" in page
    assert "Halverwege gestopt" in page and "Fleur" in page
    both(browser, "04-class")
    accessible(browser, "class overview")

    card = flag_card(browser, "Sanne")
    assert "nog niet opgepakt" in card.text
    click(browser, card.find_element(By.CSS_SELECTOR, "form.ack button"))
    assert "Opgepakt." in browser.find_element(By.ID, "notice").text
    card = flag_card(browser, "Sanne")
    assert "opgepakt door Ellen de Vries" in card.text
    assert not card.find_elements(By.CSS_SELECTOR, "form.ack")
    both(browser, "05-picked-up")
    accessible(browser, "picked up")

    card.find_element(By.CSS_SELECTOR, "details.resolve-box summary").click()
    shot(browser, "05-resolve-note")
    card.find_element(By.TAG_NAME, "textarea").send_keys(NOTE)
    click(browser, card.find_element(By.CSS_SELECTOR, "form.resolve button"))
    assert "Afgehandeld, met je notitie." in browser.find_element(By.ID, "notice").text
    assert not [c for c in browser.find_elements(By.CSS_SELECTOR, "#flags li.flag-card")
                if "Sanne" in c.text]

    sanne = school.seeded.students["Sanne"]
    click(browser, browser.find_element(By.CSS_SELECTOR,
                                        f"#everyone a[href='/school/students/{sanne}']"))
    page = body(browser)
    assert "Sanne" in page and "afgehandeld door Ellen de Vries" in page and NOTE in page
    assert "Competentieprofiel" in page and "Wie bekeek deze pagina" in page
    assert page.count(NOTE) == 1
    both(browser, "06-student")
    accessible(browser, "student page")

    click(browser, browser.find_element(By.CSS_SELECTOR, "form[action='/school/logout'] button"))
    assert "uitgelogd" in body(browser)
    browser.get(school.url(f"/school/students/{sanne}"))
    assert "Log eerst in" in body(browser)


def test_a_mentor_of_4b_is_refused_4a_by_url(browser: WebDriver,
                                             school_server: SchoolServer) -> None:
    school = school_server
    sign_in(browser, school.link("Piet"))
    assert "4B" in body(browser) and "4A" not in body(browser)
    click(browser, browser.find_element(By.LINK_TEXT, "4B"))
    assert "Class 4B" in body(browser) and "Bram" in body(browser)  # Piet reads English
    both(browser, "07-class-4b-english")
    accessible(browser, "class 4B")
    for path in ("/school/classes/4A", f"/school/students/{school.seeded.students['Sanne']}",
                 f"/school/students/{school.seeded.students['Daan'] + 100}"):
        browser.get(school.url(path))
        assert "Your role cannot see or do this" in body(browser), path
        assert "Sanne" not in body(browser)
    shot(browser, "08-refused")
    accessible(browser, "refused")
