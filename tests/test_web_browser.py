"""The web chat in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium, against `loopbaanbot run --web` as a real process on 127.0.0.1.

Screenshots at 360 px wide are kept in tests/artifacts/web/ for a person to look at; axe-core
(tests/web_axe, from npm) checks every page for serious accessibility violations.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.browser import Server, accessible, click
from tests.conftest import ROOT

SHOTS = ROOT / "tests" / "artifacts" / "web"
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")

try:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
except ImportError:  # pragma: no cover - the test extra installs it
    pass


def invite(server: Server) -> str:
    done = subprocess.run([sys.executable, "-m", "bot", "invite", "create", "--group", "4A",
                           "--json"], env=server.env, cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    [row] = json.loads(done.stdout)
    assert row["web_link"] == f"http://127.0.0.1:{server.port}/join?code={row['code']}"
    return str(row["web_link"])


def shot(driver: WebDriver, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    height = driver.execute_script("return document.body.scrollHeight")
    driver.set_window_size(360, max(800, min(int(height) + 120, 4000)))
    driver.save_screenshot(str(SHOTS / f"{name}.png"))
    driver.set_window_size(360, 800)


def press(driver: WebDriver, label: str) -> None:
    buttons = driver.find_elements(By.CSS_SELECTOR, "form.options button")
    [button] = [b for b in buttons if label in b.text]
    click(driver, button)


def say(driver: WebDriver, text: str) -> None:
    box = driver.find_element(By.ID, "text")
    box.clear()
    box.send_keys(text)
    click(driver, driver.find_element(By.CSS_SELECTOR, "form.answer button"))


def body(driver: WebDriver) -> str:
    return str(driver.find_element(By.TAG_NAME, "body").text)


def test_a_student_enrols_and_reflects_in_the_browser(browser: WebDriver, server: Server,
                                                       tmp_path: Path) -> None:
    link = invite(server)
    browser.get(link)  # the link from school carries the code
    assert browser.find_element(By.ID, "code").get_attribute("value") in link
    shot(browser, "01-join")
    accessible(browser, "join")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form button"))
    assert "mentor (4A)" in body(browser)  # who sees what, before consent
    browser.find_element(By.ID, "name").send_keys("Sanne")
    shot(browser, "02-consent")
    accessible(browser, "consent")
    [yes] = [b for b in browser.find_elements(By.TAG_NAME, "button") if "Ja" in b.text]
    click(browser, yes)
    assert "stagedag" in body(browser)
    shot(browser, "03-first-question")
    accessible(browser, "chat")
    press(browser, "Goed")
    say(browser, MOMENT)
    browser.refresh()  # a reload shows the same conversation, and sends nothing again
    assert body(browser).count("meer kan dan ik dacht") == 1
    press(browser, "Waar ben ik goed in?")
    shot(browser, "04-topics")

    server.kill()  # kill -9 of the server mid-way ...
    server.start()  # ... and the student goes on where they were
    browser.refresh()
    press(browser, "Nee, dit is genoeg")
    say(browser, ANSWER)
    for _ in range(3):
        if "volgende stap" in body(browser):
            break
        say(browser, ANSWER)
    say(browser, "Vrijdag vraag ik mijn begeleider om feedback op mijn kassawerk")
    assert "Jouw actie" in body(browser)
    shot(browser, "05-summary")
    accessible(browser, "summary")

    click(browser, browser.find_element(By.LINK_TEXT, "Acties"))
    assert "feedback op mijn kassawerk" in body(browser)
    shot(browser, "06-actions")
    accessible(browser, "actions")
    click(browser, browser.find_element(By.LINK_TEXT, "Profiel"))
    shot(browser, "07-profile")
    accessible(browser, "profile")

    click(browser, browser.find_element(By.LINK_TEXT, "Meer"))
    shot(browser, "08-more")
    accessible(browser, "more")
    browser.find_element(By.PARTIAL_LINK_TEXT, "Download").click()
    deadline = time.monotonic() + 15
    while not (tmp_path / "loopbaanbot.json").exists():
        assert time.monotonic() < deadline, "the export was not downloaded"
        time.sleep(0.2)
    time.sleep(0.3)
    exported = json.loads((tmp_path / "loopbaanbot.json").read_text(encoding="utf-8"))
    assert exported["conversations"][0]["status"] == "completed"

    [delete] = [b for b in browser.find_elements(By.TAG_NAME, "button")
                if "verwijder alles" in b.text]
    delete.click()  # not ticked: the browser asks to tick first, nothing is sent
    assert "Alles verwijderen" in body(browser) and "zijn verwijderd" not in body(browser)
    browser.find_element(By.NAME, "confirm").click()
    click(browser, delete)
    assert "Al je gegevens zijn verwijderd" in body(browser)
    browser.get(f"http://127.0.0.1:{server.port}/chat")
    assert "code" in body(browser)  # signed out: the data is gone
    gone = subprocess.run([sys.executable, "-m", "bot", "privacy", "report"], env=server.env,
                          cwd=ROOT, capture_output=True, timeout=60)
    assert gone.returncode == 0


def test_screenshots_are_kept_for_a_person_to_look_at() -> None:
    if not SHOTS.exists():
        pytest.skip("the browser test did not run")
    assert sorted(p.name for p in SHOTS.glob("*.png"))[:1] == ["01-join.png"]


@pytest.fixture(autouse=True, scope="module")
def _fresh_shots() -> Iterator[None]:
    for old in SHOTS.glob("[0-9][0-9]-*.png"):  # this test's own; other tests keep theirs
        old.unlink()
    yield
