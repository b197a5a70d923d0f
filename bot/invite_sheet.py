"""Invite sheets to print and hand out: one slip per student with their name, a QR code of
their link, the code and how to start; and a CSV of the same for the school's records.

QR codes with segno, the PDF with fpdf2 (both pure Python, kept, no system libraries)."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass

import segno
from fpdf import FPDF

from bot.core.texts import Texts

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
    pdf.dashed_line(x, y, x + w, y, 2, 2)
    pdf.dashed_line(x, y, x, y + h, 2, 2)
    pdf.dashed_line(x + w, y, x + w, y + h, 2, 2)
    pdf.dashed_line(x, y + h, x + w, y + h, 2, 2)
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
