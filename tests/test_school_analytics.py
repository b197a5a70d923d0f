"""The school's figures, flows, codes and settings over HTTP, in process (/school/analytics,
/school/flows, /school/invites, /school/settings), on SQLite and PostgreSQL: the numbers of a
small seeded school, a group of 4 withheld (on the page and in every CSV), a mentor refused
another class, administrator-only codes with CSRF, an invite sheet read back from its PDF, and
a broken flow's problem on the flows page."""

from __future__ import annotations

import csv
import io
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import open_app
from bot.config import Settings
from bot.mentors.service import MentorService
from bot.mentors.staff import StaffAccess
from bot.storage.database import sessions
from bot.storage.models import (
    Action,
    ActionEvent,
    Answer,
    Conversation,
    Student,
    Turn,
    competency_bits,
)
from tests.conftest import ROOT, Clock
from tests.test_school_web import WEB_URL, School, csrf, signed_in, text
from tests.test_school_web import school as school  # the fixture, reused

pypdf = pytest.importorskip("pypdf")

NOW = datetime(2026, 11, 23, 19, 0, tzinfo=UTC)  # a Monday evening (the Clock's default)
STEPS = ("hallo", "dag", "moment", "onderwerp", "kwaliteiten", "actie", "afsluiting")


@dataclass(frozen=True)
class Talk:
    """One seeded conversation: who, when, how it ended, where it stopped, what it was
    about, and the action set in it (due day, done on)."""

    student: int
    started: datetime
    status: str = "completed"
    stop: str | None = None  # the step of the last turn of an unfinished conversation
    competency: str | None = None
    action_due: date | None = None
    done_at: datetime | None = None


async def seed_small_school(engine: AsyncEngine) -> dict[str, list[int]]:
    """4B: 6 students (shown), 4A: 4 (withheld), 4C: 5 (shown, just). The numbers the tests
    expect are worked out in the tests below; the students' words are placeholders."""
    joined = datetime(2026, 9, 1, 8, 0, tzinfo=UTC)
    ids: dict[str, list[int]] = {}
    async with sessions(engine).begin() as session:
        for group, size in (("4B", 6), ("4A", 4), ("4C", 5)):
            students = [Student(name=f"Leerling {group}-{i}", group_name=group,
                                consented_at=joined, language="nl", created_at=joined)
                        for i in range(size)]
            session.add_all(students)
            await session.flush()
            ids[group] = [s.id for s in students]
        tuesday = datetime(2026, 11, 17, 17, 0, tzinfo=UTC)  # week 47 (Monday 16-11)
        b, a, c = ids["4B"], ids["4A"], ids["4C"]
        talks = [
            Talk(b[0], tuesday, competency="kwaliteiten", action_due=date(2026, 11, 19),
                 done_at=datetime(2026, 11, 20, 16, 0, tzinfo=UTC)),
            Talk(b[1], tuesday, competency="kwaliteiten", action_due=date(2026, 11, 19)),
            Talk(b[2], tuesday, competency="motieven", action_due=date(2026, 11, 30)),
            Talk(b[3], tuesday, status="abandoned", stop="moment"),
            Talk(b[4], tuesday, status="abandoned", stop="dag"),
            Talk(b[5], datetime(2026, 11, 10, 17, 0, tzinfo=UTC), competency="werkexploratie"),
            *(Talk(s, tuesday, competency="netwerken") for s in a),  # withheld: never shown
            *(Talk(s, tuesday, competency="loopbaansturing") for s in c[:2]),
        ]
        for number, talk in enumerate(talks):
            await _conversation(session, talk, number)
    return ids


