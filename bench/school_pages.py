"""The school's pages: a class overview and the whole school's analytics over 12 weeks, on a
school of 2,000 students in 70 groups with 50,000 conversations. Prints p50 and p99 of each
(the target is 300 ms a page); asserts nothing about speed.

    python bench/school_pages.py                   # SQLite, in a temporary file
    python bench/school_pages.py --db postgres     # PostgreSQL: its own database, dropped after

`seed()` fills any database with such a school, to time the rendered pages over HTTP later.
The students' words in it are placeholders: nothing personal is made or printed.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import (  # noqa: E402
    Table,
    case,
    distinct,
    func,
    insert,
    literal,
    or_,
    select,
    text,
    union_all,
)
from sqlalchemy.ext.asyncio import (  # noqa: E402
    AsyncConnection,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)
from sqlalchemy.sql.selectable import CompoundSelect  # noqa: E402

from bot.core.competencies import COMPETENCIES  # noqa: E402
from bot.mentors.digest import STUCK_AFTER  # noqa: E402
from bot.mentors.school_pages import SchoolPages, weeks_back  # noqa: E402
from bot.school import GroupCalendar, InternshipCalendar  # noqa: E402
from bot.storage import school_views as views  # noqa: E402
from bot.storage.database import create_engine, migrate, sessions  # noqa: E402
from bot.storage.models import (  # noqa: E402
    Action,
    ActionEvent,
    Answer,
    Conversation,
    Flag,
    FlagEvent,
    Invite,
    Mentor,
    MentorGroup,
    Student,
    Turn,
    competency_bits,
)

ZONE = ZoneInfo("Europe/Amsterdam")
POSTGRES = "postgresql+asyncpg://postgres@127.0.0.1:5432/postgres"
BENCH_DATABASE = "bench_school"  # made and dropped by this script; nothing else is touched
WEEKS_SEEDED = 26  # the school year so far
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday")
MOODS = ("great", "good", "good", "so_so", "so_so", "bad")
OUTCOMES = ("done", "done", "done", "partly", "not_yet", "dropped")
CHUNK = 5_000  # rows per INSERT round trip
# Stored rows as big as real ones, so that reading them costs what it does: a snapshot is
# about 1.2 kB of JSON (the last bot turn, notes, topics), a bot's turn or a student's answer
# a sentence or two. Placeholders only: no words of anyone.
SNAPSHOT_PAD = "x" * 1_000
QUESTION = "(a question of the bot) " + "x" * 100
ANSWER = "(an answer) " + "x" * 90


@dataclass(frozen=True)
class SeededSchool:
    """What was seeded, for whoever times pages on it."""

    url: str
    now: datetime  # the moment the school's history runs up to
    groups: tuple[str, ...]
    students: int
    conversations: int
    calendar: InternshipCalendar  # internship days per group (two weekdays each)
    mentors: dict[str, int] = field(default_factory=dict)  # group -> its mentor's id
    coordinator: int = 0  # a coordinator's mentor id (sees every group)
    first_student: dict[str, int] = field(default_factory=dict)  # group -> a student's id


def group_names(count: int) -> list[str]:
    """Names as schools give them: 1A..1R, 2A..2R and so on."""
    return [f"{1 + i // 18}{chr(ord('A') + i % 18)}" for i in range(count)]


class _Rows:
    """Rows per table, with ids handed out here (no RETURNING round trips), kept in the
    order the tables are inserted: parents first."""

    def __init__(self) -> None:
        self.tables: dict[Table, list[dict[str, Any]]] = {model.__table__: [] for model in (
            Mentor, MentorGroup, Student, Invite, Conversation, Turn, Answer, Action,
            ActionEvent, Flag, FlagEvent)}

    def next_id(self, model: Any) -> int:
        return len(self.tables[model.__table__]) + 1

    def add(self, model: Any, **values: Any) -> int:
        """The row's id (0 for a table keyed otherwise)."""
        rows = self.tables[model.__table__]
        if "id" in model.__table__.c:
            values.setdefault("id", len(rows) + 1)
        rows.append(values)
        return int(values.get("id", 0))


