"""The 'when' of an action as students write it, in Dutch and English. Pure: today comes in.

Students write weekdays with times ("donderdag om 10 uur"), relative phrases ("dinsdag over een
week", "over twee weken", "eind deze week"), parts of months ("eind januari"), dates in any
notation ("3-12", "12 dec"), school times ("na de kerstvakantie", "de volgende stagedag") and
hedges ("morgen misschien"), with typos and chat spelling ("donderdg", "morgn", "ovr 2 weken").

The phrases are read here, on the student's words; a day and a month ("3 december", "jan 20")
go to dateparser, which knows every notation, and the result is then judged the way a student
means it: a date that passed a few weeks ago is in the past, not next year. A time of day
("om 10 uur") is never read as a day of the month.

A due date is the *latest* day the student means: "volgende week" is that week's Friday,
"eind januari" the 31st, "begin februari" the 7th.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from bot.language.lemmas import is_word
from bot.language.text import plain

WEEKDAYS = {
    "maandag": 0, "dinsdag": 1, "woensdag": 2, "donderdag": 3, "vrijdag": 4, "zaterdag": 5,
    "zondag": 6, "monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4,
    "saturday": 5, "sunday": 6,
}
_SHORT_DAYS = {"ma": 0, "di": 1, "wo": 2, "do": 3, "vr": 4, "za": 5, "zo": 6, "mon": 0,
               "tue": 1, "tues": 1, "wed": 2, "thu": 3, "thur": 3, "thurs": 3, "fri": 4,
               "sat": 5, "sun": 6}
MONTHS = {
    "januari": 1, "februari": 2, "maart": 3, "april": 4, "mei": 5, "juni": 6, "juli": 7,
    "augustus": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
}
_SHORT_MONTHS = {"jan": 1, "feb": 2, "mrt": 3, "mar": 3, "apr": 4, "jun": 6, "jul": 7,
                 "aug": 8, "sep": 9, "sept": 9, "okt": 10, "oct": 10, "nov": 11, "dec": 12}
_NUMBERS = {"een": 1, "n": 1, "1": 1, "twee": 2, "drie": 3, "vier": 4, "vijf": 5, "zes": 6,
            "zeven": 7, "acht": 8, "negen": 9, "tien": 10, "elf": 11, "twaalf": 12,
            "veertien": 14, "eenentwintig": 21, "a": 1, "an": 1, "one": 1, "two": 2,
            "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
            "ten": 10, "fourteen": 14, "paar": 3, "couple": 3, "few": 3}
_DAY_PARTS = ("ochtend", "middag", "avond", "nacht", "morgen", "morning", "afternoon", "evening",
              "night", "vroeg")  # 'morgenvroeg'

# Chat spellings of date words.
_CHAT = {"morge": "morgen", "morgn": "morgen", "mrgn": "morgen", "mrg": "morgen",
         "overmorge": "overmorgen", "ovr": "over", "ovr.": "over", "vlgnde": "volgende",
         "volgnde": "volgende", "volgend": "volgende", "vlgd": "volgende", "nxt": "next",
         "tmrw": "tomorrow", "tmr": "tomorrow", "tmrrw": "tomorrow", "tomoro": "tomorrow",
         "2morrow": "tomorrow", "2moro": "tomorrow", "2day": "today", "2nite": "tonight",
         "tonite": "tonight", "wk": "week", "wkn": "weken", "weeke": "weken", "wks": "weeks",
         "vd": "van de", "v/d": "van de", "weekend": "weekend", "wknd": "weekend",
         "vrydag": "vrijdag", "vrijdg": "vrijdag", "zatrdag": "zaterdag", "dinsdg": "dinsdag",
         "woensdg": "woensdag", "donderdg": "donderdag", "maandg": "maandag", "zondg": "zondag",
         "thursdy": "thursday", "wensday": "wednesday", "wednsday": "wednesday",
         "tuesdy": "tuesday", "fridy": "friday", "munday": "monday", "prob": "probably",
         "probs": "probably", "mss": "misschien", "miss": "misschien", "mischien": "misschien",
         "misschn": "misschien", "t": "het", "'t": "het", "d'r": "er", "dze": "deze",
         "dez": "deze", "morrege": "morgen", "morrgen": "morgen", "morn": "morgen",
         "murge": "morgen", "morge'": "morgen", "yday": "yesterday", "ystrday": "yesterday",
         "yest": "yesterday", "gistere": "gisteren", "gister": "gisteren", "krokus": "krokus",
         "fortnight": "fortnight", "vriedig": "vrijdag", "vraidag": "vrijdag",
         "dunderdag": "donderdag", "weds": "wednesday", "thurs": "thursday",
         "tues": "tuesday", "tue": "tuesday", "thur": "thursday", "thu": "thursday",
         "xmas": "christmas", "stagedg": "stagedag", "wnsdag": "woensdag",
         "wonsdag": "woensdag", "woesdag": "woensdag", "woendag": "woensdag",
         "dnsdag": "dinsdag", "dinsdah": "dinsdag", "dondrdag": "donderdag",
         "dondedag": "donderdag", "mandag": "maandag", "maadag": "maandag",
         "vridag": "vrijdag", "vrijdah": "vrijdag", "zatedag": "zaterdag"}
_VOCABULARY = sorted({*WEEKDAYS, *MONTHS, "morgen", "overmorgen", "volgende", "vandaag",
                      "vanavond", "gisteren", "eergisteren", "week", "weken", "weekend",
                      "tomorrow", "today", "tonight", "yesterday", "next", "weeks", "over",
                      "vakantie", "kerstvakantie", "voorjaarsvakantie", "meivakantie",
                      "herfstvakantie", "zomervakantie", "toetsweek", "stagedag", "holiday",
                      "holidays", "christmas", "internship", "misschien", "begin", "eind",
                      "halverwege", "beginning", "middle", "probably"})
_HEDGES = re.compile(r"\b(?:een paar|enkele|a few|a couple|couple of|"
                     r"(?:ergens )?in (?:januari|februari|maart|april|mei|juni|juli|augustus|"
                     r"september|oktober|november|december)|(?:sometime )?in (?:january|february|"
                     r"march|april|may|june|july|august|september|october|november|december)|"
                     r"misschien|denk ik|ik denk|of zo|ofzo|ongeveer|waarschijnlijk|"
                     r"hopelijk|als het lukt|als t lukt|zou kunnen|i think|maybe|probably|"
                     r"or so|perhaps|i guess|hopefully|if i can|idk|ish)\b")
_VAGUE = re.compile(r"\b(?:ooit|binnenkort|later|snel|zsm|asap|een keer|eens|als ik tijd heb|"
                    r"als ik zin heb|wanneer ik kan|someday|some day|sometime|soon|at some point|"
                    r"when i can|when i have time|whenever|eventually|one day|later on|"
                    r"nog niet|geen idee|weet ik niet|weet niet|dont know|no idea)\b")
_TIME = re.compile(r"\b(?:om|at|rond|around|tegen|voor|before)? ?\d{1,2}(?:[:.]\d{2})? ?"
                   r"(?:uur|u|h|am|pm|o'?clock)\b|\b(?:om|at|rond|around) \d{1,2}(?:[:.]\d{2})?\b|"
                   r"\b\d{1,2}[:.]\d{2}\b|'?s (?:ochtends|middags|avonds|nachts)|"
                   r"\bs(?:ochtends|middags|avonds|nachts)\b|\bin the (?:morning|afternoon|"
                   r"evening)\b|\b(?:na|after) (?:stage|school|werk|work|de les|lunch|de pauze)\b")
_ABSOLUTE = re.compile(
    r"\b(?P<d1>\d{1,2})(?:e|ste|de|st|nd|rd|th)? (?:of )?(?P<m1>[a-z]{3,9})\.?(?: (?P<y1>\d{4}))?\b"
    r"|\b(?P<m2>[a-z]{3,9})\.? (?P<d2>\d{1,2})(?:st|nd|rd|th)?(?:,? (?P<y2>\d{4}))?\b"
    r"|\b(?P<d3>\d{1,2})[-/.](?P<m3>\d{1,2})(?:[-/.](?P<y3>\d{2,4}))?\b")
# 'na de toets', 'after my exam': a day the student knows and the bot cannot. 'voor' only as
# the whole answer: 'tips voor mijn presentatie' is what, not when.
_EVENT = re.compile(r"\b(?P<word>na|after|before)\s+(?P<the>de|het|mijn|mn|m'n|the|my|our|onze|ons)"
                    r"\s+(?P<what>[a-z]{3,})\b")
_EVENT_ALONE = re.compile(r"\s*(?P<word>voor)\s+(?P<the>de|het|mijn|mn|m'n|onze|ons)\s+"
                          r"(?P<what>[a-z]{3,})\s*")
_NO_EVENT = frozenset({  # times of day, or the school's periods, which have readers of their own
    "les", "lessen", "pauze", "lunch", "school", "stage", "werk", "dienst", "middag", "ochtend",
    "avond", "weekend", "class", "classes", "break", "shift", "work", "morning", "afternoon",
    "evening", "vakantie", "kerst", "kerstvakantie", "holiday", "holidays",
    "zomervakantie", "meivakantie", "herfstvakantie", "voorjaarsvakantie", "christmas",
    "summer", "volgende", "next", "eerste", "first"})
_YOURS = {"mijn": "je", "mn": "je", "m'n": "je", "onze": "jullie", "ons": "jullie",
          "my": "your", "our": "your"}
_FEW = r"(?:een paar|enkele|a few|a couple of|a couple)"  # three, hedged (_HEDGES)
_RECENTLY = 60  # a day-month this many days ago means the one that passed, not next year's


def _overlapping(pattern: re.Pattern[str], text: str) -> Iterable[re.Match[str]]:
    """Every match, also those that start inside an earlier one."""
    at = 0
    while (found := pattern.search(text, at)) is not None:
        yield found
        at = found.start() + 1


@dataclass(frozen=True)
class Period:
    """A stretch of the school year students name: a holiday, a test week."""

    name: str
    first: date
    last: date
    words: tuple[str, ...] = ()


@dataclass(frozen=True)
class SchoolTimes:
    """What the school's calendar says about the student: holidays and internship days."""

    periods: tuple[Period, ...] = ()
    internship_weekdays: frozenset[int] = frozenset()
    internship_dates: frozenset[date] = frozenset()

    def in_holiday(self, day: date) -> bool:
        return any(p.first <= day <= p.last for p in self.periods
                   if not _is_test_week(p))

    def next_internship_day(self, today: date) -> date | None:
        for days in range(1, 120):
            day = today + timedelta(days=days)
            if (day.weekday() in self.internship_weekdays or day in self.internship_dates) \
                    and not self.in_holiday(day):
                return day
        return None

    def school_day(self, day: date) -> bool:
        return day.weekday() < 5 and not self.in_holiday(day)


