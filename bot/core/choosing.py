"""Which option a student meant: a button, a number, the label, or their own words and emoji.

A free-text answer at a choice is matched to an option when it clearly means one (the mood
from "het was een drukke dag maar ik heb veel geleerd", 👍, "kies jij maar"); otherwise the
engine keeps the words and asks again, so nothing typed is lost.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from bot.core.conversation import OptionView
from bot.core.understanding import Lexicon
from bot.language.answers import understand
from bot.language.text import fold

SEPARATORS = re.compile(r"\s*(?:[,;/&+]|\ben\b|\band\b)\s*|\s+(?=\d)", re.IGNORECASE)
YOU_CHOOSE = "you_choose"
ENOUGH = "enough"
# Emoji and words that tell a mood, when a choice records one.
_MOOD_WORDS: dict[str, tuple[str, ...]] = {
    "great": ("😀", "😁", "😃", "🤩", "🥳", "😍", "🔥", "💯", "super", "geweldig", "top",
              "fantastisch", "heel goed", "echt goed", "great", "amazing", "awesome", "perfect",
              "vet", "lit", "fire"),
    "good": ("🙂", "😊", "👍", "👌", "☺️", "goed", "prima", "leuk", "fijn", "good", "fine",
             "nice", "ok goed", "wel goed", "gezellig", "chill"),
    "so_so": ("😐", "😑", "🤷", "🫤", "😕", "gaat wel", "ging wel", "matig", "oke", "oké", "ok",
              "meh", "mwah", "so so", "so-so", "alright", "not bad", "wisselend", "beetje",
              "boeie", "boeien", "whatever",
              # a hard start that turned out all right: 'eerst zenuwachtig maar daarna ging het'
              "daarna ging het", "toen ging het", "ging het wel", "viel mee", "viel wel mee",
              "it was okay in the end", "got better"),
    "bad": ("🙁", "☹️", "😞", "😢", "😭", "😡", "😠", "👎", "💩", "slecht", "kut", "rot",
            "niet fijn", "niet leuk", "vervelend", "bad", "awful", "terrible", "shit", "rubbish",
            "not good", "zwaar", "stom", "bagger"),
}
_ANY = ("kweenie", "kweetnie", "weetnie", "geen flauw idee", "boeie", "boeien",
        "boeit me niet", "boeit mij niet", "kan me niet schelen",
        "who cares", "doesnt matter", "zoek maar uit", "maakt mij niet uit", "alles is goed",
        "kies jij maar", "kies maar", "jij mag kiezen", "jij kiest", "maakt niet uit",
        "maakt me niet uit", "maakt niks uit", "whatever", "boeit niet", "you choose",
        "you pick", "doesn't matter", "dont care", "don't care", "idc", "any", "maakt nie uit",
        "weet niet", "weet ik niet", "geen idee", "idk")


def match_one(text: str, options: Sequence[OptionView]) -> str | None:
    """One option meant by a number, a label, an option's emoji, or a clear start of a label."""
    raw = text.strip()
    number = raw.rstrip(".)")
    if number.isdecimal():  # not isdigit: "²" is a digit int() refuses
        if any(o.number is not None for o in options):  # the numbers the student was shown
            return next((o.value for o in options if o.number == int(number)), None)
        index = int(number) - 1
        return options[index].value if 0 <= index < len(options) else None
    folded = fold(raw)
    for option in options:
        if folded and folded in (fold(option.label), fold(option.value.replace("_", " "))):
            return option.value
    if not folded:  # only emoji or symbols: the option whose label starts with them
        hits = [o.value for o in options if o.label.startswith(raw)]
        return hits[0] if len(hits) == 1 else None
    firsts = [o.value for o in options if fold(o.label).split()[:1] == [folded]]
    if len(firsts) == 1:  # 'ja' for 'Ja, graag', 'nee' for 'Nee, nu niet'
        return firsts[0]
    if len(folded) >= 3:
        hits = [o.value for o in options if fold(o.label).startswith(folded)
                or any(word.startswith(folded) for word in fold(o.label).split())]
        if len(hits) == 1:
            return hits[0]
    return None


def by_words(text: str, options: Sequence[OptionView], also: Mapping[str, Sequence[str]],
             moods: Mapping[str, str]) -> str | None:
    """The option a sentence means: an option's own extra words, else the mood it tells."""
    folded = fold(text)
    padded = f" {folded} "
    for option in options:
        for word in also.get(option.value, ()):
            token = fold(word) or word
            if (fold(word) and f" {token} " in padded) or (not fold(word) and word in text):
                return option.value
    if not moods:
        return None
    for mood in ("bad", "so_so", "great", "good"):  # the first that fits; bad wins mixed news
        for word in _MOOD_WORDS[mood]:
            found = (f" {fold(word)} " in padded) if fold(word) else word in text
            meant = mood
            if found and mood in ("great", "good") and fold(word) and re.search(
                    rf"\b(?:niet|nie|not|geen|never|nooit)\s+(?:\w+\s+)?{re.escape(fold(word))}\b",
                    folded):
                meant = "bad"  # 'niet zo fijn', 'not that great'
            if found and meant in moods.values():
                return next(value for value, m in moods.items() if m == meant)
    heard = understand(text)
    tone = heard.polarity
    wanted = {"positive": "good", "negative": "bad", "mixed": "so_so"}.get(tone)
    if wanted and wanted in moods.values():
        return next(value for value, m in moods.items() if m == wanted)
    return None


def means_any(text: str, lexicons: Mapping[str, Lexicon]) -> bool:
    """'Kies jij maar', 'maakt niet uit': the student leaves the choice to the bot."""
    folded = fold(text)
    return folded in {fold(p) for p in _ANY} or any(
        lexicon.means(text, lexicon.you_choose) for lexicon in lexicons.values())


def many(text: str, options: Sequence[OptionView]) -> list[str] | None:
    """Several options in one answer: '1 en 5', 'kwaliteiten, netwerken'."""
    parts = [p for p in SEPARATORS.split(text) if p and p.strip()]
    matched = [match_one(p, options) for p in parts]
    if len(parts) > 1 and all(matched):
        return list(dict.fromkeys(m for m in matched if m))
    return None
