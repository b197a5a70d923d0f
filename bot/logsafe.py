"""Logging an error without a student's words: the stack and the type, not foreign messages."""

from __future__ import annotations

import logging
import traceback
from collections.abc import Iterable


class SafeMessage:
    """Mixed into our own errors whose messages name flows, steps and keys, never what a
    student wrote: their message may be logged."""


def describe(exc: BaseException) -> str:
    """The exception for an operator's log: where it happened and what kind it was."""
    stack = "".join(traceback.format_tb(exc.__traceback__))
    kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
    if isinstance(exc, SafeMessage):
        kind += f": {exc}"
    cause = exc.__cause__ or exc.__context__
    caused = f"\n(caused by {type(cause).__qualname__})" if cause is not None else ""
    return f"Traceback (message withheld: it may hold a student's words):\n{stack}{kind}{caused}"


class Redactor(logging.Filter):
    """Replaces secrets (the bot token, the webhook secret, the SMTP password) in every log
    record, its traceback included: a revoked token shows up in Telegram's error message and
    in the URLs of network errors."""

    def __init__(self, secrets: Iterable[str]) -> None:
        super().__init__()
        self.secrets = sorted({s for s in secrets if len(s) >= 6}, key=len, reverse=True)

    def redact(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, "[redacted]")
        return text

    def filter(self, record: logging.LogRecord) -> bool:
        if not self.secrets:
            return True
        record.msg, record.args = self.redact(record.getMessage()), ()
        if record.exc_info:
            record.exc_text = self.redact(
                "".join(traceback.format_exception(*record.exc_info)).rstrip())
            record.exc_info = None
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        return True


def redact_everywhere(secrets: Iterable[str]) -> Redactor:
    """Put a Redactor on every handler of the root logger (records from every library pass
    through them)."""
    redactor = Redactor(secrets)
    for handler in logging.getLogger().handlers:
        handler.addFilter(redactor)
    return redactor
