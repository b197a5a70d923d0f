"""The class overview, the student page and flags on the school's pages, over HTTP in process,
on SQLite and PostgreSQL: the digest's order as a page, students' own words only as the
school allows, every view of a student recorded, a mentor of 4B refused 4A (also by guessing
addresses), CSRF, acknowledging and resolving with the same records as in Telegram, and the
Telegram copies of an alert updated by a job in the process that runs Telegram."""

from __future__ import annotations

import asyncio
import dataclasses
import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import select

from bot.channels.web.server import web_job_loop
from bot.mentors.service import PICKED_UP, MentorService
from bot.mentors.staff import StaffAccess
from bot.storage.database import sessions
from bot.storage.models import Flag, FlagEvent, Job, PageView
from tests.conftest import Clock
from tests.school_seed import BULLIED, MOMENT, SeededSchool, seed
from tests.telegram_offline import offline_telegram
from tests.test_school_web import School, csrf, school, signed_in, text  # noqa: F401

ACTION = "feedback op mijn kassawerk"  # from the seeded students' action


@pytest.fixture
async def seeded(school: School) -> SeededSchool:  # noqa: F811
    return await seed(school.core, school.clock, school.clock.now)


def mentor_sees(where: School, shows: str) -> None:
    """The school's `mentor_sees` setting, as if school/school.yaml said so."""
    content = where.core.content
    settings = dataclasses.replace(content, school=content.school.model_copy(
        update={"mentor_sees": shows}))
    object.__setattr__(where.core, "content", settings)


async def flags_of(where: School) -> list[Flag]:
    async with sessions(where.core.database)() as session:
        return list((await session.scalars(select(Flag).order_by(Flag.id))).all())


async def events_of(where: School, flag_id: int) -> list[tuple[str, int | None, str | None]]:
    async with sessions(where.core.database)() as session:
        return [(e.kind, e.mentor_id, e.note) for e in (await session.scalars(
            select(FlagEvent).where(FlagEvent.flag_id == flag_id)
            .order_by(FlagEvent.id))).all()]


def sections(page: httpx.Response) -> list[str]:
    return re.findall(r'<section id="([a-z]+)"', page.text)


def section(page: httpx.Response, name: str) -> str:
    """The text of one section of a page."""
    found = re.search(rf'<section id="{name}".*?</section>', page.text, re.S)
    assert found, f"no section {name}"
    return text(httpx.Response(200, text=found[0]))


async def test_the_class_overview_reads_like_the_digest(school: School,  # noqa: F811
                                                        seeded: SeededSchool) -> None:
    async with school.client() as client:
        await signed_in(school, client, seeded.mentors["4A"])
        classes = await client.get("/school/classes")
        assert 'href="/school/classes/4A"' in classes.text
        page = await client.get("/school/classes/4A")
        assert page.status_code == 200
        assert sections(page) == ["flags", "attention", "everyone"]  # flags first
        shown = text(page)
        open_flags = section(page, "flags")
        # urgent first, each with its forms; the concern after it
        assert open_flags.index("Dringend Sanne") < open_flags.index("Zorg Mo")
        assert open_flags.count("Ik pak het op") == len(re.findall(
            r'action="/school/flags/\d+/acknowledge"', page.text))
        assert "Pesten" in open_flags or "gepest" in open_flags.lower()
        needs = section(page, "attention")
        # the reasons in the digest's order, each with whom it is about
        order = [needs.index(t) for t in ("Niet gereflecteerd sinds de stagedag van donderdag "
                                          "19 november", "Nooit begonnen", "Halverwege gestopt",
                                          "Actie over tijd", "Twee keer achter elkaar")]
        assert order == sorted(order)
        quiet = needs[order[0]:order[1]]
        assert all(name in quiet for name in ("Daan", "Joris", "Lotte"))
        assert "Sanne" not in quiet and "Mo" not in quiet  # they reflected after the day
        assert "Noor Visser" in needs[order[1]:order[2]] and "Fleur" in needs[order[2]:order[3]]
        assert "Lotte" in needs[order[4]:]
        table = section(page, "everyone")
        assert [n for n in ("Daan", "Fleur", "Joris", "Lotte", "Mo", "Sanne")
                if n in table] == ["Daan", "Fleur", "Joris", "Lotte", "Mo", "Sanne"]
        assert table.index("Daan") < table.index("nog nooit") < table.index("Fleur")
        assert "6 studenten" in shown and "2 van 6 studenten reflecteerden" in shown
        # a mood trend per student (inline SVG, no script), competencies, the newest action
        assert page.text.count('class="chart-svg chart-spark"') == 6
        assert "<script" not in page.text
        assert "netwerken" in table and ACTION in table  # `summary`: their actions show
        assert "Bram" not in shown  # 4B
        assert page.headers["content-security-policy"].startswith("default-src 'none'")


