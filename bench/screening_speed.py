"""What screening one student message costs, in microseconds of CPU time.

    .venv/bin/python bench/screening_speed.py             # 3 rounds, the best one counts
    .venv/bin/python bench/screening_speed.py --rounds 5 --plain

The messages are the evaluation sets' sentences (tests/eval/: the safeguarding sets and the
ordinary answers of the listening and action sets); "typical" is the ones of one to three
sentences and at most 200 characters (nearly all: the median is 65). Each set is screened once
to warm the caches a running bot has warm (concept tags, lemmas, the school's phrase keys),
then `--rounds` times; the best round counts, in process CPU time (other processes on the
machine count less). Printed per message: the whole screening, and of it the reading
(bot/language: clauses, folding, lemmas) and the meaning rules. With `--plain` the same with
the regex prefilter switched off (every pattern searched), to show what it saves. Nothing is
asserted; the texts are never printed.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
import timeit
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import load_content  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.language.answers import understand  # noqa: E402
from bot.safety.meanings import Message, reading_of, recognise  # noqa: E402
from bot.safety.meanings.prefilter import plain  # noqa: E402
from bot.safety.screening import Screener  # noqa: E402

EVAL = ROOT / "tests" / "eval"
_SENTENCE_END = re.compile(r"[.!?]+(?=\s|$)")


def texts(pattern: str) -> list[str]:
    return [item["text"] for path in sorted(EVAL.glob(pattern))
            for item in yaml.safe_load(path.read_text(encoding="utf-8"))]


def sentences(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text.strip())))


def per_message(works: dict[str, tuple[Callable[[Any], object], Sequence[Any]]],
                rounds: int) -> dict[str, float]:
    """Microseconds of CPU time per message for each work, the best of `rounds` rounds (after
    one to warm the caches); the works take turns within a round, so that a busy moment of
    the machine does not fall on one of them only."""
    best = dict.fromkeys(works, float("inf"))
    for round_ in range(rounds + 1):
        for name, (work, items) in works.items():
            started = time.process_time()
            for item in items:
                work(item)
            if round_:
                best[name] = min(best[name], time.process_time() - started)
    return {name: 1e6 * best[name] / len(items) for name, (_, items) in works.items()}


def report(screener: Screener, sets: dict[str, list[str]], rounds: int) -> None:
    for name, items in sets.items():
        readings = [reading_of(text) for text in items]
        cost = per_message({"whole": (screener.screen, items), "reading": (reading_of, items),
                            "meanings": (lambda r: recognise(Message(r)), readings)}, rounds)
        rest = cost["whole"] - cost["reading"] - cost["meanings"]
        print(f"  {name:42} {cost['whole']:6.0f} µs per message  (reading {cost['reading']:3.0f}, "
              f"meaning rules {cost['meanings']:3.0f}, school phrases and model {rest:3.0f})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--plain", action="store_true",
                        help="Also measure with the regex prefilter switched off.")
    args = parser.parse_args()
    content = load_content(Settings(flows_dir=ROOT / "dialogue_flows",
                                    prompts_dir=ROOT / "prompts", school_dir=ROOT / "school"))
    screener = content.engine.screener
    assert screener is not None
    safety = texts("safety_*.yaml")
    ordinary = texts("listening_*.yaml") + texts("actions_*.yaml")
    typical = [t for t in safety + ordinary if sentences(t) <= 3 and len(t) <= 200]
    sets = {f"typical message ({len(typical)})": typical,
            f"ordinary answers of a reflection ({len(ordinary)})": ordinary}
    speed = min(timeit.repeat("sum(range(10**6))", number=1, repeat=5))
    print(f"screening, CPU time per message, best of {args.rounds} rounds "
          f"(this machine: sum(range(10**6)) in {1000 * speed:.1f} ms)")
    report(screener, sets, args.rounds)
    if args.plain:
        print("the same with the regex prefilter switched off (every pattern searched):")
        with plain():
            report(screener, sets, args.rounds)
    print("the longest messages a channel lets through (made up, 10,000 characters), ms of CPU "
          "to screen and to read as an answer:")
    report_long(screener)


LONG = {
    "one word of 10,000 letters": "ik werk " + "abcdefghij" * 1000,
    "10,000 letters, one repeated": "ik werk " + "a" * 10000,
    "a sentence repeated to 10,000": "mijn chef sloeg me " * 526,
    "letters spaced out": "z e l f m o o r d " * 556,
    "signs and letters": "d@" * 5000,
}


def report_long(screener: Screener) -> None:
    """A message as long as a channel allows must not hold the bot up (a regex that went
    back over a long word once per letter took 1.8 s for the first of these)."""
    for name, text in LONG.items():
        started = time.process_time()
        screener.screen(text)
        screened = time.process_time() - started
        started = time.process_time()
        understand(text)
        read = time.process_time() - started
        print(f"  {name:42} {1000 * screened:7.1f} ms screening, {1000 * read:6.1f} ms reading")


if __name__ == "__main__":
    main()
