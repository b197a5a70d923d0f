"""Saying a student's words back: first person to second, on sentences written apart from
the rules (tests/eval/echo_*.yaml).

    .venv/bin/python bench/echo.py                 # tuning and held-out; tuning's misses
    .venv/bin/python bench/echo.py --part tuning

Per part it prints:

- **person**: the whole sentence said back (bot/language/person.py) is one of the versions
  the set gives, word for word;
- **echo**: what the reply quotes of the answer (bot/language/answers.py `echo`, a clause or
  its start): how often it quotes anything, and how often every word it quotes is a word of
  the sentence said back right (no 'goedt', no 'je leer', no word from nowhere).

Equal here: 'je' and 'jou'; Dutch 'we', 'wij', 'ons', 'onze' and 'jullie'; English 'we',
'us' and 'you', 'our' and 'your' (the sets keep 'we' where the bot says 'jullie').
The held-out part's misses are printed only with --heldout-misses: don't, while tuning.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.language.answers import echo  # noqa: E402
from bot.language.lemmas import expand  # noqa: E402
from bot.language.person import in_english, said_back  # noqa: E402
from bot.language.text import words  # noqa: E402

PARTS = ("tuning", "heldout")
_SAID_OUT = {"you're": ("you", "are"), "you've": ("you", "have"), "weren't": ("were", "not"),
             "you'll": ("you", "will"), "you'd": ("you", "would"), "aren't": ("are", "not")}
_EQUAL = {"jou": "je", "we": "jullie", "wij": "jullie", "ons": "jullie", "onze": "jullie"}
_EQUAL_EN = {"we": "you", "us": "you", "our": "your", "jou": "je"}


def load(part: str) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    for path in sorted((ROOT / "tests" / "eval").glob(f"echo_{part}*.yaml")):
        items += yaml.safe_load(path.read_text(encoding="utf-8"))
    return items


def tokens(text: str | list[str], lang: str) -> list[str]:
    """Words to compare; a text is read as the bot reads a student's (chat spelling written
    out), a list is taken as the bot's own words."""
    table = _EQUAL_EN if lang == "en" else _EQUAL
    out = []
    for word in expand(words(text)) if isinstance(text, str) else text:
        out += [table.get(w, w) for w in _SAID_OUT.get(word, (word,))]
    return out


def said_right(item: dict[str, Any]) -> bool:
    said = expand(words(item["said"]))
    got = tokens(said_back(said, in_english(said)), item["lang"])
    return any(got == tokens(back, item["lang"]) for back in item["back"])


def echo_right(quoted: str, item: dict[str, Any]) -> bool:
    """The quote is an unbroken run of a right version, with one move allowed: the echo
    starts at the student's 'ik', so a verb that stood before 'je' ('eerst word je moe') or
    at the end ('omdat je te laat was') may come right after it, with its -t where it now
    needs one ('je wordt moe', 'je was te laat'). A clause after 'dat', 'omdat' ... that
    the quote begins must not lose its end."""
    got = tokens(quoted.lower().split(), item["lang"])
    return any(_run_of(got, tokens(back, item["lang"])) for back in item["back"])


_WITH_T = {"kan": "kunt", "ben": "bent", "heb": "hebt", "wil": "wilt", "zal": "zult",
           "doe": "doet", "ga": "gaat", "kom": "komt", "zie": "ziet", "sta": "staat"}
_SUBJECT = ("je", "jij", "you", "hij", "he", "ze", "zij", "she", "they", "jullie", "de", "het",
            "the", "it", "een", "a", "er", "there", "iemand", "someone")
_OPENS = ("dat", "omdat", "of", "als", "toen", "wanneer", "hoe", "wat", "zodat", "that",
          "if", "because", "when", "how")


def _run_of(got: list[str], want: list[str]) -> bool:
    if _at(got, want) is not None:
        return True
    if len(got) < 3 or got[0] not in ("je", "you", "jij"):
        return False
    rest = [got[0], *got[2:]]
    for k, verb in enumerate(want):
        if got[1] not in (verb, verb + "t", _WITH_T.get(verb)):
            continue
        start = _at(rest, want[:k] + want[k + 1:])
        if start is not None and start <= k <= start + len(rest):
            return True
    return False


def _at(run: list[str], words: list[str]) -> int | None:
    """Where `run` stands unbroken in `words`, and ends where a clause it opens ends."""
    for start in range(len(words) - len(run) + 1):
        if words[start:start + len(run)] == run:
            end = start + len(run)
            opens = any(w in _OPENS and nxt in _SUBJECT
                        for w, nxt in itertools.pairwise(run[1:]))
            if not opens or end == len(words) or \
                    words[end] in ("en", "maar", "and", "but", *_OPENS):
                return start
    return None


def score(part: str, show_misses: bool) -> tuple[float, float, float] | None:
    """Percentages: said back right, quotes right (of those quoted), sentences quoted."""
    items = load(part)
    if not items:
        print(f"{part}: no items")
        return None
    person = echoed = echo_ok = 0
    misses = []
    for item in items:
        if said_right(item):
            person += 1
        else:
            said = expand(words(item["said"]))
            got = " ".join(said_back(said, in_english(said)))
            misses.append(f"  person: {item['said']!r}\n    got  {got!r}\n"
                          f"    want {item['back'][0]!r}")
        quoted = echo(item["said"])
        if quoted is None:
            continue
        echoed += 1
        if echo_right(quoted, item):
            echo_ok += 1
        else:
            misses.append(f"  echo: {item['said']!r}\n    got  {quoted!r}\n"
                          f"    want {item['back'][0]!r}")
    a, b = 100 * person / len(items), 100 * echo_ok / max(echoed, 1)
    print(f"{part} ({len(items)} sentences): said back right {person}/{len(items)} ({a:.1f}%); "
          f"echo quoted {echoed}/{len(items)}, every word right {echo_ok}/{echoed} ({b:.1f}%)")
    if show_misses and misses:
        print("\n".join(misses))
    return a, b, 100 * echoed / len(items)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--part", choices=(*PARTS, "both"), default="both")
    parser.add_argument("--no-misses", action="store_true", help="not even the tuning part's")
    parser.add_argument("--heldout-misses", action="store_true",
                        help="also the held-out part's (not while tuning)")
    args = parser.parse_args()
    for part in PARTS if args.part == "both" else (args.part,):
        show = not args.no_misses if part == "tuning" else args.heldout_misses
        score(part, show)


if __name__ == "__main__":
    main()
