"""The web chat in a real browser: headless Chromium (Debian's chromium and chromium-driver)
driven by Selenium, against `loopbaanbot run --web` as a real process on 127.0.0.1.

Screenshots at 360 px wide are kept in tests/artifacts/web/ for a person to look at; axe-core
(tests/web_axe, from npm) checks every page for serious accessibility violations.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import ROOT

CHROMIUM, DRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
AXE = ROOT / "tests" / "web_axe" / "node_modules" / "axe-core" / "axe.min.js"
SHOTS = ROOT / "tests" / "artifacts" / "web"
REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_BROWSER") == "1"
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")

try:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webdriver import WebDriver
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support import expected_conditions
    from selenium.webdriver.support.ui import WebDriverWait
except ImportError:  # pragma: no cover - the test extra installs it
    webdriver = None  # type: ignore[assignment]


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Server:
    """`loopbaanbot run --web`, web chat only (no Telegram token)."""

    def __init__(self, env: dict[str, str], port: int) -> None:
        self.env, self.port = env, port
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--web"],
                                        env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{self.port}/join", timeout=1).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline, "the web chat did not start"
            time.sleep(0.1)

    def kill(self) -> None:
        assert self.process is not None
        self.process.kill()  # SIGKILL: no clean shutdown
        self.process.communicate(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.communicate(timeout=30)


@pytest.fixture
def browser(tmp_path: Path) -> Iterator[WebDriver]:
    if webdriver is None or not CHROMIUM.exists() or not DRIVER.exists():
        reason = "no Chromium: apt-get install chromium chromium-driver (and pip install selenium)"
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for argument in ("--headless=new", "--no-sandbox", "--window-size=360,800",
                     "--disable-gpu", "--lang=nl"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"download.default_directory": str(tmp_path),
                                              "download.prompt_for_download": False,
                                              "intl.accept_languages": "nl-NL,nl"})
    driver = webdriver.Chrome(service=Service(str(DRIVER)), options=options)
    driver.set_window_size(360, 800)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[Server]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    port = free_port()
    env = {**clean, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data"),
           "LOOPBAANBOT_WEB_PORT": str(port), "LOOPBAANBOT_WEB_SECURE_COOKIES": "false",
           "LOOPBAANBOT_WEB_URL": f"http://127.0.0.1:{port}"}
    running = Server(env, port)
    running.start()
    try:
        yield running
    finally:
        running.stop()


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


def accessible(driver: WebDriver, name: str) -> None:
    """axe-core in the page: no serious or critical violations."""
    if not AXE.exists():
        if REQUIRED:
            pytest.fail("axe-core is not installed: npm ci --prefix tests/web_axe")
        return
    driver.execute_script(AXE.read_text(encoding="utf-8"))
    result = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {resultTypes: ['violations']}).then(r => done(r.violations));")
    serious = [f"{v['id']}: {v['help']} ({len(v['nodes'])}x)" for v in result
               if v["impact"] in ("serious", "critical")]
    assert not serious, f"{name}: {serious}"


def click(driver: WebDriver, element: WebElement) -> None:
    """Click, and wait for the next page (a form post or a link)."""
    page = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, 20).until(expected_conditions.staleness_of(page))


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
    shutil.rmtree(SHOTS, ignore_errors=True)
    yield
