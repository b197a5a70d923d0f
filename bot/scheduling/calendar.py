"""When the next digest is due, in the school's time zone, right across daylight saving."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.school import WEEKDAYS, DigestSchedule


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