@dataclass(frozen=True)
class _Plan:
    rows: _Rows
    mentors: dict[str, int]
    coordinator: int
    first: dict[str, int]
    calendar: InternshipCalendar


def _plan(random_: random.Random, students: int, groups: list[str], conversations: int,
          now: datetime) -> _Plan:
    """Every row of the school, made in memory."""
    rows = _Rows()
    year_start = now - timedelta(weeks=WEEKS_SEEDED)
    days = {g: random_.sample(WEEKDAYS, 2) for g in groups}
    calendar = InternshipCalendar(groups={g: GroupCalendar(weekdays=d)  # type: ignore[arg-type]
                                          for g, d in days.items()})
    mentors = {g: rows.add(Mentor, name=f"Mentor {g}", email=f"mentor.{g.lower()}@school.test",
                           coordinator=False, language="nl", created_at=year_start)
               for g in groups}
    for g, mentor in mentors.items():
        rows.add(MentorGroup, mentor_id=mentor, group_name=g)
    coordinator = rows.add(Mentor, name="Coordinator", email="coordinator@school.test",
                           coordinator=True, language="nl", created_at=year_start)
    members = _members(students, groups)
    first: dict[str, int] = {}
    per_student = _spread(conversations, len(members))
    for number, (group, count) in enumerate(zip(members, per_student, strict=True)):
        joined = year_start + timedelta(days=random_.choice([0, 0, 0, 0, 3, 40, 120]))
        student = rows.add(Student, name=f"Student {number:04d}", group_name=group,
                           consented_at=joined, language="nl", created_at=joined)
        first.setdefault(group, student)
        slots = _slots(days[group], joined, now)
        chosen = sorted(random_.sample(slots, min(count, len(slots))))
        for seq, started in enumerate(chosen):
            _conversation(rows, random_, student, seq + 1, started, chosen[seq + 1:],
                          now, list(mentors.values()))
    for g in groups:  # two names on each class's invite sheet never used their code
        for i in range(2):
            rows.add(Invite, code=f"{g}-{i}-NEVER", role="student", group_name=g,
                     created_at=year_start, name=f"Invited {g} {i}")
    return _Plan(rows, mentors, coordinator, first, calendar)


def _members(students: int, groups: list[str]) -> list[str]:
    """The last group is a small one (4 students): its numbers are withheld on the pages."""
    small, rest = groups[-1], groups[:-1]
    return [small] * 4 + [rest[i % len(rest)] for i in range(students - 4)]


