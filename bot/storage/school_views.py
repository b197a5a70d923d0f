"""What the school's pages read: a class at a glance, one student's page, and the school's
numbers per week. A school holds some 50,000 conversations and a page has 300 ms, so every
count is an SQL aggregate (GROUP BY, window functions) and Python only shapes the few rows
that come back. The same statements run on SQLite and PostgreSQL.

Weeks are calendar weeks (Monday to Sunday) in the school's time zone. Timestamps are stored
in UTC (on SQLite as text that sorts like the instant it names), so a week is bucketed by
comparing with the instants its Mondays begin, never by date functions of one dialect.

Who may see what (their groups, small groups, students' own words) is the service's rule
(bot/mentors/school_pages.py); these queries take the groups (None: every group)."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from sqlalchemy import (
    ColumnElement,
    CompoundSelect,
    ScalarSelect,
    Select,
    case,
    distinct,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.engine import Result, Row
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.storage.models import (
    COMPETENCY_BITS,
    Action,
    ActionEvent,
    Answer,
    Conversation,
    Flag,
    FlagEvent,
    Mentor,
    Student,
)

Rows = Select[*tuple[Any, ...]]  # a statement of any columns
Q = TypeVar("Q", bound=Rows)
Statement = Rows | CompoundSelect[Any]
Found = Sequence[Row[*tuple[Any, ...]]]  # the rows a statement returned

COMPLETED, ACTIVE, ABANDONED = "completed", "active", "abandoned"
OPEN = "open"  # an action nobody reviewed yet: overdue once its day has passed
DONE = "done"
RESOLVED = "resolved"  # a flag that is not resolved is open for the mentor
MOOD, MOMENT = "mood", "moment"  # Answer.kind of the day's mood and the moment of the day
TOPICS = timedelta(days=30)  # a class row's competencies: answers given in these last days


# -- weeks ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Weeks:
    """Consecutive calendar weeks in the school's time zone, by their Mondays."""

    mondays: tuple[date, ...]
    zone: ZoneInfo

    @classmethod
    def covering(cls, since: date, until: date, zone: ZoneInfo) -> Weeks:
        """Every week holding a day from `since` to `until` (both included)."""
        first = since - timedelta(days=since.weekday())
        count = (until - first).days // 7 + 1
        return cls(tuple(first + timedelta(weeks=i) for i in range(max(count, 1))), zone)

    @classmethod
    def last(cls, count: int, now: datetime, zone: ZoneInfo) -> Weeks:
        """The last `count` weeks, the one holding `now` (so far) the last of them."""
        today = now.astimezone(zone).date()
        return cls.covering(today - timedelta(weeks=count - 1), today, zone)

    @property
    def ends(self) -> tuple[date, ...]:
        """The Monday after each week: what is due before it is overdue at the week's end."""
        return tuple(monday + timedelta(weeks=1) for monday in self.mondays)

    @property
    def edges(self) -> list[datetime]:
        """The instants (UTC) the weeks begin, and the one the last ends: one more than weeks."""
        return [self._instant(day) for day in (*self.mondays, self.ends[-1])]

    def _instant(self, day: date) -> datetime:
        return datetime.combine(day, time(), tzinfo=self.zone).astimezone(UTC)


def week_of(column: Any, edges: Sequence[datetime]) -> ColumnElement[Any]:
    """The index of the week a timestamp falls in (0 for the first; -1 before the first,
    len(weeks) from the end of the last). A CASE over the weeks' first instants: the same
    SQL on every database, right across summer time, and the values compared as the column
    stores them. Nested as a binary search: four comparisons a row for twelve weeks, not
    twelve (SQLite evaluates it for every row it counts)."""
    return _counted_below(column, list(edges), 0, len(edges), -1)


def _counted_below(column: Any, bounds: list[Any], low: int, high: int,
                   offset: int = 0) -> ColumnElement[Any]:
    """How many bounds are at or below the value (plus `offset`), knowing it is from `low`
    to `high`; the bounds ascending."""
    if low == high:
        return literal(low + offset)
    middle = (low + high) // 2
    return case((column < bounds[middle],
                 _counted_below(column, bounds, low, middle, offset)),
                else_=_counted_below(column, bounds, middle + 1, high, offset))


