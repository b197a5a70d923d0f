"""Messages the bot starts itself, sent by whichever channel reaches the person: nudges and
reminders to students (`StudentChannel`), alerts to mentors (`MentorChannel`). Each channel
implements the port; the cycle and the alerts only know the port.

Web chat students are reached by e-mail, not Web Push: Web Push goes through the browser
maker's push service (a third party the school does not choose) and needs a script in the
page, and a student's phone may not keep the subscription. E-mail goes through the school's
own mail server, needs nothing in the page and reaches any phone. It is optional: only
students who give an address get it, and they can take it away again on the Meer page.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Protocol

from bot.config import Settings
from bot.core.texts import Texts
from bot.mentors import mail
from bot.mentors.staff import login_page
from bot.storage.models import Mentor, Student

# What a button a service offers means; each channel encodes and routes it its own way.
Intent = Literal["reflect", "nudge_later", "nudge_skip", "acknowledge"]


@dataclass(frozen=True)
class Button:
    label: str
    intent: Intent
    arg: str = ""  # the nudge's day (ISO), the flag's id


Buttons = list[Button]


class StudentChannel(Protocol):
    def reaches(self, student: Student) -> bool: ...

    async def send(self, student: Student, text: str, buttons: Buttons) -> str | None:
        """Send; the channel's reference to the message, if it has one."""


class StudentNotifier:
    """Sends by the first channel that reaches the student (Telegram before e-mail)."""

    def __init__(self, channels: Sequence[StudentChannel]) -> None:
        self.channels = tuple(channels)

    def reaches(self, student: Student) -> bool:
        return any(channel.reaches(student) for channel in self.channels)

    async def send(self, student: Student, text: str, buttons: Buttons) -> bool:
        for channel in self.channels:
            if channel.reaches(student):
                await channel.send(student, text, buttons)
                return True
        return False


class EmailToStudents:
    """Nudges and reminders by e-mail with a link to the web chat (buttons stay in the page)."""

    def __init__(self, settings: Settings, texts: Texts) -> None:
        self.settings = settings
        self.texts = texts

    @property
    def configured(self) -> bool:
        s = self.settings
        return bool(s.smtp_host and s.smtp_from and s.web_url)

    def reaches(self, student: Student) -> bool:
        return self.configured and bool(student.email)

    async def send(self, student: Student, text: str, buttons: Buttons) -> None:
        assert student.email is not None and self.settings.web_url
        base = self.settings.web_url.rstrip("/")
        say, lang = self.texts.say, student.language
        body = "\n\n".join([text, say(lang, "web.mail_link", url=f"{base}/chat"),
                            say(lang, "web.mail_footer", url=f"{base}/more")])
        await mail.send(self.settings, student.email, say(lang, "web.mail_subject"), body)


class MentorChannel(Protocol):
    name: str  # telegram, email: texts may say what to do in that channel

    def reaches(self, mentor: Mentor) -> bool: ...

    async def send(self, mentor: Mentor, text: str, buttons: Buttons) -> str | None:
        """Send; the channel's reference to the message, if it can update it later."""


class MentorNotifier:
    """Sends an alert by the first channel that reaches the mentor (Telegram before e-mail:
    there the mentor can press "picked up")."""

    def __init__(self, channels: Sequence[MentorChannel]) -> None:
        self.channels = tuple(channels)

    def reaches(self, mentor: Mentor) -> bool:
        return any(channel.reaches(mentor) for channel in self.channels)

    def channel_of(self, mentor: Mentor) -> str | None:
        """The name of the channel a message to this mentor goes by."""
        return next((c.name for c in self.channels if c.reaches(mentor)), None)

    async def send(self, mentor: Mentor, text: str, buttons: Buttons) -> str | None:
        """Send by the first channel that reaches the mentor; its reference to the message."""
        for channel in self.channels:
            if channel.reaches(mentor):
                return await channel.send(mentor, text, buttons)
        return None


class EmailToMentors:
    """Alerts by e-mail, for mentors without Telegram (a school with the web chat only). An
    e-mail has no "picked up" button: it points to the school's pages, where the mentor picks
    it up; otherwise an urgent flag is escalated to the coordinators in time."""

    name = "email"

    def __init__(self, settings: Settings, texts: Texts) -> None:
        self.settings = settings
        self.texts = texts

    def reaches(self, mentor: Mentor) -> bool:
        return bool(self.settings.smtp_host and self.settings.smtp_from and mentor.email)

    async def send(self, mentor: Mentor, text: str, buttons: Buttons) -> str | None:
        assert mentor.email is not None
        say, lang = self.texts.say, mentor.language
        web = self.settings.web_url
        hint = say(lang, "mentor.alert_by_email_web", url=login_page(web)) if web \
            else say(lang, "mentor.alert_by_email")
        body = "\n\n".join([text, hint])
        await mail.send(self.settings, mentor.email, say(lang, "mentor.alert_subject"), body)
        return None  # a sent e-mail cannot be changed