def _spread(total: int, over: int) -> list[int]:
    return [total // over + (1 if i < total % over else 0) for i in range(over)]


def _slots(weekdays: list[str], joined: datetime, now: datetime) -> list[datetime]:
    """Evenings of the group's internship days since the student joined."""
    found = []
    day = joined.astimezone(ZONE).date()
    while day < now.astimezone(ZONE).date():
        if day.weekday() < 5 and WEEKDAYS[day.weekday()] in weekdays:
            for hour in (17, 19, 21):  # more slots than conversations: some reflect twice
                found.append(datetime.combine(day, clock_time(hour), tzinfo=ZONE)
                             .astimezone(UTC))
        day += timedelta(days=1)
    return found


STEPS = ("hallo", "dag", "moment", "onderwerp", "kwaliteiten", "volgende_onderwerp", "actie",
         "afsluiting")


def _conversation(rows: _Rows, random_: random.Random, student: int, number: int,
                  started: datetime, later: list[datetime], now: datetime,
                  mentors: list[int]) -> None:
    """One conversation with its turns, answers, action (with its history) and maybe a flag.
    The last of a student's conversations may still be going; some stop halfway."""
    roll = random_.random()
    status = ("abandoned" if roll < 0.1 else "active" if not later and roll < 0.4
              else "completed")
    stop = len(STEPS) if status == "completed" else random_.randint(1, len(STEPS) - 1)
    topic = random_.choice(COMPETENCIES)
    steps = [topic if s == "kwaliteiten" else s for s in STEPS[:stop]]
    conversation = rows.next_id(Conversation)
    seq, at = 0, started
    answers: list[tuple[int, str, str, str | None, str]] = []
    for step in steps:
        seq += 1
        at += timedelta(minutes=1)
        rows.add(Turn, conversation_id=conversation, seq=seq, role="bot", step=step,
                 text=QUESTION, created_at=at)
        if step in ("hallo", "afsluiting") or (step == steps[-1] and status != "completed"):
            continue
        seq += 1
        turn = rows.add(Turn, conversation_id=conversation, seq=seq, role="student",
                        step=step, text=ANSWER, created_at=at)
        answers += _answers(random_, step, topic, turn)
    ended = at if status != "active" else None
    rows.add(Conversation, id=conversation, student_id=student, number=number,
             flow="stagedag", flow_version="bench", language="nl", status=status,
             snapshot={"step": steps[-1], "topics": [topic], "last_turn": SNAPSHOT_PAD},
             facts=None, turns=seq, started_at=started, updated_at=at,
             ended_at=ended, last_step=steps[-1],
             competencies=competency_bits(answer[3] for answer in answers))
    for turn, step, kind, competency, said in answers:
        rows.add(Answer, conversation_id=conversation, turn_id=turn, step=step,
                 competency=competency, kind=kind, text=said, created_at=at)
    if status == "completed":
        _action(rows, random_, student, conversation, at, later)
    if random_.random() < 0.02:
        _flag(rows, random_, student, conversation, at, now, mentors)


def _answers(random_: random.Random, step: str, topic: str,
             turn: int) -> Iterator[tuple[int, str, str, str | None, str]]:
    """What a student's turn at this step records, as the flow's steps do."""
    if step == "dag":
        yield turn, step, "mood", None, random_.choice(MOODS)
    elif step == "moment":
        yield turn, step, "moment", None, ANSWER
    elif step == topic:
        yield turn, step, "answer", topic, ANSWER
        if random_.random() < 0.5:
            yield turn, step, "probe_answer", topic, ANSWER


def _action(rows: _Rows, random_: random.Random, student: int, conversation: int,
            at: datetime, later: list[datetime]) -> None:
    """An action for a day soon after, reviewed in the first conversation after that day (as
    the flow asks); open when there is none yet, or (sometimes) when the review was skipped."""
    due = at.astimezone(ZONE).date() + timedelta(days=random_.randint(1, 10))
    review = next((moment for moment in later if moment.astimezone(ZONE).date() > due), None)
    if random_.random() < 0.05:
        review = None
    outcome = random_.choice(OUTCOMES) if review else None
    reviewed = review + timedelta(minutes=2) if review else None
    action = rows.add(Action, student_id=student, conversation_id=conversation,
                      text="(an action) " + "x" * 50, due=due, status=outcome or "open",
                      kind="step", times_reviewed=1 if outcome else 0, learning=None,
                      reviewed_in=None, reviewed_at=reviewed, reminded_at=None, created_at=at)
    rows.add(ActionEvent, action_id=action, conversation_id=conversation, kind="set",
             outcome=None, due=due, learning=None, at=at)
    if outcome:
        rows.add(ActionEvent, action_id=action, conversation_id=None,
                 kind={"done": "done", "dropped": "dropped"}.get(outcome, "reviewed"),
                 outcome=outcome, due=None, learning=None, at=reviewed)


def _flag(rows: _Rows, random_: random.Random, student: int, conversation: int,
          at: datetime, now: datetime, mentors: list[int]) -> None:
    status = random_.choice(("open", "acknowledged", "resolved", "resolved"))
    level = random_.choice(("concern", "concern", "urgent"))
    later = min(at + timedelta(hours=random_.randint(1, 48)), now)
    flag = rows.add(Flag, student_id=student, conversation_id=conversation, turn_id=None,
                    level=level, reason="(a signal)", rule="bench", created_at=at,
                    status=status, acknowledged_at=later if status != "open" else None,
                    resolved_at=later if status == "resolved" else None)
    mentor = random_.choice(mentors)
    rows.add(FlagEvent, flag_id=flag, kind="alerted", mentor_id=mentor, note=None,
             message_ref=None, at=at)
    if status != "open":
        rows.add(FlagEvent, flag_id=flag, kind="acknowledged", mentor_id=mentor, note=None,
                 message_ref=None, at=later)
    if status == "resolved":
        rows.add(FlagEvent, flag_id=flag, kind="resolved", mentor_id=mentor,
                 note="(a note)", message_ref=None, at=later)


async def seed(url: str, students: int = 2000, groups: int = 70,
               conversations: int = 50_000, now: datetime | None = None,
               seed_: int = 1) -> SeededSchool:
    """A school in the database at `url` (migrated here; it should be empty): students in
    groups, their conversations over the school year, with turns, answers, actions and
    their histories, flags and their events, mentors, unused invites. Bulk Core inserts."""
    now = now or datetime.now(UTC)
    names = group_names(groups)
    started = time.perf_counter()
    plan = _plan(random.Random(seed_), students, names, conversations, now)
    rows = plan.rows
    print(f"planned in {time.perf_counter() - started:.1f} s", flush=True)
    engine = create_engine(url)
    try:
        await migrate(engine)
        async with engine.begin() as connection:
            for table, values in rows.tables.items():
                await _insert(connection, table, values)
            if connection.dialect.name == "postgresql":
                await _after_explicit_ids(connection, rows)
    finally:
        await engine.dispose()
    await _settle(url)
    print(f"seeded in {time.perf_counter() - started:.1f} s", flush=True)
    return SeededSchool(url, now, tuple(names), students,
                        len(rows.tables[Conversation.__table__]), plan.calendar, plan.mentors,
                        plan.coordinator, plan.first)


async def _insert(connection: AsyncConnection, table: Table,
                  values: list[dict[str, Any]]) -> None:
    """In the order of the foreign keys (the tables dict is filled parent first)."""
    started = time.perf_counter()
    for start in range(0, len(values), CHUNK):
        await connection.execute(insert(table), values[start:start + CHUNK])
    print(f"  {table.name}: {len(values):,} rows in {time.perf_counter() - started:.1f} s",
          flush=True)


async def _after_explicit_ids(connection: AsyncConnection, rows: _Rows) -> None:
    """PostgreSQL's id sequences, moved past the ids given here (so the next insert works)."""
    for table in rows.tables:
        if "id" in table.c and table.c.id.primary_key and table.c.id.autoincrement:
            await connection.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table.name}))"))


