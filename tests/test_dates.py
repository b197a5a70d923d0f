"""The 'when' of an action, as students write it in Dutch and English."""

from __future__ import annotations

from datetime import date

import pytest

from bot.language.dates import DateReader, Period, SchoolTimes
from tests.conftest import TODAY  # Monday 23 November 2026

READER = DateReader()


@pytest.mark.parametrize(("text", "due"), [
    ("vrijdag", date(2026, 11, 27)),
    ("morgen", date(2026, 11, 24)),
    ("overmorgen", date(2026, 11, 25)),
    ("volgende week", date(2026, 12, 4)),  # the latest day it means: next week's Friday
    ("volgende week dinsdag", date(2026, 12, 1)),
    ("15 december", date(2026, 12, 15)),
    ("2-12", date(2026, 12, 2)),  # day first, the Dutch way
    ("over twee weken", date(2026, 12, 7)),
    ("na het weekend", date(2026, 11, 30)),
    ("vanavond bel ik mijn begeleider", TODAY),
    ("Ik ga vrijdag mijn begeleider om tips vragen", date(2026, 11, 27)),
    ("ik vraag het morgen aan jan", date(2026, 11, 24)),  # 'jan' is a name, not January
    ("next friday", date(2026, 11, 27)),
    ("tomorrow", date(2026, 11, 24)),
    ("I will ask my boss on Monday", date(2026, 11, 30)),
    ("on 3 December", date(2026, 12, 3)),
])
def test_finds_the_day(text: str, due: date) -> None:
    assert READER.read(text, TODAY, "nl").due == due


@pytest.mark.parametrize("text", ["gisteren", "vorige week", "3 november", "yesterday"])
def test_days_that_have_passed_are_marked(text: str) -> None:
    reading = READER.read(text, TODAY, "nl")
    assert reading.due is None and reading.in_past


@pytest.mark.parametrize("text", [
    "ik ga beter opletten", "ik vraag het aan ma", "om 8 uur", "I'll do 3 things", "1", "",
    "🔥🔥", "x" * 4000,
])
def test_no_day_where_there_is_none(text: str) -> None:
    reading = READER.read(text, TODAY, "nl")
    assert reading.due is None and not reading.in_past


@pytest.mark.parametrize(("text", "today", "due", "past"), [
    ("op vrijdag 4 december", date(2026, 11, 30), date(2026, 12, 4), False),
    ("vrijdag 4/12", date(2026, 11, 30), date(2026, 12, 4), False),
    # the date says which Friday: one gone by is not next week's
    ("op vrijdag 4 december", date(2026, 12, 10), None, True),
    ("friday 4 december", date(2026, 12, 10), None, True),
])
def test_a_weekday_with_its_date_is_that_date(text: str, today: date, due: date | None,
                                              past: bool) -> None:
    reading = READER.read(text, today)
    assert reading.due == due and reading.in_past == past
    assert reading.matched.endswith(("december", "4/12"))


def test_a_weekday_with_an_hour_is_still_that_weekday() -> None:
    reading = READER.read("vrijdag 10", date(2026, 12, 10))  # ten o'clock, not the 10th
    assert reading.due == date(2026, 12, 11)


# A user trial (2026-12-07): 'vrijdag de 18e' was read as the coming Friday (the 11th), and
# 'de 18e' and 'the 18th' not at all; 'next thursday' on a Wednesday was tomorrow.
@pytest.mark.parametrize(("text", "due"), [
    ("vrijdag de 18e", date(2026, 12, 18)),
    ("op de 18e vraag ik het aan de bakker", date(2026, 12, 18)),
    ("de 18de", date(2026, 12, 18)),
    ("I'll ask her on the 18th", date(2026, 12, 18)),
    ("de 3e", date(2027, 1, 3)),  # the 3rd has passed: next month's
    ("the 22nd of jan", date(2027, 1, 22)),  # a month named: that month
    ("volgende donderdag", date(2026, 12, 17)),  # said on a Wednesday: not tomorrow
    ("next friday", date(2026, 12, 11)),
])
def test_a_day_of_the_month_and_next_weekday(text: str, due: date) -> None:
    assert READER.read(text, date(2026, 12, 9)).due == due  # a Wednesday


