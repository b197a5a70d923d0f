"""Digests: on the school's schedule, by Telegram and email, and readable at a glance."""

from __future__ import annotations

import json
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
from sqlalchemy import select

from bot.scheduling.calendar import next_digest
from bot.school import DigestSchedule
from bot.storage.models import Job, Mentor
from tests.conftest import ROOT, Clock
from tests.telegram_offline import TelegramHarness, offline_telegram
from tests.test_mentors import mentor_of, sent_to, student_in

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


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


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(BytesParser(policy=default).parsebytes(envelope.content))
        return "250 OK"


async def test_digest_by_email_through_a_real_smtp_server(tmp_path: Path) -> None:
    school = tmp_path / "school"
    shutil.copytree(ROOT / "school", school)
    text = (school / "school.yaml").read_text().replace("by: [telegram]", "by: [email]")
    (school / "school.yaml").write_text(text)
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
    done = subprocess.run([sys.executable, "-m", "bot", "digest", "--mentor", "Mentor 4A",
                           "--dry-run"], env=env, cwd=ROOT, capture_output=True, timeout=60)
    assert done.returncode == 0, done.stderr.decode()
    digest = done.stdout.decode()
    (tmp_path / "digest.txt").write_text(digest)
    lines = digest.splitlines()
    assert lines[0].startswith("📋 Overzicht voor Mentor 4A")
    assert lines[1].startswith("20 van 25 studenten reflecteerden")  # the summary line
    flags_at = next(i for i, line in enumerate(lines) if line.startswith("Eerst"))
    students_at = lines.index("Per student:")
    assert flags_at < students_at  # flags first
    assert lines[flags_at + 1].startswith("⚠️ Daan — Seksuele")  # urgent before concern
    assert lines[flags_at + 2].startswith("• Thijs — Wil stoppen")
    quiet = next(line for line in lines if line.startswith("Niet gereflecteerd (5): "))
    assert set(quiet.split(": ")[1].split(", ")) == {"Noor", "Thijs", "Zoë", "Luuk", "Sophie"}
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
