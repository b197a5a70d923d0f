"""Invite sheets from a class list: read as schools export them, a printable PDF whose QR codes
and codes really work, a CSV for the records; listing and revoking codes."""

from __future__ import annotations

import csv
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from bot.loading.class_list import read_class_list
from bot.loading.problems import InvalidData
from tests.conftest import ROOT

pypdf = pytest.importorskip("pypdf")
zxingcpp = pytest.importorskip("zxingcpp")

NAMES = ["Sanne de Vries", "Daan Bakker", "Zoë Jansen", "Mohammed El Amrani", "Lisa Smit",
         "Noah Visser", "Emma Meijer", "Finn de Boer", "Julia Mulder", "Sem de Groot",
         "Tess Bos", "Lucas Vos", "Mila Peters", "Levi Hendriks", "Sara van Leeuwen",
         "Milan Dekker", "Eva Brouwer", "Luuk de Wit", "Anna Dijkstra", "Bram Smits",
         "Yara de Graaf", "Thijs van der Meer", "Fenna van der Linden", "Jesse Kok",
         "Nora Jacobs", "Ruben de Haan", "Lotte Vermeulen", "Ayoub Bouzid", "Fleur van den Berg",
         "Sven van Dijk"]


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    return {**clean, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data"), "PYTHONUNBUFFERED": "1",
            "LOOPBAANBOT_TELEGRAM_USERNAME": "SchoolReflectieBot"}


def loopbaanbot(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=ROOT,
                          capture_output=True, text=True, timeout=120)


def class_of_30(tmp_path: Path) -> Path:
    """As Magister exports it: Excel's CSV, semicolons, a BOM, first name apart."""
    rows = ["Roepnaam;Tussenvoegsel;Achternaam;Klas;Mentor"]
    for name in NAMES:
        first, *rest = name.split(" ")
        middle = " ".join(rest[:-1])
        rows.append(f"{first};{middle};{rest[-1]};4A;DVR")
    rows.append("Piet;;Post;4B;JNS")  # another class in the same export
    return write(tmp_path / "klas.csv", "\ufeff" + "\r\n".join(rows) + "\r\n")


def test_a_class_list_is_read_as_schools_export_it(tmp_path: Path) -> None:
    magister = read_class_list(class_of_30(tmp_path), "4a")
    assert [s.name for s in magister] == NAMES and {s.group for s in magister} == {"4A"}
    plain = write(tmp_path / "plain.csv", "Name,Class\nAnna Smit,4B\n\nBo de Wit,4B\n")
    assert [(s.name, s.group, s.line) for s in read_class_list(plain)] == [
        ("Anna Smit", "4B", 2), ("Bo de Wit", "4B", 4)]
    excel = write(tmp_path / "excel.csv", "Naam;Klas\r\nZoë Jansen;4C\r\n", "cp1252")
    assert read_class_list(excel)[0].name == "Zoë Jansen"
    no_class = write(tmp_path / "names.csv", "Leerling\nAnna\nBram\n")
    assert [s.group for s in read_class_list(no_class, "4D")] == ["4D", "4D"]


def test_a_class_list_with_mistakes_says_where(tmp_path: Path) -> None:
    wrong_header = write(tmp_path / "a.csv", "Nummer;Klas\n123;4A\n")
    with pytest.raises(InvalidData, match=r"a.csv:1: .*no name column .*'Nummer', 'Klas'"):
        read_class_list(wrong_header)
    missing = write(tmp_path / "b.csv", "Naam;Klas\nAnna;4A\n;4A\nBram;\n")
    with pytest.raises(InvalidData) as raised:
        read_class_list(missing)
    assert [(p.line, p.message) for p in raised.value.problems] == [
        (3, "this row has no name"), (4, "this row has no class: fill it in, or give --group")]
    with pytest.raises(InvalidData, match=r"no students of class '5C' \(classes in the file: 4A"):
        read_class_list(write(tmp_path / "c.csv", "Naam;Klas\nAnna;4A\n"), "5C")
    with pytest.raises(InvalidData, match="empty"):
        read_class_list(write(tmp_path / "d.csv", "\ufeff\n"))


