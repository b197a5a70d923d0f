"""The school's pages, their data: a class at a glance in the digest's order, a student's page
with only the words the school allows, numbers per week, where reflections stop, and who may
see what (their own groups; no numbers for a group under five). On SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.app import Content
from bot.core.conversation import Said
from bot.mentors.school_pages import (
    LOW_MOODS,
    MIN_GROUP,
    NEVER_STARTED,
    OVERDUE,
    QUIET,
    STUCK,
    SchoolPages,
)
from bot.mentors.service import NotYours
from bot.reflection import ReflectionService, StudentRef
from bot.school import GroupCalendar, InternshipCalendar
from bot.storage import school_views
from bot.storage.database import create_engine, create_reader, migrate, sessions
from bot.storage.models import (
    Action,
    ActionEvent,
    Answer,
    Conversation,
    Flag,
    FlagEvent,
    Invite,
    Mentor,
    Student,
    Turn,
    competency_bits,
)
from tests.conftest import Clock

AMSTERDAM = ZoneInfo("Europe/Amsterdam")
INTERNSHIP_DAY = date(2026, 11, 23)  # a Monday
NOW = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)  # the Tuesday after, at noon
LONG_AGO = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
CALENDAR = InternshipCalendar(groups={"4A": GroupCalendar(dates=[INTERNSHIP_DAY])})
STEPS = ("hallo", "dag", "moment", "onderwerp", "kwaliteiten", "actie", "afsluiting")
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ACTION = "Vrijdag vraag ik Sandra om feedback op mijn kassawerk"


@pytest.fixture
async def db(database_url: str) -> AsyncIterator[async_sessionmaker[AsyncSession]]:
    engine = create_engine(database_url)
    await migrate(engine)
    try:
        yield sessions(engine)
    finally:
        await engine.dispose()


def pages(db: async_sessionmaker[AsyncSession], now: datetime = NOW,
          calendar: InternshipCalendar | None = CALENDAR) -> SchoolPages:
    return SchoolPages(db, AMSTERDAM, calendar, clock=lambda: now)


def local(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=AMSTERDAM)


async def student(session: AsyncSession, name: str, group: str | None = "4A",
                  created: datetime = LONG_AGO) -> int:
    row = Student(name=name, group_name=group, consented_at=created, language="nl",
                  created_at=created)
    session.add(row)
    await session.flush()
    return row.id


async def conversation(session: AsyncSession, student_id: int, started: datetime, *,
                       status: str = "completed", steps: tuple[str, ...] = STEPS,
                       mood: str | None = "good", competency: str | None = "kwaliteiten",
                       moment: str | None = None, moved: datetime | None = None) -> int:
    """A conversation as the bot stores one: a turn per step (the bot's), the student's
    answers on them (the competency's at its step, in place of kwaliteiten); ended ten
    minutes on unless it is still active."""
    moved = moved or started + timedelta(minutes=10)
    steps = tuple(competency if s == "kwaliteiten" and competency else s for s in steps)
    row = Conversation(student_id=student_id, number=1, flow="stagedag", flow_version="t",
                       language="nl", status=status, snapshot={}, turns=len(steps),
                       started_at=started, updated_at=moved,
                       ended_at=None if status == "active" else moved, last_step=steps[-1],
                       competencies=competency_bits([competency] if competency in steps
                                                    else []))
    session.add(row)
    await session.flush()
    said = {"dag": (mood, "mood", None), "moment": (moment, "moment", None),
            competency or "": (ANSWER_TEXT, "answer", competency)}
    for seq, step in enumerate(steps, start=1):
        turn = Turn(conversation_id=row.id, seq=seq, role="bot", step=step, text="?",
                    created_at=started)
        session.add(turn)
        await session.flush()
        text, kind, topic = said.get(step, (None, "", None))
        if text is not None:
            session.add(Answer(conversation_id=row.id, turn_id=turn.id, step=step,
                               competency=topic, kind=kind, text=text, created_at=moved))
    await session.flush()
    return row.id


ANSWER_TEXT = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde "
               "ik van dat vragen helpt")


async def action(session: AsyncSession, student_id: int, conversation_id: int, text: str,
                 due: date, set_at: datetime, *, done_at: datetime | None = None) -> int:
    row = Action(student_id=student_id, conversation_id=conversation_id, text=text, due=due,
                 status="done" if done_at else "open", kind="step", times_reviewed=0,
                 reviewed_at=done_at, created_at=set_at)
    session.add(row)
    await session.flush()
    session.add(ActionEvent(action_id=row.id, conversation_id=conversation_id, kind="set",
                            due=due, at=set_at))
    if done_at is not None:
        session.add(ActionEvent(action_id=row.id, kind="done", outcome="done", at=done_at))
    await session.flush()
    return row.id


async def a_class_of_4a(db: async_sessionmaker[AsyncSession]) -> dict[str, int]:
    """Seven students of 4A, each needing their mentor (or not) for another reason."""
    async with db.begin() as session:
        ids = {name: await student(session, name) for name in (
            "Anna", "Bram", "Daan", "Fatima", "Lotte", "Noor", "Sem")}
        # Anna reflected the evening of the internship day: fine.
        await conversation(session, ids["Anna"], local(2026, 11, 23, 19))
        # Bram last reflected the week before: quiet since the internship day.
        await conversation(session, ids["Bram"], local(2026, 11, 16, 19))
        # Daan stopped halfway through today's reflection three hours ago: stuck.
        await conversation(session, ids["Daan"], local(2026, 11, 23, 19))
        await conversation(session, ids["Daan"], NOW - timedelta(hours=3), status="active",
                           steps=STEPS[:3], moved=NOW - timedelta(hours=3))
        # Fatima has an action whose day passed.
        done = await conversation(session, ids["Fatima"], local(2026, 11, 23, 18))
        await action(session, ids["Fatima"], done, ACTION, date(2026, 11, 20),
                     local(2026, 11, 16, 19))
        # Lotte's last two days were bad.
        await conversation(session, ids["Lotte"], local(2026, 11, 16, 19), mood="bad")
        await conversation(session, ids["Lotte"], local(2026, 11, 23, 19), mood="bad")
        # Noor has an open flag (and reflected): flags come first.
        flagged = await conversation(session, ids["Noor"], local(2026, 11, 23, 20))
        session.add(Flag(student_id=ids["Noor"], conversation_id=flagged, level="concern",
                         reason="Pesten", rule="pesten", status="open",
                         created_at=local(2026, 11, 23, 20)))
        # Sem reflected, and is fine too.
        await conversation(session, ids["Sem"], local(2026, 11, 23, 21))
        # Two names on the invite sheet never used their code.
        session.add_all(Invite(code=f"CODE{i}", role="student", group_name="4A",
                               created_at=LONG_AGO, name=name)
                        for i, name in enumerate(("Yara Jansen", "Omar Bakker")))
    return ids


async def test_the_class_overview_reads_as_the_digest_flags_first_then_who_needs_attention(
        db: async_sessionmaker[AsyncSession]) -> None:
    await a_class_of_4a(db)
    found = await pages(db).class_overview(["4A"], "4A", NOW)
    assert [s.name for s in found.flagged] == ["Noor"]
    reasons = {s.name: s.reasons for s in found.attention}
    assert reasons == {"Bram": (QUIET,), "Daan": (STUCK,), "Fatima": (OVERDUE,),
                       "Lotte": (LOW_MOODS,)}
    assert [s.name for s in found.attention] == ["Bram", "Daan", "Fatima", "Lotte"]
    assert found.calendar_known
    bram = next(s for s in found.everyone if s.name == "Bram")
    assert bram.expected_since == INTERNSHIP_DAY  # not reflected since the internship day
    assert found.never_started == ("Omar Bakker", "Yara Jansen")
    assert [s.name for s in found.everyone] == ["Anna", "Bram", "Daan", "Fatima", "Lotte",
                                                "Noor", "Sem"]
    assert NEVER_STARTED not in {r for s in found.everyone for r in s.reasons}


async def test_a_student_who_did_not_reflect_since_the_internship_day_needs_attention(
        db: async_sessionmaker[AsyncSession]) -> None:
    ids = await a_class_of_4a(db)
    before = await pages(db).class_overview(["4A"], "4A", NOW)
    assert "Bram" in [s.name for s in before.attention]
    async with db.begin() as session:  # Bram reflects this morning
        await conversation(session, ids["Bram"], NOW - timedelta(hours=2))
    after = await pages(db).class_overview(["4A"], "4A", NOW)
    assert "Bram" not in [s.name for s in after.attention]
    bram = next(s for s in after.everyone if s.name == "Bram")
    assert bram.reflections == 2 and bram.expected_since is None
    without_calendar = await pages(db, calendar=None).class_overview(["4A"], "4A", NOW)
    assert not without_calendar.calendar_known  # then: not reflected in the last week


async def test_who_joined_after_the_internship_day_or_is_reflecting_now_is_not_quiet(
        db: async_sessionmaker[AsyncSession]) -> None:
    """Joined this morning, a day after 4A's internship day: nobody expected a reflection.
    Halfway through one right now (not stuck yet): not quiet either."""
    async with db.begin() as session:
        await student(session, "Nieuw", created=NOW - timedelta(hours=3))
        busy = await student(session, "Bezig")
        await conversation(session, busy, NOW - timedelta(minutes=30), status="active",
                           steps=("hallo", "dag"), moved=NOW - timedelta(minutes=5))
        await student(session, "Stil")
    found = await pages(db).class_overview(["4A"], "4A", NOW)
    quiet = [s.name for s in found.attention if QUIET in s.reasons]
    assert quiet == ["Stil"]


async def test_a_class_row_has_moods_per_week_topics_and_the_newest_action(
        db: async_sessionmaker[AsyncSession]) -> None:
    ids = await a_class_of_4a(db)
    found = await pages(db).class_overview(["4A"], "4A", NOW, mentor_sees="summary")
    lotte = next(s for s in found.everyone if s.name == "Lotte")
    assert len(lotte.moods) == len(found.weeks) == 8
    assert found.weeks[-1] == date(2026, 11, 23)  # the current week, last
    assert lotte.moods[-2:] == ("bad", "bad") and lotte.low_in_a_row
    assert lotte.competencies == ("kwaliteiten",)
    fatima = next(s for s in found.everyone if s.name == "Fatima")
    assert fatima.action is not None and fatima.action.text == ACTION
    assert fatima.overdue == 1
    hidden = await pages(db).class_overview(["4A"], "4A", NOW)  # mentor_sees: never
    fatima = next(s for s in hidden.everyone if s.id == ids["Fatima"])
    assert fatima.action is not None and fatima.action.text is None
    assert fatima.action.due == date(2026, 11, 20)


async def test_a_mentor_of_4b_is_refused_4a(db: async_sessionmaker[AsyncSession]) -> None:
    ids = await a_class_of_4a(db)
    async with db.begin() as session:
        other = await student(session, "Iris", "4B")
    school = pages(db)
    with pytest.raises(NotYours):
        await school.class_overview(["4B"], "4A", NOW)
    with pytest.raises(NotYours):
        await school.student(["4B"], ids["Anna"], "quotes")
    with pytest.raises(NotYours):  # a student that is not there: the same answer
        await school.student(["4B"], 99_999, "quotes")
    assert (await school.student(["4B"], other, "never")).name == "Iris"
    numbers = await school.analytics(["4B"], date(2026, 11, 16), date(2026, 11, 24))
    assert [g.group for g in numbers.groups] == ["4B"]
    everyone = await school.analytics(None, date(2026, 11, 16), date(2026, 11, 24))
    assert [g.group for g in everyone.groups] == ["4A", "4B"]  # a coordinator: every group


async def test_a_group_of_4_is_withheld(db: async_sessionmaker[AsyncSession]) -> None:
    await a_class_of_4a(db)
    async with db.begin() as session:
        for name in ("Iris", "Jesse", "Milan", "Tess"):
            someone = await student(session, name, "4C")
            await conversation(session, someone, local(2026, 11, 23, 19))
    school = pages(db)
    found = await school.analytics(None, date(2026, 11, 16), date(2026, 11, 29))
    small = next(g for g in found.groups if g.group == "4C")
    assert small.withheld and small.students is None and small.weeks == ()
    assert small.drop_off == () and small.coverage == ()
    assert found.withheld == 1
    four_a = next(g for g in found.groups if g.group == "4A")
    assert not four_a.withheld and four_a.students == 7 >= MIN_GROUP
    # the total is of the shown groups only: else 4C's numbers would be total minus 4A's
    assert found.total.students == 7
    assert [w.started for w in found.total.weeks] == [w.started for w in four_a.weeks]
    overview = await school.class_overview(None, "4C", NOW)
    assert overview.numbers.withheld and overview.numbers.students is None
    assert len(overview.everyone) == 4  # their mentor still sees each student
    assert not (await school.class_overview(None, "4A", NOW)).numbers.withheld


async def test_drop_off_counts_the_step_where_conversations_stopped(
        db: async_sessionmaker[AsyncSession]) -> None:
    async with db.begin() as session:
        ids = [await student(session, f"S{i}") for i in range(5)]
        start = local(2026, 11, 23, 18)
        for i in range(3):  # gave up after the question about the moment of the day
            await conversation(session, ids[i], start, status="abandoned", steps=STEPS[:3])
        await conversation(session, ids[3], start, status="active", steps=STEPS[:5],
                           moved=NOW - timedelta(hours=5))  # stuck at kwaliteiten
        await conversation(session, ids[4], start, status="active", steps=STEPS[:5],
                           moved=NOW - timedelta(minutes=30))  # still busy: not stopped
        await conversation(session, ids[4], start - timedelta(days=7))  # completed
        await conversation(session, ids[0], local(2026, 10, 1, 18), status="abandoned",
                           steps=STEPS[:2])  # before the period
    found = await pages(db).analytics(["4A"], date(2026, 11, 16), date(2026, 11, 24))
    [group] = found.groups
    assert [(s.flow, s.step, s.conversations) for s in group.drop_off] == [
        ("stagedag", "moment", 3), ("stagedag", "kwaliteiten", 1)]
    assert [(s.step, s.conversations) for s in found.total.drop_off] == [
        ("moment", 3), ("kwaliteiten", 1)]


async def test_weekly_counts_are_right_across_a_week_boundary(
        db: async_sessionmaker[AsyncSession]) -> None:
    """Weeks are Monday to Sunday in the school's time zone: 23:30 on Sunday evening is the
    old week, 00:30 on Monday night the new one (both Sunday in UTC)."""
    sunday_late = local(2026, 11, 22, 23, 30)
    monday_early = local(2026, 11, 23, 0, 30)
    assert sunday_late.astimezone(UTC).date() == monday_early.astimezone(UTC).date()
    async with db.begin() as session:
        ids = [await student(session, f"S{i}") for i in range(4)]
        await student(session, "Nieuw", created=local(2026, 11, 18, 12))
        first = await conversation(session, ids[0], sunday_late)
        await conversation(session, ids[1], monday_early, status="abandoned",
                           steps=STEPS[:3])
        second = await conversation(session, ids[1], monday_early + timedelta(hours=1))
        await conversation(session, ids[0], monday_early + timedelta(hours=2))
        await conversation(session, ids[2], local(2026, 11, 10, 19))  # the week before
        # set on Sunday night for Friday: done on Monday night, the new week
        await action(session, ids[0], first, "een stap", date(2026, 11, 27),
                     sunday_late, done_at=monday_early + timedelta(hours=3))
        # set on Monday for the Saturday before: overdue at the end of the new week
        await action(session, ids[1], second, "nog een stap", date(2026, 11, 21),
                     monday_early + timedelta(hours=1))
    found = await pages(db).analytics(["4A"], date(2026, 11, 16), date(2026, 11, 29))
    assert found.weeks == (date(2026, 11, 16), date(2026, 11, 23))
    old, new = found.groups[0].weeks
    assert (old.week, new.week) == found.weeks
    assert (old.iso_week, new.iso_week) == ((2026, 47), (2026, 48))
    assert (old.enrolled, new.enrolled) == (5, 5)  # "Nieuw" came on Wednesday
    assert (old.started, old.completed, old.active) == (1, 1, 1)
    assert (new.started, new.completed, new.active) == (3, 2, 2)
    assert (old.actions_set, new.actions_set) == (1, 1)
    assert (old.actions_done, new.actions_done) == (0, 1)
    assert (old.overdue_at_end, new.overdue_at_end) == (0, 1)
    earlier = await pages(db).analytics(["4A"], date(2026, 11, 9), date(2026, 11, 15))
    [week] = earlier.groups[0].weeks
    assert (week.enrolled, week.started) == (4, 1)  # "Nieuw" had not come yet


async def test_the_student_page_shows_their_words_only_as_the_school_allows(
        db: async_sessionmaker[AsyncSession]) -> None:
    async with db.begin() as session:
        anna = await student(session, "Anna")
        first = await conversation(session, anna, local(2026, 11, 16, 19), moment=MOMENT,
                                   competency="netwerken")
        second = await conversation(session, anna, local(2026, 11, 23, 19), moment=MOMENT)
        await action(session, anna, first, ACTION, date(2026, 11, 20),
                     local(2026, 11, 16, 19), done_at=local(2026, 11, 23, 19, 2))
        late = await action(session, anna, second, "Ik oefen het gesprek met een klant",
                            date(2026, 11, 21), local(2026, 11, 16, 19, 5))
        mentor = Mentor(name="Ellen de Vries", language="nl", coordinator=False,
                        created_at=LONG_AGO)
        session.add(mentor)
        flag = Flag(student_id=anna, conversation_id=second, level="urgent", reason="Pesten",
                    rule="pesten", status="resolved", created_at=local(2026, 11, 23, 19),
                    resolved_at=local(2026, 11, 23, 21))
        session.add(flag)
        await session.flush()
        session.add_all([
            FlagEvent(flag_id=flag.id, kind="alerted", mentor_id=mentor.id,
                      at=local(2026, 11, 23, 19)),
            FlagEvent(flag_id=flag.id, kind="resolved", mentor_id=mentor.id,
                      note="Gebeld, gaat beter", at=local(2026, 11, 23, 21))])
    school = pages(db)
    never = await school.student(["4A"], anna, "never")
    summary = await school.student(["4A"], anna, "summary")
    quotes = await school.student(["4A"], anna, "quotes")
    for page in (never, summary, quotes):
        assert [r.started for r in page.reflections] == [local(2026, 11, 23, 19),
                                                         local(2026, 11, 16, 19)]
        assert [r.competencies for r in page.reflections] == [("kwaliteiten",),
                                                              ("netwerken",)]
        assert [r.mood for r in page.reflections] == ["good", "good"]
        assert [[s.kind for s in a.history] for a in page.actions] == [["set"],
                                                                        ["set", "done"]]
        assert page.overdue == (late,)  # still open, its day passed
        assert dict(page.profile) == {"kwaliteiten": 1, "motieven": 0, "werkexploratie": 0,
                                      "loopbaansturing": 0, "netwerken": 1}
        [flagged] = page.flags
        assert [(s.kind, s.by) for s in flagged.history] == [
            ("alerted", "Ellen de Vries"), ("resolved", "Ellen de Vries")]
        assert flagged.history[-1].note == "Gebeld, gaat beter"
    assert [a.text for a in never.actions] == [None, None]
    assert all(r.moments == () for r in never.reflections + summary.reflections)
    assert [a.text for a in summary.actions] == ["Ik oefen het gesprek met een klant", ACTION]
    assert [r.moments for r in quotes.reflections] == [(MOMENT,), (MOMENT,)]


async def test_a_reflection_through_the_bot_shows_on_the_class_overview(
        db: async_sessionmaker[AsyncSession], content: Content) -> None:
    """The real service stores it: mood, topic and action land where the page reads them."""
    clock = Clock(datetime(2026, 11, 23, 18, 0, tzinfo=UTC))
    reflection = ReflectionService(db, content.engine, content.catalog, "stagedag", AMSTERDAM,
                                   timedelta(hours=72), clock)
    sanne = StudentRef.on("console", "sanne", first_use=True, group="4A")
    await reflection.open(sanne, "nl")
    for answer in ("2", MOMENT, "1", "enough", ANSWER_TEXT, ACTION):
        assert await reflection.reply(sanne, Said(answer), "nl") is not None
    found = await pages(db, now=clock.now + timedelta(hours=1)).class_overview(
        ["4A"], "4A", clock.now + timedelta(hours=1), mentor_sees="summary")
    [row] = found.everyone
    assert row.reflections == 1 and row.moods[-1] == "good"
    assert row.competencies == ("kwaliteiten",)
    assert row.action is not None and "Sandra" in (row.action.text or "")
    assert row.reasons == ()  # reflected after the internship day: fine


async def test_the_queries_take_every_group_or_some(
        db: async_sessionmaker[AsyncSession]) -> None:
    await a_class_of_4a(db)
    async with db.begin() as session:
        await student(session, "Iris", "4B")
        await student(session, "Geen klas", None)
    async with db() as session:
        assert await school_views.group_sizes(session, None) == {"4A": 7, "4B": 1}
        assert await school_views.group_sizes(session, ["4B"]) == {"4B": 1}
        weeks = school_views.Weeks.covering(date(2026, 11, 23), date(2026, 11, 23), AMSTERDAM)
        rows: list[Any] = await school_views.weekly(session, ["4B"], weeks)
        assert [(r.group, r.enrolled, r.started) for r in rows] == [("4B", 1, 0)]


async def test_the_page_reads_the_same_numbers_at_once_as_one_after_another(
        db: async_sessionmaker[AsyncSession]) -> None:
    """school_numbers (statements side by side on PostgreSQL, and on SQLite's reading
    engine) equals the four queries run in turn in one session."""
    await a_class_of_4a(db)
    async with db.begin() as session:
        await student(session, "Iris", "4B")
    weeks = school_views.Weeks.covering(date(2026, 11, 2), date(2026, 11, 24), AMSTERDAM)
    edges, stuck = weeks.edges, NOW - timedelta(hours=2)
    found = await school_views.school_numbers(db, None, weeks, stuck)
    async with db() as session:
        assert found == school_views.SchoolNumbers(
            await school_views.group_sizes(session, None),
            await school_views.weekly(session, None, weeks),
            await school_views.drop_off(session, None, edges[0], edges[-1], stuck),
            await school_views.coverage(session, None, edges[0], edges[-1]))
    assert found.sizes == {"4A": 7, "4B": 1} and any(w.started for w in found.weeks)
    assert all(type(getattr(w, n)) is int for w in found.weeks for n in ("actions_set",
               "actions_done", "overdue_at_end"))  # not PostgreSQL's Decimal of a sum
    engine = db.kw["bind"]
    reader = create_reader(engine)  # as the pages read: on a SQLite file two threads at once
    try:
        assert await school_views.school_numbers(sessions(reader), None, weeks, stuck) == found
    finally:
        if reader is not engine:
            await reader.dispose()


async def test_several_coordinators_at_once_get_their_figures_on_the_pages_own_connections(
        database_url: str, tmp_path: Any) -> None:
    """Six figures pages at the same moment: each reads on up to a few sessions at once,
    none held while waiting for another, so they take turns on the pages' connections and
    never wait for each other (a page that held one connection while waiting for more
    could wait for ever once every connection was held so). The pages read on an engine
    of their own: students' turns never wait for them."""
    import asyncio

    from bot.app import open_app
    from bot.config import Settings
    from tests.conftest import ROOT

    settings = Settings(database_url=database_url, data_dir=tmp_path,
                        flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts")
    async with open_app(settings, Clock()) as core:
        assert core.reading is not core.database
        await a_class_of_4a(sessions(core.database))
        weeks = school_views.Weeks.covering(date(2026, 11, 2), date(2026, 11, 24), AMSTERDAM)
        reading, stuck = sessions(core.reading), NOW - timedelta(hours=2)
        found = await asyncio.wait_for(asyncio.gather(*(
            school_views.school_numbers(reading, None, weeks, stuck) for _ in range(6))), 30)
    assert found[0].sizes == {"4A": 7} and all(f == found[0] for f in found)


async def test_the_figures_read_beside_the_students_turns_on_sqlite(tmp_path: Any) -> None:
    """A coordinator's figures are counted in a read transaction of their own, which takes no
    write lock: a student's turn in the same moment is stored at once, not after the
    figures (a read on the bot's own SQLite connection used to hold every turn up)."""
    import asyncio

    from sqlalchemy import select

    from bot.app import open_app
    from bot.config import Settings
    from bot.storage.models import Contact
    from tests.conftest import ROOT

    settings = Settings(data_dir=tmp_path, flows_dir=ROOT / "dialogue_flows",
                        prompts_dir=ROOT / "prompts")
    async with open_app(settings, Clock()) as core:
        assert core.reading is not core.database
        async with core.reflection.sessions.begin() as session:
            student = Student(name="Sanne", language="nl", created_at=NOW)
            session.add(student)
            await session.flush()
            session.add(Contact(channel="console", address="sanne", student_id=student.id,
                                created_at=NOW))
        who = StudentRef.on("console", "sanne")
        async with sessions(core.reading)() as reading:
            assert (await reading.execute(select(Student.name))).scalars().all() == ["Sanne"]
            # the read transaction is open; a turn now must not wait for it
            opened = await asyncio.wait_for(core.reflection.open(who, "nl"), timeout=10)
            assert opened is not None
            reply = await asyncio.wait_for(core.reflection.reply(who, Said("2")), timeout=10)
            assert reply is not None and reply.accepted
            with pytest.raises(Exception, match=r"readonly|read-only|query_only"):
                await reading.execute(Student.__table__.delete())  # it only reads
        async with sessions(core.reading)() as reading:  # a new read sees the turn
            assert (await reading.scalar(select(Conversation.turns))) == 3  # asked, said, asked
