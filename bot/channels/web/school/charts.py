"""Charts for the school's pages, as inline SVG: no script, no image requests, no inline styles.

Every function returns `Markup` of one `<figure class="chart-figure">` holding two things:

* an `<svg role="img">` with a `<title>` (its accessible name) and a `<desc>`, scaled by its
  viewBox to the width of the page (`width="100%"`; static/school.css caps it on wide screens),
  coloured with SVG presentation attributes (fill=, stroke=), so the page's strict
  Content-Security-Policy (`style-src 'self'`, no `'unsafe-inline'`) holds: there are no `style`
  attributes and no `<style>` elements;
* a `<table>` (in `<div class="chart-data">`) with the same numbers as text, for screen
  readers (and to copy). static/school.css hides it visually (screen readers still read it);
  with `show_table=True` (`<div class="chart-data chart-data-shown">`) it is shown under the
  chart as well.

Colours reach WCAG AA on white: 4.5:1 for text, 3:1 (in fact 4.5:1 or more) for bars and lines.
Series are told apart by more than colour: a legend, a fixed order, and the table.

Every word shown comes from the caller (the school's language lives in prompts/, not here),
and every string is escaped: labels are student or school text. Nothing here reads a database.
"""

from __future__ import annotations

import hashlib
import math
import xml.etree.ElementTree as ET
from collections.abc import Mapping, Sequence

from markupsafe import Markup

from bot.core.competencies import COMPETENCIES
from bot.core.flow import LOW_MOOD, MOODS

SVG_NS = "http://www.w3.org/2000/svg"
INK = "#1d2433"  # text: 15.5:1 on white
SOFT = "#4a5468"  # axis and small text: 7.6:1
GRID = "#cfd6e4"  # grid lines only (decoration, carries no data)
SERIES = ("#1f5fbf", "#b45309", "#6a3d9a", "#0f766e")  # blue, amber, purple, teal: >= 5:1
COMPETENCY_COLOURS = dict(zip(COMPETENCIES, ("#0f766e", "#c2410c", "#264653", "#b45309",
                                             "#2e7d32"), strict=True))
LOW = "#b3261e"  # a bad day's dot: 6.5:1
WIDTH = 400  # viewBox units; 1 unit = 1 css px at 400 px, scaled to the space there is
FONT = 15
SMALL = 13
MAX_LABEL = 44  # characters of a label drawn in the SVG (the table keeps all of it)


def week_bars(title: str, weeks: Sequence[str], series: Mapping[str, Sequence[int]], *,
              description: str, week_header: str, show_table: bool = False) -> Markup:
    """Bars per week, one bar per series side by side (e.g. reflections started, completed).

    `weeks` are the labels under the groups ("wk 47"); each series has one value per week, in
    the same order (0 for a week without any). The y axis starts at 0 and ends at a round
    number; a value is written above its bar when there is room.
    """
    if not series:
        raise ValueError("week_bars needs at least one series")
    if len(series) > len(SERIES):
        raise ValueError(f"week_bars draws at most {len(SERIES)} series")
    for name, values in series.items():
        if len(values) != len(weeks):
            raise ValueError(f"series {name!r} has {len(values)} values for {len(weeks)} weeks")
    height, left, right, top, bottom = 220, 34, 6, 34, 26
    plot_w, plot_h = WIDTH - left - right, height - top - bottom
    top_value = _nice_top(max((v for vs in series.values() for v in vs), default=0))
    svg, ident = _svg(title, description, height, "chart-weeks", weeks, series)
    for tick in _ticks(top_value):
        y = top + plot_h - plot_h * tick / top_value
        _add(svg, "line", x1=left, x2=WIDTH - right, y1=y, y2=y, stroke=GRID,
             **{"stroke-width": 1})
        _text(svg, _number(tick), x=left - 6, y=y + 4, size=SMALL, fill=SOFT, anchor="end")
    legend_x = left
    for i, name in enumerate(series):  # the legend, above the plot
        _add(svg, "rect", x=legend_x, y=8, width=12, height=12, fill=SERIES[i])
        shown = _short(name, 24)
        _text(svg, shown, x=legend_x + 16, y=18, size=SMALL, fill=INK)
        legend_x += 16 + 7 * len(shown) + 18
    group = plot_w / max(len(weeks), 1)
    bar = group * 0.8 / len(series)
    every = math.ceil(len(weeks) / 12)  # at most 12 week labels, so they never overlap
    for w, week in enumerate(weeks):
        x0 = left + w * group + group * 0.1
        if w % every == 0:
            _text(svg, _short(week, 8), x=left + (w + 0.5) * group, y=height - 8, size=SMALL,
                  fill=INK, anchor="middle")
        for i, (name, values) in enumerate(series.items()):
            value = values[w]
            bar_h = plot_h * value / top_value
            rect = _add(svg, "rect", x=x0 + i * bar, y=top + plot_h - bar_h, width=bar * 0.92,
                        height=bar_h, fill=SERIES[i], **{"class": f"bar series-{i}"})
            _add(rect, "title").text = f"{week} · {name}: {_number(value)}"
            if bar >= 14:
                _text(svg, _number(value), x=x0 + (i + 0.46) * bar,
                      y=top + plot_h - bar_h - 4, size=SMALL if bar >= 18 else 10, fill=INK,
                      anchor="middle")
    _add(svg, "line", x1=left, x2=WIDTH - right, y1=top + plot_h, y2=top + plot_h, stroke=SOFT,
         **{"stroke-width": 1})
    rows = [[week, *(_number(vs[w]) for vs in series.values())] for w, week in enumerate(weeks)]
    return _figure(svg, ident, title, [week_header, *series], rows, show_table)