async def _conversation(session: object, talk: Talk, number: int) -> None:
    from sqlalchemy.ext.asyncio import AsyncSession

    assert isinstance(session, AsyncSession)
    steps = STEPS if talk.status == "completed" else STEPS[:STEPS.index(talk.stop or "dag") + 1]
    at = talk.started
    conversation = Conversation(student_id=talk.student, number=1, flow="stagedag",
                                flow_version="test", language="nl", status=talk.status,
                                snapshot={}, facts=None, turns=len(steps), started_at=at,
                                updated_at=at + timedelta(minutes=len(steps)),
                                ended_at=at + timedelta(minutes=len(steps)),
                                last_step=steps[-1], competencies=competency_bits(
                                    [talk.competency] if "kwaliteiten" in steps else []))
    session.add(conversation)
    await session.flush()
    for seq, step in enumerate(steps, start=1):
        turn = Turn(conversation_id=conversation.id, seq=seq, role="bot", step=step,
                    text="(vraag)", created_at=at + timedelta(minutes=seq))
        session.add(turn)
        await session.flush()
        if step == "kwaliteiten" and talk.competency:
            session.add(Answer(conversation_id=conversation.id, turn_id=turn.id, step=step,
                               competency=talk.competency, kind="answer", text="(antwoord)",
                               created_at=turn.created_at))
    if talk.action_due is not None:
        action = Action(student_id=talk.student, conversation_id=conversation.id,
                        text="(actie)", due=talk.action_due,
                        status="done" if talk.done_at else "open", kind="step",
                        times_reviewed=1 if talk.done_at else 0, learning=None,
                        reviewed_in=None, reviewed_at=talk.done_at, reminded_at=None,
                        created_at=conversation.ended_at or at)
        session.add(action)
        await session.flush()
        session.add(ActionEvent(action_id=action.id, conversation_id=conversation.id,
                                kind="set", outcome=None, due=talk.action_due, learning=None,
                                at=action.created_at))
        if talk.done_at:
            session.add(ActionEvent(action_id=action.id, conversation_id=None, kind="done",
                                    outcome="done", due=None, learning=None, at=talk.done_at))
    await session.flush()


def rows(response: httpx.Response) -> list[list[str]]:
    """A CSV download as rows (after its BOM), checked to be one."""
    assert response.status_code == 200, response.text[:300]
    assert response.headers["content-type"].startswith("text/csv")
    assert response.headers["content-disposition"].startswith('attachment; filename="')
    assert response.content.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))


