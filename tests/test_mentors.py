"""Mentors: alerts that reach a human at once, acknowledged, escalated, resolved; digests."""

from __future__ import annotations

import asyncio
import re
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.storage.models import Flag, FlagEvent, Job
from tests.conftest import Clock
from tests.telegram_offline import Student, TelegramHarness, offline_telegram

MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def telegram(tmp_path: Path, clock: Clock):  # type: ignore[no-untyped-def]
    async with offline_telegram(tmp_path, clock) as harness:
        yield harness


async def mentor_of(telegram: TelegramHarness, group: str = "4A", user_id: int = 9001,
                    role: str = "mentor") -> Student:
    mentor = telegram.mentor(user_id=user_id, first_name=f"Mentor {group}")
    await mentor.send(f"/start {await telegram.mentor_code(group, role)}")
    return mentor


async def student_in(telegram: TelegramHarness, group: str, user_id: int,
                     name: str = "Sanne") -> Student:
    student = telegram.student(user_id=user_id, first_name=name)
    await student.send(f"/start {await telegram.invite(group)}")
    await student.press("Ja, ik doe mee")
    await student.press("Goed")
    return student


def sent_to(telegram: TelegramHarness, chat_id: int) -> list[dict[str, object]]:
    return [p for p in telegram.api.sent() if int(str(p["chat_id"])) == chat_id]


async def events(telegram: TelegramHarness) -> list[str]:
    async with telegram.students.sessions() as session:
        return [e.kind for e in (await session.scalars(
            select(FlagEvent).order_by(FlagEvent.id))).all()]


async def test_a_mentor_enrols_with_a_mentor_code(telegram: TelegramHarness) -> None:
    mentor = await mentor_of(telegram, "4A")
    [welcome] = sent_to(telegram, mentor.user_id)
    assert "mentor van 4A" in str(welcome["text"]) and "/vlaggen" in str(welcome["text"])


async def test_student_commands_show_a_mentor_their_own_commands(
        telegram: TelegramHarness) -> None:
    coordinator = await mentor_of(telegram, "school", 9009, role="coordinator")
    welcome = str(sent_to(telegram, coordinator.user_id)[-1]["text"])
    assert "/overzicht" in welcome
    for command in ("/help", "/privacy", "/taal", "/reflectie", "/acties"):
        await coordinator.send(command)
        answer = str(sent_to(telegram, coordinator.user_id)[-1]["text"])
        assert "Mentorcommando's" in answer and "/email" in answer, command
        assert "alleen voor studenten" not in answer


async def test_an_urgent_flag_alerts_the_students_mentor_at_once(
        telegram: TelegramHarness) -> None:
    mentor = await mentor_of(telegram, "4A", 9001)
    other = await mentor_of(telegram, "4B", 9002)
    student = await student_in(telegram, "4A", 501)
    await student.send("mijn baas zat aan me en dat wilde ik niet")
    assert await telegram.run_jobs() == 1
    [alert] = sent_to(telegram, mentor.user_id)[1:]
    assert "Dringend" in str(alert["text"]) and "Sanne (4A)" in str(alert["text"])
    assert "zat aan me" not in str(alert["text"])  # the reason, not the student's words
    assert "/student Sanne" in str(alert["text"])  # how to see more, in the alert itself
    assert len(sent_to(telegram, other.user_id)) == 1  # only the welcome: not their student
    await mentor.press_data("ack|1", alert)
    edit = telegram.api.sent("editMessageText")[-1]
    assert "Opgepakt door Mentor 4A" in str(edit["text"])
    assert await events(telegram) == ["alerted", "acknowledged"]
    data = await telegram.export_of(student.user_id)
    assert data is not None and data["flags"][0]["level"] == "urgent"


