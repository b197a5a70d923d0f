"""The reflection cycle: a nudge after an internship day, a reminder on an action's due date,
and retention. Run often by every bot process; the database makes each message go out once."""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import App
from bot.core.texts import Texts
from bot.notify import Button, StudentNotifier
from bot.reflection import StudentRef, known_student
from bot.school import InternshipCalendar
from bot.storage import nudges
from bot.storage.database import sessions
from bot.storage.models import Student

log = logging.getLogger(__name__)


class Cycle:
    def __init__(self, sessions: async_sessionmaker[AsyncSession], calendar: InternshipCalendar,
                 texts: Texts, zone: ZoneInfo, notify: StudentNotifier,
                 clock: Callable[[], datetime], retention: timedelta) -> None:
        self.sessions = sessions
        self.calendar = calendar
        self.texts = texts
        self.zone = zone
        self.notify = notify
        self.clock = clock
        self.retention = retention

    async def tick(self) -> int:
        """Send what is due now; returns how many messages went out."""
        now = self.clock()
        local = now.astimezone(self.zone)
        await self._retention(now)
        if self.calendar.quiet(local):
            return 0
        return (await self._nudges(now, local) + await self._later(now)
                + await self._reminders(now, local))

    async def answer(self, who: StudentRef, day: date, answer: str) -> bool:
        """The student's answer to a nudge; Later plans one more, when the bot may write."""
        now = self.clock()
        async with self.sessions.begin() as session:
            student = await known_student(session, who)
            if student is None:
                return False
            await nudges.answer_nudge(session, student.id, day, answer)
            if answer == "later":
                when = self.calendar.next_allowed(
                    (now + timedelta(minutes=self.calendar.later_minutes)).astimezone(self.zone))
                await nudges.claim_nudge(session, student.id, day, "later", when)
            return True

    # -- what is due -------------------------------------------------------------------------

    async def _nudges(self, now: datetime, local: datetime) -> int:
        today = local.date()
        if local < self.calendar.nudge_time_on(today, self.zone):
            return 0
        groups = [g for g in self.calendar.groups if self.calendar.internship(g, today)]
        if not groups:
            return 0
        week_start = today - timedelta(days=today.weekday())
        start_of_day = datetime.combine(today, datetime.min.time(), tzinfo=self.zone)
        async with self.sessions() as session:
            students = await nudges.to_nudge(session, groups, start_of_day, week_start,
                                             self.calendar.max_nudges_per_week)
        sent = 0
        for student in students:
            if not self.notify.reaches(student):
                continue
            async with self.sessions.begin() as session:
                if not await nudges.claim_nudge(session, student.id, today, "nudge", now,
                                                sent=now):
                    continue  # another process sent it
            await self._send_nudge(student, today)
            sent += 1
        return sent

    async def _later(self, now: datetime) -> int:
        async with self.sessions() as session:
            due = await nudges.later_due(session, now)
        sent = 0
        for nudge_id, day, student in due:
            if not self.notify.reaches(student):
                continue
            async with self.sessions.begin() as session:
                if not await nudges.claim_later(session, nudge_id, now):
                    continue
            await self._send_nudge(student, day, again=True)
            sent += 1
        return sent

    async def _reminders(self, now: datetime, local: datetime) -> int:
        today = local.date()
        if local < self.calendar.reminder_time_on(today, self.zone):
            return 0
        days = [today]
        if self.calendar.quiet_weekends and today.weekday() == 4:  # Friday: the weekend too
            days += [today + timedelta(days=1), today + timedelta(days=2)]
        async with self.sessions() as session:
            due = await nudges.reminders_due(session, days)
        sent = 0
        for action_id, text, student in due:
            if not self.notify.reaches(student):
                continue
            async with self.sessions.begin() as session:
                if not await nudges.claim_reminder(session, action_id, now):
                    continue
            await self.notify.send(
                student, self.texts.say(student.language, "cycle.reminder", action=text), [])
            sent += 1
        return sent

    async def _retention(self, now: datetime) -> None:
        """Conversations older than the school's retention period are deleted."""
        async with self.sessions.begin() as session:
            await nudges.forget_conversations_before(session, now - self.retention)

    # -- helpers -----------------------------------------------------------------------------

    async def _send_nudge(self, student: Student, day: date, again: bool = False) -> None:
        lang = student.language
        say = self.texts.say
        rows = [Button(say(lang, "cycle.start"), "reflect")]
        if not again:
            rows.append(Button(say(lang, "cycle.later"), "nudge_later", day.isoformat()))
        rows.append(Button(say(lang, "cycle.not_today"), "nudge_skip", day.isoformat()))
        key = "cycle.nudge_again" if again else "cycle.nudge"
        await self.notify.send(student, say(lang, key, name=student.name), rows)


def cycle_of(core: App, notify: StudentNotifier) -> Cycle:
    """Nudges after internship days, reminders on due dates and retention, for this app."""
    content = core.content
    return Cycle(sessions(core.database), content.calendar, content.texts, core.settings.zone,
                 notify, core.reflection.clock,
                 timedelta(days=round(content.school.retention_months * 365 / 12)))