# What students call the usual periods; a school's calendar may add words per period.
PERIOD_WORDS: dict[str, tuple[str, ...]] = {
    "kerstvakantie": ("kerstvakantie", "kerst", "kerstmis", "christmas", "xmas", "kerstdagen",
                      "wintervakantie", "christmas holidays", "christmas holiday",
                      "christmas break", "winter break"),
    "voorjaarsvakantie": ("voorjaarsvakantie", "krokusvakantie", "krokus", "carnavalsvakantie",
                          "carnaval", "spring break", "half term", "february break"),
    "meivakantie": ("meivakantie", "may holiday", "may break", "may holidays"),
    "herfstvakantie": ("herfstvakantie", "autumn break", "fall break", "autumn holiday",
                       "half term"),
    "zomervakantie": ("zomervakantie", "zomer", "summer holiday", "summer holidays",
                      "summer break", "summer"),
    "toetsweek": ("toetsweek", "toetsweken", "examenweek", "proefwerkweek", "test week",
                  "exam week", "tests", "toetsen"),
}


def _is_test_week(period: Period) -> bool:
    return period.name.startswith(("toets", "exam", "proefwerk", "test"))


@dataclass(frozen=True)
class DateReading:
    """What a date reader found in a sentence."""

    due: date | None = None
    in_past: bool = False
    matched: str = ""  # the student's words for the date, as typed
    hedge: bool = False  # "morgen misschien"
    vague: bool = False  # "ooit", "binnenkort": a when that names no day
    time_only: bool = False  # "om 10 uur": a time, but which day?
    past_day: date | None = None  # the day understood when it has passed
    at: int = -1  # where `matched` starts in the sentence (-1: not known)
    internship_unknown: bool = False  # 'als ik weer stage heb', but which day is that?
    event: str = ""  # 'na de toets': said back ('after your exam'), and which day is that?

    @property
    def understood(self) -> bool:
        return self.due is not None or self.in_past


