"""Safeguarding on sentences written apart from the rules: recall and false alarms per kind.

    .venv/bin/python bench/safety.py                 # tuning and held-out, with every miss
    .venv/bin/python bench/safety.py --part tuning   # only the part the rules were tuned on
    .venv/bin/python bench/safety.py --file safety_tuning_h.yaml   # one new tuning file alone

The sets are tests/eval/safety_tuning*.yaml and safety_heldout*.yaml (see tests/eval/GUIDE.md);
the held-out part is scored whole and each of its files alone (figures only, never misses).
An urgent sentence counts as found when the screener raises an urgent flag (the student gets
the helplines); a concern when it raises any flag; a harmless sentence is a false alarm when
it raises any flag. Screening is the whole screener the bot runs: the built-in understanding
and the school's phrases (school/flag_rules.yaml).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.app import load_content  # noqa: E402
from bot.config import Settings  # noqa: E402
from bot.safety.screening import Screener  # noqa: E402

PARTS = ("tuning", "heldout")


def files(part: str) -> list[Path]:
    """Every file of a part: safety_tuning.yaml, safety_tuning_b.yaml, ... (several authors)."""
    return sorted((ROOT / "tests" / "eval").glob(f"safety_{part}*.yaml"))


def load(part: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in files(part):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def score(screener: Screener, items: list[dict[str, Any]], show_misses: bool,
          per_kind_lines: bool = True) -> dict[str, float]:
    per_kind: dict[tuple[str, str], list[int]] = defaultdict(lambda: [0, 0])
    misses: list[str] = []
    started = time.perf_counter()
    for item in items:
        hits = screener.screen(item["text"])
        level = item["level"]
        if level == "urgent":
            ok = any(h.level == "urgent" for h in hits)
        elif level == "concern":
            ok = bool(hits)
        else:
            ok = not hits
        counts = per_kind[level, item["kind"]]
        counts[0] += ok
        counts[1] += 1
        if not ok:
            got = ", ".join(f"{h.level}:{h.rule}" for h in hits) or "nothing"
            misses.append(f"  [{level}/{item['kind']}] {item['text']!r} -> {got}")
    elapsed = time.perf_counter() - started
    totals: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for (level, kind), (ok, n) in sorted(per_kind.items()):
        totals[level][0] += ok
        totals[level][1] += n
        label = "found" if level != "none" else "false alarms"
        shown = ok if level != "none" else n - ok
        if per_kind_lines:
                print(f"  {level:8} {kind:20} {label} {shown:3}/{n:<3} ({100 * shown / n:5.1f}%)")
    urgent, concern, harmless = totals["urgent"], totals["concern"], totals["none"]
    result = {
        "urgent_recall": 100 * urgent[0] / max(urgent[1], 1),
        "concern_recall": 100 * concern[0] / max(concern[1], 1),
        "false_alarms": 100 * (harmless[1] - harmless[0]) / max(harmless[1], 1),
        "ms_per_message": 1000 * elapsed / max(len(items), 1),
    }
    label = "overall" if per_kind_lines else "this file"
    print(f"  {label}: urgent recall {urgent[0]}/{urgent[1]} ({result['urgent_recall']:.1f}%), "
          f"concern recall {concern[0]}/{concern[1]} ({result['concern_recall']:.1f}%), "
          f"false alarms {harmless[1] - harmless[0]}/{harmless[1]} "
          f"({result['false_alarms']:.1f}%)")
    if show_misses and misses:
        print(f"  misses ({len(misses)}):")
        print("\n".join(misses))
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--no-misses", action="store_true", help="Only the figures.")
    parser.add_argument("--file", help="Score one tuning file alone (a new one, as it came "
                        "in, before any rule is written for it), e.g. safety_tuning_h.yaml.")
    args = parser.parse_args()
    content = load_content(Settings(flows_dir=ROOT / "dialogue_flows",
                                    prompts_dir=ROOT / "prompts", school_dir=ROOT / "school"))
    screener = content.engine.screener
    assert screener is not None
    screener.screen("warm up: ik wil dood")  # lemmatiser tables load on first use
    if args.file:
        path = ROOT / "tests" / "eval" / Path(args.file).name
        if "heldout" in path.name:
            sys.exit("held-out files are scored with the rest of their part, never alone")
        print(f"{path.name}:")
        score(screener, yaml.safe_load(path.read_text(encoding="utf-8")), not args.no_misses)
        return
    results = {}
    for part in PARTS if args.part == "both" else (args.part,):
        items = load(part)
        print(f"{part} ({len(items)} sentences):")
        # held-out misses are never printed: read them and the set is no longer held out
        results[part] = score(screener, items, part == "tuning" and not args.no_misses)
        if part == "heldout" and len(files(part)) > 1:
            for path in files(part):  # each author alone: one file's figures can hide another's
                print(f"{path.name}:")
                score(screener, yaml.safe_load(path.read_text(encoding="utf-8")), False,
                      per_kind_lines=False)
    # The cost of screening one message, on the whole set, after the caches are warm.
    items = [item["text"] for part in PARTS for item in load(part)]
    started = time.perf_counter()
    rounds = 3
    for _ in range(rounds):
        fresh = Screener(screener.rules, screener.defaults, screener.model)
        for text in items:
            fresh.screen(text)
    per = 1e6 * (time.perf_counter() - started) / (rounds * len(items))
    print(f"screening cost: {per:.0f} µs per message (new screener each round, "
          f"{len(items)} messages x {rounds}; bench/screening_speed.py for more)")
    # Most of what students send is an ordinary answer: the cost there, on the listening set.
    answers = [item["text"] for path in sorted((ROOT / "tests" / "eval").glob("listening_*.yaml"))
               for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    started = time.perf_counter()
    for _ in range(rounds):
        for text in answers:
            screener.screen(text)
    per = 1e6 * (time.perf_counter() - started) / (rounds * len(answers))
    print(f"screening cost on ordinary answers: {per:.0f} µs per message "
          f"({len(answers)} answers from the listening set x {rounds})")
    # False alarms where they hurt most: ordinary answers in a reflection getting the helplines.
    everyday = [("heldout" in path.name, item["text"])
                for pattern in ("listening_*.yaml", "actions_*.yaml")
                for path in sorted((ROOT / "tests" / "eval").glob(pattern))
                for item in yaml.safe_load(path.read_text(encoding="utf-8"))]
    alarmed = [(held, text) for held, text in everyday
               if any(hit.level == "urgent" for hit in screener.screen(text))]
    print(f"ordinary answers that got the helplines: {len(alarmed)}/{len(everyday)} "
          f"(the listening and action sets, tuning and held-out; "
          f"{sum(held for held, _ in alarmed)} of them held out)")
    for _, text in [a for a in alarmed if not a[0]] if not args.no_misses else []:
        print(f"  {text[:100]!r}")  # tuning ones only
    targets = results.get("heldout")
    if targets:
        print(f"held-out targets: urgent recall >= 97% ({targets['urgent_recall']:.1f}%), "
              f"false alarms <= 2% ({targets['false_alarms']:.1f}%)")


if __name__ == "__main__":
    main()