async def _run(session: AsyncSession, query: Statement) -> Result[*tuple[Any, ...]]:
    """A Core statement on the session's connection: the ORM session's own execute costs
    several times as much per row, and some of these return thousands."""
    return await (await session.connection()).execute(query)


def _in(column: Any, edges: Sequence[datetime]) -> ColumnElement[bool]:
    inside: ColumnElement[bool] = (column >= edges[0]) & (column < edges[-1])
    return inside


def _of_groups(query: Q, groups: list[str] | None) -> Q:
    return query if groups is None else query.where(Student.group_name.in_(groups))


# -- a class at a glance ----------------------------------------------------------------------

@dataclass(frozen=True)
class ActionLine:
    text: str | None  # the student's own words: None when not asked for
    due: date
    status: str


@dataclass(frozen=True)
class ClassRow:
    """One student of a class, as their mentor sees them at a glance."""

    id: int
    name: str
    created_at: datetime
    last_reflected: datetime | None  # the end of their latest completed reflection
    reflections: int  # completed, ever
    moods: tuple[str | None, ...]  # per week, oldest first: the newest mood of that week
    last_moods: tuple[str, ...]  # their last two moods (oldest first), for "low in a row"
    competencies: tuple[str, ...]  # talked about in answers of the last `TOPICS` days
    action: ActionLine | None  # the newest they set
    overdue: int  # actions still open whose day has passed
    open_flags: int  # flags not yet resolved
    in_progress_since: datetime | None  # an unfinished conversation they answered in: moved


async def class_rows(session: AsyncSession, group: str, now: datetime, weeks: int = 8, *,
                     zone: ZoneInfo | None = None, topics: timedelta = TOPICS,
                     moods_since: datetime | None = None,
                     action_texts: bool = True) -> list[ClassRow]:
    """A row per student of the group, by name. Four statements whatever the class size:
    the counts per student, the moods per week, the last moods, the competencies.
    `last_moods` are of reflections ended from `moods_since` (default: the first of the
    `weeks`); the newest action's text is read only with `action_texts`."""
    zone = zone or ZoneInfo("UTC")
    span = Weeks.last(weeks, now, zone)
    edges = span.edges
    today = now.astimezone(zone).date()
    counted = _counts(group, today, action_texts).order_by(Student.name, Student.id)
    rows = (await _run(session, counted)).all()
    moods = await _moods_per_week(session, group, edges)
    last = await _last_moods(session, group, moods_since or edges[0])
    topics_of = await _competencies(session, group, now - topics)
    return [ClassRow(
        row.id, row.name, row.created_at, row.last_reflected, int(row.reflections or 0),
        tuple(moods.get((row.id, week)) for week in range(len(span.mondays))),
        tuple(last.get(row.id, ())), tuple(sorted(topics_of.get(row.id, ()))),
        ActionLine(row.action_text, row.action_due, row.action_status)
        if row.action_due is not None else None,
        int(row.overdue or 0), int(row.open_flags or 0), row.in_progress_since)
        for row in rows]


