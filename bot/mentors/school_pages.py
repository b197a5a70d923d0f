"""The school's pages in the browser: a class at a glance, one student, the school's numbers.

The rules live here, not in the queries (bot/storage/school_views.py): a mentor sees their own
groups only; the numbers of a group smaller than MIN_GROUP are withheld, so no student can be
recognised in them; students' own words show as the school's `mentor_sees` says; and who
needs attention follows the digest's rules (imported from digest.py, never copied)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.core.competencies import COMPETENCIES
from bot.mentors.digest import (
    FIRST_PERIOD,
    STUCK_AFTER,
    TOPIC_PERIOD,
    TREND,
    calendar_knows,
    is_overdue,
    is_stuck,
    last_internship_day,
    low_in_a_row,
    missed_since,
)
from bot.mentors.service import NotYours
from bot.reflection import utc_now
from bot.school import InternshipCalendar
from bot.storage import mentors as stored
from bot.storage import school_views as views
from bot.storage.school_views import (
    ActionHistory,
    ActionLine,
    ClassRow,
    FlagHistory,
    ReflectionLine,
    StepCount,
    WeekCounts,
    Weeks,
)

MIN_GROUP = 5  # a group's numbers are shown from this many students on
MOOD_WEEKS = 8  # the class overview's mood columns

# Why a student needs attention, in the order the page lists them (as the digest does).
QUIET, NEVER_STARTED, STUCK, OVERDUE, LOW_MOODS = (
    "quiet", "never_started", "stuck", "overdue", "low_moods")
REASONS = (QUIET, NEVER_STARTED, STUCK, OVERDUE, LOW_MOODS)


# -- a class at a glance ------------------------------------------------------------------

@dataclass(frozen=True)
class StudentLine:
    """One student on the class overview."""

    id: int
    name: str
    reflections: int
    last_reflected: datetime | None
    moods: tuple[str | None, ...]  # per week of `ClassOverview.weeks`, oldest first
    competencies: tuple[str, ...]  # talked about in the last TOPIC_PERIOD
    action: ActionLine | None  # the newest; its text None when the school shows no words
    overdue: int
    open_flags: int
    stuck_since: datetime | None  # stopped halfway, STUCK_AFTER ago or longer
    expected_since: date | None  # the internship day they have not reflected since
    low_in_a_row: bool
    reasons: tuple[str, ...]  # why they need attention (of REASONS), none: they are fine


@dataclass(frozen=True)
class ClassNumbers:
    """The class as numbers; for a group smaller than MIN_GROUP withheld, and then empty."""

    withheld: bool
    students: int | None = None
    reflected: int | None = None  # students who reflected in the last FIRST_PERIOD
    reflections: int | None = None  # completed, ever
    overdue: int | None = None  # actions
    topics: tuple[tuple[str, int], ...] | None = None  # students per competency, 30 days


@dataclass(frozen=True)
class ClassOverview:
    group: str
    now: datetime
    weeks: tuple[date, ...]  # the Mondays of the mood columns
    calendar_known: bool  # "quiet" means since the last internship day (else: in a week)
    flagged: tuple[StudentLine, ...]  # open flags, most first
    attention: tuple[StudentLine, ...]  # not flagged, with reasons, by reason then name
    never_started: tuple[str, ...]  # names on invite sheets whose code was never used
    everyone: tuple[StudentLine, ...]  # the whole class, by name
    numbers: ClassNumbers


# -- one student ----------------------------------------------------------------------------

@dataclass(frozen=True)
class StudentView:
    """A student's page. What `mentor_sees` withholds is None or empty here, never read:
    'never' no words of theirs; 'summary' their actions; 'quotes' also their moments of the
    day and what they learned from an action."""

    id: int
    name: str
    group: str
    mentor_sees: str
    reflections: tuple[ReflectionLine, ...]  # newest first
    actions: tuple[ActionHistory, ...]  # newest first, each with its history
    flags: tuple[FlagHistory, ...]  # newest first, each with who did what
    profile: tuple[tuple[str, int], ...]  # conversations per competency, in COMPETENCIES order
    overdue: tuple[int, ...]  # ids of actions still open whose day has passed


# -- the school's numbers -------------------------------------------------------------------

@dataclass(frozen=True)
class GroupNumbers:
    """One group over the weeks; withheld (no numbers at all) below MIN_GROUP students."""

    group: str
    withheld: bool
    students: int | None = None
    weeks: tuple[WeekCounts, ...] = ()
    drop_off: tuple[StepCount, ...] = ()  # most first
    coverage: tuple[tuple[str, int], ...] = ()  # conversations per competency


@dataclass(frozen=True)
class Analytics:
    since: date
    until: date
    weeks: tuple[date, ...]  # Mondays
    groups: tuple[GroupNumbers, ...]  # by name
    total: GroupNumbers  # the shown groups summed (withheld groups left out, see `total`)
    withheld: int  # groups whose numbers are withheld


class SchoolPages:
    """What the school's pages show, for one signed-in member of staff: `groups_visible`
    are the groups they may see (None: every group, for a coordinator or administrator)."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], zone: ZoneInfo,
                 calendar: InternshipCalendar | None = None,
                 clock: Callable[[], datetime] = utc_now) -> None:
        self.sessions = sessions
        self.zone = zone
        self.calendar = calendar
        self.clock = clock

    async def class_overview(self, groups_visible: list[str] | None, group: str,
                             now: datetime, *, mentor_sees: str = "never") -> ClassOverview:
        """Open flags first, then who needs attention, then the whole class. Raises NotYours
        for a group outside `groups_visible`. The newest action's text shows unless the
        school's `mentor_sees` is 'never' (the default, so no words show by mistake)."""
        _check(groups_visible, group)
        async with self.sessions() as session:
            rows = await views.class_rows(session, group, now, MOOD_WEEKS, zone=self.zone,
                                          topics=TOPIC_PERIOD, moods_since=now - TREND,
                                          action_texts=mentor_sees != "never")
            never = [name for name, _ in await stored.never_started(session, [group])]
        weeks = Weeks.last(MOOD_WEEKS, now, self.zone)
        known = calendar_knows(self.calendar, [group])
        day = self._last_internship_day(group, now)
        lines = [_line(row, now, known, day, self.zone) for row in rows]
        return _overview(group, now, weeks.mondays, known, lines, never, rows)

    async def student(self, groups_visible: list[str] | None, student_id: int,
                      mentor_sees: str) -> StudentView:
        """Raises NotYours for a student outside `groups_visible`, or one that does not exist
        (a page says the same either way)."""
        async with self.sessions() as session:
            found, group = await views.student_group(session, student_id)
            if not found or (groups_visible is not None and group not in groups_visible):
                raise NotYours(student_id)
            page = await views.student_page(session, student_id,
                                            action_texts=mentor_sees != "never",
                                            moments=mentor_sees == "quotes")
        if page is None:  # deleted in between
            raise NotYours(student_id)
        today = self.clock().astimezone(self.zone).date()
        return StudentView(page.id, page.name, page.group or "", mentor_sees, page.reflections,
                           page.actions, page.flags, _in_order(page.profile),
                           tuple(a.id for a in page.actions
                                 if is_overdue(a.status, a.due, today)))

    async def analytics(self, groups_visible: list[str] | None, since: date,
                        until: date) -> Analytics:
        """Each visible group per calendar week from `since` to `until`, where reflections
        stop, and which competencies they cover."""
        weeks = Weeks.covering(since, until, self.zone)
        numbers = await views.school_numbers(self.sessions, groups_visible, weeks,
                                             self.clock() - STUCK_AFTER)
        sizes, counts, stops, covered = (numbers.sizes, numbers.weeks, numbers.drop_off,
                                         numbers.coverage)
        weeks_of: dict[str, list[WeekCounts]] = defaultdict(list)
        for week in counts:
            weeks_of[week.group].append(week)
        stops_of: dict[str, list[StepCount]] = defaultdict(list)
        for stop in stops:
            stops_of[stop.group].append(stop)
        groups = tuple(_group_numbers(group, size, weeks_of[group], stops_of[group],
                                      covered.get(group, {}))
                       for group, size in sorted(sizes.items()))
        shown = [g for g in groups if not g.withheld]
        return Analytics(since, until, weeks.mondays, groups, _total(shown, weeks),
                         len(groups) - len(shown))

    def _last_internship_day(self, group: str, now: datetime) -> date | None:
        if self.calendar is None:
            return None
        return last_internship_day(self.calendar, group, now.astimezone(self.zone).date())


