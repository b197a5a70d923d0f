"""When the next digest is due, in the school's time zone, right across daylight saving."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Annotated, Literal
from zoneinfo import ZoneInfo

from pydantic import BaseModel, ConfigDict, Field, model_validator

from bot.language.dates import Period, SchoolTimes
from bot.safety.rules import DigestSchedule

Clock = Annotated[str, Field(pattern=r"^([01]\d|2[0-3]):[0-5]\d$")]
Weekday = Literal["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def next_digest(after: datetime, schedule: DigestSchedule, zone: ZoneInfo) -> datetime:
    """The first scheduled moment strictly after `after` (returned in UTC)."""
    hour, minute = (int(part) for part in schedule.time.split(":"))
    local = after.astimezone(zone)
    for days in range(0, 15):
        day = local.date() + timedelta(days=days)
        wanted = day.weekday() < 5 if schedule.days == "weekdays" \
            else WEEKDAYS[day.weekday()] == schedule.weekday
        moment = datetime.combine(day, time(hour, minute), tzinfo=zone)
        if wanted and moment > local:
            return moment.astimezone(ZoneInfo("UTC"))
    raise AssertionError("a schedule always has a day within two weeks")


def _at(value: str) -> time:
    hour, minute = (int(part) for part in value.split(":"))
    return time(hour, minute)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


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