@pytest.mark.parametrize("text", ["voor de 2e keer vraag ik het", "mijn 1e stage", "om 18 uur"])
def test_an_ordinal_that_is_no_day(text: str) -> None:
    assert READER.read(text, date(2026, 12, 9)).due is None


@pytest.mark.parametrize(("text", "due"), [
    ("na de vakantie", date(2027, 1, 4)),  # the bot's own button, typed (a user trial)
    ("de eerste stagedag na de vakantie", date(2027, 1, 4)),
    ("after the holidays", date(2027, 1, 4)),
    ("in de kerstvakantie een vakantiebaantje zoeken", date(2027, 1, 3)),  # by its end
    ("eind van de maand", date(2026, 11, 30)),
    ("aan het eind van de maand vraag ik het", date(2026, 11, 30)),
])
def test_the_holiday_and_the_month_are_read_as_students_name_them(text: str, due: date) -> None:
    christmas = SchoolTimes(periods=(Period("kerstvakantie", date(2026, 12, 19),
                                            date(2027, 1, 3)),))
    assert READER.read(text, TODAY, "nl", christmas).due == due


@pytest.mark.parametrize(("text", "due", "hedged"), [
    # an eighth user trial: 'eind januari' was Sunday 31 January; a school day, before it
    ("eind januari", date(2027, 1, 29), False),
    ("begin februari", date(2027, 2, 5), False),  # the 7th is a Sunday
    ("eind van de maand", date(2026, 12, 18), False),  # the 31st is in the Christmas holiday
    # 'over een paar dagen' was 'Die dag begrijp ik niet': three days, asked to confirm
    ("over een paar dagen", date(2026, 12, 11), True),
    ("ik bel hem over een paar dagen", date(2026, 12, 11), True),
    ("in a few days", date(2026, 12, 11), True),
    ("over 3 dagen", date(2026, 12, 11), False),
])
def test_a_month_part_is_a_school_day_and_a_few_days_is_asked_about(
        text: str, due: date, hedged: bool) -> None:
    from bot.language.dates import Period, SchoolTimes

    school = SchoolTimes(periods=(Period("kerstvakantie", date(2026, 12, 19),
                                         date(2027, 1, 3)),))
    reading = READER.read(text, date(2026, 12, 8), "nl", school)  # a Tuesday
    assert (reading.due, reading.hedge) == (due, hedged)


@pytest.mark.parametrize("text", [
    "ik vraag mijn begeleider om feedback als ik weer stage heb", "zodra ik weer stage heb",
    "op mijn volgende stagedag", "bij de volgende stage", "when i have my internship again",
    "de eerstvolgende keer dat ik stage heb"])
def test_the_next_internship_day_in_the_students_words(text: str) -> None:
    """A user trial: 'als ik weer stage heb' was no day at all. With the class's internship
    days known it is the next one; without, the student is asked which day that is (not
    told the day was not understood)."""
    thursdays = SchoolTimes(internship_weekdays=frozenset({3}))
    assert READER.read(text, TODAY, "nl", thursdays).due == date(2026, 11, 26)
    unknown = READER.read(text, TODAY, "nl")
    assert unknown.due is None and unknown.internship_unknown


def test_a_day_named_beside_the_internship_wins_when_the_calendar_knows_none() -> None:
    reading = READER.read("als ik weer stage heb, dus woensdag", TODAY, "nl")
    assert reading.due == date(2026, 11, 25) and not reading.internship_unknown


@pytest.mark.parametrize(("text", "due"), [
    ("wnsdag", date(2026, 11, 25)), ("dnsdag", date(2026, 11, 24)),
    ("dondrdag vraag ik het", date(2026, 11, 26)), ("vridag", date(2026, 11, 27))])
def test_weekdays_as_students_type_them(text: str, due: date) -> None:
    assert READER.read(text, TODAY, "nl").due == due


@pytest.mark.parametrize(("text", "due"), [
    ("in januari", date(2027, 1, 29)), ("ik bel ze in december", date(2026, 12, 31)),
    ("sometime in january", date(2027, 1, 29))])
def test_a_month_alone_is_its_end_to_be_confirmed(text: str, due: date) -> None:
    """A user trial: 'in januari' got 'Die dag begrijp ik niet.' A month is read as by its last
    school day (31 January 2027 is a Sunday), and asked about (a hedge), as 'over twee weken
    ofzo' is."""
    reading = READER.read(text, TODAY, "nl")
    assert reading.due == due and reading.hedge
