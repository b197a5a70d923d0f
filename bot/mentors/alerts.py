"""Alert jobs: a flag reaches the student's mentors at once; unacknowledged, the coordinator."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.texts import Texts
from bot.notify import Button, MentorNotifier
from bot.storage import flags as stored_flags
from bot.storage import jobs
from bot.storage import mentors as stored_mentors
from bot.storage import students as stored_students
from bot.storage.jobs import ClaimedJob
from bot.storage.models import Mentor


class Alerts:
    """Job handlers for 'alert' and 'escalate'."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], notify: MentorNotifier,
                 texts: Texts,
                 escalate_after: timedelta, clock: Callable[[], datetime]) -> None:
        self.sessions = sessions
        self.notify = notify
        self.texts = texts
        self.escalate_after = escalate_after
        self.clock = clock

    @property
    def handlers(self) -> dict[str, Callable[[ClaimedJob], Awaitable[None]]]:
        return {"alert": self.alert, "escalate": self.escalate}

    def _after(self, lang: str) -> str:
        """The escalation time as people say it: "5 minuten", "2 uur", "1.5 uur"."""
        minutes = round(self.escalate_after.total_seconds() / 60)
        if minutes < 60 or minutes % 30:
            return self.texts.say(lang, "mentor.minutes", n=minutes)
        return self.texts.say(lang, "mentor.hours", n=f"{minutes / 60:g}")

    async def alert(self, job: ClaimedJob) -> None:
        await self._deliver(job, escalate=False)

    async def escalate(self, job: ClaimedJob) -> None:
        await self._deliver(job, escalate=True)

    async def _deliver(self, job: ClaimedJob, escalate: bool) -> None:
        async with self.sessions() as session:
            flag = await stored_flags.by_id(session, job.flag_id) if job.flag_id else None
            if flag is None or (escalate and flag.status != "open"):
                return  # deleted with the student, or someone has picked it up
            student = await stored_students.by_id(session, flag.student_id)
            people = [m for m in await stored_mentors.recipients(session, flag, escalate)
                      if self.notify.reaches(m)]
        name = student.name if student else "?"
        group = student.group_name if student and student.group_name else "-"
        sent: list[tuple[Mentor, str | None]] = []
        for mentor in people:
            key = ("mentor.alert_escalated" if escalate else "mentor.alert_urgent"
                   if flag.level == "urgent" else "mentor.alert_request")
            text = self.texts.say(mentor.language, key, student=name, group=group,
                                  reason=flag.reason,
                                  after=self._after(mentor.language))
            # what to do next, in the words of the channel that carries it (a button and
            # /student in Telegram; an e-mail adds its own)
            follow_up = f"mentor.alert_follow_up_{self.notify.channel_of(mentor)}"
            if not escalate and follow_up in self.texts.keys(mentor.language):
                text += " " + self.texts.say(mentor.language, follow_up, student=name)
            ref = await self.notify.send(mentor, text, [Button(
                self.texts.say(mentor.language, "mentor.ack_button"), "acknowledge",
                str(flag.id))])
            sent.append((mentor, ref))
        now = self.clock()
        async with self.sessions.begin() as session:
            for mentor, ref in sent:
                await stored_flags.add_event(session, flag.id,
                                             "escalated" if escalate else "alerted", mentor.id,
                                             now, message_ref=ref)
            if not escalate and flag.level == "urgent":
                await jobs.schedule(session, "escalate", now + self.escalate_after, now,
                                    flag_id=flag.id)
        if not sent and not escalate:
            raise LookupError(f"no mentor or coordinator to alert for flag {flag.id} yet")
