"""The one-minute soak (bench/soak.py): two webhook workers on PostgreSQL, students at random
pace, kill -9 of a worker every 20 s, one chat flooding. No turn may be lost or stored twice.
Its speed figures are printed, not asserted (a shared machine's speed wanders)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys

import pytest

from tests.conftest import ROOT

REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_TELEGRAM_EMULATOR") == "1" and \
    os.environ.get("LOOPBAANBOT_REQUIRE_POSTGRES") == "1"


def test_a_minute_of_kill_9_and_flooding_loses_and_doubles_nothing() -> None:
    emulator = ROOT / "tests" / "telegram_emulator" / "node_modules" / "telegram-test-api"
    if shutil.which("node") is None or not emulator.is_dir():
        if REQUIRED:
            pytest.fail("the Telegram emulator is not installed (npm ci)")
        pytest.skip("the Telegram emulator is not installed: npm ci --prefix "
                    "tests/telegram_emulator")
    done = subprocess.run([sys.executable, "bench/soak.py", "--minutes", "1", "--students",
                           "30", "--kill-every", "20"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    print(done.stdout)
    unreachable = ("could not connect", "connect call failed", "connection refused")
    if any(words in done.stderr.lower() for words in unreachable) and not REQUIRED:
        pytest.skip("no PostgreSQL on 127.0.0.1:5432")
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "turns lost                          0" in done.stdout
    assert "turns stored twice                  0" in done.stdout
    assert done.stdout.count("killed with kill -9") >= 2
