"""Stopping for now, in words: each message of tests/eval/pause_*.yaml is put to the engine in
the middle of a reflection (at an open question about the day, or at the action) and the
reply is scored against what the student meant (tests/eval/GUIDE.md, section 6).

    .venv/bin/python bench/pausing.py                  # tuning (with its misses) and held-out
    .venv/bin/python bench/pausing.py --part heldout

Per part: pauses recognised (the conversation waits at the same question), answers kept as
answers (not paused, not asked about), quits still passed on to the mentor (and not paused),
and unclear ones asked about. Held-out misses are never printed.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import Content, load_content  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.core.conversation import Context, FlagRaised, Outcome, Pressed, Said  # noqa: E402
from bot.core.machine import FlowMachine  # noqa: E402

PARTS = ("tuning", "heldout")
TODAY = date(2026, 11, 24)  # a Tuesday, no holiday
MOMENT = {"nl": "Ik moest vandaag alleen de kassa doen toen het heel druk was",
          "en": "Today I had to run the till on my own when it was really busy"}
ANSWER = {"nl": "Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep",
          "en": "I stayed calm and asked a colleague for help when the receipt got stuck"}


def files(part: str) -> list[Path]:
    return sorted((ROOT / "tests" / "eval").glob(f"pause_{part}*.yaml"))


def load(part: str, only: Path | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in [only] if only else files(part):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


class Point:
    """A reflection brought to the question or the action once, then each message put to
    the snapshot it had there."""

    def __init__(self, content: Content, machine: FlowMachine, lang: str, at: str) -> None:
        self.content, self.machine = content, machine
        self.ctx = Context(language=lang, today=TODAY)
        engine = content.engine
        outcome = engine.start(machine, self.ctx)
        for given in (Said("2"), Said(MOMENT[lang])):
            outcome = engine.handle(machine, outcome.snapshot, given, self.ctx)
        for _ in range(12 if at == "action" else 0):  # on through a topic to the action
            if outcome.snapshot.step == "actie":
                break
            values = [o.value for o in outcome.turn.options]
            step: Said | Pressed = Pressed("enough") if "enough" in values else \
                Said("1") if values else Said(ANSWER[lang])
            outcome = engine.handle(machine, outcome.snapshot, step, self.ctx)
        want = "actie" if at == "action" else "moment"
        assert outcome.snapshot.step == want, f"stuck at {outcome.snapshot.step}"
        self.snapshot = outcome.snapshot
        self.unclear = content.texts.say(lang, "conversation.stop_which")

    def put(self, text: str) -> Outcome:
        return self.content.engine.handle(self.machine, self.snapshot, Said(text), self.ctx)


def verdict(point: Point, outcome: Outcome) -> str:
    if outcome.snapshot.mode == "held":
        return "urgent"
    if outcome.turn.expects == "none" and outcome.snapshot.mode == "active":
        return "pause"
    if point.unclear in outcome.turn.messages:
        return "unclear"
    if any(isinstance(e, FlagRaised) and e.rule == "stoppen" for e in outcome.events):
        return "quit"
    return "answer"


def score(content: Content, machine: FlowMachine, part: str, show_misses: bool,
          only: Path | None = None) -> dict[str, tuple[int, int]]:
    points: dict[tuple[str, str], Point] = {}
    right: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses = []
    for item in load(part, only):
        key = (item.get("lang", "nl"), item.get("at", "question"))
        if key not in points:
            points[key] = Point(content, machine, *key)
        got = verdict(points[key], points[key].put(item["text"]))
        want = item["means"]
        total[want] += 1
        right[want] += got == want
        if got != want:
            misses.append(f"  {item['text']!r} ({key[1]}): got {got}, want {want}")
    found = {means: (right[means], total[means]) for means in ("pause", "answer", "quit",
                                                                "unclear")}
    shown = ", ".join(f"{label} {r}/{t} ({100 * r / max(t, 1):.1f}%)" for label, (r, t) in zip(
        ("pauses recognised", "answers kept as answers", "quits passed on",
         "unclear ones asked about"), found.values(), strict=True))
    print(f"{only.name if only else part} ({sum(total.values())} messages): {shown}")
    if show_misses and misses:
        print("\n".join(misses))
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--no-misses", action="store_true")
    args = parser.parse_args()
    settings = Settings()
    content = load_content(settings)
    machine = content.catalog.current(settings.flow)
    for part in PARTS if args.part == "both" else (args.part,):
        score(content, machine, part, part == "tuning" and not args.no_misses)  # held-out: never
        if part == "heldout" and len(files(part)) > 1:
            for path in files(part):
                score(content, machine, part, False, path)


if __name__ == "__main__":
    main()
