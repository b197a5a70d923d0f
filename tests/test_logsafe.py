"""A student's words never reach the log, even inside an exception message."""

from __future__ import annotations

import logging

import pytest
from pydantic import BaseModel, ValidationError

from bot.core.machine import FlowError
from bot.logsafe import describe

SECRET = "mijn stagebegeleider schreeuwt tegen me"


class Answer(BaseModel):
    count: int


def test_a_foreign_exception_message_is_withheld() -> None:
    with pytest.raises(ValidationError) as caught:
        Answer.model_validate({"count": SECRET})
    assert SECRET in str(caught.value)  # pydantic would have put it in the log
    described = describe(caught.value)
    assert SECRET not in described
    assert "ValidationError" in described and "test_logsafe.py" in described


def test_our_own_errors_keep_their_message() -> None:
    try:
        raise FlowError("step 'actie' of flow 'stagedag' has no way on")
    except FlowError as exc:
        assert "step 'actie'" in describe(exc)


def test_a_failing_console_turn_logs_no_student_text(
        caplog: pytest.LogCaptureFixture) -> None:
    import asyncio
    import io

    from bot.channels.console import ConsoleChat
    from bot.core.conversation import BotTurn, Input
    from bot.core.texts import Texts
    from bot.reflection import StudentRef

    class FailingService:
        async def open(self, who: StudentRef, language: str) -> BotTurn:
            return BotTurn(messages=["Hoe was je dag?"])

        async def reply(self, who: StudentRef, given: Input, language: str) -> BotTurn:
            Answer.model_validate({"count": getattr(given, "text", "")})
            raise AssertionError("unreachable")

    class Lines:
        def __init__(self) -> None:
            self.lines: list[bytes | None] = [SECRET.encode(), None]

        async def readline(self) -> bytes | None:
            return self.lines.pop(0)

    texts = Texts({"nl": {"errors.internal": "Er ging iets mis; je antwoorden zijn bewaard.",
                          "console.intro": "intro", "console.paused": "pauze",
                          "console.finished": "klaar"}})
    out = io.StringIO()
    x = StudentRef.on("console", "x", first_use=True)
    chat = ConsoleChat(FailingService(), texts, x, "nl", out)  # type: ignore[arg-type]
    with caplog.at_level(logging.ERROR):
        asyncio.run(chat.run(Lines()))  # type: ignore[arg-type]
    assert "Er ging iets mis" in out.getvalue()
    assert caplog.records and SECRET not in caplog.text


def test_secrets_are_redacted_from_every_log_line_and_traceback() -> None:
    import io
    import logging

    from bot.logsafe import Redactor

    token = "123456789:AAHsecretsecretsecretsecret"
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.addFilter(Redactor([token, token.split(":")[1]]))
    logger = logging.getLogger("test.redaction")
    logger.addHandler(handler)
    try:
        logger.error("POST https://api.telegram.org/bot%s/getMe failed", token)
        try:
            raise ConnectionError(f"https://api.telegram.org/bot{token}/getUpdates")
        except ConnectionError:
            logger.exception("network")
    finally:
        logger.removeHandler(handler)
    written = out.getvalue()
    assert "[redacted]" in written and "ConnectionError" in written
    assert "AAHsecret" not in written


def test_a_student_ref_never_shows_its_address() -> None:
    """NotEnrolled carries the ref; a traceback or log line must not name the account."""
    from bot.reflection import NotEnrolled, StudentRef

    who = StudentRef.on("telegram", 501)
    shown = f"{who} {who!r} {NotEnrolled(who)!r} {[who]}"
    assert "501" not in shown and who.contact == ("telegram", "501")
