"""bench/compare.py on a tiny store: every side completes every reflection it started, and its
store holds the seeded conversations plus those (the script prints no figures otherwise).
Its speed figures are not asserted (a shared machine's speed wanders)."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT

STORED, THROUGHPUT, LATENCY = 10, 3, 2


def compare(*options: str, stored: int = STORED) -> list[list[str]]:
    done = subprocess.run(
        [sys.executable, "bench/compare.py", "--stored", str(stored), "--students",
         str(THROUGHPUT), "--latency-students", str(LATENCY), "--at-once", "3", *options],
        cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    return [[cell.strip() for cell in line.strip().strip("|").split("|")]
            for line in done.stdout.splitlines()
            if line.startswith("| ") and not line.startswith("| side")]


def check(rows: list[list[str]], stores: list[str], stored: int = STORED) -> None:
    assert [row[1] for row in rows] == stores
    for row in rows:
        # stored + the timed reflections + the warm-up's, each counted in the store itself
        assert row[2] == str(stored + THROUGHPUT + LATENCY + 1), row
        assert row[6] == f"{THROUGHPUT} + {LATENCY}", row
        assert float(row[7]) > 0, row
        # CPU per update: the bot's, and the server's beside it on PostgreSQL
        cpu = row[8].removesuffix(" ms").split(" + ")
        assert len(cpu) == (2 if row[1] == "PostgreSQL" else 1), row
        assert float(cpu[0]) > 0 and all(float(part) >= 0 for part in cpu), row


def test_every_side_completes_its_reflections_on_top_of_the_stored_ones() -> None:
    rows = compare("--database", "sqlite")
    check(rows, ["SQLite", "SQLite", "SQLite", "pickle file"])
    # this bot built the common way: its handler runs Loopbaanbot's engine (the script
    # refuses figures unless that side said what Loopbaanbot said)
    assert rows[2][0] == "ConversationHandler + RowPersistence + Loopbaanbot's engine"


@pytest.mark.skipif("LOOPBAANBOT_TEST_POSTGRES_URL" not in os.environ,
                    reason="set LOOPBAANBOT_TEST_POSTGRES_URL to compare on PostgreSQL too")
def test_the_same_on_postgresql(postgres_database: str) -> None:
    check(compare("--database", "postgresql", "--postgres-url", postgres_database),
          ["pickle file", "PostgreSQL", "PostgreSQL", "PostgreSQL"])


def test_returning_students_each_complete_their_sixth_reflection() -> None:
    """--returning: the students who talk are stored ones, each with five reflections behind
    them; the side with Loopbaanbot's engine must say what Loopbaanbot says to such a student
    (its context read from user_data), or there are no figures."""
    stored = 5 * (THROUGHPUT + LATENCY + 1)
    rows = compare("--database", "sqlite", "--returning", "--sides", "loopbaanbot-sqlite",
                   "rows-sqlite", "engine-sqlite", stored=stored)
    check(rows, ["SQLite", "SQLite", "SQLite"], stored=stored)


def test_returning_needs_enough_stored_students() -> None:
    done = subprocess.run(
        [sys.executable, "bench/compare.py", "--stored", "20", "--students", "3",
         "--latency-students", "2", "--returning"], cwd=ROOT, capture_output=True, text=True,
        timeout=60)
    assert done.returncode == 2
    assert "--returning needs --stored 30 or more" in done.stderr


def test_a_side_that_left_a_reflection_unfinished_gets_no_figures() -> None:
    sys.path.insert(0, str(ROOT / "bench"))
    import compare as bench
    from throughput import SCRIPT

    done = bench.Result("rows-sqlite", in_store=STORED + 2, completed=2, loaded=STORED)
    done.alone.started, done.together.started = [1], [2]
    done.alone.latencies = done.together.latencies = [0.001] * len(SCRIPT)
    assert bench.failures(STORED, [done]) == [
        "ConversationHandler + RowPersistence / SQLite: 2 of 3 started reflections completed "
        "(the warm-up's included)"]
    done.completed, done.in_store = 3, STORED + 3
    assert bench.failures(STORED, [done]) == []


def test_rounds_turn_the_order_and_give_the_median_ratio() -> None:
    """--rounds: every side measured again in another order, so a machine whose speed drifts
    weighs on every side alike; each round's table, then each side's ratio per round."""
    rows = compare("--database", "sqlite", "--sides", "loopbaanbot-sqlite", "rows-sqlite",
                   "--rounds", "2")
    tables = [row for row in rows if len(row) == 12]
    check(tables, ["SQLite", "SQLite"] * 2)
    summary = {row[0]: row for row in rows if len(row) == 4}
    ours = summary["Loopbaanbot (SQLite)"]
    peer = summary["ConversationHandler + RowPersistence (SQLite)"]
    assert len(ours[1].split(", ")) == 2 and ours[2] == "—"
    per_round = [float(x) for x in peer[2].split(", ")]
    assert len(per_round) == 2 and all(x > 0 for x in per_round)
    assert float(peer[3].strip("*")) == pytest.approx(sum(per_round) / 2, abs=0.006)
