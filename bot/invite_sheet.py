"""Invite sheets to print and hand out: one slip per student with their name, a QR code of
their link, the code and how to start; and a CSV of the same for the school's records.

Made the same way from the command line (`invite sheet`) and the school's pages (/school/
invites): `make_sheets` checks the class's spelling, refuses when no link can be made, and
makes one code per student; `slips_for` turns codes into slips.

QR codes with segno, the PDF with fpdf2 (both pure Python, kept, no system libraries)."""

from __future__ import annotations

import csv
import io
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

import segno
from fpdf import FPDF

from bot.config import Settings
from bot.core.texts import Texts
from bot.students import StudentService

COLUMNS, ROWS = 2, 4  # slips per A4 page: cut along the lines
PAGE_W, PAGE_H, MARGIN = 210.0, 297.0, 10.0
QR_MM = 34.0


@dataclass(frozen=True)
class Slip:
    name: str
    group: str
    code: str
    link: str | None  # t.me deep link
    web_link: str | None  # the web chat's join page with the code


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
                      username: str | None) -> dict[str, list[Slip]]:
    """One new student code per name, per class (class -> names, in the list's order), as
    slips; a class of only empty names gets codes without names. Raises OtherSpelling or
    NoLinks before any code is made."""
    await check_spelling(students, names, calendar_groups)
    if not username and not web_url:  # slips nobody could use: make none
        raise NoLinks()
    made = {group: await students.create_invites("student", group, len(listed),
                                                 list(listed) if any(listed) else None)
            for group, listed in names.items()}
    return {group: slips_for(group, codes, web_url, username) for group, codes in made.items()}


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
    pdf.set_font("Helvetica", "B", 13)
    pdf.cell(w - 2 * pad, 6, _latin(slip.name), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 9)
    pdf.cell(w - 2 * pad, 5, _latin(say(lang, "sheet.subtitle", group=slip.group)),
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
    pdf.set_font("Helvetica", "", 8)
    pdf.cell(0, 4, _latin(say(lang, "sheet.code_label")), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Courier", "B", 14)
    pdf.cell(0, 7, slip.code, new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "", 8)
    steps_w = x + w - pad - text_x
    for number in (1, 2, 3):
        key = f"sheet.step{number}" if slip.link else f"sheet.web_step{number}"
        pdf.multi_cell(steps_w, 3.6, _latin(f"{number}. {say(lang, key, code=slip.code)}"),
                       align="L", new_x="LEFT", new_y="NEXT")
    pdf.set_xy(x + pad, top + QR_MM + 2)
    pdf.set_font("Helvetica", "", 7)
    for link in (slip.link, slip.web_link):
        if link:
            pdf.cell(w - 2 * pad, 3.5, _latin(link), new_x="LEFT", new_y="NEXT")
    pdf.set_font("Helvetica", "I", 7)
    pdf.set_text_color(90, 90, 90)
    pdf.multi_cell(w - 2 * pad, 3.2, _latin(say(lang, "sheet.privacy")), align="L")


def _latin(text: str) -> str:
    """The PDF's core fonts hold Latin-1 (é, ë, ü of Dutch names); anything else is
    replaced rather than failing the sheet."""
    return text.encode("latin-1", "replace").decode("latin-1")


def _cell(text: str) -> str:
    """A name never starts a spreadsheet formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text
