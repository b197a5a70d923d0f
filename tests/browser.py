"""What the browser tests share: a real `loopbaanbot run --web` process on 127.0.0.1, headless
Chromium from Debian's packages driven by Selenium, axe-core for accessibility, and waiting for
the next page."""

from __future__ import annotations

import os
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
REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_BROWSER") == "1"

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
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
    # While the old page is torn down, Chromium may answer "node does not belong to the
    # document" instead of "stale element" (seen once in CI): that, too, means it is gone.
    WebDriverWait(driver, 20, ignored_exceptions=(WebDriverException,)).until(
        expected_conditions.staleness_of(page))