def _school_day_by(day: date, today: date, school: SchoolTimes) -> date:
    """The school day on or before `day` within its month, after today: 'eind januari' is
    Friday 29 January, not Sunday 31; `day` itself when there is none."""
    earlier = day
    while not school.school_day(earlier) and earlier.day > 1 and earlier > today:
        earlier -= timedelta(days=1)
    return earlier if school.school_day(earlier) and earlier > today else day


def _event(flat: str) -> str:
    """'na de toets' -> 'na de toets', 'after my exam' -> 'after your exam'; '' for none."""
    found = _EVENT_ALONE.fullmatch(flat) or _EVENT.search(flat)
    if found is None or found["what"] in _NO_EVENT:
        return ""
    the = _YOURS.get(found["the"], found["the"])
    return f"{found['word']} {the} {found['what']}"


def without_event(flat: str) -> str:
    """The words around a day told by an event: 'na de toets zei ik' -> ' zei ik'."""
    found = _EVENT_ALONE.fullmatch(flat) or _EVENT.search(flat)
    return flat if found is None else f"{flat[:found.start()]} {flat[found.end():]}"


@dataclass
class _Token:
    text: str  # normalised
    start: int
    end: int


@dataclass
class _Found:
    due: date | None
    first: int
    last: int
    past: bool = False
    past_day: date | None = None
    internship: bool = False  # 'als ik weer stage heb', 'de volgende stagedag'


