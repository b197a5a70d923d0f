"""The school's own settings, as the files in school/ say them: helplines, digests, what
mentors see, retention (school.yaml) and the internship calendar (calendar.yaml). Models only;
loading is in bot/loading/school.py."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.language.dates import Period, SchoolTimes
from bot.safety.meanings import Kind

Language = Annotated[str, Field(pattern=r"^[a-z]{2}$")]
Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Helpline(_Strict):
    name: str
    contact: dict[Language, str]
    kinds: list[Kind] = Field(
        default_factory=list, description="Shown for these kinds of danger only; none: always.")

    def fits(self, kinds: set[str]) -> bool:
        return not self.kinds or bool(kinds & set(self.kinds))



Way = Literal["telegram", "email"]


def _telegram_only() -> list[Way]:
    return ["telegram"]


class DigestSchedule(_Strict):
    days: Literal["weekdays", "weekly"] = "weekdays"
    weekday: Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                     "sunday"] = "friday"
    time: Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")] = "18:00"
    by: list[Way] = Field(default_factory=_telegram_only, min_length=1)


class SchoolSettings(_Strict):
    """The school's settings (school/school.yaml): helplines, alerts, what mentors see."""

    model_config = ConfigDict(extra="ignore", frozen=True)  # the file holds other settings too

    helplines: list[Helpline] = Field(min_length=1)
    mentor_sees: Literal["never", "summary", "quotes"] = Field(
        default="summary", description="Students' own words in digests: never; summary (their "
        "actions, as they were told); quotes (also their moment of the day).")
    digest: DigestSchedule = Field(default_factory=DigestSchedule)
    retention_months: int = Field(default=12, ge=1, le=120,
                                  description="Conversations older than this are deleted.")
    escalate_after_minutes: int = Field(
        default=120, ge=5, le=24 * 60,
        description="An urgent alert nobody acknowledged goes to the coordinator after this.")


def _at(value: str) -> time:
    hour, minute = (int(part) for part in value.split(":"))
    return time(hour, minute)


class QuietHours(_Strict):
    start: Clock = "21:00"
    end: Clock = "08:00"


class GroupCalendar(_Strict):
    weekdays: list[Weekday] = Field(default_factory=list)
    dates: list[date] = Field(default_factory=list)


class Holiday(_Strict):
    """A school holiday or test week that students name when they set a day ("na de
    kerstvakantie", "na de toetsweek")."""

    name: Annotated[str, Field(min_length=2, max_length=60)]
    first: date
    last: date
    words: list[str] = Field(default_factory=list, description="Other names students use.")

    @model_validator(mode="after")
    def _in_order(self) -> Holiday:
        if self.last < self.first:
            raise ValueError(f"'{self.name}' ends ({self.last}) before it starts ({self.first})")
        return self


class InternshipCalendar(_Strict):
    """school/calendar.yaml: when each group has an internship, and when the bot may write."""

    nudge_time: Clock = "17:30"
    reminder_time: Clock = "08:30"
    later_minutes: int = Field(default=90, ge=15, le=24 * 60)
    quiet_hours: QuietHours = Field(default_factory=QuietHours)
    quiet_weekends: bool = True
    max_nudges_per_week: int = Field(default=3, ge=0, le=14)
    groups: dict[str, GroupCalendar] = Field(default_factory=dict)
    holidays: list[Holiday] = Field(default_factory=list)
    holidays_confirmed: bool = Field(
        default=False, description="The school checked the holiday dates (the shipped ones "
        "are the government's advice for one region).")

    def school_times(self, group: str | None) -> SchoolTimes:
        """What the date reader needs to know for a student of this group."""
        found = self.groups.get(group or "")
        return SchoolTimes(
            periods=tuple(Period(h.name, h.first, h.last, tuple(h.words)) for h in self.holidays),
            internship_weekdays=frozenset(WEEKDAYS.index(d) for d in found.weekdays)
            if found else frozenset(),
            internship_dates=frozenset(found.dates) if found else frozenset())

    def internship(self, group: str | None, day: date) -> bool:
        found = self.groups.get(group or "")
        return found is not None and (WEEKDAYS[day.weekday()] in found.weekdays
                                      or day in found.dates)

    def quiet(self, local: datetime) -> bool:
        """No messages now: at night, or at the weekend."""
        if self.quiet_weekends and local.weekday() >= 5:
            return True
        start, end, now = _at(self.quiet_hours.start), _at(self.quiet_hours.end), local.time()
        return (now >= start or now < end) if start > end else start <= now < end

    def next_allowed(self, local: datetime) -> datetime:
        """The first moment at or after `local` when the bot may write."""
        moment = local
        for _ in range(7 * 24 * 4):
            if not self.quiet(moment):
                return moment
            moment += timedelta(minutes=15)
        return moment

    def nudge_time_on(self, day: date, zone: ZoneInfo) -> datetime:
        return datetime.combine(day, _at(self.nudge_time), tzinfo=zone)

    def reminder_time_on(self, day: date, zone: ZoneInfo) -> datetime:
        return datetime.combine(day, _at(self.reminder_time), tzinfo=zone)
