"""Invite sheets to print and hand out: one slip per student with their name, a QR code of
their link, the code and how to start; and a CSV of the same for the school's records.

Made the same way from the command line (`invite sheet`) and the school's pages (/school/
invites): `make_sheets` checks the class's spelling, refuses when no link can be made, and
gives each listed student a code: the unused one they already have in that class (a sheet
made again reprints lost slips), else a new one; a student whose code is used is enrolled and
gets no slip. `slips_for` turns codes into slips.

QR codes with segno, the PDF with fpdf2 (both pure Python, kept, no system libraries); the
names in DejaVu Sans (bot/fonts/: Turkish, Polish and other letters beyond Latin-1)."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

import segno
from fpdf import FPDF

from bot.config import Settings
from bot.core.texts import Texts
from bot.students import StudentService

COLUMNS, ROWS = 2, 4  # slips per A4 page: cut along the lines
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
QR_MM = 34.0
FONTS = Path(__file__).resolve().parent / "fonts"
SANS = "DejaVuSans"  # the letters of every name (Turkish, Polish, ...); Helvetica: Latin-1


@dataclass(frozen=True)
class Slip:
    name: str
    group: str
    code: str
    link: str | None  # t.me deep link
    web_link: str | None  # the web chat's join page with the code


@dataclass(frozen=True)
class Sheet:
    """A class's sheet: a slip for each listed student not yet enrolled, in the list's
    order; how many codes were new and how many reused (unused codes they already had), and
    who was skipped because their code was used (enrolled already)."""

    slips: list[Slip]
    new: int = 0
    reused: int = 0
    enrolled: list[str] = field(default_factory=list)
    revoked: int = 0  # unused codes revoked first (fresh codes asked for)


class NoLinks(Exception):
    """A sheet needs links for its QR codes, and none can be made: no bot username (nor a
    token to ask Telegram for it) and no web address. No codes were made."""


class OtherSpelling(Exception):
    """The school already spells this class otherwise ('4a' next to '4A'): codes under both
    would make a second class without anyone noticing."""

    def __init__(self, group: str, known: str) -> None:
        super().__init__(group, known)
        self.group, self.known = group, known


class Coded(Protocol):
    """A code as made or listed (an Invitation, an InviteRow)."""

    @property
    def code(self) -> str: ...

    @property
    def name(self) -> str | None: ...


def links(web_url: str | None, username: str | None, code: str,
          role: str = "student") -> dict[str, str | None]:
    """The ways in with a code: `link` the bot's t.me deep link, `web_link` the web chat's
    join page (students only: mentors and coordinators enrol in Telegram)."""
    web = web_url.rstrip("/") if web_url else None
    return {"link": f"https://t.me/{username}?start={code}" if username else None,
            "web_link": f"{web}/join?code={code}" if web and role == "student" else None}


def slips_for(group: str, codes: Iterable[Coded], web_url: str | None,
          username: str | None) -> list[Slip]:
    """A slip per code, in the order given."""
    return [Slip(c.name or "", group, c.code, **links(web_url, username, c.code))
            for c in codes]


def file_stem(group: str) -> str:
    """The sheet's file name without its suffix: uitnodigingen-4A."""
    safe = "".join(ch if ch.isalnum() or ch in "-_" else "_" for ch in group) or "klas"
    return f"uitnodigingen-{safe}"


async def bot_username(settings: Settings, students: StudentService,
                       ask: Callable[[Settings], Awaitable[str | None]]) -> str | None:
    """The bot's username for links: the setting, what the bot learned on a run, or asked
    (from Telegram, by `ask`) now, and remembered."""
    if settings.telegram_username:
        return settings.telegram_username.lstrip("@")
    known = await students.username()
    if known:
        return str(known)
    asked = await ask(settings)
    if asked:
        await students.remember_username(asked)
    return asked


async def check_spelling(students: StudentService, groups: Iterable[str],
                         calendar_groups: Iterable[str]) -> None:
    """Raise OtherSpelling for a class the school already spells otherwise."""
    known = list(calendar_groups)
    for group in groups:
        other = await students.other_spelling(group, known)
        if other is not None:
            raise OtherSpelling(group, other)


async def make_sheets(students: StudentService, names: Mapping[str, Sequence[str]],
                      calendar_groups: Iterable[str], web_url: str | None,
                      username: str | None, fresh: bool = False) -> dict[str, Sheet]:
    """A code per name, per class (class -> names, in the list's order), as slips: a
    student's unused code in that class is reused (same name, same class), a student whose
    code there is used is skipped (enrolled), the others get a new one. `fresh`: their
    unused codes are revoked first, and every listed student not enrolled gets a new one. A
    class of only empty names gets that many new codes without names. Raises OtherSpelling or
    NoLinks before any code is made."""
    await check_spelling(students, names, calendar_groups)
    if not username and not web_url:  # slips nobody could use: make none
        raise NoLinks()
    sheets = {}
    for group, listed in names.items():
        if not any(listed):
            made = await students.create_invites("student", group, len(listed))
            sheets[group] = Sheet(slips_for(group, made, web_url, username), new=len(made))
            continue
        sheets[group] = await _sheet(students, group, list(listed), web_url, username, fresh)
    return sheets