async def test_when_one_mentor_picks_it_up_every_copy_says_so(telegram: TelegramHarness,
                                                              clock: Clock) -> None:
    """Two mentors of 4A and the coordinator hold copies of one alert. When Bram picks it up,
    the other copies lose their button and say who did; Ellen pressing her stale copy later
    is told Bram has it, and only Bram's acknowledgement is recorded."""
    ellen = await mentor_of(telegram, "4A", 9001)
    bram = telegram.mentor(user_id=9003, first_name="Bram")
    await bram.send(f"/start {await telegram.mentor_code('4A', 'mentor')}")
    coordinator = await mentor_of(telegram, "school", 9009, role="coordinator")
    student = await student_in(telegram, "4A", 501)
    await student.send("ik wil dood")
    await telegram.run_jobs()
    clock.now += timedelta(minutes=121)
    await telegram.run_jobs()  # nobody yet: the coordinator has a copy too
    stale = sent_to(telegram, ellen.user_id)[-1]
    await bram.press_data("ack|1", sent_to(telegram, bram.user_id)[-1])
    cleared = {int(str(p["chat_id"])) for p in telegram.api.sent("editMessageReplyMarkup")}
    assert {ellen.user_id, coordinator.user_id} <= cleared
    for chat in (ellen.user_id, coordinator.user_id):
        assert "Opgepakt door Bram" in str(sent_to(telegram, chat)[-1]["text"])
    await ellen.press_data("ack|1", stale)
    edit = telegram.api.sent("editMessageText")[-1]
    assert int(str(edit["chat_id"])) == ellen.user_id and "Opgepakt door Bram" in str(edit["text"])
    assert (await events(telegram)).count("acknowledged") == 1


async def test_unacknowledged_alerts_go_to_the_coordinator(telegram: TelegramHarness,
                                                           clock: Clock) -> None:
    await mentor_of(telegram, "4A", 9001)
    coordinator = await mentor_of(telegram, "school", 9009, role="coordinator")
    student = await student_in(telegram, "4A", 501)
    await student.send("ik wil dood")
    await telegram.run_jobs()
    clock.now += timedelta(minutes=119)
    assert await telegram.run_jobs() == 0
    clock.now += timedelta(minutes=2)
    assert await telegram.run_jobs() == 1
    escalation = sent_to(telegram, coordinator.user_id)[-1]
    assert "Na 2 uur nog niet opgepakt" in str(escalation["text"])
    assert await events(telegram) == ["alerted", "escalated"]


async def test_an_acknowledged_alert_is_not_escalated(telegram: TelegramHarness,
                                                      clock: Clock) -> None:
    mentor = await mentor_of(telegram, "4A", 9001)
    coordinator = await mentor_of(telegram, "school", 9009, role="coordinator")
    student = await student_in(telegram, "4A", 501)
    await student.send("ik wil dood")
    await telegram.run_jobs()
    await mentor.press_data("ack|1", sent_to(telegram, mentor.user_id)[-1])
    clock.now += timedelta(hours=3)
    await telegram.run_jobs()
    assert len(sent_to(telegram, coordinator.user_id)) == 1  # only the welcome


async def test_without_a_mentor_the_coordinator_hears_at_once(
        telegram: TelegramHarness) -> None:
    coordinator = await mentor_of(telegram, "school", 9009, role="coordinator")
    student = await student_in(telegram, "3C", 501)
    await student.send("mijn vader slaat me")
    await telegram.run_jobs()
    assert "Dringend" in str(sent_to(telegram, coordinator.user_id)[-1]["text"])


async def test_asking_for_the_mentor_reaches_the_mentor(telegram: TelegramHarness) -> None:
    mentor = await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("/mentor")
    assert "mentor laten weten" in telegram.api.texts()[-1]
    await telegram.run_jobs()
    assert "vraagt om contact" in str(sent_to(telegram, mentor.user_id)[-1]["text"])


