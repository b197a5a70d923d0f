"""The reflection cycle: nudges after internship days, reminders, follow-up; data rights."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from bot.app import Content
from bot.notify import Buttons, StudentNotifier
from bot.scheduling.cycle import Cycle
from bot.school import InternshipCalendar
from bot.storage.database import create_engine, migrate, sessions
from bot.storage.models import Base, Student
from tests.conftest import Clock, empty_schema, telegram_students
from tests.telegram_offline import TelegramHarness, offline_telegram
from tests.test_digests import complete_reflection
from tests.test_mentors import student_in

AMSTERDAM = ZoneInfo("Europe/Amsterdam")


def local(*args: int) -> datetime:
    return datetime(*args, tzinfo=AMSTERDAM).astimezone(UTC)


def nudges(telegram: TelegramHarness, chat_id: int) -> list[str]:
    return [str(p["text"]) for p in telegram.api.sent()
            if int(str(p["chat_id"])) == chat_id
            and ("Je had vandaag stage" in str(p["text"])
                 or "stagedag van vandaag" in str(p["text"]))]


async def test_a_tuesday_internship_gets_one_nudge_at_17_30(tmp_path: Path) -> None:
    clock = Clock(local(2026, 11, 24, 9))  # Tuesday morning; 4A has internship on Tuesdays
    async with offline_telegram(tmp_path, clock) as telegram:
        sanne = await student_in(telegram, "4A", 501)
        await complete_reflection(sanne, "Donderdag vraag ik Piet om uitleg over de inkoop")
        bram = telegram.student(user_id=502, first_name="Bram")
        await bram.send(f"/start {await telegram.invite('4A')}")
        await bram.press("Ja, ik doe mee")
        clock.now = local(2026, 11, 24, 17, 29)
        await telegram.run_jobs()
        assert nudges(telegram, 502) == []
        clock.now = local(2026, 11, 24, 17, 30)
        await telegram.run_jobs()
        await telegram.run_jobs()  # again: still one
        assert len(nudges(telegram, 502)) == 1
        assert nudges(telegram, sanne.user_id) == []  # Sanne already reflected today
        nudge = telegram.api.sent()[-1]
        labels = [row[0]["text"] for row in nudge["reply_markup"]["inline_keyboard"]]
        assert labels == ["▶️ Start", "⏰ Later", "Niet vandaag"]
        # Later at 20:00 would land at 21:30, in quiet hours: the bot waits for the morning
        clock.now = local(2026, 11, 24, 20, 0)
        await bram.press("Later")
        assert "straks nog één keer" in telegram.api.texts()[-1]
        for hour in (21, 22, 23):
            clock.now = local(2026, 11, 24, hour, 45)
            await telegram.run_jobs()
        clock.now = local(2026, 11, 25, 7, 59)
        await telegram.run_jobs()
        assert len(nudges(telegram, 502)) == 1  # nothing in quiet hours
        clock.now = local(2026, 11, 25, 8, 0)
        await telegram.run_jobs()
        assert len(nudges(telegram, 502)) == 2 and "stagedag van vandaag" in \
            nudges(telegram, 502)[-1]
        # Wednesday is no internship day for 4A
        clock.now = local(2026, 11, 25, 18, 0)
        await telegram.run_jobs()
        assert len(nudges(telegram, 502)) == 2


async def test_a_reminder_on_the_due_date_and_the_follow_up_next_time(tmp_path: Path) -> None:
    clock = Clock(local(2026, 11, 24, 17, 45))  # Tuesday evening
    async with offline_telegram(tmp_path, clock) as telegram:
        student = await student_in(telegram, "4A", 501)
        await complete_reflection(student, "Donderdag vraag ik Piet of ik mee mag naar de inkoop")
        clock.now = local(2026, 11, 26, 8, 29)  # Thursday, the due date
        await telegram.run_jobs()
        assert not any("Vandaag wilde je" in t for t in telegram.api.texts())
        clock.now = local(2026, 11, 26, 8, 30)
        await telegram.run_jobs()
        await telegram.run_jobs()
        reminders = [t for t in telegram.api.texts() if "Vandaag wilde je" in t]
        assert len(reminders) == 1 and "Piet" in reminders[0]
        clock.now = local(2026, 11, 26, 17, 30)  # Thursday: internship, nudge, then reflect
        await telegram.run_jobs()
        await student.press("Start")
        assert "Vorige keer nam je je voor" in telegram.api.texts()[-1]


async def test_no_messages_at_the_weekend(tmp_path: Path) -> None:
    calendar = InternshipCalendar.model_validate(
        {"groups": {"4A": {"weekdays": ["saturday"]}}})
    assert calendar.quiet(datetime(2026, 11, 28, 12, tzinfo=AMSTERDAM))
    assert calendar.quiet(datetime(2026, 11, 24, 22, tzinfo=AMSTERDAM))
    assert not calendar.quiet(datetime(2026, 11, 24, 17, 30, tzinfo=AMSTERDAM))


async def test_two_processes_send_each_nudge_once(postgres_database: str,
                                                  content: Content) -> None:
    await empty_schema(postgres_database)
    engine = create_engine(postgres_database)
    await migrate(engine)
    clock = Clock(local(2026, 11, 24, 17, 30))
    async with sessions(engine).begin() as session:
        await telegram_students(session, range(1000, 1030), clock.now)
    sent: list[int] = []

    class Recorder:  # the Telegram channel's place, recording whom it reached
        def reaches(self, student: Student) -> bool:
            return student.address("telegram") is not None

        async def send(self, student: Student, text: str, rows: Buttons) -> None:
            await asyncio.sleep(0)  # let the other process interleave
            chat = student.address("telegram")
            assert chat is not None
            sent.append(int(chat))

    processes = [create_engine(postgres_database) for _ in range(2)]
    cycles = [Cycle(sessions(e), content.calendar, content.texts, AMSTERDAM,
                    StudentNotifier([Recorder()]), clock, timedelta(days=365))
              for e in processes]
    counts = await asyncio.gather(*(c.tick() for c in cycles), *(c.tick() for c in cycles))
    for e in (*processes, engine):
        await e.dispose()
    assert sum(counts) == 30 and sorted(sent) == list(range(1000, 1030))


async def test_after_delete_no_row_refers_to_the_student(postgres_database: str,
                                                         tmp_path: Path) -> None:
    await empty_schema(postgres_database)
    clock = Clock(local(2026, 11, 24, 17, 30))
    async with offline_telegram(tmp_path, clock, database_url=postgres_database) as telegram:
        mentor = telegram.mentor(user_id=9001)
        await mentor.send(f"/start {await telegram.mentor_code('4A')}")
        student = await student_in(telegram, "4A", 501)
        keep = await student_in(telegram, "4A", 502, "Bram")
        for who in (student, keep):
            await complete_reflection(who, "Vanavond vraag ik Piet om uitleg over de inkoop")
        await student.send("/reflectie")  # the action was due today: how did it go?
        await student.press("Gelukt")
        await student.send("ik wil dood")  # a flag, an alert job, an audit trail
        await student.send("/mentor")
        await telegram.run_jobs()
        await mentor.press_data("ack|1")
        await mentor.press_data("resolve|1")
        await mentor.send("Gesproken met Sanne")
        async with telegram.students.sessions() as session:
            from bot.storage import contacts

            sanne = await contacts.student(session, "telegram", 501)
            assert sanne is not None
            sanne_id = sanne.id
        await student.send("/verwijder")
        await student.press("Ja, verwijder alles")
        referring = await rows_referring_to(telegram, sanne_id)
        assert referring == {}, referring
        assert await telegram.export_of(keep.user_id) is not None  # others are kept
        await mentor.send("/overzicht")
        assert "Sanne" not in telegram.api.texts()[-1]


async def rows_referring_to(telegram: TelegramHarness, student_id: int) -> dict[str, int]:
    """Every table, every column that points at a student: how many rows still do. (Rows that
    point at a student's conversations, turns or flags cannot outlive them: foreign keys.)"""
    found: dict[str, int] = {}
    async with telegram.students.sessions() as session:
        for table in Base.metadata.sorted_tables:
            if table.name == "students":
                count = await session.scalar(select(func.count()).select_from(table).where(
                    table.c.id == student_id))
                if count:
                    found["students"] = count
            for column in table.columns:
                for fk in column.foreign_keys:
                    if fk.column.table.name == "students":
                        count = await session.scalar(select(func.count()).select_from(table)
                                                     .where(column == student_id))
                        if count:
                            found[f"{table.name}.{column.name}"] = count
    return found


def test_the_privacy_report_covers_every_table_that_refers_to_a_student() -> None:
    from bot.storage.privacy import PERSONAL_DATA

    tables = {t.name: t for t in Base.metadata.sorted_tables}
    for table, column in PERSONAL_DATA:
        assert column in tables[table].columns, f"{table}.{column} is not in the schema"
    listed = {table for table, _ in PERSONAL_DATA}
    for table in tables.values():
        if any(fk.column.table.name == "students" for c in table.columns
               for fk in c.foreign_keys):
            assert table.name in listed, f"{table.name} refers to students but is not reported"


def test_privacy_report_command(tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    from tests.conftest import ROOT

    env = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    env["LOOPBAANBOT_DATA_DIR"] = str(tmp_path)
    subprocess.run([sys.executable, "-m", "bot", "chat", "--json", "--student", "kim"],
                   input=b"2\n", env=env, cwd=ROOT, capture_output=True, timeout=60)
    done = subprocess.run([sys.executable, "-m", "bot", "privacy", "report"], env=env, cwd=ROOT,
                          capture_output=True, timeout=60)
    report = done.stdout.decode()
    assert done.returncode == 0
    assert "students (1 rows)" in report and "turns (3 rows)" in report
    assert "every message of the student and the bot" in report and "12 months" in report


async def test_old_conversations_are_deleted_after_the_retention_period(tmp_path: Path) -> None:
    clock = Clock(local(2025, 11, 20, 12))
    async with offline_telegram(tmp_path, clock) as telegram:
        student = await student_in(telegram, "4A", 501)
        await complete_reflection(student, "Morgen vraag ik Piet om uitleg over de inkoop")
        clock.now = local(2026, 11, 10, 12)
        await student.send("/reflectie")
        await telegram.run_jobs()
        data = await telegram.export_of(student.user_id)
        assert data is not None and len(data["conversations"]) == 2
        clock.now = local(2026, 11, 23, 12)  # now the first one is over 12 months old
        await telegram.run_jobs()
        data = await telegram.export_of(student.user_id)
        assert data is not None and len(data["conversations"]) == 1
        assert data["conversations"][0]["started_at"].startswith("2026-11-10")


async def test_an_action_not_done_yet_is_carried_over(tmp_path: Path) -> None:
    clock = Clock(local(2026, 11, 23, 12))
    async with offline_telegram(tmp_path, clock) as telegram:
        student = await student_in(telegram, "4A", 501)
        await complete_reflection(student, "Morgen vraag ik Piet om uitleg over de inkoop")
        clock.now += timedelta(days=2)
        await student.send("/reflectie")
        await student.press("Nog niet")
        await student.send("/acties")
        assert "Piet" in str(telegram.api.sent()[-1]["reply_markup"])