async def _sheet(students: StudentService, group: str, listed: list[str], web_url: str | None,
                 username: str | None, fresh: bool) -> Sheet:
    used: dict[str, int] = {}
    unused: dict[str, list[Coded]] = {}
    for row in await students.invites(group):
        if row.role != "student" or row.group != group or not row.name:
            continue
        if row.used_at is not None:
            used[_key(row.name)] = used.get(_key(row.name), 0) + 1
        else:
            unused.setdefault(_key(row.name), []).append(row)
    revoked = 0
    if fresh:  # only the listed students' codes: others on another list keep theirs
        for key in {_key(name) for name in listed}:
            for old in unused.pop(key, []):
                revoked += (await students.revoke(old.code)) is not None
    enrolled: list[str] = []
    waiting: list[str] = []
    chosen: list[Coded | None] = []  # per waiting student: their unused code, or None
    for name in listed:
        key = _key(name)
        if used.get(key):  # a name listed twice in a class: one may be enrolled, one not
            used[key] -= 1
            enrolled.append(name)
            continue
        waiting.append(name)
        chosen.append(unused[key].pop(0) if unused.get(key) else None)
    missing = [name for name, code in zip(waiting, chosen, strict=True) if code is None]
    made = iter(await students.create_invites("student", group, len(missing), missing)
                if missing else [])
    codes: list[Coded] = [code if code is not None else next(made) for code in chosen]
    return Sheet(slips_for(group, codes, web_url, username), new=len(missing),
                 reused=len(codes) - len(missing), enrolled=enrolled, revoked=revoked)


def _key(name: str) -> str:
    """'sanne  de Vries' and 'Sanne de Vries' are one student on a class list."""
    return " ".join(name.split()).casefold()


def csv_text(slips: Sequence[Slip]) -> str:
    """For the school's records: who got which code (Excel opens it: BOM, semicolons)."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(["naam", "klas", "code", "telegram", "web"])
    for slip in slips:
        writer.writerow([_cell(slip.name), slip.group, slip.code, slip.link or "",
                         slip.web_link or ""])
    return out.getvalue()


def pdf_bytes(slips: Sequence[Slip], texts: Texts, lang: str) -> bytes:
    """A4 pages of slips; the QR code holds the Telegram link (else the web link)."""
    pdf = FPDF(format="A4")
    pdf.set_auto_page_break(False)
    pdf.set_margins(MARGIN, MARGIN)
    pdf.set_title(texts.say(lang, "sheet.title"))
    pdf.set_creator("Loopbaanbot")
    pdf.add_font(SANS, "", FONTS / "DejaVuSans.ttf")
    pdf.add_font(SANS, "B", FONTS / "DejaVuSans-Bold.ttf")
    width = (PAGE_W - 2 * MARGIN) / COLUMNS
    height = (PAGE_H - 2 * MARGIN) / ROWS
    per_page = COLUMNS * ROWS
    for index, slip in enumerate(slips):
        if index % per_page == 0:
            pdf.add_page()
        place = index % per_page
        x = MARGIN + (place % COLUMNS) * width
        y = MARGIN + (place // COLUMNS) * height
        _slip(pdf, slip, x, y, width, height, texts, lang)
    return bytes(pdf.output())


def _slip(pdf: FPDF, slip: Slip, x: float, y: float, w: float, h: float, texts: Texts,
          lang: str) -> None:
    say = texts.say
    pdf.set_draw_color(160, 160, 160)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=2, gap=2)  # the lines to cut along
    pdf.rect(x, y, w, h)
    pdf.set_dash_pattern()
    pad = 5.0
    pdf.set_text_color(0, 0, 0)
    pdf.set_xy(x + pad, y + pad)
    size = 13.0
    pdf.set_font(SANS, "B", size)
    while size > 8 and pdf.get_string_width(slip.name) > w - 2 * pad:  # a long name fits
        size -= 0.5
        pdf.set_font_size(size)
    pdf.cell(w - 2 * pad, 6, slip.name, new_x="LEFT", new_y="NEXT")
    pdf.set_font(SANS, "", 9)
    pdf.cell(w - 2 * pad, 5, say(lang, "sheet.subtitle", group=slip.group),
             new_x="LEFT", new_y="NEXT")
    target = slip.link or slip.web_link
    top = pdf.get_y() + 2
    if target:
        image = io.BytesIO()
        segno.make(target, error="m").save(image, kind="png", scale=6, border=2)
        image.seek(0)
        pdf.image(image, x=x + pad, y=top, w=QR_MM, h=QR_MM)
    text_x = x + pad + (QR_MM + 3 if target else 0)
    pdf.set_xy(text_x, top)
    pdf.set_font(SANS, "", 8)
    pdf.cell(0, 4, say(lang, "sheet.code_label"), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Courier", "B", 14)
    pdf.cell(0, 7, slip.code, new_x="LEFT", new_y="NEXT")
    pdf.set_font(SANS, "", 7.5)
    steps_w = x + w - pad - text_x
    for number in (1, 2, 3):
        key = f"sheet.step{number}" if slip.link else f"sheet.web_step{number}"
        pdf.multi_cell(steps_w, 3.6, f"{number}. {say(lang, key, code=slip.code)}",
                       align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x + pad, max(top + QR_MM + 2, pdf.get_y() + 1))  # below the QR and the steps
    pdf.set_font(SANS, "", 6.5)
    for link in (slip.link, slip.web_link):
        if link:
            pdf.cell(w - 2 * pad, 3.5, link, new_x="LEFT", new_y="NEXT")
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(w - 2 * pad, 3.2, say(lang, "sheet.privacy"), align="L")


def _cell(text: str) -> str:
    """A name never starts a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