def _counts(group: str, today: date, action_texts: bool) -> Rows:
    """The students of a group joined to a per-student aggregate of each table. Each
    aggregate reads the group's students only (through their ids), never the school."""
    ids = _ids_in(group)
    reflected = (select(Conversation.student_id,
                        func.max(Conversation.ended_at).label("last_reflected"),
                        func.count().label("reflections"))
                 .where(Conversation.student_id.in_(ids), Conversation.status == COMPLETED)
                 .group_by(Conversation.student_id).subquery())
    moving = (select(Conversation.student_id,
                     func.max(Conversation.updated_at).label("in_progress_since"))
              .where(Conversation.student_id.in_(ids), Conversation.status == ACTIVE,
                     Conversation.turns > 1)  # the student answered at least once
              .group_by(Conversation.student_id).subquery())
    newest = (select(Action.student_id, Action.text, Action.due, Action.status,
                     func.row_number().over(partition_by=Action.student_id,
                                            order_by=(Action.created_at.desc(),
                                                      Action.id.desc())).label("rank"))
              .where(Action.student_id.in_(ids)).subquery())
    overdue = (select(Action.student_id, func.count().label("overdue"))
               .where(Action.student_id.in_(ids), Action.status == OPEN, Action.due < today)
               .group_by(Action.student_id).subquery())
    flags = (select(Flag.student_id, func.count().label("open_flags"))
             .where(Flag.student_id.in_(ids), Flag.status != RESOLVED)
             .group_by(Flag.student_id).subquery())
    return (select(Student.id, Student.name, Student.created_at,
                   reflected.c.last_reflected, reflected.c.reflections,
                   moving.c.in_progress_since,
                   (newest.c.text if action_texts else null()).label("action_text"),
                   newest.c.due.label("action_due"),
                   newest.c.status.label("action_status"),
                   overdue.c.overdue, flags.c.open_flags)
            .outerjoin(reflected, reflected.c.student_id == Student.id)
            .outerjoin(moving, moving.c.student_id == Student.id)
            .outerjoin(newest, (newest.c.student_id == Student.id) & (newest.c.rank == 1))
            .outerjoin(overdue, overdue.c.student_id == Student.id)
            .outerjoin(flags, flags.c.student_id == Student.id)
            .where(Student.group_name == group))


def _ids_in(group: str) -> ScalarSelect[int]:
    """The group's students' ids, for `student_id IN (...)`: the big tables are then read
    through their student_id indexes. (A join with students let SQLite, which keeps no
    statistics here, scan all the answers of the school instead.)"""
    return select(Student.id).where(Student.group_name == group).scalar_subquery()


def _of_group(group: str) -> ColumnElement[bool]:
    return Conversation.student_id.in_(_ids_in(group))


def _completed_moods(group: str) -> Rows:
    return (select(Conversation.student_id, Conversation.ended_at, Answer.text)
            .join(Answer, Answer.conversation_id == Conversation.id)
            .where(_of_group(group), Conversation.status == COMPLETED, Answer.kind == MOOD))


async def _moods_per_week(session: AsyncSession, group: str,
                          edges: Sequence[datetime]) -> dict[tuple[int, int], str]:
    """(student, week) -> the newest mood that week; weeks without one are absent."""
    base = _completed_moods(group).where(_in(Conversation.ended_at, edges))
    week = week_of(Conversation.ended_at, edges)
    ranked = base.add_columns(
        week.label("week"),
        func.row_number().over(partition_by=(Conversation.student_id, week),
                               order_by=(Conversation.ended_at.desc(), Answer.id.desc()))
        .label("rank")).subquery()
    newest = select(ranked.c.student_id, ranked.c.week, ranked.c.text).where(ranked.c.rank == 1)
    rows = await _run(session, newest)
    return {(student, int(week)): mood for student, week, mood in rows.all()}


async def _last_moods(session: AsyncSession, group: str,
                      since: datetime) -> dict[int, list[str]]:
    """student -> their last two moods since then, oldest first."""
    ranked = _completed_moods(group).where(Conversation.ended_at >= since).add_columns(
        func.row_number().over(partition_by=Conversation.student_id,
                               order_by=(Conversation.ended_at.desc(), Answer.id.desc()))
        .label("rank")).subquery()
    last_two = (select(ranked.c.student_id, ranked.c.text).where(ranked.c.rank <= 2)
                .order_by(ranked.c.student_id, ranked.c.rank.desc()))
    rows = await _run(session, last_two)
    found: dict[int, list[str]] = defaultdict(list)
    for student, mood in rows.all():
        found[student].append(mood)
    return found


async def _competencies(session: AsyncSession, group: str,
                        since: datetime) -> dict[int, set[str]]:
    query = (select(Conversation.student_id, Answer.competency).distinct()
             .join(Answer, Answer.conversation_id == Conversation.id)
             .where(_of_group(group), Answer.competency.is_not(None),
                    Answer.created_at >= since))
    rows = await _run(session, query)
    found: dict[int, set[str]] = defaultdict(set)
    for student, competency in rows.all():
        found[student].add(str(competency))
    return found


