"""The job loop of a bot process, whichever channels it runs: alerts to mentors and their
escalation, digests, nudges and reminders, flags kept on disk, delivered marks."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from bot.app import App
from bot.mentors.alerts import Alerts
from bot.mentors.delivery import DigestJobs, SendText
from bot.mentors.digest import Digests
from bot.notify import MentorNotifier, StudentNotifier
from bot.scheduling.calendar import next_digest
from bot.scheduling.cycle import cycle_of
from bot.scheduling.dispatcher import Dispatcher, Handler
from bot.storage.database import sessions


def job_loop(core: App, students: StudentNotifier, mentors: MentorNotifier,
             send_text: SendText | None, interval: float = 2.0,
             handlers: Mapping[str, Handler] | None = None) -> Dispatcher:
    """`send_text` sends a digest by the channel (None: digests by e-mail only); `handlers`
    are the jobs only this process's channel can do (a Telegram process: updating the
    copies of an alert picked up elsewhere). A process claims only the kinds it handles."""
    school, settings, clock = core.content.school, core.settings, core.reflection.clock
    alerts = Alerts(sessions(core.database), mentors, core.content.texts,
                    timedelta(minutes=school.escalate_after_minutes), clock)
    digests = Digests(sessions(core.database), core.content.texts, school, settings.zone, clock,
                      core.content.calendar)
    digest_jobs = DigestJobs(sessions(core.database), digests, settings, send_text,
                             lambda now: next_digest(now, school.digest, settings.zone))
    return Dispatcher(sessions(core.database), {**alerts.handlers, "digest": digest_jobs.digest,
                                                **(handlers or {})},
                      clock, interval,
                      ticks=[core.reflection.forget_after_a_while,
                             cycle_of(core, students).tick, core.reflection.drain_spool,
                             core.reflection.flush_delivered,
                             core.reflection.forget_old_updates])