async def test_the_numbers_of_a_small_school_per_week_and_per_group(school: School) -> None:
    await seed_small_school(school.core.database)
    coordinator = await school.mentor("Mila Bakker", "m.bakker@school.nl", [], True)
    async with school.client() as client:
        await signed_in(school, client, coordinator)
        page = await client.get("/school/analytics?weeks=4")
        assert page.status_code == 200
        shown = text(page)
        assert "Reflecties per week" in shown and "Waar gesprekken stoppen" in shown
        assert page.text.count("<svg") >= 4  # the charts, inline
        # 4B and 4C count, 4A (4 students) is left out of the school's numbers
        assert "1 klas(sen) met minder dan 5 leerlingen tellen niet mee" in shown
        weeks = rows(await client.get("/school/analytics/reflections.csv?weeks=4"))
        assert weeks[0] == ["Week", "Leerlingen", "Actief", "Gestart", "Afgerond", "% afgerond"]
        assert [r[0] for r in weeks[1:5]] == ["week 45 (02-11)", "week 46 (09-11)",
                                              "week 47 (16-11)", "week 48 (23-11)"]
        assert weeks[2][1:] == ["11", "1", "1", "1", "100"]  # 6 + 5 students, week 46
        assert weeks[3][1:] == ["11", "7", "7", "5", "71"]  # 5 of 4B and 2 of 4C
        assert weeks[5] == ["Totaal", "11", "", "8", "6", "75"]
        groups = {r[0]: r for r in rows(await client.get(
            "/school/analytics/groups.csv?weeks=4"))[1:]}
        assert groups["4A"][1:10] == [""] * 9 and "minder dan 5" in groups["4A"][10]
        # class, students, % active per week, started, completed, %, set, done, overdue, least
        assert groups["4B"][1:9] == ["6", "25", "6", "4", "67", "3", "1", "1"]
        assert groups["4B"][9] == "netwerken" and groups["4C"][1:6] == ["5", "10", "2", "2",
                                                                          "100"]
        stops = rows(await client.get("/school/analytics/drop_off.csv?weeks=4&group=4B"))
        assert sorted(tuple(r) for r in stops[1:]) == [("dag", "stagedag", "1", "50"),
                                                       ("moment", "stagedag", "1", "50")]
        topics = {r[0]: r[1:] for r in rows(await client.get(
            "/school/analytics/competencies.csv?weeks=4&group=4B"))[1:]}
        assert topics == {"kwaliteiten": ["2", "33"], "motieven": ["1", "17"],
                          "werkexploratie": ["1", "17"], "loopbaansturing": ["0", "0"],
                          "netwerken": ["0", "0"]}
        one = text(await client.get("/school/analytics?weeks=4&group=4B"))
        assert "Weinig besproken: loopbaansturing, netwerken" in one
        actions = rows(await client.get("/school/analytics/actions.csv?weeks=4&group=4B"))
        assert actions[3][1:] == ["3", "1", "1"] and actions[4][1:] == ["0", "0", "1"]
        everything = rows(await client.get("/school/analytics/group_weeks.csv?weeks=4"))
        assert [r for r in everything if r[0] == "4A"] == [["4A", *[""] * 10, groups["4A"][10]]]
        assert len([r for r in everything if r[0] == "4B"]) == 4
    english = (await school.mentors.add("Sam Smith", "s.smith@school.nl", [], True, "en")).id
    async with school.client() as client:  # the staff member's language decides
        await signed_in(school, client, english)
        page = await client.get("/school/analytics?weeks=4&group=4B")
        shown = text(page)
        assert "Reflections per week" in shown and "Little discussed: career steering" in shown
        assert rows(await client.get("/school/analytics/reflections.csv?weeks=4&group=4B"))[0] \
            == ["Week", "Students", "Active", "Started", "Completed", "% completed"]


async def test_a_group_of_four_is_withheld_and_a_mentor_sees_their_own_groups_only(
        school: School) -> None:
    await seed_small_school(school.core.database)
    of_4a = await school.mentor("Piet Jansen", "p.jansen@school.nl", ["4A"])
    of_4b = await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    async with school.client() as client:
        await signed_in(school, client, of_4a)
        page = text(await client.get("/school/analytics"))
        assert "minder dan 5 leerlingen" in page and "Reflecties per week" not in page
        for table in ("reflections", "actions", "drop_off", "competencies"):
            withheld = rows(await client.get(f"/school/analytics/{table}.csv?group=4A"))
            assert len(withheld) == 2 and "minder dan 5 leerlingen" in withheld[1][0]
            assert not any(cell.isdigit() for cell in withheld[1][0].split() if cell != "5")
    async with school.client() as client:
        await signed_in(school, client, of_4b)
        mine = await client.get("/school/analytics?weeks=4")
        assert "Je klassen" in text(mine) and '<option value="4A"' not in mine.text
        assert rows(await client.get("/school/analytics/reflections.csv?weeks=4"))[3][3] == "5"
        # 4A is not theirs: refused by link and by a guessed URL, page and CSV alike
        for url in ("/school/analytics/reflections.csv?group=4A", "/school/analytics?group=4A",
                    "/school/analytics/groups.csv?group=4A"):
            assert (await client.get(url)).status_code == 403, url
        groups = rows(await client.get("/school/analytics/groups.csv"))
        assert [r[0] for r in groups[1:]] == ["4B"]
        assert (await client.get("/school/analytics/secrets.csv")).status_code == 404
    async with school.client() as client:  # signed out: nothing
        assert (await client.get("/school/analytics/groups.csv")).status_code == 401


