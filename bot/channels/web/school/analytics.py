"""/school/analytics: how reflection goes, per group and per week, with charts and tables.

What a page shows comes from SQL aggregates (bot/mentors/school_pages.py); this module only
chooses (period, group), checks who may see it, and lays the numbers out as charts, tables and
CSV files. The rules are the service's: a mentor sees their own groups, a coordinator or
administrator every group, and a group of fewer than MIN_GROUP students shows no numbers
at all (on the page, and in every CSV). Every chart has a table with the same numbers, and
every table a CSV download (`/school/analytics/{table}.csv`, the same query string).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from urllib.parse import urlencode

from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from bot.channels.web.school.app import PREFIX, SchoolWeb
from bot.channels.web.school.charts import COMPETENCY_COLOURS, horizontal_bars, week_bars
from bot.core.competencies import COMPETENCIES
from bot.mentors.school_pages import (
    MIN_GROUP,
    Analytics,
    GroupNumbers,
    SchoolPages,
    weeks_back,
)
from bot.mentors.staff import Staff
from bot.storage.school_views import WeekCounts

PERIODS = (4, 12, 26)  # weeks to look back, as the period choice offers them
DEFAULT_WEEKS = 12
LOWEST_GROUPS = 12  # the completion chart shows at most this many groups, the lowest first
LOW_SHARE = 0.5  # a competency under half the average share is "little discussed"
TABLES = ("reflections", "actions", "groups", "drop_off", "competencies", "group_weeks")
Cell = str | int | None  # a table's cell: text, a number, or empty (withheld)
DASH = "\u2013"  # an empty cell on the page


@dataclass(frozen=True)
class Choice:
    """What the page shows: the last `weeks` weeks, of one group or of all visible ones."""

    weeks: int
    group: str | None
    since: date
    until: date

    def query(self) -> str:
        """The query string that chose it (for the CSV links and the form)."""
        return urlencode({"weeks": self.weeks, **({"group": self.group} if self.group else {})})


@dataclass
class Table:
    """One table: a caption, column headers, rows. `numeric` columns are right-aligned;
    `percent` columns show a % sign on the page (the CSV keeps the number)."""

    name: str
    caption: str
    header: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    percent: frozenset[int] = frozenset()
    total: list[Cell] | None = None  # a last row of sums (the table's foot)
    note: str | None = None  # said instead of rows (numbers withheld, nothing yet)
    csv_only: frozenset[int] = frozenset()  # columns in the CSV, not on the page
    withheld: dict[int, str] = field(default_factory=dict)  # row -> why it has no numbers

    @property
    def shown_header(self) -> list[str]:
        return [h for i, h in enumerate(self.header) if i not in self.csv_only]

    def cells(self, row: Sequence[Cell]) -> list[tuple[str, bool]]:
        """A row as the page shows it: each cell's text, and whether it is a number."""
        return [(self._shown(cell, column), isinstance(cell, int))
                for column, cell in enumerate(row) if column not in self.csv_only]

    def _shown(self, cell: Cell, column: int) -> str:
        if cell is None:
            return DASH
        if isinstance(cell, int) and column in self.percent:
            return f"{cell}%"
        return str(cell)


@dataclass(frozen=True)
class Section:
    """A chart (or none), a note under it, and its table."""

    title: str
    table: Table
    chart: Markup | None = None
    intro: str | None = None
    remark: str | None = None  # e.g. which competencies are little discussed
    wide: bool = False  # a wide table: under its chart, not next to it