def horizontal_bars(title: str, rows: Sequence[tuple[str, float]], *, description: str,
                    name_header: str, value_header: str, unit: str = "",
                    max_value: float | None = None, colours: Sequence[str] | None = None,
                    show_table: bool = False) -> Markup:
    """One bar per row, its label above it and its value at its end: e.g. competencies covered
    per group, or how many students reached each step of a flow (drop-off).

    Labels go above the bars, so a long group name or step id fits a phone. `max_value` is the
    length of a full bar (e.g. 100 with unit "%"); by default the largest value. `colours`
    gives each row its own colour (default: all blue).
    """
    if colours is not None and len(colours) != len(rows):
        raise ValueError("one colour per row")
    row_h, top, bar_h, room = 42, 6, 16, 64
    height = top + row_h * len(rows) + 4
    full = max_value if max_value is not None else max((v for _, v in rows), default=0)
    full = full or 1
    svg, ident = _svg(title, description, height, "chart-rows", [r[0] for r in rows],
                      {value_header: [r[1] for r in rows]}, unit, full)
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        _text(svg, _short(label, MAX_LABEL), x=0, y=y + FONT, size=FONT, fill=INK)
        length = (WIDTH - room) * max(0.0, min(value, full)) / full
        rect = _add(svg, "rect", x=0, y=y + 20, width=length, height=bar_h,
                    fill=colours[i] if colours else SERIES[0], **{"class": "bar"})
        _add(rect, "title").text = f"{label}: {_number(value)}{unit}"
        _add(svg, "line", x1=0, x2=0, y1=y + 18, y2=y + 20 + bar_h + 2, stroke=SOFT,
             **{"stroke-width": 1})
        _text(svg, f"{_number(value)}{unit}", x=length + 6, y=y + 20 + bar_h - 3, size=FONT,
              fill=INK)
    table = [[label, f"{_number(value)}{unit}"] for label, value in rows]
    return _figure(svg, ident, title, [name_header, value_header], table, show_table)


def competency_profile(counts: Mapping[str, int], names: Mapping[str, str], *, title: str,
                       description: str, name_header: str, value_header: str,
                       show_table: bool = False) -> Markup:
    """One student's five competencies: how often each came up, always all five, in the
    usual order (a competency never talked about shows as 0, which is the point).
    `names` are the competencies' names in the page's language (digest.short.* in prompts/)."""
    rows = [(names.get(key, key), float(counts.get(key, 0))) for key in COMPETENCIES]
    return horizontal_bars(title, rows, description=description, name_header=name_header,
                           value_header=value_header, show_table=show_table,
                           colours=[COMPETENCY_COLOURS[key] for key in COMPETENCIES])


def mood_trend(title: str, weeks: Sequence[tuple[str, str | None]], *, description: str,
               mood_names: Mapping[str, str], missing: str, week_header: str,
               mood_header: str, show_table: bool = False) -> Markup:
    """A small line of one student's mood per week (e.g. the last 8 weeks), best at the top.

    Each week is (label, mood): a mood of bot.core.flow.MOODS ("great", "good", "so_so",
    "bad"), or None for a week without a reflection. A missing week is a gap in the line (no
    point, the line breaks); a bad week's dot is red and larger. A mood that is not one of
    MOODS (older conversations kept an option's own value) is drawn as a gap too; the table
    shows it as it was stored. `mood_names` are the moods as words (for the table and the
    dots' tooltips), `missing` the word for a week without one.
    """
    height, pad_x, pad_y = 64, 10, 10
    step_y = (height - 2 * pad_y) / (len(MOODS) - 1)
    step_x = (WIDTH - 2 * pad_x) / max(len(weeks) - 1, 1)
    svg, ident = _svg(title, description, height, "chart-spark", [w for w, _ in weeks],
                      {mood_header: [m or "" for _, m in weeks]})
    for level in (0, len(MOODS) - 1):  # the best and the worst mood, faint
        y = pad_y + level * step_y
        _add(svg, "line", x1=pad_x, x2=WIDTH - pad_x, y1=y, y2=y, stroke=GRID,
             **{"stroke-width": 1, "stroke-dasharray": "4 4"})
    points = [(pad_x + i * step_x, pad_y + MOODS.index(mood) * step_y) if mood in MOODS
              else None for i, (_, mood) in enumerate(weeks)]
    segment: list[tuple[float, float]] = []
    for point in [*points, None]:  # consecutive weeks with a mood are joined; a gap breaks
        if point is not None:
            segment.append(point)
            continue
        if len(segment) > 1:
            line = " ".join(f"{_coord(x)},{_coord(y)}" for x, y in segment)
            _add(svg, "polyline", points=line, fill="none", stroke=SERIES[0],
                 **{"stroke-width": 3, "stroke-linejoin": "round", "class": "mood-line"})
        segment = []
    for (week, mood), point in zip(weeks, points, strict=True):
        if point is None or mood is None:
            continue
        low = mood == LOW_MOOD
        dot = _add(svg, "circle", cx=point[0], cy=point[1], r=7 if low else 5,
                   fill=LOW if low else SERIES[0], stroke="#ffffff", **{"stroke-width": 2,
                                                                        "class": "mood-dot"})
        _add(dot, "title").text = f"{week}: {mood_names.get(mood, mood)}"
    rows = [[week, mood_names.get(mood, mood) if mood else missing] for week, mood in weeks]
    return _figure(svg, ident, title, [week_header, mood_header], rows, show_table)