async def test_a_student_page_shows_words_only_as_the_school_allows(
        school: School, seeded: SeededSchool) -> None:  # noqa: F811
    sanne = seeded.students["Sanne"]
    async with school.client() as client:
        await signed_in(school, client, seeded.mentors["4A"])
        mentor_sees(school, "never")
        never = await client.get(f"/school/students/{sanne}")
        assert never.status_code == 200
        assert ACTION not in never.text and "rustig" not in never.text
        assert "eigen woorden niet getoond" in text(never)
        assert ACTION not in (await client.get("/school/classes/4A")).text
        mentor_sees(school, "summary")
        summary = text(await client.get(f"/school/students/{sanne}"))
        assert ACTION in summary and "rustig" not in summary
        mentor_sees(school, "quotes")
        quotes = text(await client.get(f"/school/students/{sanne}"))
        assert ACTION in quotes and ("rustig" in quotes or MOMENT[:20] in quotes)
        # reflections, actions with their history, flags with who did what, the profile
        assert "Reflecties" in quotes and "afgerond · stemming: super" in quotes
        assert "gezet, uiterlijk" in quotes
        assert "Dringend" in quotes and "nog niet opgepakt" in quotes
        assert "Competentieprofiel" in quotes and "werkexploratie" in quotes


async def test_every_view_of_a_student_page_is_recorded_and_shown(
        school: School, seeded: SeededSchool) -> None:  # noqa: F811
    sanne = seeded.students["Sanne"]
    async with school.client() as mentor, school.client() as coordinator:
        await signed_in(school, mentor, seeded.mentors["4A"])
        await signed_in(school, coordinator, seeded.mentors["coordinator"])
        await mentor.get(f"/school/students/{sanne}")
        school.clock.now += timedelta(minutes=5)
        page = text(await coordinator.get(f"/school/students/{sanne}"))
        views = page[page.index("Wie bekeek deze pagina"):]
        assert "Mila Bakker" in views and "Ellen de Vries" in views
        assert views.index("Mila Bakker") < views.index("Ellen de Vries")  # newest first
        await mentor.get("/school/classes/4A")  # a class page is not a student's page
    async with sessions(school.core.database)() as session:
        viewed = [(v.mentor_id, v.student_id, v.page) for v in (await session.scalars(
            select(PageView).order_by(PageView.id))).all()]
    assert viewed == [(seeded.mentors["4A"], sanne, "student"),
                      (seeded.mentors["coordinator"], sanne, "student")]