class AnalyticsPages:
    def __init__(self, web: SchoolWeb, pages: SchoolPages,
                 clock: Callable[[], datetime]) -> None:
        self.web = web
        self.pages = pages
        self.clock = clock

    def routes(self) -> list[BaseRoute]:
        return [Route(f"{PREFIX}/analytics", self.page),
                Route(PREFIX + "/analytics/{table}.csv", self.csv)]

    async def page(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        choice = self._choice(request, staff)
        if choice is None:
            return self.web.forbidden(request, staff)
        lang = staff.language
        data = await self._numbers(staff, choice)
        layout = Layout(self.web, lang, choice, data, staff)
        return self.web.page(
            request, "school/analytics.html", lang, staff, choice=choice, periods=PERIODS,
            groups=await self.web.access.groups(staff), selected=layout.selected,
            sections=layout.sections(), withheld_note=layout.withheld_note(),
            left_out=data.withheld if choice.group is None else 0, min_group=MIN_GROUP)

    async def csv(self, request: Request) -> Response:
        staff = await self.web.signed_in(request)
        if isinstance(staff, Response):
            return staff
        name = str(request.path_params["table"])
        if name not in TABLES:
            return self.web.not_found(request, staff)
        choice = self._choice(request, staff)
        if choice is None:
            return self.web.forbidden(request, staff)
        data = await self._numbers(staff, choice)
        table = Layout(self.web, staff.language, choice, data, staff).table(name)
        scope = _file_part(choice.group) if choice.group else "alle"
        filename = f"loopbaanbot-{name}-{scope}-{choice.since}-{choice.until}.csv"
        return Response(csv_bytes(table), media_type="text/csv; charset=utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})

    def _choice(self, request: Request, staff: Staff) -> Choice | None:
        """The period and group asked for; None when the group is not theirs to see."""
        try:
            weeks = int(request.query_params.get("weeks", DEFAULT_WEEKS))
        except ValueError:
            weeks = DEFAULT_WEEKS
        if weeks not in PERIODS:
            weeks = DEFAULT_WEEKS
        group = " ".join(request.query_params.get("group", "").split())[:60] or None
        if group is not None and not staff.sees(group):
            return None
        until = self.clock().astimezone(self.web.zone).date()
        return Choice(weeks, group, weeks_back(until, weeks), until)

    async def _numbers(self, staff: Staff, choice: Choice) -> Analytics:
        visible = [choice.group] if choice.group else staff.visible
        data = await self.pages.analytics(visible, choice.since, choice.until)
        known = {g.group for g in data.groups}
        missing = [g for g in (visible or []) if g not in known]  # no students yet: withheld
        if not missing:
            return data
        groups = tuple(sorted([*data.groups, *(GroupNumbers(g, withheld=True) for g in missing)],
                              key=lambda g: g.group))
        return Analytics(data.since, data.until, data.weeks, groups, data.total,
                         data.withheld + len(missing))


class Layout:
    """The numbers of one choice as sections (chart, table) in the staff member's language."""

    def __init__(self, web: SchoolWeb, lang: str, choice: Choice, data: Analytics,
                 staff: Staff) -> None:
        self.web, self.lang, self.choice, self.data, self.staff = web, lang, choice, data, staff
        if choice.group is None:
            self.selected = data.total
        else:
            self.selected = next((g for g in data.groups if g.group == choice.group),
                                 GroupNumbers(choice.group, withheld=True))

    def say(self, key: str, **values: object) -> str:
        return self.web.say(self.lang, f"analytics.{key}", **values)

    # -- what is withheld ----------------------------------------------------------------

    def withheld_note(self) -> str | None:
        """Why the selection shows no numbers, if it does not."""
        if not self.selected.withheld:
            return None
        if self.choice.group is not None:
            return self.say("withheld_group", group=self.choice.group, min=MIN_GROUP)
        if not self.data.groups:
            return self.say("no_groups")
        return self.say("withheld_total", min=MIN_GROUP)

    # -- the sections --------------------------------------------------------------------

    def sections(self) -> list[Section]:
        found: list[Section] = []
        if not self.selected.withheld:
            found += [self.reflections(), self.actions()]
        if self.choice.group is None and self.data.groups:
            found.append(self.groups())
        if not self.selected.withheld:
            found += [self.drop_off(), self.competencies()]
        return found

    def table(self, name: str) -> Table:
        """A table by its name (for the CSV): withheld numbers stay out here too."""
        if name == "groups":
            return self.groups().table
        if name == "group_weeks":
            return self.group_weeks()
        build: dict[str, Callable[[], Section]] = {
            "reflections": self.reflections, "actions": self.actions,
            "drop_off": self.drop_off, "competencies": self.competencies}
        if self.selected.withheld:
            table = Table(name, self.say(f"{name}_title"), [self.say("col_note")])
            table.rows = [[self.withheld_note()]]
            return table
        return build[name]().table

    def weeks(self) -> list[WeekCounts]:
        """The selection's weeks, every week of the period (zeros where nothing happened)."""
        by_week = {w.week: w for w in self.selected.weeks}
        return [by_week.get(monday, WeekCounts(self.selected.group, monday, 0, 0, 0, 0, 0, 0, 0))
                for monday in self.data.weeks]

    def week_label(self, monday: date) -> str:
        """Under a chart's bars: short, so twelve of them fit a phone."""
        return self.say("week_short", week=monday.isocalendar().week)

    def week_long(self, monday: date) -> str:
        return self.say("week_long", week=monday.isocalendar().week,
                        day=monday.strftime("%d-%m"))

    def reflections(self) -> Section:
        weeks = self.weeks()
        table = Table("reflections", self.say("reflections_title"), [
            self.say("col_week"), self.say("col_enrolled"), self.say("col_active"),
            self.say("col_started"), self.say("col_completed"), self.say("col_rate")],
            percent=frozenset({5}))
        table.rows = [[self.week_long(w.week), w.enrolled, w.active, w.started, w.completed,
                       _rate(w.completed, w.started)] for w in weeks]
        started, completed = sum(w.started for w in weeks), sum(w.completed for w in weeks)
        table.total = [self.say("total"), weeks[-1].enrolled if weeks else 0, None, started,
                       completed, _rate(completed, started)]
        chart = week_bars(
            self.say("reflections_chart"), [self.week_label(w.week) for w in weeks],
            {self.say("col_active"): [w.active for w in weeks],
             self.say("col_started"): [w.started for w in weeks],
             self.say("col_completed"): [w.completed for w in weeks]},
            description=self.say("reflections_desc", started=started, completed=completed,
                                 rate=_shown_rate(completed, started)),
            week_header=self.say("col_week"))
        return Section(table.caption, table, chart, self.say("reflections_intro"))

    def actions(self) -> Section:
        weeks = self.weeks()
        table = Table("actions", self.say("actions_title"), [
            self.say("col_week"), self.say("col_actions_set"), self.say("col_actions_done"),
            self.say("col_overdue")])
        table.rows = [[self.week_long(w.week), w.actions_set, w.actions_done, w.overdue_at_end]
                      for w in weeks]
        made, done = sum(w.actions_set for w in weeks), sum(w.actions_done for w in weeks)
        table.total = [self.say("total"), made, done, None]
        chart = week_bars(
            self.say("actions_chart"), [self.week_label(w.week) for w in weeks],
            {self.say("col_actions_set"): [w.actions_set for w in weeks],
             self.say("col_actions_done"): [w.actions_done for w in weeks],
             self.say("col_overdue"): [w.overdue_at_end for w in weeks]},
            description=self.say("actions_desc", made=made, done=done,
                                 overdue=weeks[-1].overdue_at_end if weeks else 0),
            week_header=self.say("col_week"))
        return Section(table.caption, table, chart, self.say("actions_intro"))

    def groups(self) -> Section:
        table = Table("groups", self.say("groups_title"), [
            self.say("col_group"), self.say("col_students"), self.say("col_active_share"),
            self.say("col_started"), self.say("col_completed"), self.say("col_rate"),
            self.say("col_actions_set"), self.say("col_actions_done"), self.say("col_overdue"),
            self.say("col_least"), self.say("col_note")], percent=frozenset({2, 5}),
            csv_only=frozenset({10}))
        rates: list[tuple[str, float]] = []
        for group in self.data.groups:
            if group.withheld:
                note = self.say("note_withheld", min=MIN_GROUP)
                table.withheld[len(table.rows)] = note
                table.rows.append([group.group, *([None] * 9), note])
                continue
            weeks = group.weeks
            started = sum(w.started for w in weeks)
            completed = sum(w.completed for w in weeks)
            rate = _rate(completed, started)
            table.rows.append([
                group.group, group.students, _active_share(group),
                started, completed, rate, sum(w.actions_set for w in weeks),
                sum(w.actions_done for w in weeks),
                weeks[-1].overdue_at_end if weeks else 0, self._least(group.coverage), ""])
            if rate is not None:
                rates.append((group.group, float(rate)))
        chart = None
        if rates:
            lowest = sorted(rates, key=lambda r: (r[1], r[0]))[:LOWEST_GROUPS]
            title = (self.say("groups_chart") if len(rates) <= LOWEST_GROUPS
                     else self.say("groups_chart_lowest", count=LOWEST_GROUPS))
            chart = horizontal_bars(title, lowest, description=self.say("groups_desc"),
                                    name_header=self.say("col_group"),
                                    value_header=self.say("col_rate"), unit="%",
                                    max_value=100)
        return Section(table.caption, table, chart, self.say("groups_intro", min=MIN_GROUP),
                       wide=True)

    def drop_off(self) -> Section:
        stops = self.selected.drop_off
        total = sum(s.conversations for s in stops)
        table = Table("drop_off", self.say("drop_off_title"), [
            self.say("col_step"), self.say("col_flow"), self.say("col_stopped"),
            self.say("col_share")], percent=frozenset({3}))
        table.rows = [[s.step, s.flow, s.conversations, _rate(s.conversations, total)]
                      for s in stops]
        if not stops:
            table.note = self.say("drop_off_none")
            return Section(table.caption, table, None, self.say("drop_off_intro"))
        flows = {s.flow for s in stops}
        chart = horizontal_bars(
            self.say("drop_off_chart"),
            [(s.step if len(flows) == 1 else f"{s.flow} \u203a {s.step}", float(s.conversations))
             for s in stops[:LOWEST_GROUPS]],
            description=self.say("drop_off_desc", count=total),
            name_header=self.say("col_step"), value_header=self.say("col_stopped"))
        return Section(table.caption, table, chart, self.say("drop_off_intro"))

    def competencies(self) -> Section:
        covered = dict(self.selected.coverage)
        started = sum(w.started for w in self.weeks())
        table = Table("competencies", self.say("competencies_title"), [
            self.say("col_competency"), self.say("col_conversations"),
            self.say("col_share_conversations")], percent=frozenset({2}))
        names = {c: self.web.say(self.lang, f"digest.short.{c}") for c in COMPETENCIES}
        shares = {c: _rate(covered.get(c, 0), started) for c in COMPETENCIES}
        table.rows = [[names[c], covered.get(c, 0), shares[c]] for c in COMPETENCIES]
        if not any(covered.values()):
            table.note = self.say("competencies_none")
            return Section(table.caption, table, None, self.say("competencies_intro"))
        chart = horizontal_bars(
            self.say("competencies_chart"),
            [(names[c], float(shares[c] or 0)) for c in COMPETENCIES],
            description=self.say("competencies_desc", started=started),
            name_header=self.say("col_competency"),
            value_header=self.say("col_share_conversations"), unit="%", max_value=100,
            colours=[COMPETENCY_COLOURS[c] for c in COMPETENCIES])
        counts = [covered.get(c, 0) for c in COMPETENCIES]
        average = sum(counts) / len(counts)
        low = [names[c] for c in COMPETENCIES if covered.get(c, 0) < LOW_SHARE * average]
        remark = self.say("competencies_low", names=", ".join(low)) if low else None
        return Section(table.caption, table, chart, self.say("competencies_intro"), remark)

    def group_weeks(self) -> Table:
        """Every visible group, every week: the whole picture, for a spreadsheet (CSV only)."""
        table = Table("group_weeks", self.say("group_weeks_title"), [
            self.say("col_group"), self.say("col_week_start"), self.say("col_week"),
            self.say("col_enrolled"), self.say("col_active"), self.say("col_started"),
            self.say("col_completed"), self.say("col_rate"), self.say("col_actions_set"),
            self.say("col_actions_done"), self.say("col_overdue"), self.say("col_note")])
        for group in self.data.groups:
            if group.withheld:
                table.rows.append([group.group, *([None] * 10),
                                   self.say("note_withheld", min=MIN_GROUP)])
                continue
            by_week = {w.week: w for w in group.weeks}
            for monday in self.data.weeks:
                w = by_week.get(monday, WeekCounts(group.group, monday, 0, 0, 0, 0, 0, 0, 0))
                table.rows.append([group.group, monday.isoformat(), monday.isocalendar().week,
                                   w.enrolled, w.active, w.started, w.completed,
                                   _rate(w.completed, w.started), w.actions_set,
                                   w.actions_done, w.overdue_at_end, ""])
        return table

    def _least(self, coverage: Sequence[tuple[str, int]]) -> str:
        counts = dict(coverage)
        if not any(counts.values()):
            return ""
        least = min(COMPETENCIES, key=lambda c: (counts.get(c, 0), c != "netwerken"))
        return self.web.say(self.lang, f"digest.short.{least}")


def _rate(part: int, whole: int) -> int | None:
    """A whole percentage; None when there is nothing to divide by."""
    return round(100 * part / whole) if whole else None


def _shown_rate(part: int, whole: int) -> str:
    rate = _rate(part, whole)
    return DASH if rate is None else f"{rate}%"


def _active_share(group: GroupNumbers) -> int | None:
    """The share of the group's students who started a reflection, on average per week: of
    the students enrolled that week (a class that joined last week is not 'inactive' in the
    weeks before)."""
    enrolled = sum(w.enrolled for w in group.weeks)
    if not enrolled:
        return None
    return round(100 * sum(w.active for w in group.weeks) / enrolled)


def csv_bytes(table: Table) -> bytes:
    """A table as Excel opens it in the Netherlands: UTF-8 with a BOM, semicolons, CRLF.
    A cell never starts a formula (group and step names are the school's own text)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow([_safe(h) for h in table.header])
    for row in [*table.rows, *([table.total] if table.total else [])]:
        writer.writerow(["" if cell is None else cell if isinstance(cell, int) else _safe(cell)
                         for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _safe(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def _file_part(text: str) -> str:
    return "".join(ch if (ch.isalnum() and ch.isascii()) or ch in "-_" else "_"
                   for ch in text) or "klas"

