"""Action judgement on answers written apart from the rules: step, vague or not an action.

    .venv/bin/python bench/actions.py                  # tuning (with its misses) and held-out
    .venv/bin/python bench/actions.py --part tuning

Prints, per part: steps recognised as steps, non-steps (vague or not an action) kept from
being taken as steps (the two ways of the target), and the three labels exactly. Held-out
misses are never printed, and each held-out file is also scored alone: until 2026-12-07 this
script printed them, so `actions_heldout.yaml` has been read; `actions_heldout_b.yaml`
(2026-12-07, written blind) has not.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language.actions import judge  # noqa: E402

PARTS = ("tuning", "heldout")


def files(part: str) -> list[Path]:
    return sorted((ROOT / "tests" / "eval").glob(f"actions_{part}*.yaml"))


def load(part: str, only: Path | None = None) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in [only] if only else files(part):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def score(part: str, show_misses: bool, only: Path | None = None) -> tuple[float, float]:
    items = load(part, only)
    steps = step_ok = others = other_ok = exact = 0
    misses = []
    started = time.perf_counter()
    for item in items:
        got = judge(item["text"])
        want = item["label"]
        exact += got.label == want
        if want == "step":
            steps += 1
            step_ok += got.label == "step"
        else:
            others += 1
            other_ok += got.label != "step"
        if got.label != want:
            misses.append(f"  {item['text']!r}: got {got.label} ({got.why}), want {want} "
                          f"({item.get('why', '')})")
    elapsed = time.perf_counter() - started
    a, b = 100 * step_ok / max(steps, 1), 100 * other_ok / max(others, 1)
    print(f"{only.name if only else part} ({len(items)} answers): steps taken as steps "
          f"{step_ok}/{steps} ({a:.1f}%), non-steps kept out {other_ok}/{others} ({b:.1f}%), "
          f"exact label {exact}/{len(items)} ({100 * exact / len(items):.1f}%); "
          f"{1000 * elapsed / len(items):.2f} ms per answer")
    if show_misses and misses:
        print("\n".join(misses))
    return a, b


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--no-misses", action="store_true")
    args = parser.parse_args()
    results = {part: score(part, part == "tuning" and not args.no_misses)  # held-out: never
               for part in (PARTS if args.part == "both" else (args.part,))}
    if "heldout" in results:
        for path in files("heldout"):  # each held-out file alone: a fresh one is the honest one
            score("heldout", False, path)
        a, b = results["heldout"]
        print(f"held-out target: >= 90% both ways ({a:.1f}% and {b:.1f}%)")


if __name__ == "__main__":
    main()
