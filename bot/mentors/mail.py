"""Digests by email: plain text and HTML parts, over SMTP with a kept async client."""

from __future__ import annotations

import html
from email.message import EmailMessage

import aiosmtplib

from bot.config import Settings
from bot.logsafe import SafeMessage


class NotConfigured(SafeMessage, RuntimeError):
    """No mail server set: nothing was sent (the message names settings only, so the job
    loop's log shows it)."""


def as_html(text: str) -> str:
    lines = [html.escape(line) for line in text.splitlines()]
    body = "<br>\n".join(f"<strong>{line}</strong>" if i == 0 else line
                         for i, line in enumerate(lines))
    return f"<!doctype html><html><body style=\"font-family:sans-serif\">{body}</body></html>"


def message(sender: str, to: str, subject: str, text: str) -> EmailMessage:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = sender, to, subject
    mail.set_content(text)
    mail.add_alternative(as_html(text), subtype="html")
    return mail


async def send(settings: Settings, to: str, subject: str, text: str) -> None:
    if not settings.smtp_host or not settings.smtp_from:
        raise NotConfigured("sending by e-mail needs LOOPBAANBOT_SMTP_HOST (the mail server) "
                            "and LOOPBAANBOT_SMTP_FROM (the sender's address); nothing was sent")
    await aiosmtplib.send(
        message(settings.smtp_from, to, subject, text), hostname=settings.smtp_host,
        port=settings.smtp_port, username=settings.smtp_username,
        password=settings.smtp_password.get_secret_value() if settings.smtp_password else None,
        start_tls=settings.smtp_starttls, timeout=30)