def _check(groups_visible: list[str] | None, group: str) -> None:
    if groups_visible is not None and group not in groups_visible:
        raise NotYours(group)


def _line(row: ClassRow, now: datetime, calendar_known: bool, day: date | None,
          zone: ZoneInfo) -> StudentLine:
    """A student's line and why they need attention, by the digest's rules. Without a
    calendar for the group, "quiet" is no reflection in the last FIRST_PERIOD (as in a
    mentor's first digest)."""
    stuck = row.in_progress_since if (
        row.in_progress_since and is_stuck(row.in_progress_since, now)) else None
    expected = missed_since(day, row.last_reflected, zone, row.created_at,
                            row.in_progress_since)
    low = low_in_a_row(row.last_moods)
    quiet = (expected is not None if calendar_known else
             row.last_reflected is None or now - row.last_reflected >= FIRST_PERIOD)
    reasons = tuple(reason for reason, applies in (
        (QUIET, quiet and not stuck), (STUCK, stuck is not None),
        (OVERDUE, row.overdue > 0), (LOW_MOODS, low)) if applies)
    return StudentLine(row.id, row.name, row.reflections, row.last_reflected, row.moods,
                       row.competencies, row.action, row.overdue, row.open_flags, stuck,
                       expected, low, reasons)


def _overview(group: str, now: datetime, mondays: tuple[date, ...], calendar_known: bool,
              lines: list[StudentLine], never: list[str], rows: list[ClassRow]) -> ClassOverview:
    """Sorted as the digest reads: flags (most first), then attention by reason, then all."""
    flagged = sorted((s for s in lines if s.open_flags), key=lambda s: (-s.open_flags, s.name))
    attention = sorted((s for s in lines if s.reasons and not s.open_flags),
                       key=lambda s: (REASONS.index(s.reasons[0]), s.name))
    return ClassOverview(group, now, mondays, calendar_known, tuple(flagged), tuple(attention),
                         tuple(never), tuple(sorted(lines, key=lambda s: s.name)),
                         _class_numbers(lines, rows, now))


