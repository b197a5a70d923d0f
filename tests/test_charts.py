"""Charts for the school's pages (bot/channels/web/school/charts.py): read back as XML, as a
person would look at them (a bar per week, heights in proportion, a gap for a missing week),
and shown in Chromium under the web chat's strict CSP, on a phone and on a desktop."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

from jinja2 import Environment
from markupsafe import Markup

from bot.channels.web.app import CSP
from bot.channels.web.school.charts import (
    WIDTH,
    competency_profile,
    horizontal_bars,
    mood_trend,
    week_bars,
)
from bot.core.competencies import COMPETENCIES

NS = "{http://www.w3.org/2000/svg}"
WEEKS = ["wk 43", "wk 44", "wk 45", "wk 46", "wk 47", "wk 48"]
STARTED = [10, 12, 0, 8, 14, 6]
DONE = [7, 12, 0, 4, 9, 3]
EVIL = '<script>alert("x")</script> & 4A'
MOOD_NAMES = {"great": "super", "good": "goed", "so_so": "gaat wel", "bad": "niet fijn"}


def parse(chart: Markup) -> tuple[ET.Element, ET.Element, ET.Element]:
    """The figure, its <svg> and its data <table>."""
    assert isinstance(chart, Markup)
    figure = ET.fromstring(str(chart))
    assert figure.tag == "figure" and figure.get("class") == "chart-figure"
    [svg] = [c for c in figure if c.tag == f"{NS}svg"]
    [box] = [c for c in figure if c.tag == "div"]
    assert "chart-data" in (box.get("class") or "").split()
    [table] = box
    assert table.tag == "table"
    return figure, svg, table


def by_class(svg: ET.Element, tag: str, name: str) -> list[ET.Element]:
    return [e for e in svg.iter(f"{NS}{tag}") if name in (e.get("class") or "").split()]


def rows_of(table: ET.Element) -> list[list[str]]:
    return [["".join(cell.itertext()) for cell in tr] for tr in table.iter("tr")]


def weeks_chart(**kwargs: object) -> Markup:
    return week_bars("Reflecties per week", WEEKS, {"gestart": STARTED, "afgerond": DONE},
                     description="Gestarte en afgeronde reflecties van 4A per week.",
                     week_header="Week", **kwargs)  # type: ignore[arg-type]


def moods_chart(moods: list[str | None]) -> Markup:
    return mood_trend("Stemming van Sanne", list(zip([*WEEKS, "wk 49", "wk 50"], moods,
                                                     strict=True)),
                      description="Stemming per week, de laatste 8 weken.",
                      mood_names=MOOD_NAMES, missing="geen reflectie", week_header="Week",
                      mood_header="Stemming")


def all_charts() -> list[Markup]:
    return [
        weeks_chart(),
        horizontal_bars("Competenties per klas", [("4A", 5), ("4B", 3), (EVIL, 0)],
                        description="Hoeveel van de vijf competenties aan bod kwamen.",
                        name_header="Klas", value_header="Competenties", max_value=5),
        moods_chart(["good", "great", None, "so_so", "bad", "bad", "good", "great"]),
        competency_profile({"kwaliteiten": 4, "netwerken": 1},
                           {key: key.capitalize() for key in COMPETENCIES},
                           title="Profiel van Sanne", description="Hoe vaak elke competentie "
                           "aan bod kwam.", name_header="Competentie", value_header="Keer"),
    ]


# -- what every chart has ----------------------------------------------------------------

def test_every_chart_is_an_accessible_svg_with_its_data_as_a_table() -> None:
    ids = set()
    for chart in all_charts():
        _, svg, table = parse(chart)
        assert svg.get("role") == "img"
        [title] = svg.findall(f"{NS}title")
        [desc] = svg.findall(f"{NS}desc")
        assert title.text and desc.text
        assert svg.get("aria-labelledby") == title.get("id")
        assert svg.get("aria-describedby") == desc.get("id")
        assert svg.get("width") == "100%"
        assert re.fullmatch(rf"0 0 {WIDTH} \d+", svg.get("viewBox") or "")
        caption = table.find("caption")
        assert caption is not None and caption.text == title.text
        assert [th.get("scope") for th in table.iter("th")][:2] == ["col", "col"]
        ids.add(title.get("id"))
    assert len(ids) == 4  # several charts on one page: distinct ids
    assert weeks_chart() == weeks_chart()  # the same data, the same markup


def test_no_chart_has_inline_styles() -> None:
    """The pages' CSP allows no inline styles: colours are presentation attributes."""
    for chart in all_charts():
        figure, _, _ = parse(chart)
        for element in figure.iter():
            assert "style" not in element.attrib, element.tag
            assert element.tag not in ("style", f"{NS}style", "script", f"{NS}script")
        assert "style=" not in chart and "<style" not in chart