async def test_codes_are_for_the_administrator_only_and_every_form_needs_its_token(
        school: School) -> None:
    mentor = await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    coordinator = await school.mentor("Mila Bakker", "m.bakker@school.nl", [], True)
    admin = await school.mentor("Anna Admin", "a.admin@school.nl", [], admin=True)
    async with school.client() as client:
        await signed_in(school, client, mentor)
        classes = await client.get("/school/classes")
        for url in ("/school/invites", "/school/settings", "/school/flows",
                    "/school/invites/sheet.pdf?group=4B"):
            assert (await client.get(url)).status_code == 403, url
        made = await client.post("/school/invites", data={"csrf": csrf(classes),
                                                          "group": "4B", "count": "3"})
        assert made.status_code == 403
    async with school.client() as client:
        await signed_in(school, client, coordinator)
        assert (await client.get("/school/invites")).status_code == 403
        assert (await client.get("/school/flows")).status_code == 200
    async with school.client() as client:
        await signed_in(school, client, admin)
        page = await client.get("/school/invites")
        assert page.status_code == 200 and "Codes maken voor een klas" in text(page)
        forged = await client.post("/school/invites", data={"csrf": "forged", "group": "4B",
                                                            "count": "3"})
        assert forged.status_code == 403
        assert "4B" not in text(await client.get("/school/invites"))  # nothing was made
        made = await client.post("/school/invites", data={"csrf": csrf(page), "group": "4B",
                                                          "count": "3"})
        assert made.status_code == 303
        listed = await client.get(made.headers["location"])
        assert "3 codes gemaakt voor 4B" in text(listed) and "0 van 3 gebruikt" in text(listed)
        code = listed.text.split('name="code" value="')[1].split('"')[0]
        forged = await client.post("/school/invites/revoke", data={"csrf": "x", "code": code})
        assert forged.status_code == 403
        revoked = await client.post("/school/invites/revoke",
                                    data={"csrf": csrf(page), "code": code})
        assert revoked.status_code == 303
        assert "0 van 2 gebruikt" in text(await client.get(revoked.headers["location"]))
        again = await client.post("/school/invites/revoke", data={"csrf": csrf(page),
                                                                  "code": code})
        assert again.status_code == 400 and "bestaat niet" in text(again)
        wrong = await client.post("/school/invites", data={"csrf": csrf(page), "group": "4b",
                                                           "count": "2"})
        assert wrong.status_code == 400  # the school's spelling is 4B
        assert "schrijft deze klas als &#39;4B&#39;" in text(wrong)
        empty = await client.post("/school/invites", data={"csrf": csrf(page), "group": "4C"})
        assert empty.status_code == 400
        settings = await client.get("/school/settings")
        shown = text(settings)
        assert settings.status_code == 200 and "113 Zelfmoordpreventie" in shown
        assert "mentor_sees" in shown and "elke werkdag om 18:00" in shown


async def test_an_invite_sheet_for_a_class_downloads_as_a_pdf_with_the_names(
        school: School) -> None:
    admin = await school.mentor("Anna Admin", "a.admin@school.nl", [], admin=True)
    names = ["Sanne de Vries", "Zoë Jansen", "Mohammed El Amrani"]
    async with school.client() as client:
        await signed_in(school, client, admin)
        page = await client.get("/school/invites")
        made = await client.post("/school/invites", data={
            "csrf": csrf(page), "group": "4A", "names": "\n".join(names) + "\n\n"})
        assert made.status_code == 303
        listed = await client.get(made.headers["location"])
        assert "/school/invites/sheet.pdf?group=4A" in listed.text
        sheet = await client.get("/school/invites/sheet.pdf?group=4A")
        assert sheet.status_code == 200 and sheet.headers["content-type"] == "application/pdf"
        assert sheet.headers["content-disposition"] == \
            'attachment; filename="uitnodigingen-4A.pdf"'
        pdf = "\n".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(sheet.content)).pages)
        codes = [r.code for r in await _invites(school, "4A")]
        assert len(codes) == 3
        for name in names:
            assert name in pdf
        for code in codes:
            assert code in pdf and f"{WEB_URL}/join?code={code}" in pdf
        missing = await client.get("/school/invites/sheet.pdf?group=9Z")
        assert missing.status_code == 404
        again = await client.post("/school/invites", data={  # lost slips: the same list
            "csrf": csrf(page), "group": "4A", "names": "\n".join(names)})
        shown = text(await client.get(again.headers["location"]))
        assert "3 leerlingen hadden al een ongebruikte code in 4A" in shown
        assert "codes gemaakt" not in shown
        assert sorted(r.code for r in await _invites(school, "4A")) == sorted(codes)


