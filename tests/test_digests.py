"""Digests: on the school's schedule, by Telegram and email, and readable at a glance."""

from __future__ import annotations

import json
import logging
import os
import shutil
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.parser import BytesParser
from email.policy import default
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bot.mentors.digest import PHONE_ROWS, top_rows
from bot.scheduling.calendar import next_digest
from bot.school import DigestSchedule
from bot.storage.jobs import MAX_ATTEMPTS
from bot.storage.models import Job, Mentor
from tests.conftest import ROOT, Clock
from tests.telegram_offline import TelegramHarness, offline_telegram
from tests.test_mentors import mentor_of, sent_to, student_in

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


def school_with_internship_days(tmp_path: Path, group: str, days: list[Any]) -> Path:
    """The shipped school files, with these internship dates for the group."""
    import yaml

    school = tmp_path / "school"
    shutil.copytree(ROOT / "school", school)
    calendar = yaml.safe_load((school / "calendar.yaml").read_text(encoding="utf-8"))
    calendar["groups"] = {group: {"weekdays": [], "dates": [d.isoformat() for d in days]}}
    (school / "calendar.yaml").write_text(yaml.safe_dump(calendar), encoding="utf-8")
    return school


def texts_date(day: Any) -> str:
    from bot.app import load_content
    from bot.config import Settings

    return str(load_content(Settings()).texts.date("nl", day))


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


@pytest.mark.parametrize(("now", "weekdays", "weekly"), [
    (utc(2026, 11, 23, 12), utc(2026, 11, 23, 17), utc(2026, 11, 27, 17)),  # Monday noon
    (utc(2026, 11, 23, 17), utc(2026, 11, 24, 17), utc(2026, 11, 27, 17)),  # right at 18:00
    (utc(2026, 11, 27, 18), utc(2026, 11, 30, 17), utc(2026, 12, 4, 17)),  # Friday evening
    (utc(2026, 3, 27, 18), utc(2026, 3, 30, 16), utc(2026, 4, 3, 16)),  # across summer time
    (utc(2026, 10, 23, 18), utc(2026, 10, 26, 17), utc(2026, 10, 30, 17)),  # back to winter
])
def test_the_next_digest_is_at_18_amsterdam_time(now: datetime, weekdays: datetime,
                                                 weekly: datetime) -> None:
    assert next_digest(now, DigestSchedule(), AMSTERDAM) == weekdays
    assert next_digest(now, DigestSchedule(days="weekly", weekday="friday"), AMSTERDAM) == weekly


async def complete_reflection(student: Any, action: str) -> None:
    await student.send(MOMENT)
    await student.press("Waar ben ik goed in?")
    await student.press("Nee, dit is genoeg")
    await student.send(ANSWER)
    await student.send(action)


async def test_a_scheduled_digest_arrives_and_the_next_is_planned(tmp_path: Path) -> None:
    clock = Clock(utc(2026, 11, 23, 9))
    async with offline_telegram(tmp_path, clock) as telegram:
        mentor = await mentor_of(telegram, "4A", 9001)
        student = await student_in(telegram, "4A", 501)
        await complete_reflection(student, "Morgen vraag ik Piet om uitleg over de inkoop")
        clock.now = utc(2026, 11, 23, 16, 59)
        assert await telegram.run_jobs() == 0
        clock.now = utc(2026, 11, 23, 17, 0)
        assert await telegram.run_jobs() == 1
        digest = str(sent_to(telegram, mentor.user_id)[-1]["text"])
        assert digest.startswith("📋 Overzicht voor Mentor 4A")
        assert "1 van 1 studenten reflecteerden" in digest
        assert "• Sanne: 1× 🙂 kwaliteiten" in digest and "Piet om uitleg" in digest
        async with telegram.students.sessions() as session:
            pending = (await session.scalars(select(Job).where(
                Job.kind == "digest", Job.status == "pending"))).all()
            stored = await session.scalar(select(Mentor))
        assert [j.run_at for j in pending] == [utc(2026, 11, 24, 17)]
        assert stored is not None and stored.last_digest_at == utc(2026, 11, 23, 17)