def test_labels_are_escaped() -> None:
    chart = weeks_chart()
    evil = horizontal_bars(EVIL, [(EVIL, 2)], description=EVIL, name_header=EVIL,
                           value_header=EVIL)
    assert "<script" not in evil and "&lt;script&gt;" in evil and "&amp; 4A" in evil
    _, svg, table = parse(evil)
    texts = ["".join(e.itertext()) for e in svg.iter(f"{NS}text")]
    assert EVIL in texts  # drawn as text, exactly as written
    assert rows_of(table)[1] == [EVIL, "2"]
    rendered = Environment(autoescape=True).from_string("<main>{{ c }}</main>").render(c=chart)
    assert rendered == f"<main>{chart}</main>"  # Markup: Jinja2 does not escape it again


def luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(colour: str, background: str = "#ffffff") -> float:
    high, low = sorted((luminance(colour), luminance(background)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_colours_reach_wcag_aa_on_white_and_on_the_page_wash() -> None:
    for chart in all_charts():
        _, svg, _ = parse(chart)
        for element in svg.iter():
            tag = element.tag.removeprefix(NS)
            for background in ("#ffffff", "#f3f6fb"):  # app.css: --paper, --wash
                if tag == "text":
                    assert contrast(element.get("fill", "#000000"), background) >= 4.5
                elif tag in ("rect", "circle") and element.get("class"):
                    assert contrast(element.get("fill", "#000000"), background) >= 3
                elif tag == "polyline":
                    assert contrast(element.get("stroke", "#000000"), background) >= 3


# -- the weekly bars ---------------------------------------------------------------------

def test_week_bars_have_one_bar_per_week_and_series_in_proportion() -> None:
    _, svg, table = parse(weeks_chart())
    for i, values in enumerate((STARTED, DONE)):
        bars = by_class(svg, "rect", f"series-{i}")
        assert len(bars) == len(WEEKS)
        xs = [float(b.get("x", 0)) for b in bars]
        assert xs == sorted(xs)  # weeks left to right
        heights = [float(b.get("height", 0)) for b in bars]
        unit = heights[0] / values[0]
        for height, value in zip(heights, values, strict=True):
            assert abs(height - value * unit) < 0.05
        bottoms = {round(float(b.get("y", 0)) + float(b.get("height", 0)), 1) for b in bars}
        assert len(bottoms) == 1  # all on the same baseline
        titles = [b.find(f"{NS}title").text for b in bars]  # type: ignore[union-attr]
        assert titles[0] == f"wk 43 · {'gestart' if i == 0 else 'afgerond'}: {values[0]}"
    started, done = by_class(svg, "rect", "series-0"), by_class(svg, "rect", "series-1")
    assert all(float(s.get("x", 0)) < float(d.get("x", 0)) for s, d in zip(started, done,
                                                                          strict=True))
    assert float(started[2].get("height", 1)) == 0  # a week with nothing: no bar to see
    assert rows_of(table) == [["Week", "gestart", "afgerond"],
                              *([w, str(s), str(d)] for w, s, d in zip(WEEKS, STARTED, DONE,
                                                                      strict=True))]
    texts = ["".join(e.itertext()) for e in svg.iter(f"{NS}text")]
    assert texts.count("gestart") == 1 and texts.count("afgerond") == 1  # the legend
    assert set(WEEKS) <= set(texts)
    assert {"0", "10", "20"} <= set(texts)  # the axis: 14 rounds up to 20


def test_many_weeks_do_not_crowd_their_labels() -> None:
    weeks = [f"wk {n}" for n in range(1, 31)]
    chart = week_bars("30 weken", weeks, {"gestart": list(range(30))}, description="-",
                      week_header="Week")
    _, svg, table = parse(chart)
    assert len(by_class(svg, "rect", "series-0")) == 30
    shown = [t.text for t in svg.iter(f"{NS}text") if (t.text or "").startswith("wk")]
    assert 0 < len(shown) <= 12
    assert len(rows_of(table)) == 31  # the table keeps every week


def test_week_bars_refuse_data_that_does_not_fit() -> None:
    import pytest

    with pytest.raises(ValueError, match="6 weeks"):
        week_bars("x", WEEKS, {"a": [1, 2]}, description="-", week_header="Week")
    with pytest.raises(ValueError, match="at least one"):
        week_bars("x", WEEKS, {}, description="-", week_header="Week")


# -- horizontal bars and the competency profile ------------------------------------------

def test_horizontal_bars_are_in_proportion_to_the_full_value() -> None:
    rows = [("kwaliteiten", 100.0), ("stap: moment", 50.0), ("stap: actie", 12.5)]
    chart = horizontal_bars("Uitval per stap", rows, description="Wie elke stap haalde.",
                            name_header="Stap", value_header="Bereikt", unit="%",
                            max_value=100)
    _, svg, table = parse(chart)
    widths = [float(b.get("width", 0)) for b in by_class(svg, "rect", "bar")]
    assert widths[0] > 0 and widths[1] == widths[0] / 2 and widths[2] == widths[0] / 8
    ys = [float(b.get("y", 0)) for b in by_class(svg, "rect", "bar")]
    assert ys == sorted(ys)  # top to bottom in the given order
    assert rows_of(table)[1:] == [["kwaliteiten", "100%"], ["stap: moment", "50%"],
                                  ["stap: actie", "12.5%"]]


def test_a_long_label_is_shortened_in_the_picture_but_not_in_the_table() -> None:
    long = "Een hele lange naam van een groep die niet op een telefoon past 4A"
    _, svg, table = parse(horizontal_bars("x", [(long, 1)], description="-",
                                          name_header="Groep", value_header="n"))
    drawn = [t.text or "" for t in svg.iter(f"{NS}text")]
    assert any(t.endswith("…") and long.startswith(t[:-1]) for t in drawn)
    assert rows_of(table)[1][0] == long


def test_the_competency_profile_shows_all_five_in_order() -> None:
    names = {"kwaliteiten": "Qualities", "motieven": "Motives", "werkexploratie": "Work",
             "loopbaansturing": "Steering", "netwerken": "Networking"}
    _, svg, table = parse(competency_profile({"motieven": 3, "netwerken": 6}, names,
                                             title="Profile", description="-",
                                             name_header="Competency", value_header="Times"))
    assert rows_of(table)[1:] == [["Qualities", "0"], ["Motives", "3"], ["Work", "0"],
                                  ["Steering", "0"], ["Networking", "6"]]
    bars = by_class(svg, "rect", "bar")
    assert len(bars) == len(COMPETENCIES)
    widths = [float(b.get("width", 0)) for b in bars]
    assert widths[0] == 0 and widths[4] == 2 * widths[1]
    assert len({b.get("fill") for b in bars}) == 5  # each its own colour, as in the PNG


# -- the mood trend ----------------------------------------------------------------------

def points_of(line: ET.Element) -> list[tuple[float, float]]:
    return [(float(x), float(y)) for x, y in
            (p.split(",") for p in (line.get("points") or "").split())]


def test_the_mood_trend_has_a_gap_for_a_missing_week() -> None:
    moods: list[str | None] = ["good", "great", None, "so_so", "bad", "bad", "good", "great"]
    _, svg, table = parse(moods_chart(moods))
    dots = by_class(svg, "circle", "mood-dot")
    assert len(dots) == 7  # one per week with a mood
    lines = by_class(svg, "polyline", "mood-line")
    assert [len(points_of(line)) for line in lines] == [2, 5]  # broken at the third week
    xs = sorted({float(d.get("cx", 0)) for d in dots})
    step = xs[1] - xs[0]
    assert abs(xs[2] - xs[1] - 2 * step) < 0.05  # the missing week leaves its place empty
    y = {mood: float(d.get("cy", 0)) for mood, d in zip([m for m in moods if m], dots,
                                                        strict=True)}
    assert y["great"] < y["good"] < y["so_so"] < y["bad"]  # better is higher
    low = [d for d in dots if float(d.get("cy", 0)) == y["bad"]]
    assert len(low) == 2 and all(d.get("fill") != dots[0].get("fill") for d in low)
    assert rows_of(table)[1:4] == [["wk 43", "goed"], ["wk 44", "super"],
                                   ["wk 45", "geen reflectie"]]
    titles = [d.find(f"{NS}title").text for d in dots]  # type: ignore[union-attr]
    assert titles[0] == "wk 43: goed"


def test_lonely_weeks_and_unknown_moods() -> None:
    moods: list[str | None] = ["good", None, "bad", None, None, "ok_old", "great", None]
    _, svg, table = parse(moods_chart(moods))
    assert len(by_class(svg, "circle", "mood-dot")) == 3  # good, bad, great: no line joins them
    assert by_class(svg, "polyline", "mood-line") == []
    assert rows_of(table)[6] == ["wk 48", "ok_old"]  # kept as stored
    _, empty, _ = parse(moods_chart([None] * 8))
    assert by_class(empty, "circle", "mood-dot") == []


# -- in the browser ----------------------------------------------------------------------

def test_the_charts_fit_a_phone_and_a_desktop_under_the_strict_csp() -> None:
    """All four charts on one page with school.css, under the web chat's CSP (no inline
    styles at all): no violation, nothing fetched elsewhere, as wide as the page allows."""
    from tests.test_diagrams import Site, Watch, accessible, chromium, shot

    page = Environment(autoescape=True).from_string(
        '<!doctype html><html lang="nl"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<title>Cijfers</title><link rel="stylesheet" href="/static/app.css">'
        '<link rel="stylesheet" href="/static/school.css"></head>'
        '<body><main id="main"><h1>Cijfers</h1>{% for c in charts %}{{ c }}{% endfor %}'
        "</main></body></html>").render(charts=all_charts())
    with Site(page, CSP) as site:
        for width in (360, 1280):
            with chromium(width, 900) as driver:
                driver.get(site.url)
                sizes = driver.execute_script(
                    "return [...document.querySelectorAll('svg.chart-svg')].map(s => {"
                    "const r = s.getBoundingClientRect();"
                    "return [s.getAttribute('class'), r.left, r.right, r.height];"
                    "});")
                assert len(sizes) == 4
                for kind, left, right, height in sizes:
                    assert 0 <= left < right <= width and height > 20
                    # the room there is, up to 34rem (bars with labels 28rem, a trend 16rem)
                    most = 16 if "spark" in kind else 28 if "rows" in kind else 34
                    assert min(width - 48, most * 17) <= right - left <= most * 17, kind
                hidden = driver.execute_script(
                    "return [...document.querySelectorAll('.chart-data')].map("
                    "t => t.getBoundingClientRect().width);")
                assert hidden == [1, 1, 1, 1]  # for screen readers only
                assert driver.execute_script(  # and nothing sticks out sideways
                    "return document.documentElement.scrollWidth") <= width
                Watch(driver).assert_clean(site)
                accessible(driver, f"charts at {width}px")
                shot(driver, f"school-charts-{width}")
