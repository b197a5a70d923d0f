"""Finding the 'when' in a student's action, in Dutch or English, with dateparser.

dateparser does the hard part (weekdays, 'morgen', '15 december', 'next week'); this adapter
adds what students write that it misses, and drops its false hits ('jan' is a name, 'ma' is
mum, 'om 8 uur' is a time).
"""

from __future__ import annotations

import re
import warnings
from datetime import date, datetime, time, timedelta

from bot.core.understanding import DateReading, fold

# Short words that are dates only when they stand alone: 'jan' is a name, 'ma' is mum, 'do'
# is a verb. A day abbreviation also does not start a date ('do 3 things').
_DAY_ABBREVIATIONS = frozenset({"ma", "di", "wo", "do", "vr", "za", "zo",
                                "mon", "tue", "wed", "thu", "fri", "sat", "sun"})
_AMBIGUOUS = _DAY_ABBREVIATIONS | frozenset({"jan", "feb", "mar", "apr", "mei", "may", "jun",
                                             "jul", "aug", "sep", "okt", "oct", "nov", "dec"})
_TIME_ONLY = re.compile(r"^(om |at )?\d{1,2}([:.]\d{2})?( ?uur| ?u| ?am| ?pm)?$")
_NUMBER_WORDS = {
    "een": "1", "twee": "2", "drie": "3", "vier": "4", "vijf": "5", "zes": "6",
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6",
}
_NUMBER_UNIT = re.compile(
    r"\b(" + "|".join(_NUMBER_WORDS) + r")\s+(dag|dagen|week|weken|day|days|week|weeks)\b",
    re.IGNORECASE,
)
_NEXT_WEEK = frozenset({"volgende week", "next week"})
_WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
# Phrases dateparser does not know, as days from today (None: next Monday).
_PHRASES: dict[str, int | None] = {
    "vandaag": 0, "vanavond": 0, "vanmiddag": 0, "today": 0, "tonight": 0, "this evening": 0,
    "overmorgen": 2, "day after tomorrow": 2, "morgen": 1, "tomorrow": 1,
    "na het weekend": None, "after the weekend": None,
}
_FAR_AHEAD = 300  # '3 november' read as next year: the student meant a day that has passed


class DateparserReader:
    """DateReader on top of dateparser's search_dates."""

    def read(self, text: str, today: date, language: str) -> DateReading:
        folded = fold(text)
        for phrase, days in _PHRASES.items():
            if re.search(rf"\b{phrase}\b", folded):
                due = today + timedelta(days=days if days is not None else 7 - today.weekday())
                return DateReading(due, matched=_original(text, phrase))
        prepared = _NUMBER_UNIT.sub(lambda m: f"{_NUMBER_WORDS[m[1].lower()]} {m[2]}", text)
        found = [(s, dt) for s, dt in self._search(prepared, today, language)
                 if _plausible(s, prepared)]
        if not found:
            return DateReading()
        matched, moment = found[0]
        due = moment.date()
        weekday = next((_WEEKDAYS[fold(s)] for s, _ in found[1:] if fold(s) in _WEEKDAYS), None)
        if fold(matched) in _NEXT_WEEK and weekday is not None:
            due = today + timedelta(days=7 - today.weekday() + weekday)
        matched = matched if matched in text else text
        if due < today:
            return DateReading(None, in_past=True, matched=matched)
        explicit_day = any(ch.isdigit() for ch in matched)
        if explicit_day and (due - today).days > _FAR_AHEAD and str(due.year) not in matched:
            return DateReading(None, in_past=True, matched=matched)
        return DateReading(due, matched=matched)

    def _search(self, text: str, today: date, language: str) -> list[tuple[str, datetime]]:
        from dateparser.search import search_dates  # slow import: only when an action is read

        languages = [language, *(lang for lang in ("nl", "en") if lang != language)]
        settings = {
            "PREFER_DATES_FROM": "future",
            "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
            "DATE_ORDER": "DMY",
            "RETURN_AS_TIMEZONE_AWARE": False,
        }
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # dateparser's own deprecation noise
            try:
                return search_dates(text, languages=languages, settings=settings) or []
            except (ValueError, OverflowError):  # dates like '99-99' it cannot build
                return []


def _plausible(matched: str, text: str) -> bool:
    folded = fold(matched)
    if not folded or folded.isdigit() or _TIME_ONLY.match(matched.strip().lower()):
        return False
    if fold(text) == folded:
        return True
    return folded not in _AMBIGUOUS and folded.split()[0] not in _DAY_ABBREVIATIONS


def _original(text: str, phrase: str) -> str:
    found = re.search(r"\b" + r"\W+".join(map(re.escape, phrase.split())) + r"\b", text,
                      re.IGNORECASE)
    return found[0] if found else ""
