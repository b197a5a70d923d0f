"""The Telegram channel through python-telegram-bot's own process_update, offline."""

from __future__ import annotations

import asyncio
import json
import logging
from pathlib import Path

import pytest
from sqlalchemy import func, select
from telegram import Update

from bot.channels.telegram.ordering import PerChatUpdateProcessor
from bot.channels.telegram.rendering import split
from bot.storage.models import Invite, ProcessedUpdate, Student
from tests.telegram_offline import Student as TelegramStudent
from tests.telegram_offline import TelegramHarness, offline_telegram

MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


@pytest.fixture
async def telegram(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with offline_telegram(tmp_path) as harness:
        yield harness


async def enrolled(telegram: TelegramHarness, **kwargs: object) -> TelegramStudent:
    student = telegram.student(**kwargs)
    await student.send(f"/start {await telegram.invite()}")
    await student.press("Ja, ik doe mee")
    return student


async def reflect_on_networking(student: TelegramStudent) -> None:
    """A whole reflection about networking, ending with an action about Piet."""
    await student.press("Goed")
    await student.send(MOMENT)
    await student.press("Wie kan mij helpen?")
    await student.press("Nee, dit is genoeg")
    await student.send(ANSWER)
    await student.send("Morgen vraag ik Piet of ik mee mag naar de inkoop")


async def count(telegram: TelegramHarness, model: type) -> int:
    async with telegram.students.sessions() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_wrong_code_is_refused_and_nothing_is_stored(telegram: TelegramHarness) -> None:
    await telegram.student().send("/start NIETGELDIG")
    [reply] = telegram.api.texts()
    assert "al gebruikt of bestaat niet" in reply and "nieuwe code" in reply
    await telegram.student(user_id=777).send("/start")  # no code at all
    assert "alleen voor studenten van scholen die meedoen" in telegram.api.texts()[-1]
    assert await count(telegram, Student) == 0
    assert await count(telegram, ProcessedUpdate) == 0


async def test_enrolment_tells_who_sees_what_and_asks_consent(telegram: TelegramHarness) -> None:
    code = await telegram.invite("4B")
    student = telegram.student()
    await student.send(f"/start {code}")
    welcome, privacy, consent = telegram.api.sent()
    assert "Loopbaanbot" in welcome["text"] and "mentor (4B)" in privacy["text"]
    assert [b[0]["text"] for b in consent["reply_markup"]["inline_keyboard"]] == [
        "✅ Ja, ik doe mee", "Nee, liever niet"]
    assert await count(telegram, Student) == 0  # nothing stored before consent
    await student.press("Ja, ik doe mee")
    assert await count(telegram, Student) == 1
    texts = telegram.api.texts()
    assert "je doet mee" in texts[-3] and "stagedag" in texts[-1]
    edit = telegram.api.sent("editMessageText")[-1]
    assert edit["text"].endswith("→ ✅ Ja, ik doe mee") and "reply_markup" not in edit
    async with telegram.students.sessions() as session:
        invite = await session.get(Invite, code)
        assert invite is not None and invite.used_at is not None


async def test_declining_stores_nothing(telegram: TelegramHarness) -> None:
    student = telegram.student()
    await student.send(f"/start {await telegram.invite()}")
    await student.press("Nee, liever niet")
    assert "niets van je bewaard" in telegram.api.texts()[-1]
    assert await count(telegram, Student) == 0


async def test_a_used_code_cannot_enrol_someone_else(telegram: TelegramHarness) -> None:
    code = await telegram.invite()
    first = telegram.student(user_id=601)
    await first.send(f"/start {code}")
    second = telegram.student(user_id=602)
    await second.send(f"/start {code}")  # before the first consents: still shows consent
    await first.press("Ja, ik doe mee")
    await second.press_data(f"consent|{code}")
    assert "al gebruikt" in telegram.api.texts()[-1]
    assert await count(telegram, Student) == 1
    third = telegram.student(user_id=603)
    await third.send(f"/start {code}")  # the code is used: said so, not "only for students"
    assert "al gebruikt" in telegram.api.texts()[-1]


async def test_a_whole_reflection_with_buttons_and_text(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    edit = telegram.api.sent("editMessageText")[-1]
    assert edit["text"].endswith("→ 🙂 Goed")  # the choice shows; the buttons are gone
    await student.send(MOMENT)
    await student.press("Waar ben ik goed in?")
    await student.press("Nee, dit is genoeg")
    await student.send(ANSWER)
    await student.send("Ik vraag mijn begeleider om feedback op mijn kassawerk")
    await student.press("Over twee weken")
    assert "Jouw actie" in telegram.api.texts()[-1]
    data = await telegram.export_of(student.user_id)
    assert data is not None
    [action] = data["actions"]
    assert action["text"] == "Ik vraag mijn begeleider om feedback op mijn kassawerk"
    assert data["conversations"][0]["status"] == "completed"


async def test_a_double_tap_answers_once(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    question = telegram.api.sent()[-1]
    await student.press("Goed")
    sent_before = len(telegram.api.sent())
    await student.press_data(question["reply_markup"]["inline_keyboard"][1][0]["callback_data"],
                             question)
    assert len(telegram.api.sent()) == sent_before  # no new message
    toast = telegram.api.sent("answerCallbackQuery")[-1]
    assert toast["text"] == "Deze knop is verlopen."


async def test_the_same_update_twice_has_effect_once(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    update = student.message(MOMENT)
    await telegram.feed(update)
    sent = len(telegram.api.sent())
    await telegram.feed(update)
    assert len(telegram.api.sent()) == sent
    data = await telegram.export_of(student.user_id)
    assert data is not None
    student_turns = [t for t in data["conversations"][0]["turns"] if t["role"] == "student"]
    assert [t["text"] for t in student_turns] == ["🙂 Goed", MOMENT]


async def test_stickers_photos_and_voice_get_a_kind_reply(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    sticker = {"file_id": "s", "file_unique_id": "s1", "type": "regular", "width": 512,
               "height": 512, "is_animated": False, "is_video": False}
    await student.send(sticker=sticker)
    assert "alleen tekst" in telegram.api.texts()[-1]
    await student.send(photo=[{"file_id": "p", "file_unique_id": "p1", "width": 9,
                               "height": 9}])
    await student.send(voice={"file_id": "v", "file_unique_id": "v1", "duration": 3})
    assert telegram.api.texts()[-1] == telegram.api.texts()[-2]
    await student.press("Goed")
    assert "moment" in telegram.api.texts()[-1]  # and the bot keeps answering


async def test_an_edited_message_is_explained(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    edited = student.message("aangepast")
    edited["edited_message"] = edited.pop("message")
    edited["edited_message"]["edit_date"] = edited["edited_message"]["date"]
    await telegram.feed(edited)
    assert "aangepast" in telegram.api.texts()[-1]


async def test_actions_can_be_listed_and_ticked_off(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await reflect_on_networking(student)
    await student.send("/acties")
    history, listing = telegram.api.sent()[-2:]
    assert "Piet" in history["text"] and "gezet" in history["text"]  # with what happened
    [[button]] = listing["reply_markup"]["inline_keyboard"]
    assert "Piet" in button["text"]
    await student.press("Piet")
    assert "gedaan" in telegram.api.texts()[-1]
    data = await telegram.export_of(student.user_id)
    assert data is not None and data["actions"][0]["status"] == "done"
    await student.send("/actions")  # the English alias
    assert "geen open acties" in telegram.api.texts()[-1]


async def test_mentor_request_is_recorded(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.send("/mentor")
    assert "mentor laten weten" in telegram.api.texts()[-1]
    data = await telegram.export_of(student.user_id)
    assert data is not None
    [flag] = data["flags"]
    assert flag["level"] == "concern" and "mentor" in flag["reason"]


async def test_export_sends_a_json_file(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.send("/export")
    [document] = telegram.api.sent("sendDocument")
    assert "gegevens" in document["caption"]


async def test_delete_after_confirmation_removes_everything(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    await student.send(MOMENT)
    await student.send("/mentor")
    await student.send("/verwijder")
    await student.press("Nee, toch niet")
    assert await count(telegram, Student) == 1
    await student.send("/delete")
    await student.press("Ja, verwijder alles")
    assert "verwijderd" in telegram.api.texts()[-1]
    assert await telegram.export_of(student.user_id) is None
    from bot.storage.models import Action, Answer, Conversation, Flag, Turn

    for model in (Student, Conversation, Turn, Answer, Action, Flag):
        assert await count(telegram, model) == 0, model.__name__


async def test_after_deleting_nothing_of_the_student_stays_in_the_bots_memory(
        tmp_path: Path, database_url: str) -> None:
    """The bot remembers a conversation in progress between two messages (bot/talkers.py);
    erasing the student's data forgets that too."""
    async with offline_telegram(tmp_path, database_url=database_url) as telegram:
        student = await enrolled(telegram)
        await student.press("Goed")
        talkers = telegram.core.reflection.talkers
        assert len(talkers) == 1
        await student.send("/delete")
        await student.press("Ja, verwijder alles")
        assert "verwijderd" in telegram.api.texts()[-1]
        assert len(talkers) == 0


async def test_language_can_be_switched(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.send("/taal")
    await student.press("English")
    assert "we'll talk English" in telegram.api.texts()[-1]
    await student.send("/help")
    assert "/reflect" in telegram.api.texts()[-1]


async def test_someone_not_enrolled_is_told_kindly(telegram: TelegramHarness) -> None:
    stranger = telegram.student(user_id=999, language_code="en")
    for text in ("hello", "/reflectie", "/acties", "/verwijder"):
        await stranger.send(text)
    assert all("only for students of participating schools" in t
               for t in telegram.api.texts())
    assert await count(telegram, Student) == 0


async def test_a_failure_reassures_the_student_and_logs_no_words(
        telegram: TelegramHarness, monkeypatch: pytest.MonkeyPatch,
        caplog: pytest.LogCaptureFixture) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("database gone: " + MOMENT)

    monkeypatch.setattr(telegram.core.reflection, "reply", broken)
    with caplog.at_level(logging.ERROR):
        await student.send(MOMENT)
    assert "antwoorden tot nu toe zijn veilig bewaard" in telegram.api.texts()[-1]
    assert "RuntimeError" in caplog.text and MOMENT not in caplog.text


def test_long_texts_are_split_under_telegrams_limit() -> None:
    text = ("Een zin van een student. " * 400).strip()
    pieces = split(text)
    assert len(pieces) == 3 and all(len(p) <= 4096 for p in pieces)
    assert " ".join(pieces) == text
    assert split("kort") == ["kort"]
    assert all(len(p) <= 4096 for p in split("x" * 10_000))


async def test_one_chat_in_order_different_chats_at_once() -> None:
    processor = PerChatUpdateProcessor(16)
    log: list[str] = []

    class Chat:
        def __init__(self, chat_id: int) -> None:
            self.id = chat_id

    from telegram import Update

    def update(chat_id: int) -> Update:
        u = Update(update_id=chat_id)
        object.__setattr__(u, "_effective_chat", Chat(chat_id))
        return u

    async def work(name: str, delay: float) -> None:
        log.append(f"start {name}")
        await asyncio.sleep(delay)
        log.append(f"end {name}")

    await asyncio.gather(
        processor.process_update(update(1), work("1a", 0.05)),
        processor.process_update(update(1), work("1b", 0)),
        processor.process_update(update(2), work("2a", 0)),
    )
    assert log.index("end 1a") < log.index("start 1b")  # same chat: strictly in order
    assert log.index("start 2a") < log.index("end 1a")  # another chat does not wait
    assert processor._locks == {}  # idle chats are forgotten


async def test_webhook_checks_the_secret_and_reports_health(telegram: TelegramHarness) -> None:
    import httpx

    from bot.channels.telegram.webhook import SECRET_HEADER, web_app

    secret = "s3cret-s3cret-s3cret"
    web = web_app(telegram.application, secret, "/telegram", telegram.core.database)
    student = telegram.student()
    body = json.dumps(student.message("/help"))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web),
                                 base_url="http://bot") as client:
        for headers in ({}, {SECRET_HEADER: "wrong"}, {SECRET_HEADER: secret + "x"}):
            response = await client.post("/telegram", content=body, headers=headers)
            assert response.status_code == 403
        assert telegram.api.sent() == []  # refused calls are not processed
        ok = await client.post("/telegram", content=body, headers={SECRET_HEADER: secret})
        assert ok.status_code == 200 and len(telegram.api.sent()) == 1
        health = await client.get("/health")
        assert health.status_code == 200 and health.json()["migrations"] == "current"


@pytest.mark.parametrize("body", [
    b"[]", b'"hi"', b"42", b"null", b"{}", b'{"update_id": "1"}',
    b'{"update_id": 5, "message": "hi"}', b'{"update_id": 5, "message": {"chat": 1}}',
    b"[" * 100_000 + b"]" * 100_000, b"not json", b'{"update_id": 1, "x": "' + b"a" * 2_000_000
    + b'"}'])
async def test_a_webhook_body_that_is_no_update_gets_400_and_one_log_line(
        telegram: TelegramHarness, body: bytes, caplog: pytest.LogCaptureFixture) -> None:
    import httpx

    from bot.channels.telegram.webhook import SECRET_HEADER, web_app

    secret = "s3cret-s3cret-s3cret"
    web = web_app(telegram.application, secret, "/telegram", telegram.core.database)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=web),
                                 base_url="http://bot") as client:
        with caplog.at_level(logging.WARNING):
            answers = [(await client.post("/telegram", content=body,
                                          headers={SECRET_HEADER: secret})).status_code
                       for _ in range(20)]
    assert answers == [400] * 20 and telegram.api.sent() == []
    refused = [r for r in caplog.records if "refused" in r.getMessage()]
    assert len(refused) == 1 and "20 x not an update" not in refused[0].getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_a_429_is_waited_out_and_the_message_still_arrives(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    telegram.api.too_many_requests = 1
    await student.press("Goed")
    methods = [c.method for c in telegram.api.calls]
    assert methods.count("429") == 1
    assert methods.index("429") < len(methods) - 1 - methods[::-1].index("sendMessage")
    assert "moment" in telegram.api.texts()[-1]


async def test_commands_are_registered_in_dutch_and_english(telegram: TelegramHarness) -> None:
    from bot.channels.telegram.application import introduce

    await introduce(telegram.application, telegram.core, telegram.students)
    dutch, english = telegram.api.sent("setMyCommands")
    assert [c["command"] for c in dutch["commands"]][:4] == ["start", "reflectie", "stop",
                                                              "acties"]
    assert english["language_code"] == "en"
    assert "reflect" in [c["command"] for c in english["commands"]]
    assert await telegram.students.username() == "LoopbaanTestBot"


async def test_each_private_chat_has_its_own_limiter() -> None:
    from bot.channels.telegram.limits import ChatRateLimiter

    limiter = ChatRateLimiter(chats_kept=2)
    first = limiter._limiter(1)
    assert limiter._limiter(1) is first and limiter._limiter(2) is not first
    limiter._limiter(3)  # the least recently used chat is forgotten
    assert list(limiter._chats) == [2, 3]


async def test_after_a_finished_reflection_text_does_not_start_a_new_one(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    question = telegram.api.sent()[-1]
    await reflect_on_networking(student)
    await student.send("bedankt!")
    hint = telegram.api.sent()[-1]
    assert "geen gesprek open" in hint["text"]
    await student.press_data(question["reply_markup"]["inline_keyboard"][0][0]["callback_data"],
                             question)  # an old button: expired, nothing starts
    assert telegram.api.sent("answerCallbackQuery")[-1]["text"] == "Deze knop is verlopen."
    data = await telegram.export_of(student.user_id)
    assert data is not None and len(data["conversations"]) == 1
    await student.press("Start")
    opened = telegram.api.texts()[-2:]  # the action is not due yet: encouragement, not review
    assert any("Je wilde nog" in text for text in opened), opened
    data = await telegram.export_of(student.user_id)
    assert data is not None and len(data["conversations"]) == 2


async def test_profile_shows_a_chart_of_the_competencies(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.send("/profiel")
    assert "nog geen reflecties afgerond" in telegram.api.texts()[-1]
    await reflect_on_networking(student)
    await student.send("/profile")
    [photo] = telegram.api.sent("sendPhoto")
    assert "netwerken" in photo["caption"] and "█" in photo["caption"]


@pytest.mark.parametrize("data", [
    "nudge|later|notadate", "nudge|later|2026-13-45", "nudge|never|2026-11-24",
    "done|" + "9" * 30, "ack|abc", "resolve|" + "9" * 40, "language|xx", "delete|maybe",
    "a|zz|1", "consent|../../x", "", "whatever|1"])
async def test_a_forged_button_is_answered_and_does_nothing(
        telegram: TelegramHarness, data: str, caplog: pytest.LogCaptureFixture) -> None:
    student = await enrolled(telegram)
    before = telegram.api.texts()
    with caplog.at_level(logging.WARNING):
        await student.press_data(data)
    assert telegram.api.texts() == before  # no "something went wrong", no reply at all
    assert telegram.api.sent("answerCallbackQuery")  # the press is answered
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert (await telegram.export_of(student.user_id)) is not None  # nothing was deleted


async def test_an_update_id_telegram_reuses_after_days_is_a_new_update(
        tmp_path: Path, database_url: str) -> None:
    """Within two days the same update id is a redelivery (no effect); after a week without
    updates Telegram may start its ids again, and the new update must not be swallowed. Old
    handled ids are forgotten by the job loop, so the table does not grow."""
    from datetime import timedelta

    from tests.conftest import Clock

    clock = Clock()
    async with offline_telegram(tmp_path, clock, database_url=database_url) as telegram:
        student = await enrolled(telegram)
        first = student.message("/help")
        await telegram.feed(first)
        await telegram.feed(first)  # a redelivery
        assert len([t for t in telegram.api.texts() if "/reflectie" in t]) == 1
        clock.now += timedelta(days=8)
        again = student.message("/acties")
        again["update_id"] = first["update_id"]  # the id, reused for a new update
        before = len(telegram.api.texts())
        await telegram.feed(again)
        assert len(telegram.api.texts()) == before + 1
        assert "geen open acties" in telegram.api.texts()[-1]
        await telegram.run_jobs()
        async with telegram.students.sessions() as session:
            kept = (await session.scalars(select(ProcessedUpdate.update_id))).all()
        assert kept == [first["update_id"]]  # the enrolment's older ids are forgotten


async def test_one_flooding_chat_cannot_stall_the_others(
        telegram: TelegramHarness, caplog: pytest.LogCaptureFixture) -> None:
    """300 updates at once from one chat: at most 20 wait for it (the rest are dropped, the
    chat is told once to slow down, the count is logged), and another student's /help is
    answered meanwhile."""
    flooder = telegram.student(user_id=4242, first_name="Spam")
    student = await enrolled(telegram)
    processor = telegram.application.update_processor

    async def deliver(data: dict[str, object]) -> None:
        update = Update.de_json(data, telegram.application.bot)
        await processor.process_update(update, telegram.application.process_update(update))

    flood = [flooder.message("hallo?") for _ in range(300)]
    with caplog.at_level(logging.WARNING):
        await asyncio.gather(*(deliver(u) for u in flood), deliver(student.message("/help")))
        await asyncio.sleep(0.05)  # the "slow down" message is sent beside the updates
    to_flooder = [p["text"] for p in telegram.api.sent() if p["chat_id"] == 4242]
    assert sum("Rustig aan" in str(t) for t in to_flooder) == 1
    assert len(to_flooder) <= 21  # at most 20 answered, and the one "slow down"
    assert any("/reflectie" in t for t in telegram.api.texts())  # the student was answered
    assert any("280 dropped" in r.getMessage() for r in caplog.records)