@dataclass
class DateReader:
    """Finds the 'when' in a student's sentence."""

    vocabulary: list[str] = field(default_factory=lambda: list(_VOCABULARY))

    def read(self, text: str, today: date, language: str = "nl",
             school: SchoolTimes | None = None) -> DateReading:
        school = school or SchoolTimes()
        flat = plain(text)[:2000]
        hedge = _HEDGES.search(flat) is not None
        without_times = _TIME.sub(lambda m: " " * len(m[0]), flat)
        tokens = self._tokens(without_times)
        found = self._find(tokens, today, school, flat)
        if found is None:
            vague, time_only = _VAGUE.search(flat) is not None, _TIME.search(flat) is not None
            return DateReading(hedge=hedge, vague=vague, time_only=time_only,
                               event="" if vague or time_only else _event(flat))
        last = min(max(found.last, found.first), len(tokens) - 1)
        start, end = tokens[max(found.first, 0)].start, tokens[last].end
        same = len(text) == len(flat)  # else the positions are flat's, not text's
        matched, at = (text if same else flat)[start:end], start if same else -1
        if found.past:
            return DateReading(None, True, matched, hedge, past_day=found.past_day, at=at)
        if found.due is None:  # the next internship day, which the calendar does not know
            return DateReading(None, False, matched, hedge, at=at, internship_unknown=True)
        return DateReading(found.due, False, matched, hedge, at=at)

    def without_day(self, text: str, today: date, language: str = "nl",
                    school: SchoolTimes | None = None) -> str:
        """The student's step without the day named in it, for a step moved to another day:
        "woensdag vraag ik Sandra om feedback" -> "ik vraag Sandra om feedback". Where the
        words cannot be put back in order, "…" marks what was cut; a step that names no day,
        or would be left with less than two words, comes back as it is."""
        rest, at_start = text, False
        for _ in range(3):  # "donderdag 10 december": the weekday, then the date
            reading = self.read(rest, today, language, school)
            matched, at = reading.matched, reading.at
            if not matched or at < 0:
                break
            before, after = rest[:at], rest[at + len(matched):]
            before = _DAY_PREPOSITION.sub("", before)  # 'op (3 december)', 'on (Friday)'
            at_start = at_start or not before.strip(_CUT_EDGES)
            rest = f"{before.rstrip()} {after.lstrip()}".strip(_CUT_EDGES)
        rest = re.sub(r"\s+([,.!?])", r"\1", re.sub(r"\s{2,}", " ", rest))
        parts = rest.split(" ")
        left = plain(rest).split()
        if rest == text or len(parts) < 2 or any(w.strip(".,!?") in _DAY_WORDS for w in left) \
                or _DAY_PREPOSITION.search(rest.rstrip(".!?")) or \
                _DAY_NUMBER.search(" ".join(left)):
            return text  # a day still named, or a preposition left hanging: the words as
            # they were ('ik bel Kees op vrijdag de 4e' read only in part)
        if at_start and parts[0].casefold() not in _SUBJECTS:
            if language == "nl" and parts[1].casefold() in _SUBJECTS:  # "vraag ik" -> "ik vraag"
                parts[0], parts[1] = parts[1], parts[0].casefold()
            else:
                parts.insert(0, "…")
        if text[:1].isupper() and parts[0] != "…":
            parts[0] = parts[0][:1].upper() + parts[0][1:]
        return " ".join(parts)

    # -- tokens ------------------------------------------------------------------------------

    def _tokens(self, flat: str) -> list[_Token]:
        tokens: list[_Token] = []
        for match in re.finditer(r"[a-z0-9]+(?:[-/.'][a-z0-9]+)*", flat):
            word = match[0]
            tokens.extend(self._split(word, match.start(), match.end()))
        return tokens

    def _split(self, word: str, start: int, end: int) -> Iterable[_Token]:
        word = _CHAT.get(word, word)
        if " " in word:
            return [_Token(part, start, end) for part in word.split()]
        for day in ("morgen", *WEEKDAYS):  # vrijdagmiddag, morgenochtend
            if word.startswith(day) and word[len(day):] in _DAY_PARTS:
                return [_Token(day, start, end)]
        if re.fullmatch(r"[a-z]{4,}", word) and word not in self.vocabulary and \
                not is_word(word):
            match = process.extractOne(word, self.vocabulary, scorer=Levenshtein.distance,
                                       score_cutoff=1 if len(word) <= 6 else 2)
            if match is not None and match[0][0] == word[0]:
                word = match[0]
        return [_Token(word, start, end)]

    # -- the phrases -------------------------------------------------------------------------

    def _find(self, tokens: list[_Token], today: date, school: SchoolTimes,
              flat: str) -> _Found | None:
        words = [t.text for t in tokens]
        unknown: _Found | None = None  # 'als ik weer stage heb' without internship days
        for finder in (self._past, self._school_time, self._relative_weekday,
                       self._day_of_month, self._weekday, self._relative, self._month_part,
                       self._absolute):
            found = finder(words, today, school)
            if found is not None and found.internship and found.due is None:
                unknown = found  # a day named elsewhere in the words still wins
            elif found is not None:
                return found
        return unknown

    @staticmethod
    def _past(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        for i, word in enumerate(words):
            if word in ("gisteren", "eergisteren", "yesterday", "gister", "gistern"):
                return _Found(None, i, i, past=True,
                              past_day=today - timedelta(days=2 if word == "eergisteren" else 1))
            if word in ("vorige", "afgelopen", "last") and i + 1 < len(words) and \
                    words[i + 1] in ("week", *WEEKDAYS, "weekend", "keer", "time"):
                return _Found(None, i, i + 1, past=True)
            if word == "ago" or (word in ("geleden",) and i > 0):
                return _Found(None, max(0, i - 2), i, past=True)
        return None

    @staticmethod
    def _school_time(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        text = " ".join(words)
        back = re.search(r"\b(?:als|wanneer|when|next time|de volgende keer dat) (?:ik|i|i'm|im) "
                         r"(?:am |ben )?(?:weer |again |back )?(?:op|at|on|naar) (?:mijn |mn |my |"
                         r"de |the )?(?:stage|stageplek|werk|placement|internship|work|bpv)"
                         r"(?: (?:ben|ga|kom|am|go))?\b", text)
        back = back or re.search(
            r"\b(?:als|wanneer|when|zodra|as soon as|(?:de )?(?:eerst)?volgende keer dat|"
            r"next time) (?:ik|i) (?:weer |again |opnieuw )?"
            r"(?:stage|bpv|internship|placement|stagedag|mijn stagedag|stage dag) "
            r"(?:heb|have|again)\b|\bwhen i (?:have|go to|am at|am back at) (?:my |the )?"
            r"(?:internship|placement)\b|\b(?:bij|op|at|on) (?:mijn |mn |de |my |the )?"
            r"(?:volgende|next) (?:stage ?dag|stage|internship day|placement day)\b|"
            # 'volgende keer' alone, at the question which day: the next internship day
            r"^(?:de |op de |bij de )?(?:volgende|eerstvolgende) keer(?: dus| dan| ofzo)?$|"
            r"^(?:next|my next|on my next) (?:time|shift)(?: then| i guess)?$", text)
        if back:
            first, last = _span(text, back.start(), back.end())
            return _internship(school, today, first, last)
        for i, word in enumerate(words):
            if word in ("stagedag", "stagedagen") and i > 0 and words[i - 1] in ("volgende",
                                                                                 "next"):
                return _internship(school, today, i - 1, i)
            if (word in ("internship", "placement", "stage", "bpv") and i > 0 and \
                    words[i - 1] in ("volgende", "next")) or (word == "keer" and \
                    i > 0 and words[i - 1] == "volgende" and "stage" in words[i + 1:i + 4]):
                return _internship(school, today, i - 1, min(i + 2, len(words) - 1))
            if word in ("na", "voor", "after", "before", "na de", "in", "during", "tijdens"):
                period, last = _period_at(words, i + 1, school, today)
                if period is None:
                    continue
                if word in ("na", "after"):
                    due = period.last + timedelta(days=1)
                    while not school.school_day(due):
                        due += timedelta(days=1)
                elif word in ("voor", "before"):
                    due = period.first - timedelta(days=1)
                    while due.weekday() >= 5:
                        due -= timedelta(days=1)
                else:  # 'in de kerstvakantie': by its end (a user trial got its first day)
                    due = max(period.last, today)
                if due < today:
                    return _Found(None, i, last, past=True, past_day=due)
                return _Found(due, i, last)
        return None

    @staticmethod
    def _relative_weekday(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        for i, _word in enumerate(words):
            day = _weekday(words, i)
            if day is None:
                continue
            after = words[i + 1:i + 4]
            before = words[max(0, i - 2):i]
            coming = _next_weekday(today, day)
            next_week = today + timedelta(days=7 - today.weekday() + day)
            if after[:3] in (["over", "een", "week"], ["over", "1", "week"]) or \
                    after[:3] == ["in", "a", "week"] or after[:2] == ["week", "from"]:
                return _Found(coming + timedelta(days=7), i, i + 3)
            if after[:2] in (["volgende", "week"], ["next", "week"]):
                return _Found(next_week, i, i + 2)
            if before[-2:] in (["volgende", "week"], ["next", "week"]):
                return _Found(next_week, i - 2, i)
            if words[max(0, i - 3):i] in (["a", "week", "from"], ["one", "week", "from"],
                                          ["een", "week", "na"]):
                return _Found(coming + timedelta(days=7), i - 3, i)
            if before[-1:] in (["volgende"], ["next"]):
                # 'volgende donderdag' said on a Wednesday is not tomorrow ('morgen' is)
                return _Found(coming + timedelta(days=7) if (coming - today).days <= 1
                              else coming, i - 1, i)
        return None

    @staticmethod
    def _day_of_month(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        """'de 18e', 'vrijdag de 18e', 'on the 18th': a day of this month, or of the next
        when it has passed. No month named (that is `_absolute`), and not 'de 2e keer'."""
        for i, word in enumerate(words):
            found = _ORDINAL_DAY.fullmatch(word)
            plain_number = found is None and word.isdecimal() and i >= 2 and \
                words[i - 2:i] in (["op", "de"], ["on", "the"]) and \
                words[i + 1:i + 2] in ([], ["ik"], ["k"], ["i"], ["dan"], ["then"], ["of"],
                                       ["or"], ["misschien"], ["maybe"])  # not 'op de 2 kassa's'
            if found is None and not plain_number:
                continue
            number = int(found[1] if found else word)
            after = words[i + 1] if i + 1 < len(words) else ""
            near = words[max(0, i - 2):i] + words[i + 1:i + 3]  # 'december 3rd', '22nd of jan'
            if not 1 <= number <= 31 or after in _NOT_A_DAY or after.isdecimal() or any(
                    w in MONTHS or w in _SHORT_MONTHS for w in near):
                continue
            due = _day_in_month(today, number)
            if due is None:
                continue
            first = i
            while first > 0 and words[first - 1] in ("de", "the", "op", "on", "uiterlijk", "by",
                                                     "voor", "before"):
                first -= 1
            if first > 0 and _weekday(words, first - 1) is not None:
                first -= 1  # 'vrijdag de 18e': the date says which Friday
            return _Found(due, first, i)
        return None

    @staticmethod
    def _weekday(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        for i in range(len(words)):
            day = _weekday(words, i)
            nxt, then = [*words[i + 1:i + 3], "", ""][:2]
            if day is not None and (re.fullmatch(r"\d{1,2}[-/.]\d{1,2}.*", nxt) or (
                    re.fullmatch(r"\d{1,2}(?:e|ste|de)?", nxt) and
                    (then in MONTHS or then in _SHORT_MONTHS))):
                return None  # 'vrijdag 4 december', 'vrijdag 4/12': the date says which
            if day is not None:
                start = i - 1 if i > 0 and words[i - 1] in ("op", "on", "deze", "this",
                                                            "uiterlijk", "by", "komende",
                                                            "coming") else i
                return _Found(_next_weekday(today, day), start, i)
        return None

    @staticmethod
    def _relative(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        text = " ".join(words)
        friday = today + timedelta(days=(4 - today.weekday()) % 7)
        phrases: list[tuple[str, date]] = [
            (r"(?:de )?dag na morgen|overmorgen|(?:the )?day after tomorrow", today + timedelta(2)),
            (r"morgen|tomorrow", today + timedelta(1)),
            (r"vandaag(?: nog)?|vanavond|vanmiddag|vannacht|straks|today|tonight|this evening|"
             r"later today|deze (?:namiddag|voormiddag|middag|avond)|this afternoon", today),
            (r"(?:eind|einde|end) (?:van )?(?:deze|de|this|the) week|deze week(?: nog)?|"
             r"this week|voor het weekend|before the weekend|eind v(?:an)? ?de week",
             friday),
            (r"na het weekend|after the weekend|begin (?:van )?volgende week|start of next week",
             today + timedelta(days=7 - today.weekday())),
            (r"(?:volgende|next) week|(?:in|over) de volgende week",
             today + timedelta(days=11 - today.weekday())),
            (r"(?:dit|het|this|the) weekend|weekend", today + timedelta(
                days=(6 - today.weekday()) % 7 or 7)),
        ]
        for pattern, due in phrases:
            found = re.search(rf"\b(?:{pattern})\b", text)
            if found:
                first, last = _span(text, found.start(), found.end())
                return _Found(due, first, last)
        fortnight = re.search(r"\b(?:in|over|within) (?:a |een )?fortnight\b", text)
        if fortnight:
            first, last = _span(text, fortnight.start(), fortnight.end())
            return _Found(today + timedelta(days=14), first, last)
        text = re.sub(r"\b(?:een|a|one|1) (week|dag|day|maand|month) of (\w+)\b", r"\2 \1", text)
        counted = re.search(r"\b(?:over|in|binnen|within|na|after) (?:nog |ongeveer |zo'?n |"
                            r"about |like |around |roughly |just |maar )?(?P<n>" + _FEW +
                            r"|\w+) "
                            r"(?P<unit>dag|dagen|days?|week|weken|weeks?|maand|maanden|"
                            r"months?)\b(?: (?:from now|vanaf nu))?|\b(?P<n2>\w+) "
                            r"(?P<unit2>days?|weeks?|dagen|weken) (?:from now|vanaf nu)\b", text)
        if counted and counted["n2"]:
            n2, unit2 = counted["n2"], counted["unit2"]
            if n2 in _NUMBERS or n2.isdecimal():
                n = _NUMBERS.get(n2) or int(n2)
                first, last = _span(text, counted.start(), counted.end())
                return _Found(today + timedelta(days=n * (7 if unit2.startswith(("week", "wek"))
                                                          else 1)), first, last)
            counted = None
        n = 0
        if counted and re.fullmatch(_FEW, counted["n"]):
            n = 3  # 'over een paar dagen': three, and the student is asked (a hedge)
        elif counted and (counted["n"] in _NUMBERS or counted["n"].isdecimal()):
            n = _NUMBERS.get(counted["n"]) or int(counted["n"])
        if counted and n:
            unit = counted["unit"]
            days = n * (30 if unit.startswith(("maand", "month")) else
                        7 if unit in ("week", "weken", "weeks") else 1)
            first, last = _span(text, counted.start(), counted.end())
            return _Found(today + timedelta(days=min(days, 400)), first, last)
        return None

    @staticmethod
    def _month_part(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        text = " ".join(words)
        this_month = re.search(r"\b(?:(?:aan )?het )?(?:eind|einde|end)(?: (?:van|of))? (?:de|deze|"
                               r"this|the) (?:maand|month)\b", text)
        if this_month:  # 'eind van de maand': its last school day
            due = _school_day_by(date(today.year + today.month // 12, today.month % 12 + 1, 1)
                                 - timedelta(days=1), today, school)
            first, last = _span(text, this_month.start(), this_month.end())
            return _Found(due, first, last)
        found = re.search(r"\b(?P<part>begin|start|beginning|early|eind|einde|end|late|half|"
                          r"halverwege|midden|mid|middle|medio|in|during|ergens in|sometime in)"
                          r"(?: (?:van|of|in))? (?P<month>[a-z]+)\b", text)
        if not found:
            return None
        month = MONTHS.get(found["month"]) or _SHORT_MONTHS.get(found["month"])
        if month is None:
            return None
        part = found["part"]
        year = today.year
        for _ in range(2):
            if part in ("begin", "start", "beginning", "early"):
                due = date(year, month, 7)
            elif part in ("eind", "einde", "end", "late", "in", "during", "ergens in",
                          "sometime in"):  # 'in januari': by the end of it, asked to confirm
                due = (date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1))
            else:
                due = date(year, month, 15)
            # 'eind januari', 'begin februari': a school day, not a Sunday (an eighth user trial)
            due = _school_day_by(due, today, school)
            if due >= today:
                first, last = _span(text, found.start(), found.end())
                return _Found(due, first, last)
            year += 1
        return None

    @staticmethod
    def _absolute(words: list[str], today: date, school: SchoolTimes) -> _Found | None:
        text = " ".join(words)
        for found in _overlapping(_ABSOLUTE, text):  # 'vrijdag 4 december': not 'vrijdag 4'
            month_word = found["m1"] or found["m2"]
            if month_word is not None and month_word not in MONTHS and \
                    month_word not in _SHORT_MONTHS:
                continue
            if month_word is not None and month_word in ("mei", "may", "mar", "jan", "jun") \
                    and len(words) > 3 and not (found["d1"] or found["d2"]):
                continue
            day_number = found["d1"] or found["d2"]
            if month_word is not None and day_number is not None:
                month = MONTHS.get(month_word) or _SHORT_MONTHS[month_word]
                year = found["y1"] or found["y2"]
                phrase = f"{int(day_number)}-{month}" + (f"-{year}" if year else "")
            else:
                phrase = found[0]
            day = _dateparser(phrase, today)
            if day is None:
                continue
            first, last = _span(text, found.start(), found.end())
            if first > 0 and words[first - 1] in WEEKDAYS:
                first -= 1  # 'vrijdag 4 december' is one day
            year_given = any(found[g] for g in ("y1", "y2", "y3"))
            if not year_given:
                earlier = _same_day(day, day.year - 1)
                if earlier is not None and earlier < today and \
                        (today - earlier).days <= _RECENTLY:
                    return _Found(None, first, last, past=True, past_day=earlier)
            if day < today:
                return _Found(None, first, last, past=True, past_day=day)
            return _Found(day, first, last)
        return None


_DAY_WORDS = frozenset({*WEEKDAYS, *MONTHS, "morgen", "overmorgen", "tomorrow", "vandaag",
                        "today", "gisteren", "yesterday"})
_CUT_EDGES = " ,;:-"
# A day's number left behind ('de 4e'); a time ('om 3 uur') is no day.
_DAY_NUMBER = re.compile(r"\b\d{1,2}(?:e|ste|de|st|nd|rd|th)?\b(?![.:]\d|\s*(?:uur|u\b|h\b|am\b|"
                         r"pm\b|o'clock))")
_DAY_PREPOSITION = re.compile(r"\s*\b(?:op|voor|on|by|before|uiterlijk|tegen|vanaf|per|"
                              r"tot|until)\s*$", re.IGNORECASE)
_SUBJECTS = frozenset({"ik", "we", "wij", "i", "i'll", "i'm", "we'll"})
_DAY_CONTEXT_BEFORE = frozenset({"op", "on", "by", "uiterlijk", "tegen", "next", "volgende",
                                 "deze", "this", "coming", "komende", "until", "tot", "voor"})
_DAY_CONTEXT_AFTER = frozenset({"om", "at", "na", "after", "night", "morning", "afternoon",
                                "evening", "avond", "ochtend", "middag", "nacht", "namiddag"})


def strip_times(text: str) -> str:
    """The text without times of day ('om 10 uur', "'s ochtends"): they are not a deed."""
    return _TIME.sub(" ", plain(text))


def _weekday(words: list[str], i: int) -> int | None:
    """A weekday, written out or short; short ones ('do', 'vr', 'sat') only where they cannot
    be another word: alone, before a time, after 'op' / 'by', or first in a Dutch sentence."""
    word = words[i]
    if word in WEEKDAYS:
        return WEEKDAYS[word]
    if word in _SHORT_DAYS:
        after = words[i + 1] if i + 1 < len(words) else ""
        before = words[i - 1] if i > 0 else ""
        alone = len(words) == 1 or after in _DAY_CONTEXT_AFTER or before in _DAY_CONTEXT_BEFORE \
            or (i == 0 and word in ("ma", "di", "wo", "do", "vr") and after not in ("je", "jij",
                                                                                  "het", "dat"))
        return _SHORT_DAYS[word] if alone else None
    return None


_ORDINAL_DAY = re.compile(r"(\d{1,2})(?:e|ste|de|st|nd|rd|th)")
# 'de 2e keer', 'the 3rd time', 'mijn 1e stage': an ordinal that is no day of the month
_NOT_A_DAY = frozenset({
    "keer", "time", "times", "week", "weken", "weeks", "dag", "dagen", "day", "days", "jaar",
    "year", "klas", "leerjaar", "grade", "plaats", "place", "poging", "try", "attempt",
    "ronde", "round", "periode", "period", "blok", "les", "lesson", "uur", "hour",
    "verdieping", "floor", "stage", "stagedag", "klant", "client", "persoon", "person",
    "helft", "half", "deel", "part", "kans", "chance", "etage", "maand", "month", "eeuw",
    "century", "verjaardag", "birthday", "editie", "edition", "plek", "rij", "row", "minuut",
    "minute", "versie", "version", "hoofdstuk", "chapter", "opdracht", "question"})


def _day_in_month(today: date, number: int) -> date | None:
    """The next day with this number: this month's if it is still to come, else the next
    month that has it (a 31st skips short months)."""
    year, month = today.year, today.month
    for _ in range(3):
        try:
            due = date(year, month, number)
        except ValueError:
            due = None
        if due is not None and due > today:
            return due
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return None


def _next_weekday(today: date, weekday: int) -> date:
    """The next such day after today (never today: students write after the day)."""
    return today + timedelta(days=(weekday - today.weekday()) % 7 or 7)


def _internship(school: SchoolTimes, today: date, first: int, last: int) -> _Found:
    """The next internship day; its due is None when the calendar knows no internship days
    of this student's class (the student is asked which day that is)."""
    return _Found(school.next_internship_day(today), first, last, internship=True)


_ANY_HOLIDAY = frozenset({"vakantie", "holiday", "holidays", "break", "vakanties"})


def _period_at(words: list[str], i: int, school: SchoolTimes,
               today: date | None = None) -> tuple[Period | None, int]:
    """The school period named at words[i:] ('de kerstvakantie', 'the christmas break'), or
    the coming holiday for 'de vakantie' ('na de vakantie': a user trial was told the bot's
    own button 'Na de vakantie' was a day it did not understand)."""
    j = i + 1 if i < len(words) and words[i] in ("de", "het", "the") else i
    if j < len(words) and words[j] in _ANY_HOLIDAY and today is not None:
        coming = [p for p in _nearest_periods(school) if p.last >= today and not _is_test_week(p)]
        if coming:
            return coming[0], j
    for length in (3, 2, 1):
        phrase = " ".join(words[j:j + length])
        if not phrase:
            continue
        if phrase.endswith(" vakantie"):
            phrase = phrase.replace(" vakantie", "vakantie")
        for period in _nearest_periods(school):
            names = {period.name, *period.words, *PERIOD_WORDS.get(period.name, ())}
            if phrase in names:
                return period, j + length - 1
    return None, i


def _nearest_periods(school: SchoolTimes) -> list[Period]:
    return sorted(school.periods, key=lambda p: p.first)


def _span(text: str, start: int, end: int) -> tuple[int, int]:
    """Token indexes of a character span of the joined words."""
    first = text[:start].count(" ")
    last = first + text[start:end].strip().count(" ")
    return first, last


def _same_day(day: date, year: int) -> date | None:
    try:
        return day.replace(year=year)
    except ValueError:  # 29 February
        return None


def _dateparser(phrase: str, today: date) -> date | None:
    """A day and a month in any notation, by dateparser (day first, the Dutch way)."""
    from dateparser import parse  # slow import: only when a date is written as one

    settings = {"PREFER_DATES_FROM": "future", "DATE_ORDER": "DMY",
                "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
                "REQUIRE_PARTS": ["day", "month"], "RETURN_AS_TIMEZONE_AWARE": False}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # dateparser's own deprecation noise
        try:
            found = parse(phrase, languages=["nl", "en"], settings=settings)
        except (ValueError, OverflowError):
            return None
    return found.date() if found else None
