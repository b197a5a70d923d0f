"""A class list as the school's administration system exports it (Magister, Somtoday, Excel):
one student per row, a name and a class. Semicolon or comma, UTF-8 with or without a BOM, or
Excel's Windows encoding; the header names the columns, in Dutch or English.

Problems name the file and line, as the flow files' do, so a school can mend the sheet."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from bot.loading.problems import FileProblem, InvalidData

MAX_BYTES = 2_000_000  # a school's whole roll is far smaller
MAX_ROWS = 5_000

# Header words, lower-cased and without spaces, dashes or underscores.
_FULL_NAME = ("naam", "name", "leerling", "student", "volledigenaam", "fullname",
              "leerlingnaam", "studentname")
_FIRST = ("roepnaam", "voornaam", "firstname", "givenname")
_MIDDLE = ("tussenvoegsel", "tussenvoegsels", "voorvoegsel", "prefix")
_LAST = ("achternaam", "lastname", "surname", "familienaam", "familyname")
_GROUP = ("klas", "class", "groep", "group", "stamklas", "klasgroep", "basisgroep")


@dataclass(frozen=True)
class ListedStudent:
    name: str
    group: str
    line: int


def read_class_list(path: Path, group: str | None = None) -> list[ListedStudent]:
    """The students of the list; with `group`, only that class (or everyone, when the list
    has no class column). Raises InvalidData with every problem found."""
    def fail(line: int, message: str) -> InvalidData:
        return InvalidData([FileProblem(str(path), line, "class list", message)])

    try:
        size = path.stat().st_size
    except OSError as exc:
        raise fail(0, f"cannot read the file: {exc.strerror or exc}") from exc
    if size > MAX_BYTES:
        raise fail(0, f"the file is {size:,} bytes; a class list is under {MAX_BYTES:,}")
    text = _decode(path.read_bytes())
    lines = text.splitlines()
    if not any(line.strip() for line in lines):
        raise fail(1, "the file is empty: export the class list with a header row "
                      "(e.g. 'Naam;Klas')")
    rows = list(csv.reader(io.StringIO(text), delimiter=_delimiter(lines)))
    header_at = next(i for i, row in enumerate(rows) if any(cell.strip() for cell in row))
    header = [_key(cell) for cell in rows[header_at]]
    columns = _columns(header)
    if columns is None:
        found = ", ".join(f"'{c.strip()}'" for c in rows[header_at] if c.strip())
        raise fail(header_at + 1, f"no name column in the header ({found}); name one "
                   "'Naam' (or 'Roepnaam' and 'Achternaam') and one 'Klas'")
    wanted = group.strip().casefold() if group else None
    found_students: list[ListedStudent] = []
    problems: list[FileProblem] = []
    for number, row in enumerate(rows[header_at + 1:], start=header_at + 2):
        if not any(cell.strip() for cell in row):
            continue
        name = " ".join(row[i].strip() for i in columns["name"] if i < len(row) and
                        row[i].strip())
        klass = row[columns["group"][0]].strip() if columns["group"] and \
            columns["group"][0] < len(row) else ""
        if not name:
            problems.append(FileProblem(str(path), number, "class list", "this row has no name"))
            continue
        if len(name) > 200:
            problems.append(FileProblem(str(path), number, "class list", "the name is over 200 "
                                        "characters: is the delimiter right?"))
            continue
        if wanted is not None and columns["group"] and klass.casefold() != wanted:
            continue
        chosen = klass or (group or "").strip()  # the list's own spelling of the class
        if not chosen:
            problems.append(FileProblem(str(path), number, "class list", "this row has no class: "
                                        "fill it in, or give --group"))
            continue
        found_students.append(ListedStudent(name, chosen, number))
    if len(found_students) > MAX_ROWS:
        problems.append(FileProblem(str(path), 0, "class list",
                                    f"{len(found_students)} students; at most {MAX_ROWS} a time"))
    if problems:
        raise InvalidData(problems)
    if not found_students:
        classes = sorted({row[columns["group"][0]].strip() for row in rows[header_at + 1:]
                          if columns["group"] and columns["group"][0] < len(row)} - {""})
        hint = f" (classes in the file: {', '.join(classes)})" if classes else ""
        raise fail(header_at + 1, f"no students of class '{group}'{hint}" if group
                   else "no students in the file")
    return found_students


def _decode(data: bytes) -> str:
    for encoding in ("utf-8-sig", "cp1252"):  # Excel on Windows saves "CSV" in cp1252
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def _delimiter(lines: list[str]) -> str:
    sample = "\n".join(lines[:20])
    try:
        return csv.Sniffer().sniff(sample, delimiters=";,\t").delimiter
    except csv.Error:
        first = next((line for line in lines if line.strip()), "")
        return max(";,\t", key=first.count)


def _key(cell: str) -> str:
    return "".join(ch for ch in cell.strip().lower() if ch.isalnum())


def _columns(header: list[str]) -> dict[str, list[int]] | None:
    def find(words: tuple[str, ...]) -> int | None:
        return next((i for i, key in enumerate(header) if key in words), None)

    full, first, middle, last = find(_FULL_NAME), find(_FIRST), find(_MIDDLE), find(_LAST)
    group = find(_GROUP)
    if first is not None and last is not None:
        name = [i for i in (first, middle, last) if i is not None]
    elif full is not None:
        name = [full]
    elif first is not None or last is not None:
        name = [i for i in (first, last) if i is not None]
    else:
        return None
    return {"name": name, "group": [group] if group is not None else []}