# -- one student ------------------------------------------------------------------------------

@dataclass(frozen=True)
class ReflectionLine:
    id: int
    started: datetime
    ended: datetime | None
    status: str
    flow: str
    competencies: tuple[str, ...]
    mood: str | None
    moments: tuple[str, ...]  # the student's own words: only when asked for


@dataclass(frozen=True)
class ActionStep:
    """One event in an action's history: set, reviewed, rescheduled, done, dropped."""

    kind: str
    outcome: str | None
    due: date | None
    learning: str | None  # the student's own words: only when asked for
    at: datetime


@dataclass(frozen=True)
class ActionHistory:
    id: int
    text: str | None  # the student's own words: only when asked for
    due: date
    status: str
    kind: str
    learning: str | None  # the student's own words: only when asked for
    created_at: datetime
    history: tuple[ActionStep, ...]  # oldest first


@dataclass(frozen=True)
class FlagStep:
    kind: str  # alerted | escalated | acknowledged | resolved
    by: str | None  # the mentor's name
    note: str | None
    at: datetime


@dataclass(frozen=True)
class FlagHistory:
    id: int
    level: str
    reason: str
    rule: str
    status: str
    created_at: datetime
    acknowledged_at: datetime | None
    resolved_at: datetime | None
    history: tuple[FlagStep, ...]  # oldest first


@dataclass(frozen=True)
class StudentPage:
    id: int
    name: str
    group: str | None
    created_at: datetime
    reflections: tuple[ReflectionLine, ...]  # newest first
    actions: tuple[ActionHistory, ...]  # newest first
    flags: tuple[FlagHistory, ...]  # newest first
    profile: dict[str, int]  # conversations per competency, ever


async def student_group(session: AsyncSession, student_id: int) -> tuple[bool, str | None]:
    """Whether the student exists, and their group: the service checks it before reading."""
    row = (await _run(session, select(Student.group_name).where(Student.id == student_id))
           ).first()
    return (False, None) if row is None else (True, row.group_name)


async def student_page(session: AsyncSession, student_id: int, *, action_texts: bool = False,
                       moments: bool = False, reflections: int = 100) -> StudentPage | None:
    """A student's reflections, actions and flags with their histories, and how often they
    talked about each competency. Their own words are read only when asked for (the
    service decides by the school's setting): `action_texts` the actions they set,
    `moments` their moments of the day and what they learned from an action."""
    student = await session.get(Student, student_id)
    if student is None:
        return None
    return StudentPage(
        student.id, student.name, student.group_name, student.created_at,
        tuple(await _reflections(session, student_id, moments, reflections)),
        tuple(await _actions(session, student_id, action_texts, moments)),
        tuple(await _flags(session, student_id)),
        await _profile(session, student_id))


