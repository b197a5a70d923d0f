"""A conversation's lifecycle is one transitions machine: what may happen in each mode, old
stored snapshots read into it, and the diagram schools can draw."""

from __future__ import annotations

import subprocess
import sys
import zlib

import pytest

from bot.core.conversation import Snapshot
from bot.core.engine import position
from bot.core.lifecycle import ENDED, LIFECYCLE, MODES, OPEN, TRANSITIONS, LifecycleError
from tests.conftest import ROOT


def test_an_urgent_text_holds_and_the_student_chooses_how_to_go_on() -> None:
    mode = LIFECYCLE.move("active", "urgent")
    assert mode == "held"
    assert LIFECYCLE.move(mode, "pause") == "active"
    assert LIFECYCLE.move(mode, "stop") == "stopped"
    checking = LIFECYCLE.move(mode, "go_on")
    assert LIFECYCLE.move(checking, "urgent") == "held"  # another urgent text holds again
    offering = LIFECYCLE.move(checking, "checked_in")
    assert LIFECYCLE.move(offering, "mentor_answered") == "active"


@pytest.mark.parametrize("mode", ["held", "checking_in", "offering_mentor", *ENDED])
def test_only_an_active_conversation_completes(mode: str) -> None:
    with pytest.raises(LifecycleError, match="'complete' may not happen"):
        LIFECYCLE.move(mode, "complete")  # type: ignore[arg-type]


@pytest.mark.parametrize("mode", ENDED)
def test_an_ended_conversation_stays_ended(mode: str) -> None:
    for trigger, _, _ in TRANSITIONS:
        assert not LIFECYCLE.allows(mode, trigger)
        with pytest.raises(LifecycleError):
            LIFECYCLE.move(mode, trigger)


def test_every_open_mode_can_be_abandoned_and_every_mode_is_reachable() -> None:
    assert all(LIFECYCLE.move(mode, "abandon") == "abandoned" for mode in OPEN)
    reached = {"active"} | {dest for _, _, dest in TRANSITIONS}
    assert reached == set(MODES)


@pytest.mark.parametrize(("stored", "mode"), [
    ({"status": "active"}, "active"),
    ({"status": "completed"}, "completed"),
    ({"status": "stopped", "hold": False}, "stopped"),
    ({"status": "active", "hold": True, "hold_stage": "choose"}, "held"),
    ({"status": "active", "hold": True, "hold_stage": "check_in"}, "checking_in"),
    ({"status": "active", "hold": True, "hold_stage": "offer_mentor"}, "offering_mentor"),
])
def test_conversations_stored_before_the_lifecycle_go_on_where_they_were(
        stored: dict[str, object], mode: str) -> None:
    snapshot = Snapshot.model_validate({"step": "moment", "phase": "ask", "tries": 1, **stored})
    assert snapshot.mode == mode
    # and the buttons sent before the upgrade still fit the question they belong to
    hold = bool(stored.get("hold"))
    old = f"moment/ask/{'hold' if hold else ''}{stored.get('hold_stage', '') if hold else ''}/1"
    assert position(snapshot) == format(zlib.crc32(old.encode()), "08x")


def test_flows_graph_draws_the_lifecycle() -> None:
    drawn = subprocess.run([sys.executable, "-m", "bot", "flows", "graph", "--lifecycle"],
                           cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    assert drawn.stdout.startswith("stateDiagram-v2")
    assert "held --> stopped: stop" in drawn.stdout
    assert all(mode in drawn.stdout for mode in MODES)
