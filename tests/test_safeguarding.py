"""Safeguarding that holds, through the Telegram channel and the service: every text a student
sends is screened (captions, edits, /mentor with words, texts outside a reflection, any
length, hidden characters), and neither a helpline nor a flag is lost when the process dies
between commit and send or when the database is away."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from bot.core.conversation import Said
from bot.reflection import StudentRef
from bot.storage.models import Conversation, Flag, Job
from tests.conftest import Clock
from tests.tcp_proxy import proxied
from tests.telegram_offline import Student, TelegramHarness, offline_telegram

URGENT = "ik wil niet meer leven"
HELPLINE_113 = "0800-0113"


@pytest.fixture
async def telegram(tmp_path: Path):  # type: ignore[no-untyped-def]
    async with offline_telegram(tmp_path) as harness:
        yield harness


async def enrolled(telegram: TelegramHarness, user_id: int = 501) -> Student:
    student = telegram.student(user_id=user_id)
    await student.send(f"/start {await telegram.invite()}")
    await student.press("Ja, ik doe mee")
    return student


async def flags(telegram: TelegramHarness) -> list[tuple[str, str, int | None]]:
    async with telegram.students.sessions() as session:
        return [(f.level, f.rule, f.conversation_id) for f in (await session.scalars(
            select(Flag).order_by(Flag.id))).all()]


async def alert_jobs(telegram: TelegramHarness) -> int:
    async with telegram.students.sessions() as session:
        return len((await session.scalars(select(Job).where(Job.kind == "alert"))).all())


def said_since(telegram: TelegramHarness, before: int) -> str:
    return "\n".join(telegram.api.texts()[before:])


async def test_a_caption_under_a_photo_is_read_and_gets_the_helplines(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    before = len(telegram.api.texts())
    await student.send(photo=[{"file_id": "p", "file_unique_id": "p1", "width": 9,
                               "height": 9}], caption=URGENT)
    assert HELPLINE_113 in said_since(telegram, before)
    assert "niet lezen" not in said_since(telegram, before)
    assert [level for level, _, _ in await flags(telegram)] == ["urgent"]


async def test_a_document_with_an_ordinary_caption_is_an_answer(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    await student.send(document={"file_id": "d", "file_unique_id": "d1"},
                       caption="Ik mocht vandaag zelf de kassa doen en bleef rustig")
    data = await telegram.export_of(student.user_id)
    assert data is not None
    said = [t["text"] for t in data["conversations"][0]["turns"] if t["role"] == "student"]
    assert said[-1] == "Ik mocht vandaag zelf de kassa doen en bleef rustig"


async def test_an_edited_message_that_signals_danger_gets_the_helplines_and_a_flag(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    edited = student.message("mijn chef slaat me als ik iets fout doe")
    edited["edited_message"] = edited.pop("message")
    edited["edited_message"]["edit_date"] = edited["edited_message"]["date"]
    before = len(telegram.api.texts())
    await telegram.feed(edited)
    told = said_since(telegram, before)
    assert "0800-2000" in told and "aangepast" not in told  # Veilig Thuis: fits violence
    assert [(lvl, rule) for lvl, rule, _ in await flags(telegram)] == [("urgent", "mishandeling")]
    assert await alert_jobs(telegram) == 1
    await telegram.feed(edited)  # Telegram sends the same update again: one flag still
    assert len(await flags(telegram)) == 1


async def test_mentor_with_words_screens_the_words(telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    before = len(telegram.api.texts())
    await student.send("/mentor soms denk ik dat iedereen beter af is zonder mij")
    told = said_since(telegram, before)
    assert HELPLINE_113 in told and "mentor laten weten" in told
    assert sorted(level for level, _, _ in await flags(telegram)) == ["concern", "urgent"]


@pytest.mark.parametrize(("text", "rule"), [
    ("ik word gepest op stage", "pesten"),
    ("ik wil mijn mentor spreken", "mentor_gevraagd"),
    ("ik wil stoppen met mijn opleiding", "stoppen"),
])
async def test_a_concern_outside_a_reflection_is_stored_and_answered(
        telegram: TelegramHarness, text: str, rule: str) -> None:
    student = await enrolled(telegram)
    await student.send("/stop")
    async with telegram.students.sessions() as session:  # no reflection open
        for conversation in (await session.scalars(select(Conversation))).all():
            conversation.status = "abandoned"
        await session.commit()
    before = len(telegram.api.texts())
    await student.send(text)
    told = said_since(telegram, before)
    assert "mentor" in told and "geen gesprek open" in told  # heard, then the offer to start
    assert await flags(telegram) == [("concern", rule, None)]


async def test_small_talk_outside_a_reflection_stores_nothing(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    async with telegram.students.sessions() as session:
        for conversation in (await session.scalars(select(Conversation))).all():
            conversation.status = "abandoned"
        await session.commit()
    await student.send("hoi, hoe gaat het")
    assert "geen gesprek open" in telegram.api.texts()[-1]
    assert await flags(telegram) == []


async def test_a_6000_character_urgent_message_gets_the_helplines(
        telegram: TelegramHarness) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    filler = "Vandaag heb ik de hele dag vakken gevuld in de winkel en koffie gezet. "
    long = (filler * 45)[:3000] + " Eerlijk gezegd wil ik niet meer leven. " + filler * 45
    assert len(long) > 6000
    before = len(telegram.api.texts())
    await student.send(long)
    assert HELPLINE_113 in said_since(telegram, before)
    assert [level for level, _, _ in await flags(telegram)] == ["urgent"]


@pytest.mark.parametrize("hidden", [
    "ik wil niet meer le\u200bven",            # zero-width space inside a word
    "ik wil niet meer le\u00adven",            # soft hyphen
    "ik wil niet meer l\u0435ven",             # Cyrillic e
    "ik wil niet m\u0435\u0435r l\u0435v\u0435n",
    "ik wil n i e t meer leven",               # spaced letters
    "ik w1l n13t m33r l3v3n",                  # leet
    "\u202eik wil niet meer leven",            # a direction mark in front
])
async def test_hidden_characters_do_not_hide_danger(telegram: TelegramHarness,
                                                    hidden: str) -> None:
    student = await enrolled(telegram)
    await student.press("Goed")
    before = len(telegram.api.texts())
    await student.send(hidden)
    assert HELPLINE_113 in said_since(telegram, before)


async def test_a_reply_lost_between_commit_and_send_is_sent_when_the_update_comes_back(
        database_url: str, tmp_path: Path) -> None:
    """The process died after the turn was stored and before the helplines went out: Telegram
    delivers the update again and the same reply goes out; once delivered, never again."""
    async with offline_telegram(tmp_path, database_url=database_url) as telegram:
        student = await enrolled(telegram)
        await student.press("Goed")
        update = student.message(URGENT)
        # The turn as the process stored it before dying: the reply is not delivered.
        reply = await telegram.core.reflection.reply(StudentRef.on("telegram", 501),
                                                     Said(URGENT), update_id=update["update_id"])
        assert reply is not None and HELPLINE_113 in reply.turn.text
        before = len(telegram.api.texts())
        await telegram.feed(update)  # the redelivery
        assert HELPLINE_113 in said_since(telegram, before)
        before = len(telegram.api.texts())
        await telegram.feed(update)  # delivered now: a third copy changes nothing
        assert said_since(telegram, before) == ""
        assert [level for level, _, _ in await flags(telegram)] == ["urgent"]


async def test_with_the_database_away_the_helplines_go_out_and_the_flag_is_kept_until_it_is_back(
        postgres_database: str, tmp_path: Path) -> None:
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    clock = Clock()
    async with proxied(postgres_database) as (proxy, through), \
            offline_telegram(tmp_path, clock, database_url=through) as telegram:
        mentor = telegram.mentor()
        await mentor.send(f"/start {await telegram.mentor_code('4A')}")
        student = await enrolled(telegram)
        await student.press("Goed")
        await proxy.cut()
        before = len(telegram.api.texts())
        await student.send("mijn stiefvader slaat me en ik durf niet naar huis")
        told = said_since(telegram, before)
        assert "0800-2000" in told and "mentor" in told
        spool = telegram.core.reflection.spool
        assert spool is not None and spool.waiting() == 1
        with pytest.raises(Exception):  # noqa: B017 - the job loop logs it and goes on
            await telegram.run_jobs()
        assert spool.waiting() == 1  # still away: kept, not dropped
        assert "iets mis" not in said_since(telegram, before)  # no error after the helplines
        await proxy.restore()
        for _ in range(3):  # the pool may hand out a dead connection first
            try:
                await telegram.run_jobs()
            except Exception:  # as the job loop does: try again
                continue
            if spool.waiting() == 0:
                break
        assert spool.waiting() == 0
        assert [(level, rule) for level, rule, _ in await flags(telegram)] == [
            ("urgent", "mishandeling")]
        alerts = [p for p in telegram.api.sent() if p["chat_id"] == mentor.user_id
                  and "Dringend" in str(p["text"])]
        assert len(alerts) == 1 and "Sanne (4A)" in str(alerts[0]["text"])


async def test_flags_kept_on_disk_are_stored_when_the_bot_starts_again(
        postgres_database: str, tmp_path: Path) -> None:
    """The process ends (or is killed) while the database is away: the flags it kept on disk
    are stored, with their alerts, by the next start."""
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    async with proxied(postgres_database) as (proxy, through):
        async with offline_telegram(tmp_path, database_url=through) as telegram:
            student = await enrolled(telegram)
            await student.press("Goed")
            await proxy.cut()
            before = len(telegram.api.texts())
            await student.send("ik heb mezelf gisteren weer gesneden")
            assert HELPLINE_113 in said_since(telegram, before)
        await proxy.restore()
        kept = (tmp_path / "flag-spool.jsonl").read_text()
        assert kept.count("\n") == 1 and "gesneden" not in kept  # who and why, not the words
        async with offline_telegram(tmp_path, database_url=through) as again:
            assert [level for level, _, _ in await flags(again)] == ["urgent"]
            assert await alert_jobs(again) == 1
        assert (tmp_path / "flag-spool.jsonl").read_text() == ""