async def _reflections(session: AsyncSession, student_id: int, moments: bool,
                       limit: int) -> list[ReflectionLine]:
    query = (select(Conversation.id, Conversation.started_at, Conversation.ended_at,
                    Conversation.status, Conversation.flow)
             .where(Conversation.student_id == student_id)
             .order_by(Conversation.started_at.desc(), Conversation.id.desc()).limit(limit))
    found = (await _run(session, query)).all()
    ids = [row.id for row in found]
    topics: dict[int, set[str]] = defaultdict(set)
    covered = select(Answer.conversation_id, Answer.competency).distinct().where(
        Answer.conversation_id.in_(ids), Answer.competency.is_not(None))
    for conversation, competency in (await _run(session, covered)).all():
        topics[conversation].add(str(competency))
    kinds = (MOOD, MOMENT) if moments else (MOOD,)
    said: dict[int, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    answers = (select(Answer.conversation_id, Answer.kind, Answer.text)
               .where(Answer.conversation_id.in_(ids), Answer.kind.in_(kinds))
               .order_by(Answer.id))
    for conversation, kind, text in (await _run(session, answers)).all():
        said[conversation][kind].append(text)
    return [ReflectionLine(row.id, row.started_at, row.ended_at, row.status, row.flow,
                           tuple(sorted(topics[row.id])),
                           next(reversed(said[row.id][MOOD]), None),
                           tuple(said[row.id][MOMENT])) for row in found]


async def _actions(session: AsyncSession, student_id: int, texts: bool,
                   learning: bool) -> list[ActionHistory]:
    found = (await session.scalars(select(Action).where(Action.student_id == student_id)
                                   .order_by(Action.created_at.desc(), Action.id.desc()))).all()
    steps: dict[int, list[ActionStep]] = defaultdict(list)
    for event in (await session.scalars(select(ActionEvent).where(
            ActionEvent.action_id.in_([a.id for a in found]))
            .order_by(ActionEvent.at, ActionEvent.id))).all():
        steps[event.action_id].append(ActionStep(
            event.kind, event.outcome, event.due, event.learning if learning else None,
            event.at))
    return [ActionHistory(a.id, a.text if texts else None, a.due, a.status, a.kind,
                          a.learning if learning else None, a.created_at,
                          tuple(steps[a.id])) for a in found]


async def _flags(session: AsyncSession, student_id: int) -> list[FlagHistory]:
    found = (await session.scalars(select(Flag).where(Flag.student_id == student_id)
                                   .order_by(Flag.created_at.desc(), Flag.id.desc()))).all()
    steps: dict[int, list[FlagStep]] = defaultdict(list)
    events = (select(FlagEvent.flag_id, FlagEvent.kind, Mentor.name, FlagEvent.note,
                     FlagEvent.at)
              .outerjoin(Mentor, Mentor.id == FlagEvent.mentor_id)
              .where(FlagEvent.flag_id.in_([f.id for f in found]))
              .order_by(FlagEvent.at, FlagEvent.id))
    for flag_id, kind, by, note, at in (await _run(session, events)).all():
        steps[flag_id].append(FlagStep(kind, by, note, at))
    return [FlagHistory(f.id, f.level, f.reason, f.rule, f.status, f.created_at,
                        f.acknowledged_at, f.resolved_at, tuple(steps[f.id])) for f in found]


async def _profile(session: AsyncSession, student_id: int) -> dict[str, int]:
    query = (select(Answer.competency, func.count(distinct(Answer.conversation_id)))
             .join(Conversation, Conversation.id == Answer.conversation_id)
             .where(Conversation.student_id == student_id, Answer.competency.is_not(None))
             .group_by(Answer.competency))
    rows = await _run(session, query)
    return {str(competency): int(count) for competency, count in rows.all()}


# -- the school's numbers -------------------------------------------------------------------

@dataclass(frozen=True)
class WeekCounts:
    """One group in one week. Conversations count in the week they started: `started`
    all of them, `completed` those of them completed (so far), `active` the students who
    started one. `actions_set`: actions set that week. `actions_done`: actions whose status
    is done, in the week of their latest review (the one that said done, unless a later one
    in the same conversation added what they learned). `overdue_at_end`: actions open at
    the week's end whose day had passed then, approximated from what is stored now: an
    action counts with its current day (a new day given later moves it), and as open until
    its latest review."""

    group: str
    week: date  # its Monday
    enrolled: int  # students of the group created before the week's end
    active: int
    started: int
    completed: int
    actions_set: int
    actions_done: int
    overdue_at_end: int

    @property
    def iso_week(self) -> tuple[int, int]:
        """(ISO year, ISO week number): how schools name a week ("week 48")."""
        year, week, _ = self.week.isocalendar()
        return year, week


_COUNTS = ("enrolled", "active", "started", "completed", "actions_set", "actions_done",
           "overdue_at_end")


async def weekly(session: AsyncSession, groups: list[str] | None,
                 weeks: Weeks) -> list[WeekCounts]:
    """Every group with students, every week, zeros included; by group, then week. Three
    aggregate statements for the whole school, whatever its size: students, conversations,
    actions."""
    found = [(await _run(session, query)).all() for query in _weekly(groups, weeks)]
    return _week_counts(weeks, *found)


def _weekly(groups: list[str] | None, weeks: Weeks) -> tuple[Statement, ...]:
    return (_enrolled(groups, weeks), _started(groups, weeks.edges),
            _actions_per_week(groups, weeks))


def _week_counts(weeks: Weeks, enrolled: Found, started: Found,
                 actions: Found) -> list[WeekCounts]:
    counts: dict[tuple[str, int], dict[str, int]] = defaultdict(
        lambda: dict.fromkeys(_COUNTS, 0))
    for group, *values in enrolled:
        for week, value in enumerate(values):
            counts[group, week]["enrolled"] = int(value or 0)
    for group, week, started_, completed, active, *_ in started:
        counts[group, week] |= {"started": int(started_), "completed": int(completed or 0),
                                "active": int(active)}
    _fold_actions(actions, weeks, counts)
    names = sorted({group for group, _ in counts if group is not None})
    return [WeekCounts(group, monday, **counts[group, week])
            for group in names for week, monday in enumerate(weeks.mondays)]


def _enrolled(groups: list[str] | None, weeks: Weeks) -> Rows:
    """Per group, one count per week: its students created before the week's end."""
    per_week = (func.sum(case((Student.created_at < end, 1), else_=0))
                for end in weeks.edges[1:])
    return _of_groups(select(Student.group_name, *per_week)
                      .where(Student.group_name.is_not(None))
                      .group_by(Student.group_name), groups)


def _started(groups: list[str] | None, edges: Sequence[datetime]) -> CompoundSelect[Any]:
    """Per group and week: conversations started, of them completed, students who started,
    and per competency (in COMPETENCY_BITS order) the conversations about it. A branch per
    week, each a range of ix_conversations_started, which holds every column read here: a
    CASE finding each row's week cost more than the twelve ranges."""
    return union_all(*(
        _of_groups(select(Student.group_name, literal(week), func.count(),
                          func.sum(case((Conversation.status == COMPLETED, 1), else_=0)),
                          func.count(distinct(Conversation.student_id)), *_about())
                   .join(Student, Student.id == Conversation.student_id)
                   .where(_in(Conversation.started_at, edges[week:week + 2]))
                   .group_by(Student.group_name), groups)
        for week in range(len(edges) - 1)))


@cache
def _about() -> tuple[ColumnElement[Any], ...]:
    """Per competency, how many of the rows' conversations were about it (from their bits).
    Built once: the expressions are immutable, and a statement holds them once a week."""
    return tuple(func.sum(case((Conversation.competencies.bitwise_and(bit) != 0, 1), else_=0))
                 for bit in COMPETENCY_BITS.values())


_SET, _DONE, _LATE = 0, 1, 2  # what a row of `_actions_per_week` counts


def _fold_actions(rows: Found, weeks: Weeks,
                  counts: dict[tuple[str, int], dict[str, int]]) -> None:
    """Actions set, done and overdue per week, from one statement of at most three rows
    per group and week. Overdue comes as changes: +n in the first week an action was late
    at its end, -n in the week its latest review closed it; a week's count is their sum
    up to it."""
    late: dict[str, list[int]] = defaultdict(lambda: [0] * len(weeks.mondays))
    for group, what, week, n in rows:
        if what == _LATE:
            if week < len(weeks.mondays):
                late[group][week] += int(n)
        else:
            counts[group, week]["actions_set" if what == _SET else "actions_done"] += int(n)
    for group, changes in late.items():
        total = 0
        for week, change in enumerate(changes):
            total += change
            counts[group, week]["overdue_at_end"] += total


def _actions_per_week(groups: list[str] | None, weeks: Weeks) -> CompoundSelect[Any]:
    """Per action: the week it was set, the first week at whose end its day had passed, the
    week its latest review closed it (still open: after the last week), and whether it is
    done. Actions alike in all of these (and their group) are counted once, in a CTE both
    databases materialise as it is read four times: some 9,000 rows for 28,000 actions, so
    the four reads and their groupings sort a third of the rows they did. Then counted per
    group and week: set, done, and the changes in overdue (each kind of action n times)."""
    edges, total = weeks.edges, len(weeks.mondays)
    per_action = _of_groups(
        select(Student.group_name.label("grp"),
               week_of(Action.created_at, edges).label("set_in"),
               _counted_below(Action.due, list(weeks.ends), 0, total).label("late_from"),
               case((Action.status == OPEN, literal(total)),
                    (Action.reviewed_at.is_(None), literal(-1)),
                    else_=week_of(Action.reviewed_at, edges)).label("closed_in"),
               case((Action.status == DONE, 1), else_=0).label("done"))
        .join(Student, Student.id == Action.student_id)
        .where(Action.created_at < edges[-1],
               or_(Action.created_at >= edges[0], Action.status == OPEN,
                   Action.reviewed_at >= edges[0])), groups).subquery()
    p = per_action.c
    # actions alike (same group and weeks) counted once: a few thousand rows, not every action
    alike = (select(p.grp, p.set_in, p.late_from, p.closed_in, p.done, func.count().label("n"))
             .group_by(p.grp, p.set_in, p.late_from, p.closed_in, p.done).cte("alike"))
    a = alike.c
    late_in = case((a.set_in > a.late_from, a.set_in), else_=a.late_from)  # the later one
    overdue = a.closed_in > late_in  # open at the end of at least one week
    changes = union_all(
        select(a.grp, late_in.label("week"), a.n.label("change")).where(overdue),
        select(a.grp, a.closed_in, -a.n).where(overdue)).subquery()
    return union_all(
        select(a.grp, literal(_SET), a.set_in, func.sum(a.n))
        .where(a.set_in >= 0, a.set_in < total).group_by(a.grp, a.set_in),
        select(a.grp, literal(_DONE), a.closed_in, func.sum(a.n))
        .where(a.done == 1, a.closed_in >= 0, a.closed_in < total)
        .group_by(a.grp, a.closed_in),
        select(changes.c.grp, literal(_LATE), changes.c.week, func.sum(changes.c.change))
        .group_by(changes.c.grp, changes.c.week))


@dataclass(frozen=True)
class StepCount:
    group: str
    flow: str
    step: str
    conversations: int


async def drop_off(session: AsyncSession, groups: list[str] | None, since: datetime,
                   until: datetime, stuck_before: datetime) -> list[StepCount]:
    """Where unfinished conversations stopped: per group, flow and step of their last turn
    (the question the bot asked last), for conversations started from `since` to `until`
    that were abandoned, or are active and did not move since `stuck_before`. Most first."""
    query = _drop_off(groups, since, until, stuck_before)
    return _step_counts((await _run(session, query)).all())


def _drop_off(groups: list[str] | None, since: datetime, until: datetime,
              stuck_before: datetime) -> Rows:
    """The step of the last turn is kept on the conversation (`last_step`): no turn is read."""
    count = func.count().label("conversations")
    return _of_groups(
        select(Student.group_name, Conversation.flow, Conversation.last_step, count)
        .join(Student, Student.id == Conversation.student_id)
        .where(_in(Conversation.started_at, (since, until)),
               or_(Conversation.status == ABANDONED,
                   (Conversation.status == ACTIVE) & (Conversation.updated_at < stuck_before)))
        .group_by(Student.group_name, Conversation.flow, Conversation.last_step)
        .order_by(Student.group_name, count.desc(), Conversation.last_step), groups)


def _step_counts(rows: Found) -> list[StepCount]:
    return [StepCount(group or "", flow, step or "", int(n)) for group, flow, step, n in rows]


async def coverage(session: AsyncSession, groups: list[str] | None, since: datetime,
                   until: datetime) -> dict[str, dict[str, int]]:
    """group -> competency -> conversations (any status) started from `since` to `until`
    in which the student answered about it (none: left out)."""
    return _covered((await _run(session, _coverage(groups, since, until))).all())


def _coverage(groups: list[str] | None, since: datetime, until: datetime) -> Rows:
    """Read from the conversations' competency bits, in ix_conversations_started."""
    return _of_groups(
        select(Student.group_name, *_about())
        .join(Student, Student.id == Conversation.student_id)
        .where(_in(Conversation.started_at, (since, until)))
        .group_by(Student.group_name), groups)


def _covered(rows: Sequence[Sequence[Any]]) -> dict[str, dict[str, int]]:
    """From rows of a group and then a count per competency (`_about`), a group's several
    rows (its weeks) added up."""
    found: dict[str, dict[str, int]] = defaultdict(dict)
    for group, *counts in rows:
        for name, count in zip(COMPETENCY_BITS, counts[-len(COMPETENCY_BITS):], strict=True):
            if count:
                covered = found[group or ""]
                covered[name] = covered.get(name, 0) + int(count)
    return dict(found)


async def group_sizes(session: AsyncSession, groups: list[str] | None) -> dict[str, int]:
    """Students per group (students without a group left out)."""
    return _sizes((await _run(session, _group_sizes(groups))).all())


def _group_sizes(groups: list[str] | None) -> Rows:
    return _of_groups(select(Student.group_name, func.count())
                      .where(Student.group_name.is_not(None))
                      .group_by(Student.group_name), groups)


def _sizes(rows: Found) -> dict[str, int]:
    return {str(group): int(count) for group, count in rows}


@dataclass(frozen=True)
class SchoolNumbers:
    """What the analytics page reads, all of it (see `school_numbers`)."""

    sizes: dict[str, int]
    weeks: list[WeekCounts]
    drop_off: list[StepCount]
    coverage: dict[str, dict[str, int]]


async def school_numbers(sessions: async_sessionmaker[AsyncSession],
                         groups: list[str] | None, weeks: Weeks,
                         stuck_before: datetime) -> SchoolNumbers:
    """Group sizes, `weekly`, `drop_off` and `coverage` over the weeks: five statements
    (coverage is added up from the weekly rows, which count it per week), independent of
    each other, spread over as many sessions as the engine's pool gives at once (`_lanes`),
    costliest first: the page takes about as long as its slowest lane, not the sum. On
    PostgreSQL those are separate backends, on SQLite two threads, on the pages' own reading
    connections (bot/storage/database.py `create_reader`), which hold up no student's turn.
    Nothing is cached: every page reads the numbers anew."""
    edges = weeks.edges
    statements = (_actions_per_week(groups, weeks), _started(groups, edges),
                  _drop_off(groups, edges[0], edges[-1], stuck_before),
                  _enrolled(groups, weeks), _group_sizes(groups))  # costliest first
    lanes = _lanes(sessions.kw["bind"])
    if lanes == 1:
        found = await _read_all(sessions, statements)
    else:
        # the costliest alone (it takes as long as the others together), the rest shared;
        # each lane its own session, none held while waiting for another (several pages at
        # once then wait for connections in turn, and never for each other)
        order = [[0], *([i for i in range(1, len(statements)) if i % (lanes - 1) == lane]
                        for lane in range(lanes - 1))]
        done = await asyncio.gather(
            *(_read_all(sessions, [statements[i] for i in part]) for part in order))
        by_index = {i: rows for part, rows_of_part in zip(order, done, strict=True)
                    for i, rows in zip(part, rows_of_part, strict=True)}
        found = [by_index[i] for i in range(len(statements))]
    actions, started, stops, enrolled, sizes = found
    return SchoolNumbers(_sizes(sizes), _week_counts(weeks, enrolled, started, actions),
                         _step_counts(stops), _covered([(row[0], *row[5:]) for row in started]))


def _lanes(engine: Any) -> int:
    """How many sessions read at once: the pool's size, at most four on PostgreSQL and two
    on SQLite (the pages' reading engine has two connections; Python's sqlite3 lets go of
    the GIL while SQLite works, and the statements return a few hundred rows each)."""
    size = getattr(engine.pool, "size", None)
    most = 2 if engine.dialect.name == "sqlite" else 4
    return max(1, min(most, int(size()))) if callable(size) else 1


async def _read_all(sessions: async_sessionmaker[AsyncSession],
                    queries: Sequence[Statement]) -> list[Found]:
    async with sessions() as session:
        return [(await _run(session, query)).all() for query in queries]