async def test_a_mentor_of_4b_is_refused_4a_also_by_guessing(
        school: School, seeded: SeededSchool) -> None:  # noqa: F811
    sanne, bram = seeded.students["Sanne"], seeded.students["Bram"]
    [flag_4a] = [f for f in await flags_of(school) if f.student_id == sanne]
    async with school.client() as client:
        await signed_in(school, client, seeded.mentors["4B"])
        mine = await client.get("/school/classes/4B")
        assert mine.status_code == 200 and "Bram" in text(mine)
        assert "Class 4B" in text(mine)  # Piet reads the pages in English
        token = csrf(mine)
        assert (await client.get("/school/classes/4A")).status_code == 403
        assert (await client.get("/school/classes/4a")).status_code == 403
        assert (await client.get(f"/school/students/{sanne}")).status_code == 403
        assert (await client.get(f"/school/students/{bram}")).status_code == 200
        # guessing: every other id answers alike, whether it exists or not
        for guess in (sanne + 1, sanne - 1, 999_999):
            if guess != bram:
                refused = await client.get(f"/school/students/{guess}")
                assert refused.status_code == 403 and "Sanne" not in refused.text
        assert (await client.get("/school/students/abc")).status_code == 404
        assert (await client.get(f"/school/students/{sanne}%20")).status_code == 404
        for action in ("acknowledge", "resolve"):
            refused = await client.post(f"/school/flags/{flag_4a.id}/{action}",
                                        data={"csrf": token, "note": "Gebeld",
                                              "back": "/school/classes/4B"})
            assert refused.status_code == 403
        assert "Sanne" not in text(await client.get("/school/classes/4B"))
    assert await events_of(school, flag_4a.id) == []
    async with sessions(school.core.database)() as session:  # a refused page is not a view
        assert await session.scalar(select(PageView).where(PageView.student_id != bram)) is None
    async with school.client() as coordinator:  # a coordinator sees every group
        await signed_in(school, coordinator, seeded.mentors["coordinator"])
        for path in ("/school/classes/4A", "/school/classes/4B", f"/school/students/{sanne}",
                     f"/school/students/{bram}"):
            assert (await coordinator.get(path)).status_code == 200, path
        assert (await coordinator.get("/school/classes/9Z")).status_code == 404


async def test_forms_without_the_sessions_csrf_token_are_refused(
        school: School, seeded: SeededSchool) -> None:  # noqa: F811
    [flag] = [f for f in await flags_of(school) if f.student_id == seeded.students["Sanne"]]
    async with school.client() as client:
        await signed_in(school, client, seeded.mentors["4A"])
        for action in ("acknowledge", "resolve"):
            for forged in ({}, {"csrf": "forged"}):
                refused = await client.post(f"/school/flags/{flag.id}/{action}",
                                            data={**forged, "note": "Gebeld"})
                assert refused.status_code == 403, (action, forged)
    async with school.client() as stranger:  # not signed in at all
        refused = await stranger.post(f"/school/flags/{flag.id}/acknowledge", data={})
        assert refused.status_code == 401
    assert await events_of(school, flag.id) == []