async def test_flags_are_listed_and_resolved_with_a_note(telegram: TelegramHarness) -> None:
    mentor = await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("Ik werd vandaag weer gepest door twee collega's in het magazijn")
    await mentor.send("/vlaggen")
    listing = sent_to(telegram, mentor.user_id)[-1]
    assert "Pesten" in str(listing["text"]) and "Sanne (4A)" in str(listing["text"])
    await mentor.press("Afhandelen")
    assert "notitie" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("Gebeld met Sanne en haar begeleider; gesprek staat vrijdag.")
    assert "Afgehandeld" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("/flags")
    assert "geen open signalen" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    async with telegram.students.sessions() as session:
        resolved = await session.scalar(select(FlagEvent).where(FlagEvent.kind == "resolved"))
        assert resolved is not None and resolved.note and "vrijdag" in resolved.note


async def test_the_note_question_names_which_of_two_flags_it_is_for(
        telegram: TelegramHarness) -> None:
    """Sanne has two open flags (bullying, and asking for her mentor): the question for the
    note says the reason of the one the mentor pressed, and when it was raised."""
    mentor = await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("Ik werd vandaag weer gepest door twee collega's in het magazijn")
    await student.send("/mentor")
    await mentor.send("/vlaggen")
    lines = [m for m in sent_to(telegram, mentor.user_id) if "Afhandelen" in str(m)][-2:]
    assert len(lines) == 2
    for line in lines:
        reason = "Pesten" if "Pesten" in str(line["text"]) else "contact"
        assert reason in str(line["text"])
        await mentor.press_data(next(b["callback_data"] for row in line["reply_markup"][
            "inline_keyboard"] for b in row if "Afhandelen" in b["text"]), line)
        asked = str(sent_to(telegram, mentor.user_id)[-1]["text"])
        assert asked.startswith("Typ een korte notitie over het signaal van Sanne: ")
        shown = asked.split(": ", 1)[1].split(" (", 1)[0]
        assert reason.lower() in shown.lower() and shown in str(line["text"])
        assert re.search(r"\(\d\d-\d\d \d\d:\d\d\)", asked)  # when it was raised
        await mentor.press("Annuleren")


async def test_a_command_or_a_cancel_never_becomes_the_resolution_note(
        telegram: TelegramHarness) -> None:
    """The note question says whom it is about and can be cancelled; a command in between
    stops it, so a later question is not taken as the note and the flag stays open."""
    mentor = await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("Ik werd vandaag weer gepest door twee collega's in het magazijn")
    await mentor.send("/vlaggen")
    await mentor.press("Afhandelen")
    asked = sent_to(telegram, mentor.user_id)[-1]
    assert "notitie over het signaal van Sanne: Pesten" in str(asked["text"])
    assert "Annuleren" in str(asked)
    await mentor.send("/overzicht")
    texts = [str(m["text"]) for m in sent_to(telegram, mentor.user_id)[-2:]]
    assert any("gestopt" in t and "Sanne" in t for t in texts)
    await mentor.send("Hoe zie ik welke studenten nog niet gereflecteerd hebben?")
    assert "Afgehandeld" not in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("/vlaggen")
    await mentor.press("Afhandelen")
    await mentor.press("Annuleren")
    assert "blijft open" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("Nog een vraag")
    async with telegram.students.sessions() as session:
        flag = await session.scalar(select(Flag))
        assert flag is not None and flag.status == "open"
        assert await session.scalar(select(FlagEvent).where(FlagEvent.kind == "resolved")) \
            is None
    await mentor.send("/vlaggen")
    await mentor.press("Afhandelen")
    await mentor.send("Gebeld met Sanne; gesprek staat vrijdag.")
    done = str(sent_to(telegram, mentor.user_id)[-1]["text"])
    assert done.startswith("Afgehandeld: Sanne") and "Gebeld met Sanne; gesprek" in done


async def test_a_mentor_sees_only_their_own_students(telegram: TelegramHarness) -> None:
    mentor = await mentor_of(telegram, "4A", 9001)
    await student_in(telegram, "4A", 501, "Sanne")
    await student_in(telegram, "4B", 502, "Bram")
    await mentor.send("/student san")
    assert "Sanne (4A)" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("/student Bram")
    assert "geen student „Bram”" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
    await mentor.send("/overzicht")
    overview = str(sent_to(telegram, mentor.user_id)[-1]["text"])
    assert "Overzicht voor Mentor 4A" in overview
    # Sanne counts (she is reflecting right now, so not "quiet"); Bram is not theirs
    assert "0 van 1 studenten" in overview and "Bram" not in overview


