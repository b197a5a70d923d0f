"""The school's pages over HTTP, in process: signing in with a one-time link (from the bot, by
e-mail through a real SMTP server, or printed by the CLI), sessions, roles and CSRF; on SQLite
and PostgreSQL."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller

from bot.app import App, open_app
from bot.channels.web.app import WebChat, WebSettings
from bot.channels.web.server import school_pages
from bot.config import Settings
from bot.mentors.service import MentorService
from bot.mentors.staff import StaffAccess
from bot.storage.database import sessions
from bot.students import StudentService
from tests.conftest import ROOT, Clock
from tests.test_digests import Inbox

WEB_URL = "https://school.example.nl"


@dataclass
class School:
    core: App
    clock: Clock
    access: StaffAccess
    mentors: MentorService

    def client(self) -> httpx.AsyncClient:
        students = StudentService(sessions(self.core.database), self.clock)
        chat = WebChat(self.core.reflection, students, self.core.content.texts,
                       WebSettings(secure_cookies=False))
        return httpx.AsyncClient(transport=httpx.ASGITransport(
            app=chat.app(school_pages(self.core))), base_url="http://testserver")

    async def mentor(self, name: str, email: str, groups: list[str],
                     coordinator: bool = False, admin: bool = False) -> int:
        profile = await self.mentors.add(name, email, groups, coordinator, "nl", admin)
        return profile.id


@pytest.fixture
async def school(tmp_path: Path, database_url: str) -> AsyncIterator[School]:
    settings = Settings(data_dir=tmp_path, database_url=database_url, web_url=WEB_URL,
                        web_secure_cookies=False, flows_dir=ROOT / "dialogue_flows",
                        prompts_dir=ROOT / "prompts")
    clock = Clock()
    async with open_app(settings, clock) as core:
        yield School(core, clock, StaffAccess(sessions(core.database), clock),
                     MentorService(sessions(core.database), clock))


def text(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page.text))


def csrf(page: httpx.Response) -> str:
    found = re.search(r'name="csrf" value="([^"]*)"', page.text)
    assert found, "no CSRF field on the page"
    return found[1]


async def signed_in(school: School, client: httpx.AsyncClient, mentor_id: int) -> None:
    token = await school.access.link_for(mentor_id)
    opened = await client.get(f"/school/login/{token}")
    assert opened.status_code == 200
    pressed = await client.post(f"/school/login/{token}")
    assert pressed.status_code == 303 and pressed.headers["location"] == "/school/classes"


async def test_a_link_signs_in_once_and_the_session_shows_the_mentors_classes(
        school: School) -> None:
    mentor = await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    token = await school.access.link_for(mentor)
    async with school.client() as client:
        assert (await client.get("/school/classes")).status_code == 401
        opened = await client.get(f"/school/login/{token}")
        # opening the link (a mail scanner, a preview) does not use it up: a button does
        assert "Inloggen als Ellen de Vries" in text(opened)
        assert (await client.get(f"/school/login/{token}")).status_code == 200
        pressed = await client.post(f"/school/login/{token}")
        cookie = pressed.headers["set-cookie"].lower()
        assert "httponly" in cookie and "samesite=strict" in cookie and "path=/school" in cookie
        classes = await client.get("/school/classes")
        assert classes.status_code == 200 and "4B" in text(classes)
        assert "Ellen de Vries" in text(classes) and "mentor" in text(classes)
    async with school.client() as other:  # the same link in another browser: used
        again = await other.post(f"/school/login/{token}")
        assert again.status_code == 410 and "verlopen of al gebruikt" in text(again)
        assert (await other.get("/school/classes")).status_code == 401


async def test_an_expired_link_is_refused(school: School) -> None:
    mentor = await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    token = await school.access.link_for(mentor)
    school.clock.now += timedelta(minutes=16)
    async with school.client() as client:
        assert (await client.get(f"/school/login/{token}")).status_code == 410
        refused = await client.post(f"/school/login/{token}")
        assert refused.status_code == 410 and "verlopen" in text(refused)
        assert (await client.get("/school/classes")).status_code == 401
        assert (await client.post("/school/login/not-a-token")).status_code == 410


async def test_a_session_ends_after_twelve_hours_and_by_signing_out_with_csrf(
        school: School) -> None:
    mentor = await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    async with school.client() as client:
        await signed_in(school, client, mentor)
        page = await client.get("/school/classes")
        forged = await client.post("/school/logout", data={"csrf": "forged"})
        assert forged.status_code == 403
        assert (await client.get("/school/classes")).status_code == 200  # still signed in
        await client.post("/school/logout", data={"csrf": csrf(page)})
        assert (await client.get("/school/classes")).status_code == 401
        await signed_in(school, client, mentor)
        school.clock.now += timedelta(hours=12, minutes=1)
        assert (await client.get("/school/classes")).status_code == 401


async def test_a_coordinator_sees_every_class(school: School) -> None:
    await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
    await school.mentor("Piet Jansen", "p.jansen@school.nl", ["4A"])
    coordinator = await school.mentor("Mila Bakker", "m.bakker@school.nl", [], True)
    async with school.client() as client:
        await signed_in(school, client, coordinator)
        classes = text(await client.get("/school/classes"))
        assert "4A" in classes and "4B" in classes and "coördinator" in classes


async def test_a_sign_in_link_by_email_through_a_real_smtp_server(tmp_path: Path,
                                                                   database_url: str) -> None:
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings = Settings(data_dir=tmp_path, database_url=database_url, web_url=WEB_URL,
                        web_secure_cookies=False, smtp_host="127.0.0.1", smtp_port=port,
                        smtp_from="loopbaanbot@school.nl", smtp_starttls=False)
    clock = Clock()
    try:
        async with open_app(settings, clock) as core:
            school = School(core, clock, StaffAccess(sessions(core.database), clock),
                            MentorService(sessions(core.database), clock))
            await school.mentor("Ellen de Vries", "e.devries@school.nl", ["4B"])
            async with school.client() as client:
                for address in ("E.deVries@school.nl", "onbekend@school.nl"):
                    asked = await client.post("/school/login", data={"email": address})
                    # the same answer for a known and an unknown address
                    assert asked.status_code == 200 and f"Als {address} bij ons" in text(asked)
                refused = await client.post("/school/login", data={"email": "geen adres"})
                assert refused.status_code == 400
                [mail] = inbox.messages  # only the known address got one
                assert mail["To"] == "e.devries@school.nl"
                body = mail.get_body(("plain",)).get_content()
                link = re.search(rf"{WEB_URL}(/school/login/\S+)", body)
                assert link, body
                await client.post(link[1])
                assert "4B" in text(await client.get("/school/classes"))
    finally:
        controller.stop()


async def test_a_mentor_asks_the_bot_for_a_link_with_slash_web(tmp_path: Path) -> None:
    """/web in Telegram: a link that signs this mentor in; a student's /web is not a mentor
    command; without a web address the mentor is told the pages are not on."""
    from tests.telegram_offline import offline_telegram
    from tests.test_mentors import mentor_of, sent_to

    clock = Clock()
    async with offline_telegram(tmp_path / "on", clock, web_url=WEB_URL,
                                web_secure_cookies=False) as telegram:
        mentor = await mentor_of(telegram, "4B")
        await mentor.send("/web")
        answer = str(sent_to(telegram, mentor.user_id)[-1]["text"])
        link = re.search(rf"{WEB_URL}(/school/login/\S+)", answer)
        assert link and "15 minuten" in answer, answer
        school = School(telegram.core, clock, StaffAccess(sessions(telegram.core.database),
                                                          clock),
                        MentorService(sessions(telegram.core.database), clock))
        async with school.client() as client:
            assert "Inloggen als Mentor 4B" in text(await client.get(link[1]))
            await client.post(link[1])
            assert "4B" in text(await client.get("/school/classes"))
    async with offline_telegram(tmp_path / "off", clock) as telegram:
        mentor = await mentor_of(telegram, "4B")
        await mentor.send("/web")
        assert "geen webpagina" in str(sent_to(telegram, mentor.user_id)[-1]["text"])