async def test_acknowledge_and_resolve_write_the_same_records_as_telegram(
        school: School, seeded: SeededSchool) -> None:  # noqa: F811
    ellen = seeded.mentors["4A"]
    [flag] = [f for f in await flags_of(school) if f.student_id == seeded.students["Sanne"]]
    async with school.client() as client:
        await signed_in(school, client, ellen)
        page = await client.get("/school/classes/4A")
        token = csrf(page)
        back = "/school/classes/4A"
        done = await client.post(f"/school/flags/{flag.id}/acknowledge",
                                 data={"csrf": token, "back": back})
        assert done.status_code == 303
        assert done.headers["location"] == f"{back}?done=done_acknowledged#notice"
        shown = text(await client.get(done.headers["location"]))
        assert "Opgepakt." in shown and "opgepakt door Ellen de Vries" in shown
        again = await client.post(f"/school/flags/{flag.id}/acknowledge",
                                  data={"csrf": token, "back": back})
        assert "already_acknowledged" in again.headers["location"]
        told = text(await client.get(again.headers["location"]))
        assert "al opgepakt door iemand anders" in told and "{" not in told
        empty = await client.post(f"/school/flags/{flag.id}/resolve",
                                  data={"csrf": token, "back": back, "note": "  "})
        assert "note_empty" in empty.headers["location"]
        long = await client.post(f"/school/flags/{flag.id}/resolve",
                                 data={"csrf": token, "back": back, "note": "x" * 2001})
        assert "note_long" in long.headers["location"]  # refused whole, never cut off
        note = "Gebeld met Sanne en haar ouders; gesprek met de zorgcoördinator staat."
        form = {"csrf": token, "back": f"/school/students/{flag.student_id}", "note": note}
        # a double submit: both forms at once, resolved once
        sent = await asyncio.gather(*(client.post(f"/school/flags/{flag.id}/resolve", data=form)
                                      for _ in range(2)))
        assert sorted(r.headers["location"].split("done=")[1] for r in sent) == [
            "already_resolved#notice", "done_resolved#notice"]
        student = text(await client.get(sent[0].headers["location"]))
        assert "Afgehandeld, met je notitie." in student
        assert "afgehandeld door Ellen de Vries" in student and note in student
        assert "Sanne" not in section(await client.get(back), "flags")
        # a form sent to another site's page is not followed
        odd = await client.post(f"/school/flags/{flag.id}/acknowledge",
                                data={"csrf": token, "back": "https://evil.example/"})
        assert odd.headers["location"].startswith("/school/classes?")
    assert await events_of(school, flag.id) == [("acknowledged", ellen, None),
                                                ("resolved", ellen, note)]
    [stored] = [f for f in await flags_of(school) if f.id == flag.id]
    assert stored.status == "resolved" and stored.acknowledged_at and stored.resolved_at
    # as in Telegram: the mentor's /vlaggen no longer lists it
    mentors = MentorService(sessions(school.core.database), school.clock)
    assert [f.view.id for f in await mentors.open_flags_in(None, "4A")
            ].count(flag.id) == 0


async def test_resolving_at_once_picks_the_flag_up(school: School,  # noqa: F811
                                                   seeded: SeededSchool) -> None:
    [flag] = [f for f in await flags_of(school) if f.student_id == seeded.students["Mo"]]
    async with school.client() as client:
        await signed_in(school, client, seeded.mentors["coordinator"])
        page = await client.get("/school/classes/4A")
        assert BULLIED not in page.text  # the reason, not the student's words
        await client.post(f"/school/flags/{flag.id}/resolve",
                          data={"csrf": csrf(page), "note": "Besproken met Mo."})
    assert await events_of(school, flag.id) == [
        ("resolved", seeded.mentors["coordinator"], "Besproken met Mo.")]
    async with sessions(school.core.database)() as session:
        # no Telegram copies of this alert (a concern is not alerted): nothing to update
        assert await session.scalar(select(Job).where(Job.kind == PICKED_UP)) is None