def _class_numbers(lines: list[StudentLine], rows: list[ClassRow],
                   now: datetime) -> ClassNumbers:
    """Counted from the class's rows (a class is tens of students, not the school)."""
    if len(lines) < MIN_GROUP:
        return ClassNumbers(withheld=True)
    return ClassNumbers(
        False, len(lines),
        sum(1 for s in lines if s.last_reflected and now - s.last_reflected < FIRST_PERIOD),
        sum(s.reflections for s in lines), sum(s.overdue for s in lines),
        _in_order(_students_per_topic(rows)))


def _students_per_topic(rows: Iterable[ClassRow]) -> dict[str, int]:
    counts: dict[str, int] = {}
    for row in rows:
        for competency in row.competencies:
            counts[competency] = counts.get(competency, 0) + 1
    return counts


def _in_order(counts: dict[str, int]) -> tuple[tuple[str, int], ...]:
    """Every competency in the usual order, zeros included (a gap is worth seeing)."""
    return tuple((c, counts.get(c, 0)) for c in COMPETENCIES)


def _group_numbers(group: str, size: int, weeks: list[WeekCounts], stops: list[StepCount],
                   covered: dict[str, int]) -> GroupNumbers:
    if size < MIN_GROUP:
        return GroupNumbers(group, withheld=True)
    return GroupNumbers(group, False, size, tuple(weeks), tuple(stops), _in_order(covered))


def _total(shown: list[GroupNumbers], weeks: Weeks) -> GroupNumbers:
    """The shown groups summed. Withheld groups stay out: with them in, a small group's
    numbers would be the total minus the others."""
    if sum(g.students or 0 for g in shown) < MIN_GROUP:
        return GroupNumbers("", withheld=True)
    sums = {monday: [0] * len(_WEEK_NUMBERS) for monday in weeks.mondays}
    for group in shown:
        for week in group.weeks:
            sums[week.week] = [n + getattr(week, key)
                               for n, key in zip(sums[week.week], _WEEK_NUMBERS, strict=True)]
    per_week = [WeekCounts("", monday, *sums[monday]) for monday in weeks.mondays]
    stops: dict[tuple[str, str], int] = {}
    for group in shown:
        for stop in group.drop_off:
            stops[stop.flow, stop.step] = stops.get((stop.flow, stop.step), 0) + stop.conversations
    covered = {c: sum(dict(g.coverage).get(c, 0) for g in shown) for c in COMPETENCIES}
    return GroupNumbers("", False, sum(g.students or 0 for g in shown), tuple(per_week),
                        tuple(StepCount("", flow, step, n) for (flow, step), n in
                              sorted(stops.items(), key=lambda item: -item[1])),
                        _in_order(covered))


_WEEK_NUMBERS = ("enrolled", "active", "started", "completed", "actions_set", "actions_done",
                 "overdue_at_end")


def weeks_back(until: date, count: int) -> date:
    """The first day of `count` calendar weeks ending with the one holding `until`."""
    return until - timedelta(days=until.weekday(), weeks=count - 1)