async def _invites(school: School, group: str) -> list[object]:
    from bot.students import StudentService

    return list(await StudentService(sessions(school.core.database)).invites(group))


@pytest.fixture
async def broken_flows(tmp_path: Path, database_url: str) -> AsyncIterator[School]:
    """A school whose flows folder gets a broken flow while the bot runs."""
    flows = tmp_path / "flows"
    flows.mkdir()
    shutil.copy(ROOT / "dialogue_flows" / "stagedag.yaml", flows / "stagedag.yaml")
    settings = Settings(data_dir=tmp_path, database_url=database_url, web_url=WEB_URL,
                        web_secure_cookies=False, flows_dir=flows,
                        prompts_dir=ROOT / "prompts")
    clock = Clock()
    async with open_app(settings, clock) as core:
        yield School(core, clock, StaffAccess(sessions(core.database), clock),
                     MentorService(sessions(core.database), clock))


async def test_the_flows_page_draws_each_flow_and_lists_a_broken_flows_problems(
        broken_flows: School) -> None:
    school = broken_flows
    folder = school.core.settings.flows_dir
    broken = (folder / "stagedag.yaml").read_text(encoding="utf-8").replace(
        "flow: stagedag", "flow: kapot", 1)
    broken = broken.replace("next: dag", "next: nergens", 1)
    assert "nergens" in broken
    (folder / "kapot.yaml").write_text(broken, encoding="utf-8")
    admin = await school.mentor("Anna Admin", "a.admin@school.nl", [], admin=True)
    async with school.client() as client:
        await signed_in(school, client, admin)
        page = await client.get("/school/flows")
        assert page.status_code == 200
        csp = page.headers["content-security-policy"]
        assert "script-src 'self'" in csp and "'unsafe-eval'" not in csp
        assert '<script src="/static/vendor/mermaid.min.js" defer>' in page.text
        assert page.text.count('<pre class="mermaid">') == 2
        shown = text(page)
        assert "kapot.yaml" in shown and "nergens" in shown and "Problemen (" in shown
        assert "stagedag in gebruik" in shown
        assert "Geen problemen in school.yaml" in shown
        # the other pages keep the strict policy
        other = await client.get("/school/analytics")
        assert "unsafe-inline" not in other.headers["content-security-policy"]


async def test_the_texts_of_these_pages_exist_in_both_languages(school: School) -> None:
    texts = school.core.content.texts
    ours = {k for k in texts.keys("nl") if k.startswith(("analytics.", "admin."))}
    assert ours and ours == {k for k in texts.keys("en")
                             if k.startswith(("analytics.", "admin."))}


def test_the_active_share_counts_only_weeks_a_student_was_enrolled() -> None:
    """A class of six that joined this week and all reflected: 100% active, not 8% (the
    twelve weeks before they joined do not count against them)."""
    from datetime import date, timedelta

    from bot.channels.web.school.analytics import _active_share
    from bot.mentors.school_pages import GroupNumbers
    from bot.storage.school_views import WeekCounts

    monday = date(2026, 9, 14)
    weeks = tuple(WeekCounts("4A", monday + timedelta(weeks=i), 6 if i == 11 else 0,
                             6 if i == 11 else 0, 6 if i == 11 else 0, 6 if i == 11 else 0,
                             0, 0, 0) for i in range(12))
    assert _active_share(GroupNumbers("4A", False, 6, weeks)) == 100
    half = tuple(WeekCounts("4A", w.week, 6, 3, 3, 3, 0, 0, 0) for w in weeks)
    assert _active_share(GroupNumbers("4A", False, 6, half)) == 50
