"""The README's school set-up, run as written: its commands in order, a class of 30 from a
CSV, a mentor and a coordinator enrolling in Telegram (the emulator), one student reflecting
from their slip, then the README's checks and digest."""

from __future__ import annotations

import csv
import re
import shlex
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import ROOT
from tests.test_telegram_e2e import (  # noqa: F401  (emulator is a fixture)
    ANSWER,
    MOMENT,
    Bot,
    Phone,
    emulator,
    environment,
    new_token,
)

FIRST = ["Sanne", "Daan", "Zoë", "Mohammed", "Lisa", "Noah", "Emma", "Finn", "Julia", "Sem",
         "Tess", "Lucas", "Mila", "Levi", "Sara", "Milan", "Eva", "Luuk", "Anna", "Bram",
         "Yara", "Thijs", "Fenna", "Jesse", "Nora", "Ruben", "Lotte", "Ayoub", "Fleur", "Sven"]


def readme_commands(section: str) -> list[list[str]]:
    """The `loopbaanbot` lines of a README section, as argument lists."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    found = re.search(rf"<!-- {section}:start -->(.*?)<!-- {section}:end -->", text, re.S)
    assert found, f"the README has no {section} section"
    commands = []
    for line in found.group(1).splitlines():
        line = line.split("  #")[0].strip().removeprefix(".venv/bin/")
        if line.startswith("loopbaanbot "):
            commands.append(shlex.split(line)[1:])
    return commands


def test_a_new_school_is_set_up_as_the_readme_says(emulator: str,  # noqa: F811
                                                   tmp_path: Path) -> None:
    started = time.monotonic()
    token = new_token()
    env = environment(tmp_path, emulator, token)
    with open(tmp_path / "klas4a.csv", "w", encoding="utf-8-sig", newline="") as file:
        rows = csv.writer(file, delimiter=";")
        rows.writerow(["Roepnaam", "Tussenvoegsel", "Achternaam", "Klas"])
        rows.writerows([name, "", f"Achternaam{i}", "4A"] for i, name in enumerate(FIRST))

    def run(args: list[str]) -> str:
        done = subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=tmp_path,
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, f"loopbaanbot {' '.join(args)}:\n{done.stderr}"
        return done.stdout

    outputs: dict[str, str] = {}
    bot: Bot | None = None
    try:
        for args in readme_commands("school-setup"):
            if args[0] == "run":
                bot = Bot(env, *args[1:])
                continue
            outputs[" ".join(args)] = run(args)
        assert bot is not None, "the README's set-up starts the bot"
        sheet = tmp_path / "uitnodigingen-4A.pdf"
        assert sheet.stat().st_size > 10_000
        with open(tmp_path / "uitnodigingen-4A.csv", encoding="utf-8-sig", newline="") as file:
            slips = list(csv.DictReader(file, delimiter=";"))
        assert len(slips) == 30 and all(s["telegram"].startswith("https://t.me/") for s in slips)
        mentor_code = _code(outputs["invite create --role mentor --group 4A"])
        coordinator_code = _code(outputs["invite create --role coordinator"])

        mentor = Phone(emulator, user_id=9101, token=token)
        mentor.user.update(first_name="Ellen", last_name="de Vries")
        mentor.send(f"/start {mentor_code}")
        assert "mentor van 4A" in mentor.texts()[0]
        coordinator = Phone(emulator, user_id=9102, token=token)
        coordinator.user.update(first_name="Jan", last_name="Jansen")
        coordinator.send(f"/start {coordinator_code}")
        assert "coördinator" in coordinator.texts()[0]

        student = Phone(emulator, user_id=9201, token=token)
        _, started_reflection = student.enrol(slips[0]["telegram"].split("start=")[1])
        assert "stagedag" in started_reflection[-1]
        student.press("Goed")
        student.texts()
        student.send(MOMENT)
        student.texts(2)
        student.press("Waar ben ik goed in?")
        student.texts()
        student.press("Nee, dit is genoeg")
        student.texts()
        student.send(ANSWER)
        student.texts(2)
        student.send("Vrijdag vraag ik mijn begeleider om feedback op mijn kassawerk")
        assert "Jouw actie" in " ".join(student.texts(2))
    finally:
        if bot is not None:
            bot.stop()
    checks = {" ".join(args): run(args) for args in readme_commands("school-check")}
    listing = checks["invite list --group 4A"]
    assert "4A (student): 1 of 30 used" in listing and "used by Sanne" in listing
    assert "Ellen de Vries" in checks["mentor list"] and "Jan Jansen" in checks["mentor list"]
    digest = checks["digest --mentor de Vries --dry-run"]
    assert digest.startswith("📋 Overzicht voor Ellen de Vries")
    assert "1 van 1 studenten reflecteerden" in digest
    assert "Nog niet begonnen, code niet gebruikt (29)" in digest
    assert time.monotonic() - started < 15 * 60


def _code(output: str) -> str:
    """The code of the one line of `invite create` output that has one."""
    [code] = [line.split()[0] for line in output.splitlines() if re.match(r"^[A-Z0-9]{10}\b",
                                                                            line)]
    return code
