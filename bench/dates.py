"""Reading the 'when' of an action: accuracy on phrases written apart from the reader.

    .venv/bin/python bench/dates.py                  # tuning and held-out, with every miss
    .venv/bin/python bench/dates.py --part tuning

Each phrase in tests/eval/dates_*.yaml is read on three fixed days (a Monday, a Friday, the
day before the Christmas holiday) with the school calendar the file gives; a reading is right
when the due date is one the file accepts, 'past' when the day has been, 'none' when no day
can be known. Hedges ("morgen misschien") must be noticed too.
"""

from __future__ import annotations

import argparse
import sys
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language.dates import WEEKDAYS, DateReader, Period, SchoolTimes  # noqa: E402

PARTS = ("tuning", "heldout")
TODAYS = ("monday", "friday", "before_holiday")


def school_times(calendar: dict[str, Any]) -> SchoolTimes:
    periods = tuple(Period(name, first, last) for name, (first, last)
                    in calendar["holidays"].items())
    weekdays = frozenset(WEEKDAYS[d] for d in calendar["internship_weekdays"])
    return SchoolTimes(periods, weekdays)


def accepted(expected: Any) -> set[date] | str:
    if isinstance(expected, date):
        return {expected}
    if isinstance(expected, list):
        return set(expected)
    if isinstance(expected, str) and ".." in expected:
        first, last = (date.fromisoformat(p) for p in expected.split(".."))
        return {first + timedelta(days=n) for n in range((last - first).days + 1)}
    return str(expected)


def score(part: str, show_misses: bool) -> float:
    files = sorted((ROOT / "tests" / "eval").glob(f"dates_{part}*.yaml"))
    data = yaml.safe_load(files[0].read_text(encoding="utf-8"))
    for more in files[1:]:
        extra = yaml.safe_load(more.read_text(encoding="utf-8"))
        assert extra["todays"] == data["todays"] and extra["calendar"] == data["calendar"]
        data["items"] += extra["items"]
    school = school_times(data["calendar"])
    reader = DateReader()
    right = total = 0
    hedges_right = hedges = 0
    misses = []
    started = time.perf_counter()
    for item in data["items"]:
        for today_name in TODAYS:
            today = data["todays"][today_name]
            reading = reader.read(item["text"], today, item["lang"], school)
            want = accepted(item[today_name])
            if want == "past":
                ok = reading.in_past
            elif want == "none":
                ok = not reading.understood
            else:
                ok = reading.due in want
            right += ok
            total += 1
            if not ok:
                got = "past" if reading.in_past else (reading.due or "none")
                misses.append(f"  {item['text']!r} on {today_name} {today}: got {got}, "
                              f"want {item[today_name]}")
        hedges += bool(item.get("hedge"))
        if item.get("hedge"):
            reading = reader.read(item["text"], data["todays"]["monday"], item["lang"], school)
            hedges_right += reading.hedge
    elapsed = time.perf_counter() - started
    accuracy = 100 * right / total
    print(f"{part}: {right}/{total} readings right ({accuracy:.1f}%) of "
          f"{len(data['items'])} phrases x 3 days; hedges noticed {hedges_right}/{hedges}; "
          f"{1000 * elapsed / total:.2f} ms per reading")
    if show_misses and misses:
        print("\n".join(misses))
    return accuracy


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--no-misses", action="store_true")
    args = parser.parse_args()
    results = {part: score(part, part == "tuning" and not args.no_misses)  # held-out: never
               for part in (PARTS if args.part == "both" else (args.part,))}
    if "heldout" in results:
        print(f"held-out target: >= 95% ({results['heldout']:.1f}%)")


if __name__ == "__main__":
    main()
