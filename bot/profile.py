"""A student's competency profile: how often each competency came up, as bars or a picture."""

from __future__ import annotations

import io

from PIL import Image, ImageDraw, ImageFont

from bot.core.competencies import COMPETENCIES
from bot.core.texts import Texts

BAR = 20  # characters for the longest text bar


def text_bars(counts: dict[str, int], texts: Texts, lang: str) -> str:
    """Bars of █ and ░ for the console: one line per competency."""
    names = {key: texts.say(lang, f"digest.short.{key}") for key in COMPETENCIES}
    width = max(len(name) for name in names.values())
    top = max([*counts.values(), 1])
    lines = [texts.say(lang, "profile.title")]
    for key in COMPETENCIES:
        filled = round(BAR * counts.get(key, 0) / top)
        lines.append(f"{names[key]:<{width}}  {'█' * filled}{'░' * (BAR - filled)} "
                     f"{counts.get(key, 0)}")
    return "\n".join(lines)


def picture(counts: dict[str, int], texts: Texts, lang: str) -> bytes:
    """A small PNG bar chart for Telegram."""
    width, row, left, margin = 720, 64, 250, 24
    height = margin * 2 + 56 + row * len(COMPETENCIES)
    image = Image.new("RGB", (width, height), "white")
    draw = ImageDraw.Draw(image)
    title = ImageFont.load_default(size=30)
    label = ImageFont.load_default(size=24)
    draw.text((margin, margin), texts.say(lang, "profile.chart_title"), fill="#222222",
              font=title)
    top = max([*counts.values(), 1])
    colours = ["#2a9d8f", "#e76f51", "#264653", "#f4a261", "#8ab17d"]
    for i, key in enumerate(COMPETENCIES):
        y = margin + 56 + i * row
        count = counts.get(key, 0)
        draw.text((margin, y + 14), texts.say(lang, f"digest.short.{key}"), fill="#222222",
                  font=label)
        length = int((width - left - margin - 60) * count / top)
        draw.rounded_rectangle((left, y + 10, left + max(length, 4), y + row - 14), radius=8,
                               fill=colours[i])
        draw.text((left + max(length, 4) + 12, y + 14), str(count), fill="#222222", font=label)
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()