# -- building blocks ---------------------------------------------------------------------

def _svg(title: str, description: str, height: int, kind: str, labels: Sequence[str],
         data: Mapping[str, Sequence[object]], *extra: object) -> tuple[ET.Element, str]:
    """The <svg> with its title and description; its id comes from its content, so a page
    with several charts has distinct ids, and the same chart is the same markup each time."""
    seed = repr((kind, title, description, list(labels), {k: list(v) for k, v in data.items()},
                 extra))
    ident = "chart-" + hashlib.sha256(seed.encode()).hexdigest()[:10]
    svg = ET.Element("svg", {"xmlns": SVG_NS, "class": f"chart-svg {kind}",
                             "viewBox": f"0 0 {WIDTH} {height}", "width": "100%",
                             "role": "img", "aria-labelledby": f"{ident}-t",
                             "aria-describedby": f"{ident}-d",
                             "font-family": "system-ui, sans-serif", "font-size": str(FONT)})
    _add(svg, "title", id=f"{ident}-t").text = title
    _add(svg, "desc", id=f"{ident}-d").text = description
    return svg, ident


def _figure(svg: ET.Element, ident: str, title: str, header: Sequence[str],
            rows: Sequence[Sequence[str]], show_table: bool) -> Markup:
    # The table sits in a <div>: a table ignores `width: 1px`, a div hides it properly.
    box = ET.Element("div", {"class": "chart-data" + (" chart-data-shown" if show_table
                                                      else "")})
    table = ET.SubElement(box, "table", {"id": f"{ident}-data"})
    ET.SubElement(table, "caption").text = title
    head = ET.SubElement(ET.SubElement(table, "thead"), "tr")
    for cell in header:
        ET.SubElement(head, "th", {"scope": "col"}).text = cell
    body = ET.SubElement(table, "tbody")
    for row in rows:
        tr = ET.SubElement(body, "tr")
        ET.SubElement(tr, "th", {"scope": "row"}).text = row[0]
        for cell in row[1:]:
            ET.SubElement(tr, "td").text = cell
    figure = ET.Element("figure", {"class": "chart-figure"})
    figure.append(svg)
    figure.append(box)
    # ElementTree escapes every text and attribute (& < > "), so labels cannot add markup.
    # Empty elements are written out in full (<td></td>): right for HTML and for SVG.
    return Markup(ET.tostring(figure, encoding="unicode", short_empty_elements=False))


def _add(parent: ET.Element, tag: str, **attributes: object) -> ET.Element:
    return ET.SubElement(parent, tag, {key.replace("_", "-"): _value(value)
                                       for key, value in attributes.items()})


def _text(parent: ET.Element, text: str, *, x: float, y: float, size: int, fill: str,
          anchor: str = "start") -> ET.Element:
    element = _add(parent, "text", x=x, y=y, fill=fill, **{"font-size": size,
                                                           "text-anchor": anchor})
    element.text = text
    return element


def _value(value: object) -> str:
    return _coord(value) if isinstance(value, float) else str(value)


def _coord(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".") or "0"


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:.1f}"


def _short(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1] + "…"


def _nice_top(largest: float) -> float:
    """The top of the axis: the largest value rounded up to 1, 2, 2.5 or 5 times a power of
    ten (at least 1), so the ticks are round numbers."""
    if largest <= 0:
        return 1
    power = 10.0 ** math.floor(math.log10(largest))
    for step in (1, 2, 2.5, 5, 10):
        if largest <= step * power:
            return step * power
    return 10 * power  # pragma: no cover - the loop always returns


def _ticks(top: float) -> list[float]:
    return [0, top] if top == 1 else [0, top / 2, top]