async def test_the_telegram_copies_follow_a_flag_picked_up_on_the_web(
        tmp_path: Path, database_url: str) -> None:
    """Two 4A mentors: Bram in Telegram got the alert with a button; Ellen picks the flag up
    on the web. A process with the web pages alone leaves the job; the Telegram process's job
    loop takes the button off Bram's copy and replies who picked it up."""
    from tests.test_mentors import mentor_of, sent_to, student_in

    clock = Clock()
    async with offline_telegram(tmp_path, clock, database_url=database_url,
                                web_url="https://school.example.nl",
                                web_secure_cookies=False) as telegram:
        web = School(telegram.core, clock, StaffAccess(sessions(telegram.core.database),
                                                          clock),
                        MentorService(sessions(telegram.core.database), clock))
        bram = await mentor_of(telegram, "4A", 9001)
        ellen = await web.mentor("Ellen de Vries", "e.devries@school.nl", ["4A"])
        student = await student_in(telegram, "4A", 501)
        await student.send("ik wil dood")
        assert await telegram.run_jobs() == 1
        alert = sent_to(telegram, bram.user_id)[-1]
        assert "Dringend" in str(alert["text"]) and alert.get("reply_markup")
        async with web.client() as client:
            await signed_in(web, client, ellen)
            page = await client.get("/school/classes/4A")
            [flag_id] = re.findall(r'action="/school/flags/(\d+)/acknowledge"', page.text)
            done = await client.post(f"/school/flags/{flag_id}/acknowledge",
                                     data={"csrf": csrf(page), "back": "/school/classes/4A"})
            assert done.status_code == 303
        telegram.api.clear()
        await web_job_loop(telegram.core).run_once()  # a process without Telegram ...
        async with sessions(telegram.core.database)() as session:  # ... leaves it
            [job] = (await session.scalars(select(Job).where(Job.kind == PICKED_UP))).all()
            assert job.status == "pending" and job.flag_id == int(flag_id)
            copy = await session.scalar(select(FlagEvent.message_ref).where(
                FlagEvent.kind == "alerted"))
        assert await telegram.run_jobs() == 1
        [cleared] = telegram.api.sent("editMessageReplyMarkup")
        assert f"{cleared['chat_id']}:{cleared['message_id']}" == copy
        assert int(cleared["chat_id"]) == bram.user_id
        reply = sent_to(telegram, bram.user_id)[-1]
        assert "Opgepakt door Ellen de Vries" in str(reply["text"])
        assert reply.get("reply_to_message_id") or reply.get("reply_parameters")
        assert await telegram.run_jobs() == 0  # once
        # Bram pressing his stale button later is told Ellen has it; nothing is recorded
        await bram.press_data(f"ack|{flag_id}", alert)
        assert "Opgepakt door Ellen de Vries" in str(
            telegram.api.sent("editMessageText")[-1]["text"])
        async with sessions(telegram.core.database)() as session:
            kinds = [(e.kind, e.mentor_id) for e in (await session.scalars(
                select(FlagEvent).order_by(FlagEvent.id))).all()]
        assert [k for k, _ in kinds] == ["alerted", "acknowledged"]
        assert kinds[1][1] == ellen


async def test_a_flag_resolved_in_telegram_shows_on_the_web(tmp_path: Path,
                                                           database_url: str) -> None:
    """Bram resolves with a note in Telegram, without picking the flag up first: the student's
    page shows who resolved it and the note, and his alert loses its button."""
    from tests.test_mentors import mentor_of, sent_to, student_in

    clock = Clock()
    async with offline_telegram(tmp_path, clock, database_url=database_url,
                                web_url="https://school.example.nl",
                                web_secure_cookies=False) as telegram:
        web = School(telegram.core, clock, StaffAccess(sessions(telegram.core.database), clock),
                     MentorService(sessions(telegram.core.database), clock))
        bram = await mentor_of(telegram, "4A", 9001)
        coordinator = await web.mentor("Mila Bakker", "m.bakker@school.nl", [], True)
        student = await student_in(telegram, "4A", 501)
        await student.send("ik wil dood")
        await telegram.run_jobs()
        await bram.send("/vlaggen")
        await bram.press("Afhandelen")
        await bram.send("Gebeld met Sanne; gesprek met de zorgcoördinator staat vrijdag.")
        assert "Afgehandeld" in str(sent_to(telegram, bram.user_id)[-1]["text"])
        assert await telegram.run_jobs() == 1  # the alert's copy: picked up
        assert telegram.api.sent("editMessageReplyMarkup")
        async with web.client() as client:
            await signed_in(web, client, coordinator)
            async with sessions(telegram.core.database)() as session:
                [flag] = (await session.scalars(select(Flag))).all()
            page = text(await client.get(f"/school/students/{flag.student_id}"))
            assert "afgehandeld door Mentor 4A" in page and "gesprek met de zorg" in page
            assert "opgepakt door" not in page  # resolved at once: no separate pick-up