async def test_a_student_cannot_use_mentor_commands(telegram: TelegramHarness) -> None:
    student = await student_in(telegram, "4A", 501)
    await student.send("/vlaggen")
    assert "/reflectie" in telegram.api.texts()[-1]  # the student's help


async def test_a_flag_cannot_be_acknowledged_by_another_groups_mentor(
        telegram: TelegramHarness) -> None:
    await mentor_of(telegram, "4A", 9001)
    stranger = await mentor_of(telegram, "4B", 9002)
    student = await student_in(telegram, "4A", 501)
    await student.send("ik wil dood")
    await telegram.run_jobs()
    await stranger.press_data("ack|1")
    assert telegram.api.sent("answerCallbackQuery")[-1]["text"] == \
        "Deze student hoort niet bij jouw groepen."
    assert await events(telegram) == ["alerted"]


async def test_jobs_fire_once_with_two_processes(telegram: TelegramHarness) -> None:
    await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("ik wil dood")
    ran = await asyncio.gather(telegram.run_jobs(), telegram.run_jobs(), telegram.run_jobs())
    assert sorted(ran) == [0, 0, 1]
    async with telegram.students.sessions() as session:
        [job, escalation] = (await session.scalars(select(Job).where(
            Job.kind.in_(("alert", "escalate"))).order_by(Job.id))).all()
    assert job.status == "done" and escalation.kind == "escalate"


async def test_jobs_fire_once_on_both_databases(tmp_path: Path, database_url: str) -> None:
    async with offline_telegram(tmp_path, Clock(), database_url=database_url) as telegram:
        mentor = await mentor_of(telegram, "4A", 9001)
        student = await student_in(telegram, "4A", 501)
        await student.send("ik wil dood")
        ran = await asyncio.gather(*(telegram.run_jobs() for _ in range(4)))
        assert sorted(ran) == [0, 0, 0, 1]
        alerts = [p for p in sent_to(telegram, mentor.user_id) if "Dringend" in str(p["text"])]
        assert len(alerts) == 1


async def test_a_student_who_deletes_their_data_leaves_an_anonymous_record_and_no_dead_button(
        telegram: TelegramHarness) -> None:
    """The school keeps what happened to a signal, not who: the mentor's button says the
    student deleted their data, and the digest says an open signal lapsed."""
    from bot.storage.models import FlagRecord

    mentor = await mentor_of(telegram, "4A", 9001)
    student = await student_in(telegram, "4A", 501)
    await student.send("/mentor")
    assert await telegram.run_jobs() == 1
    alert = sent_to(telegram, mentor.user_id)[-1]
    await student.send("/verwijder")
    await student.press("Ja, verwijder alles")
    await mentor.press_data("ack|1", alert)
    edit = telegram.api.sent("editMessageText")[-1]
    assert "gegevens laten verwijderen" in str(edit["text"]) and "reply_markup" not in edit
    async with telegram.students.sessions() as session:
        [record] = (await session.scalars(select(FlagRecord))).all()
    assert (record.group_name, record.rule, record.status) == ("4A", "mentor_gevraagd", "open")
    assert "Sanne" not in str(vars(record))
    await mentor.send("/overzicht")
    digest = str(sent_to(telegram, mentor.user_id)[-1]["text"])
    assert "Een open signaal verviel: een student van 4A" in digest and "Sanne" not in digest


async def test_the_consent_says_worrying_messages_reach_the_mentor(
        telegram: TelegramHarness) -> None:
    student = telegram.student(user_id=502, first_name="Bram")
    await student.send(f"/start {await telegram.invite('4A')}")
    consent = " ".join(str(m["text"]) for m in sent_to(telegram, 502))
    assert "zorgen" in consent and "niet je woorden" in consent and "anoniem" in consent