async def _settle(url: str) -> None:
    """PostgreSQL as it runs a while after such a load: autovacuum has gathered the
    planner's statistics and the visibility map (index-only scans). SQLite is left as the
    bot leaves it: it never runs ANALYZE, so the plans here are the ones it gets."""
    engine = create_async_engine(url, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            if connection.dialect.name == "postgresql":
                await connection.execute(text("VACUUM ANALYZE"))
    finally:
        await engine.dispose()


# -- the numbers, checked -----------------------------------------------------------------------

async def check_numbers(school: SeededSchool) -> None:
    """The analytics page's numbers as it reads them now (views.school_numbers: statements at
    the same time on PostgreSQL, the actions counted once per kind of action) equal, on the
    seeded school, what the reference reads: every statement in turn in one session, the
    actions with the statement as it was before (`_reference_actions`, below)."""
    engine = create_engine(school.url)
    try:
        weeks, stuck = _analytics_weeks(school)
        made = sessions(engine)
        new = await views.school_numbers(made, None, weeks, stuck)
        old = await reference_numbers(made, weeks, stuck)
        if new != old:
            raise SystemExit("the analytics numbers differ from the reference")
        print(f"analytics numbers equal the reference: {len(new.weeks)} group-weeks, "
              f"{len(new.drop_off)} drop-off rows, {len(new.coverage)} groups' coverage",
              flush=True)
    finally:
        await engine.dispose()


def _analytics_weeks(school: SeededSchool) -> tuple[views.Weeks, datetime]:
    """The whole school's 12 weeks as the page reads them, and when a conversation is stuck."""
    today = school.now.astimezone(ZONE).date()
    return (views.Weeks.covering(weeks_back(today, 12), today, ZONE),
            school.now - STUCK_AFTER)


async def reference_numbers(made: async_sessionmaker[AsyncSession], weeks: views.Weeks,
                            stuck: datetime) -> views.SchoolNumbers:
    """The numbers read as before: one session, one statement after another; where
    conversations stopped and what they were about read from their turns and answers."""
    edges = weeks.edges
    async with made() as session:
        connection = await session.connection()
        enrolled = (await connection.execute(views._enrolled(None, weeks))).all()
        started = (await connection.execute(views._started(None, edges))).all()
        actions = (await connection.execute(_reference_actions(None, weeks))).all()
        stops = (await connection.execute(_reference_drop_off(edges, stuck))).all()
        covered = (await connection.execute(_reference_coverage(edges))).all()
        found: dict[str, dict[str, int]] = {}
        for group, competency, count in covered:
            found.setdefault(group, {})[competency] = int(count)
        return views.SchoolNumbers(
            await views.group_sizes(session, None),
            views._week_counts(weeks, enrolled, started, actions),
            views._step_counts(stops), found)


def _reference_drop_off(edges: list[datetime], stuck: datetime) -> views.Rows:
    """Where conversations stopped, from their turns (not the conversation's `last_step`)."""
    last_step = (select(Turn.step).where(Turn.conversation_id == Conversation.id,
                                         Turn.seq == Conversation.turns).scalar_subquery())
    stopped = (select(Student.group_name.label("grp"), Conversation.flow,
                      last_step.label("step"))
               .join(Student, Student.id == Conversation.student_id)
               .where(Conversation.started_at >= edges[0], Conversation.started_at < edges[-1],
                      or_(Conversation.status == "abandoned",
                          (Conversation.status == "active")
                          & (Conversation.updated_at < stuck))).subquery())
    count = func.count().label("conversations")
    return (select(stopped.c.grp, stopped.c.flow, stopped.c.step, count)
            .group_by(stopped.c.grp, stopped.c.flow, stopped.c.step)
            .order_by(stopped.c.grp, count.desc(), stopped.c.step))


def _reference_coverage(edges: list[datetime]) -> views.Rows:
    """Competencies per group, from the answers (not the conversation's bits)."""
    return (select(Student.group_name, Answer.competency,
                   func.count(distinct(Answer.conversation_id)))
            .join(Conversation, Conversation.id == Answer.conversation_id)
            .join(Student, Student.id == Conversation.student_id)
            .where(Answer.competency.is_not(None), Conversation.started_at >= edges[0],
                   Conversation.started_at < edges[-1])
            .group_by(Student.group_name, Answer.competency))


def _reference_actions(groups: list[str] | None, weeks: views.Weeks) -> CompoundSelect[Any]:
    """Per action (once, in a CTE both databases materialise as it is read four times): the
    week it was set, the first week at whose end its day had passed, the week its latest
    review closed it (still open: after the last week), and whether it is done. Then counted
    per group and week: set, done, and the changes in overdue."""
    edges, total = weeks.edges, len(weeks.mondays)
    per_action = views._of_groups(
        select(Student.group_name.label("grp"),
               views.week_of(Action.created_at, edges).label("set_in"),
               views._counted_below(Action.due, list(weeks.ends), 0, total).label("late_from"),
               case((Action.status == views.OPEN, literal(total)),
                    (Action.reviewed_at.is_(None), literal(-1)),
                    else_=views.week_of(Action.reviewed_at, edges)).label("closed_in"),
               case((Action.status == views.DONE, 1), else_=0).label("done"))
        .join(Student, Student.id == Action.student_id)
        .where(Action.created_at < edges[-1],
               or_(Action.created_at >= edges[0], Action.status == views.OPEN,
                   Action.reviewed_at >= edges[0])), groups).cte("per_action")
    a = per_action.c
    late_in = case((a.set_in > a.late_from, a.set_in), else_=a.late_from)  # the later one
    overdue = a.closed_in > late_in  # open at the end of at least one week
    changes = union_all(
        select(a.grp, late_in.label("week"), literal(1).label("change")).where(overdue),
        select(a.grp, a.closed_in, literal(-1)).where(overdue)).subquery()
    return union_all(
        select(a.grp, literal(views._SET), a.set_in, func.count())
        .where(a.set_in >= 0, a.set_in < total).group_by(a.grp, a.set_in),
        select(a.grp, literal(views._DONE), a.closed_in, func.count())
        .where(a.done == 1, a.closed_in >= 0, a.closed_in < total)
        .group_by(a.grp, a.closed_in),
        select(changes.c.grp, literal(views._LATE), changes.c.week, func.sum(changes.c.change))
        .group_by(changes.c.grp, changes.c.week))


# -- timing -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Timing:
    wall: list[float]  # ms per run
    cpu: float  # ms of this process's CPU per run (SQLite's work included, PostgreSQL's not)


async def timed(runs: int, call: Callable[[], Awaitable[Any]]) -> Timing:
    await call()  # warm: statement caches, the connection
    times = []
    cpu = time.process_time()
    for _ in range(runs):
        started = time.perf_counter()
        await call()
        times.append((time.perf_counter() - started) * 1000)
    return Timing(times, (time.process_time() - cpu) / runs * 1000)


def summary(label: str, timing: Timing) -> str:
    ordered = sorted(timing.wall)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return (f"{label:<42} p50 {statistics.median(ordered):7.1f} ms   p99 {p99:7.1f} ms   "
            f"cpu here {timing.cpu:6.1f} ms   ({len(ordered)} runs)")


async def measure(school: SeededSchool, runs: int) -> None:
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs (other work slows "
          "the wall times; the CPU time is this process's own)", flush=True)
    engine = create_engine(school.url)
    try:
        pages = SchoolPages(sessions(engine), ZONE, school.calendar, clock=lambda: school.now)
        group = school.groups[0]
        today = school.now.astimezone(ZONE).date()
        since = weeks_back(today, 12)
        student = school.first_student[group]
        print(summary(f"class overview ({group}, {await _size(pages, group, school)} students)",
                      await timed(runs, lambda: pages.class_overview([group], group,
                                                                     school.now))))
        print(summary("student page (summary)",
                      await timed(runs, lambda: pages.student([group], student, "summary"))))
        weeks, stuck = _analytics_weeks(school)
        made = sessions(engine)
        print(summary("analytics data, before (in turn)",
                      await timed(runs, lambda: reference_numbers(made, weeks, stuck))))
        print(summary("analytics, whole school, 12 weeks",
                      await timed(runs, lambda: pages.analytics(None, since, today))))
        print(summary(f"analytics, one group ({group}), 12 weeks",
                      await timed(runs, lambda: pages.analytics([group], since, today))))
    finally:
        await engine.dispose()


async def _size(pages: SchoolPages, group: str, school: SeededSchool) -> int:
    return len((await pages.class_overview([group], group, school.now)).everyone)


# -- the databases ------------------------------------------------------------------------------

async def _admin(statement: str) -> None:
    engine = create_async_engine(POSTGRES, isolation_level="AUTOCOMMIT")
    try:
        async with engine.connect() as connection:
            await connection.execute(text(statement))
    finally:
        await engine.dispose()


async def run(db: str, students: int, groups: int, conversations: int, runs: int) -> None:
    if db == "sqlite":
        with tempfile.TemporaryDirectory(prefix="loopbaanbot-school-") as folder:
            url = f"sqlite+aiosqlite:///{Path(folder) / 'school.sqlite3'}"
            school = await seed(url, students, groups, conversations)
            await check_numbers(school)
            await measure(school, runs)
        return
    await _admin(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')
    await _admin(f'CREATE DATABASE "{BENCH_DATABASE}"')
    try:
        url = f"{POSTGRES.rsplit('/', 1)[0]}/{BENCH_DATABASE}"
        school = await seed(url, students, groups, conversations)
        await check_numbers(school)
        await measure(school, runs)
    finally:
        await _admin(f'DROP DATABASE IF EXISTS "{BENCH_DATABASE}" WITH (FORCE)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", choices=("sqlite", "postgres"), default="sqlite")
    parser.add_argument("--students", type=int, default=2000)
    parser.add_argument("--groups", type=int, default=70)
    parser.add_argument("--conversations", type=int, default=50_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    print(f"{args.db}: {args.students:,} students in {args.groups} groups, "
          f"{args.conversations:,} conversations", flush=True)
    asyncio.run(run(args.db, args.students, args.groups, args.conversations, args.runs))


if __name__ == "__main__":
    main()