def test_an_invite_sheet_for_a_class_of_30_prints_working_codes(env: dict[str, str],
                                                                 tmp_path: Path) -> None:
    out = tmp_path / "sheets"
    done = loopbaanbot("invite", "sheet", "--csv", str(class_of_30(tmp_path)), "--group", "4A",
                       "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "4A: 30 codes" in done.stdout
    with open(out / "uitnodigingen-4A.csv", encoding="utf-8-sig", newline="") as file:
        records = list(csv.DictReader(file, delimiter=";"))
    assert [r["naam"] for r in records] == NAMES
    reader = pypdf.PdfReader(out / "uitnodigingen-4A.pdf")
    assert len(reader.pages) == 4  # 8 slips a page
    text = "\n".join(page.extract_text() for page in reader.pages)
    decoded = [result.text for page in reader.pages for image in page.images
               for result in zxingcpp.read_barcodes(Image.open(io.BytesIO(image.data)))]
    for record in records:
        link = f"https://t.me/SchoolReflectieBot?start={record['code']}"
        assert record["naam"] in text and record["code"] in text and record["telegram"] == link
        assert f"/start {record['code']}" in text  # the way in without scanning
    assert decoded == [r["telegram"] for r in records]  # in the order of the class list
    listed = json.loads(loopbaanbot("invite", "list", "--json", env=env).stdout)
    assert sorted((r["code"], r["for"]) for r in listed) == sorted(
        (r["code"], r["naam"]) for r in records)


def _enrol(env: dict[str, str], code: str, telegram_id: int) -> object:
    import asyncio

    from bot.app import open_app
    from bot.config import Settings
    from bot.reflection import StudentRef
    from bot.storage.database import sessions
    from bot.students import StudentService

    async def enrol() -> object:
        settings = Settings(data_dir=Path(env["LOOPBAANBOT_DATA_DIR"]))
        async with open_app(settings) as core:
            students = StudentService(sessions(core.database))
            return await students.enrol(code, StudentRef.on("telegram", telegram_id), "Anna",
                                        "nl", None)

    return asyncio.run(enrol())


def _sheet_codes(folder: Path) -> dict[str, str]:
    with open(folder / "uitnodigingen-4A.csv", encoding="utf-8-sig", newline="") as file:
        return {r["naam"]: r["code"] for r in csv.DictReader(file, delimiter=";")}


def test_making_a_sheet_again_reprints_the_unused_codes_instead_of_making_new_ones(
        env: dict[str, str], tmp_path: Path) -> None:
    """Reprinting lost slips: the same students keep their one code (the mentor's digest
    and `invite list` would count every student twice otherwise); a student who enrolled
    gets no slip; --new-codes replaces the unused codes."""
    klas = write(tmp_path / "k.csv", "Naam;Klas\nAnna Smit;4A\nBo de Wit;4A\nCas Kok;4A\n")
    first = loopbaanbot("invite", "sheet", "--csv", str(klas), "--out", str(tmp_path / "1"),
                        env=env)
    assert first.returncode == 0, first.stderr
    assert "4A: 3 codes (0 reused, 3 new)" in first.stdout
    codes = _sheet_codes(tmp_path / "1")
    assert _enrol(env, codes["Anna Smit"], 77) is not None
    write(klas, "Naam;Klas\nAnna Smit;4A\nBo de Wit;4A\nCas  Kok;4A\nDirk Maas;4A\n")
    again = loopbaanbot("invite", "sheet", "--csv", str(klas), "--group", "4A", "--out",
                        str(tmp_path / "2"), env=env)
    assert again.returncode == 0, again.stderr
    assert "4A: 1 student(s) already enrolled, skipped" in again.stdout
    assert "4A: 3 codes (2 reused, 1 new)" in again.stdout
    reprinted = _sheet_codes(tmp_path / "2")
    assert list(reprinted) == ["Bo de Wit", "Cas Kok", "Dirk Maas"]  # Anna is in already
    assert reprinted["Bo de Wit"] == codes["Bo de Wit"]
    assert reprinted["Cas Kok"] == codes["Cas Kok"]
    assert "4A (student): 1 of 4 used" in loopbaanbot("invite", "list", env=env).stdout
    fresh = loopbaanbot("invite", "sheet", "--csv", str(klas), "--new-codes", "--out",
                        str(tmp_path / "3"), env=env)
    assert fresh.returncode == 0, fresh.stderr
    assert "4A: 3 codes (0 reused, 3 new; 3 old unused code(s) revoked)" in fresh.stdout
    renewed = _sheet_codes(tmp_path / "3")
    assert not set(renewed.values()) & set(reprinted.values())
    assert "4A (student): 1 of 4 used" in loopbaanbot("invite", "list", env=env).stdout
    assert _enrol(env, reprinted["Bo de Wit"], 78) is None  # the old slip no longer works


def test_names_in_any_alphabet_come_out_of_the_pdf_intact(env: dict[str, str],
                                                          tmp_path: Path) -> None:
    """Turkish, Polish and other letters outside Latin-1 (they used to print as '?')."""
    names = ["Göksu Yılmaz", "Ayşe Doğan", "Łukasz Wróbel", "Jiří Dvořák"]
    klas = write(tmp_path / "k.csv", "Naam;Klas\n" + "".join(f"{n};4A\n" for n in names))
    done = loopbaanbot("invite", "sheet", "--csv", str(klas), "--out", str(tmp_path), env=env)
    assert done.returncode == 0, done.stderr
    pdf = tmp_path / "uitnodigingen-4A.pdf"
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout
    read = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    for name in names:
        assert name in text and name in read
    assert "?" not in text.replace("?start=", "")


def test_codes_are_listed_per_class_and_an_unused_one_can_be_revoked(
        env: dict[str, str], tmp_path: Path) -> None:
    write(tmp_path / "k.csv", "Naam;Klas\nAnna Smit;4A\nBo de Wit;4A\nCas Kok;4B\n")
    assert loopbaanbot("invite", "sheet", "--csv", str(tmp_path / "k.csv"), "--out",
                       str(tmp_path), env=env).returncode == 0
    listing = loopbaanbot("invite", "list", env=env).stdout
    assert "4A (student): 0 of 2 used" in listing and "4B (student): 0 of 1 used" in listing
    codes = {r["for"]: r["code"] for r in json.loads(
        loopbaanbot("invite", "list", "--json", env=env).stdout)}
    revoked = loopbaanbot("invite", "revoke", codes["Bo de Wit"].lower(), env=env)
    assert revoked.returncode == 0 and "Bo de Wit" in revoked.stdout
    assert "Bo de Wit" not in loopbaanbot("invite", "list", "--group", "4a", env=env).stdout
    again = loopbaanbot("invite", "revoke", codes["Bo de Wit"], env=env)
    assert again.returncode == 2 and "revoked already" in again.stderr
    # a revoked code no longer enrols anyone; one that was used cannot be revoked
    import asyncio

    from bot.app import open_app
    from bot.config import Settings
    from bot.reflection import StudentRef
    from bot.storage.database import sessions
    from bot.students import StudentService

    async def enrol(code: str) -> object:
        settings = Settings(data_dir=Path(env["LOOPBAANBOT_DATA_DIR"]))
        async with open_app(settings) as core:
            students = StudentService(sessions(core.database))
            return await students.enrol(code, StudentRef.on("telegram", 77), "Anna", "nl", None)

    assert asyncio.run(enrol(codes["Bo de Wit"])) is None
    assert asyncio.run(enrol(codes["Anna Smit"])) is not None
    used = loopbaanbot("invite", "revoke", codes["Anna Smit"], env=env)
    assert used.returncode == 2 and "already used" in used.stderr and "by Anna" in used.stderr
    assert "used by Anna on" in loopbaanbot("invite", "list", env=env).stdout


def test_a_sheet_without_any_link_is_refused_before_any_code_is_made(
        env: dict[str, str], tmp_path: Path) -> None:
    del env["LOOPBAANBOT_TELEGRAM_USERNAME"]  # no username, no token, no web chat
    write(tmp_path / "k.csv", "Naam;Klas\nAnna;4A\n")
    done = loopbaanbot("invite", "sheet", "--csv", str(tmp_path / "k.csv"), env=env)
    assert done.returncode == 2 and "LOOPBAANBOT_TELEGRAM_USERNAME" in done.stderr
    assert json.loads(loopbaanbot("invite", "list", "--json", env=env).stdout) == []


def test_a_broken_class_list_is_refused_before_any_code_is_made(env: dict[str, str],
                                                                tmp_path: Path) -> None:
    write(tmp_path / "k.csv", "Naam;Klas\nAnna;4A\n;4A\n")
    done = loopbaanbot("invite", "sheet", "--csv", str(tmp_path / "k.csv"), env=env)
    assert done.returncode == 2 and "k.csv:3: class list: this row has no name" in done.stderr
    assert json.loads(loopbaanbot("invite", "list", "--json", env=env).stdout) == []