def digests_by(tmp_path: Path, ways: str) -> Path:
    """The shipped school files, with digests sent these ways (school.yaml's `by:`)."""
    school = tmp_path / "school"
    shutil.copytree(ROOT / "school", school)
    text = (school / "school.yaml").read_text().replace("by: [telegram]", f"by: [{ways}]")
    (school / "school.yaml").write_text(text)
    return school


async def a_flag_for_a_mentor_with_email(telegram: Any) -> None:
    """Mentor 9001 of 4A, with an e-mail address; a student of 4A raised a flag today."""
    mentor = await mentor_of(telegram, "4A", 9001)
    await mentor.send("/email j.devries@school.nl")
    student = await student_in(telegram, "4A", 501)
    await student.send("Ik werd vandaag weer gepest door collega's in het magazijn")


async def test_a_scheduled_digest_without_a_mail_server_says_so_in_the_log(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Digests by e-mail and no SMTP settings: the job loop goes on, the log names the
    settings (never what a student wrote), and nothing is marked sent."""
    school = digests_by(tmp_path, "email")
    clock = Clock(utc(2026, 11, 23, 9))
    async with offline_telegram(tmp_path, clock, school_dir=school) as telegram:
        await a_flag_for_a_mentor_with_email(telegram)
        clock.now = utc(2026, 11, 23, 17)
        with caplog.at_level(logging.WARNING):
            await telegram.run_jobs()
        assert "LOOPBAANBOT_SMTP_HOST" in caplog.text and "LOOPBAANBOT_SMTP_FROM" in caplog.text
        assert "gepest" not in caplog.text
        async with telegram.students.sessions() as session:
            stored = await session.scalar(select(Mentor))
        assert stored is not None and stored.last_digest_at is None
        for _ in range(MAX_ATTEMPTS - 1):  # tried again after 2, 4, 8, 16 minutes
            clock.now += timedelta(hours=1)
            await telegram.run_jobs()
        async with telegram.students.sessions() as session:
            digests = (await session.execute(select(Job.status, Job.run_at).where(
                Job.kind == "digest").order_by(Job.id))).all()
        assert [status for status, _ in digests][-2:] == ["failed", "pending"]
        assert digests[-1].run_at > clock.now  # the next digest is planned all the same


async def test_a_digest_by_telegram_and_email_without_a_mail_server_arrives_once(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """By both ways and the mail fails: the digest reached the mentor in Telegram, so it
    counts as sent; it is not sent to Telegram again on every retry of the mail."""
    school = digests_by(tmp_path, "telegram, email")
    clock = Clock(utc(2026, 11, 23, 9))
    async with offline_telegram(tmp_path, clock, school_dir=school) as telegram:
        await a_flag_for_a_mentor_with_email(telegram)
        clock.now = utc(2026, 11, 23, 17)
        with caplog.at_level(logging.WARNING):
            await telegram.run_jobs()
            for _ in range(3):  # when a failed job would have been tried again
                clock.now += timedelta(minutes=20)
                await telegram.run_jobs()
        digests = [t for t in telegram.api.texts() if "Overzicht" in t]
        assert len(digests) == 1
        assert "LOOPBAANBOT_SMTP_HOST" in caplog.text and "gepest" not in caplog.text
        async with telegram.students.sessions() as session:
            stored = await session.scalar(select(Mentor))
        assert stored is not None and stored.last_digest_at == utc(2026, 11, 23, 17)


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(BytesParser(policy=default).parsebytes(envelope.content))
        return "250 OK"


async def test_digest_by_email_through_a_real_smtp_server(tmp_path: Path) -> None:
    school = digests_by(tmp_path, "email")
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        clock = Clock(utc(2026, 11, 23, 9))
        async with offline_telegram(tmp_path, clock, school_dir=school, smtp_host="127.0.0.1",
                                    smtp_port=port,
                                    smtp_from="loopbaanbot@school.nl",
                                    smtp_starttls=False) as telegram:
            mentor = await mentor_of(telegram, "4A", 9001)
            await mentor.send("/email j.devries@school.nl")
            assert "j.devries@school.nl" in telegram.api.texts()[-1]
            student = await student_in(telegram, "4A", 501)
            await student.send("Ik werd vandaag weer gepest door collega's in het magazijn")
            clock.now = utc(2026, 11, 23, 17)
            assert await telegram.run_jobs() == 1
            assert "Overzicht" not in telegram.api.texts()[-1]  # by email only
    finally:
        controller.stop()
    [mail] = inbox.messages
    assert mail["To"] == "j.devries@school.nl" and mail["Subject"].startswith("Overzicht")
    plain = mail.get_body(("plain",))
    html = mail.get_body(("html",))
    assert plain is not None and html is not None
    assert "Pesten" in plain.get_content() and "<strong>" in html.get_content()


async def a_week_of_25_students(tmp_path: Path, clock: Clock) -> TelegramHarness:
    """Monday to Friday: most students reflect, some twice, some not; a few raise flags."""
    harness_cm = offline_telegram(tmp_path, clock)
    telegram = await harness_cm.__aenter__()
    telegram.__dict__["_cm"] = harness_cm
    await mentor_of(telegram, "4A", 9001)
    names = ["Sanne", "Bram", "Fatima", "Daan", "Noor", "Jesse", "Lotte", "Milan", "Yara",
             "Thijs", "Emma", "Mohamed", "Julia", "Sem", "Zoë", "Ravi", "Lieke", "Ayoub",
             "Fenna", "Luuk", "Iris", "Omar", "Tess", "Jayden", "Sophie"]
    students = []
    for i, name in enumerate(names):
        students.append(await student_in(telegram, "4A", 600 + i, name))
    for i, student in enumerate(students):
        if i % 5 == 4:
            continue  # these five do not reflect this week
        await complete_reflection(student, f"Vanavond vraag ik mijn begeleider om uitleg {i}")
        if i % 7 == 0:
            clock.now += timedelta(days=2)
            await student.send("/reflectie")
            await student.press("Gelukt")
            await student.send("Ik leerde dat het helpt om het gewoon aan de begeleider te vragen")
            await student.press("Super")
            await complete_reflection(student, "Volgende week oefen ik het gesprek met een klant")
            clock.now -= timedelta(days=2)
    await students[3].send("/reflectie")
    await students[3].send("mijn begeleider zat aan me en dat wilde ik niet")
    await students[9].send("/reflectie")
    await students[9].send("ik wil stoppen met mijn stage")
    return telegram


async def test_digest_dry_run_for_25_students_reads_at_a_glance(tmp_path: Path) -> None:
    clock = Clock(datetime.now(UTC) - timedelta(days=6))  # the command uses the real clock
    telegram = await a_week_of_25_students(tmp_path, clock)
    await telegram.__dict__["_cm"].__aexit__(None, None, None)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    env["LOOPBAANBOT_DATA_DIR"] = str(tmp_path)
    first = clock.now.astimezone(AMSTERDAM).date()  # the day the week began
    env["LOOPBAANBOT_SCHOOL_DIR"] = str(school_with_internship_days(
        tmp_path, "4A", [first, first + timedelta(days=2)]))
    done = subprocess.run([sys.executable, "-m", "bot", "digest", "--mentor", "Mentor 4A",
                           "--dry-run"], env=env, cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    digest = done.stdout.decode()
    (tmp_path / "digest.txt").write_text(digest)
    lines = digest.splitlines()
    assert lines[0].startswith("📋 Overzicht voor Mentor 4A")
    assert lines[1].startswith("20 van 25 studenten reflecteerden")  # the summary line
    assert top_rows(digest) <= PHONE_ROWS  # what needs the mentor fits one phone screen
    flags_at = next(i for i, line in enumerate(lines) if line.startswith("Eerst"))
    students_at = lines.index("Per student:")
    assert flags_at < students_at  # flags first, with their age
    assert lines[flags_at + 1].startswith("⚠️ Daan — Seksuele")  # urgent before concern
    assert lines[flags_at + 2].startswith("• Thijs — Wil stoppen")
    assert "6 d geleden" in lines[flags_at + 1]
    stuck = next(line for line in lines if line.startswith("⏸️ Halverwege gestopt"))
    assert stuck == "⏸️ Halverwege gestopt (6): Daan, Luuk, Noor, Sophie, Thijs, Zoë"
    day = texts_date(first + timedelta(days=2))
    quiet = next(line for line in lines if line.startswith("🔕 Niet gereflecteerd"))
    # the calendar's last internship day counts: only those who reflected after it are fine
    assert quiet.startswith(f"🔕 Niet gereflecteerd na de stagedag van {day} (16): ")
    assert quiet.endswith(" en nog 10") and "Sanne" not in quiet and "Daan" not in quiet
    assert any(line.startswith("Onderwerpen van de klas, 30 dagen: kwaliteiten 23×")
               for line in lines)
    per_student = lines[students_at + 1:]
    assert len(per_student) == 20  # one line for each student who reflected
    assert per_student[0].startswith("• Daan: 1×")  # the flagged student first
    assert "⏰" in per_student[1] and "✅" in per_student[-1]  # overdue before done
    assert len(lines) < 40
    assert "mijn begeleider zat aan me" not in digest  # students' disclosures never here
    data = json.loads(subprocess.run(
        [sys.executable, "-m", "bot", "export", "--telegram-id", "603"], env=env, cwd=ROOT,
        capture_output=True, timeout=60).stdout)
    assert data["flags"][0]["level"] == "urgent"


async def test_a_class_of_30_fits_a_phone_screen_before_the_per_student_lines(
        tmp_path: Path) -> None:
    """30 codes printed, 10 students started: the mentor's /overzicht in Telegram names who
    never started, counts a repeated signal once, and keeps its top part to one screen."""
    from bot.storage.models import Flag, Student

    names = [f"Leerling{i:02d} Achternaam" for i in range(30)]
    clock = Clock(datetime.now(UTC) - timedelta(hours=3))
    async with offline_telegram(tmp_path, clock) as telegram:
        mentor = await mentor_of(telegram, "4A", 9001)
        slips = await telegram.students.create_invites("student", "4A", 30, names)
        for i, slip in enumerate(slips[:10]):
            student = telegram.student(user_id=700 + i, first_name=f"Leerling{i:02d}")
            await student.send(f"/start {slip.code}")
            await student.press("Ja, ik doe mee")
            await student.press("Goed")
            if i < 8:
                await complete_reflection(student, f"Morgen vraag ik Piet om uitleg {i}")
        for _ in range(3):  # asking three times is one request
            await student.send("/mentor")
        async with telegram.students.sessions.begin() as session:
            asked = await session.scalar(select(func.count()).select_from(Flag).join(
                Student, Student.id == Flag.student_id).where(Student.name == "Leerling09"))
            assert asked == 1  # one request, one alert: not three
            daan = await session.scalar(select(Student).where(Student.name == "Leerling00"))
            assert daan is not None
            for _ in range(2):  # the same signal in two conversations
                session.add(Flag(student_id=daan.id, level="concern", reason="Pesten",
                                 rule="pesten", status="open", created_at=clock.now))
        clock.now += timedelta(hours=3)
        before = len(sent_to(telegram, 9001))
        await mentor.send("/overzicht")
        digest = "\n".join(str(m["text"]) for m in sent_to(telegram, 9001)[before:])
    (tmp_path / "digest-30.txt").write_text(digest)
    lines = digest.splitlines()
    assert top_rows(digest) <= PHONE_ROWS, digest
    assert "8 van 10 studenten reflecteerden" in lines[1]
    flags = [line for line in lines if "Pesten" in line or "contact" in line.lower()]
    assert len(flags) == 2, flags  # the request once, the repeated signal once with its count
    assert any("Pesten (2×)" in line for line in flags)
    never = next(line for line in lines if line.startswith("🆕 Nog niet begonnen"))
    assert never.startswith("🆕 Nog niet begonnen, code niet gebruikt (20): "
                            "Leerling10 Achternaam, Leerling11 Achternaam")
    assert never.endswith(" en nog 14")
    stuck = next(line for line in lines if line.startswith("⏸️ Halverwege gestopt"))
    assert stuck == "⏸️ Halverwege gestopt (2): Leerling08, Leerling09"
    per_student = lines[lines.index("Per student:") + 1:]
    assert len(per_student) == 8 and all(len(line) < 200 for line in per_student)
