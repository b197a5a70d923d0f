"""The web chat over HTTP, in process: enrolment with a code and consent, a whole reflection,
and everything a student can do there; on SQLite and PostgreSQL."""

from __future__ import annotations

import re
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from aiosmtpd.controller import Controller
from sqlalchemy import func, select

from bot.app import App, open_app
from bot.channels.web.app import WebChat, WebSettings
from bot.channels.web.server import web_job_loop
from bot.config import Settings
from bot.mentors.service import MentorService
from bot.notify import EmailToStudents, StudentNotifier
from bot.scheduling.cycle import cycle_of
from bot.storage.database import sessions
from bot.storage.models import Flag, Student, Turn, WebSession
from bot.students import StudentService
from tests.conftest import ROOT, Clock
from tests.test_cycle import local
from tests.test_digests import Inbox

MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


@dataclass
class Browser:
    """A student's browser: one cookie jar, forms filled in as a person would."""

    client: httpx.AsyncClient
    core: App
    page: str = ""

    async def get(self, path: str) -> httpx.Response:
        response = await self.client.get(path)
        self.page = response.text
        return response

    async def post(self, path: str, data: dict[str, str]) -> httpx.Response:
        response = await self.client.post(path, data=data)
        self.page = response.text
        return response

    def field(self, name: str, page: str | None = None) -> str:
        found = re.search(rf'name="{name}" value="([^"]*)"', page or self.page)
        assert found, f"no field {name} on the page"
        return found[1]

    async def press(self, label: str) -> httpx.Response:
        """Press the answer button whose label contains `label`."""
        form = re.search(r'<form method="post" action="/chat" class="options">(.*?)</form>',
                         self.page, re.S)
        assert form, "no buttons on the page"
        button = re.search(rf'<button type="submit" name="value" value="([^"]+)">[^<]*'
                           rf'{re.escape(label)}', form[1])
        assert button, f"no button {label!r}"
        return await self.post("/chat", {"csrf": self.field("csrf"), "nonce": self.field("nonce"),
                                         "at": self.field("at", form[1]), "value": button[1]})

    async def say(self, text: str) -> httpx.Response:
        """Type `text` in the answer box and send it: the fields its form sends."""
        form = re.search(r'<form method="post" action="/chat" class="stack answer">(.*?)</form>',
                         self.page, re.S)
        assert form, "no answer box on the page"
        return await self.post("/chat", {"csrf": self.field("csrf", form[1]),
                                         "nonce": self.field("nonce", form[1]), "text": text})

    @property
    def text(self) -> str:
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", self.page))


@pytest.fixture
async def web(tmp_path: Path, database_url: str) -> AsyncIterator[tuple[App, WebChat]]:
    settings = Settings(data_dir=tmp_path, database_url=database_url,
                        flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts")
    async with open_app(settings, Clock()) as core:
        students = StudentService(sessions(core.database), core.reflection.clock)
        yield core, WebChat(core.reflection, students, core.content.texts,
                            WebSettings(secure_cookies=False))


async def browser(web: tuple[App, WebChat]) -> Browser:
    core, chat = web
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=chat.app()),
                               base_url="http://testserver", follow_redirects=True)
    return Browser(client, core)


async def code(web: tuple[App, WebChat], group: str = "4A") -> str:
    [invite] = await web[1].students.create_invites("student", group, 1)
    return invite.code


async def enrolled(web: tuple[App, WebChat]) -> Browser:
    student = await browser(web)
    joined = await student.post("/join", {"code": await code(web)})
    assert "Doe je mee?" in joined.text
    await student.post("/consent", {"code": student.field("code"), "name": "Sanne",
                                    "answer": "yes"})
    return student


async def count(core: App, model: type) -> int:
    async with sessions(core.database)() as session:
        return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_a_wrong_code_is_refused_and_stores_nothing(web: tuple[App, WebChat]) -> None:
    student = await browser(web)
    refused = await student.post("/join", {"code": "NIETGELDIG"})
    assert refused.status_code == 400 and "ken ik niet" in student.text
    assert await count(web[0], Student) == 0


async def test_codes_are_tried_a_few_times_a_minute_at_most(web: tuple[App, WebChat]) -> None:
    student = await browser(web)
    answers = [(await student.post("/join", {"code": f"WRONG{i}"})).status_code
               for i in range(6)]
    assert answers[:5] == [400] * 5 and answers[5] == 429
    assert "te vaak" in student.text


async def test_declining_stores_nothing(web: tuple[App, WebChat]) -> None:
    student = await browser(web)
    await student.post("/join", {"code": await code(web)})
    assert "mentor (4A)" in student.text  # who sees what, before anything is stored
    await student.post("/consent", {"code": student.field("code"), "name": "Sanne",
                                    "answer": "no"})
    assert "niets van je bewaard" in student.text
    assert await count(web[0], Student) == 0 and "loopbaanbot" not in student.client.cookies


async def test_consent_signs_in_with_a_safe_cookie_and_starts_the_first_reflection(
        web: tuple[App, WebChat]) -> None:
    core, chat = web
    secure = WebChat(core.reflection, chat.students, core.content.texts)  # as deployed
    client = httpx.AsyncClient(transport=httpx.ASGITransport(app=secure.app()),
                               base_url="https://testserver")
    await client.post("/join", data={"code": (first := await code(web))})
    signed = await client.post("/consent", data={"code": first, "name": "Sanne",
                                                  "answer": "yes"})
    cookie = signed.headers["set-cookie"].lower()
    assert "httponly" in cookie and "samesite=strict" in cookie and "secure" in cookie
    token = signed.cookies["loopbaanbot"]
    async with sessions(core.database)() as session:  # only a hash of the token is kept
        [row] = (await session.scalars(select(WebSession))).all()
        assert row.token_hash != token and len(row.token_hash) == 64
    chat_page = await client.get("/chat")
    assert "Hoe ging je stagedag?" in chat_page.text or "Hoe was je stagedag" in chat_page.text
    assert "default-src 'none'" in chat_page.headers["content-security-policy"]
    assert chat_page.headers["cache-control"] == "no-store"


async def test_a_whole_reflection_with_buttons_and_text(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.press("Goed")
    assert "moment" in student.text
    await student.say(MOMENT)
    await student.press("Waar ben ik goed in?")
    await student.press("Nee, dit is genoeg")
    await student.say(ANSWER)
    for _ in range(3):
        if "volgende stap" in student.text:
            break
        await student.say(ANSWER)
    await student.say("Vrijdag vraag ik mijn begeleider om feedback op mijn kassawerk")
    assert "Jouw actie" in student.text and "klaar" in student.text
    exported = (await student.get("/export")).json()
    [conversation] = exported["conversations"]
    assert conversation["status"] == "completed"
    assert exported["actions"][0]["text"].startswith("Vrijdag vraag ik mijn begeleider")
    again = await student.get("/chat")
    assert "Start" in again.text  # the next reflection waits for the student


async def test_a_reload_shows_the_conversation_and_a_double_tap_answers_once(
        web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    page = student.page
    await student.press("Goed")
    student.page = page  # the same form again: a double tap, or the back button
    await student.press("Goed")
    reloaded = await student.get("/chat")
    assert "Die knop hoort bij een eerdere vraag" not in reloaded.text
    assert reloaded.text.count("🙂 Goed") == 1  # the answer stored once
    assert "moment" in student.text


async def test_a_text_answer_sent_twice_is_stored_and_shown_once(
        web: tuple[App, WebChat]) -> None:
    """A double tap on Send, or the form sent again from the back button: the second post
    carries the same form nonce, so it shows the reply and stores nothing."""
    student = await enrolled(web)
    await student.press("Goed")
    page = student.page
    first = await student.say(MOMENT)
    asked = student.text
    student.page = page  # the same form again
    again = await student.say(MOMENT)
    assert first.status_code == again.status_code == 200
    assert student.text == asked  # the same page: the next question, once
    async with sessions(web[0].database)() as session:
        stored = await session.scalar(select(func.count()).select_from(Turn).where(
            Turn.role == "student", Turn.text == MOMENT))
    assert stored == 1
    reloaded = await student.get("/chat")
    assert reloaded.text.count("kassa doen toen het heel druk was") == 1


async def test_bad_input_gets_a_clear_answer_and_changes_nothing(
        web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.press("Goed")
    empty = await student.say("   ")
    assert empty.status_code == 200 and "geen tekst" in student.text
    long = await student.say("x" * 10_000)
    assert "lang bericht" in student.text and long.status_code == 200
    assert "moment" in student.text  # still the same question


async def test_urgent_words_get_the_helplines_and_a_flag(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.press("Goed")
    await student.say("eerlijk gezegd wil ik niet meer leven")
    assert "0800-0113" in student.text and "Verder met de reflectie" in student.text
    assert await count(web[0], Flag) == 1


async def test_a_post_without_the_sessions_token_is_refused(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    forged = await student.post("/chat", {"csrf": "0" * 32, "text": "hallo"})
    assert forged.status_code == 403
    deleted = await student.post("/delete", {"confirm": "yes"})
    assert deleted.status_code == 403 and await count(web[0], Student) == 1


async def test_signed_out_pages_ask_for_the_code(web: tuple[App, WebChat]) -> None:
    stranger = await browser(web)
    for path in ("/chat", "/actions", "/profile", "/more", "/export"):
        response = await stranger.get(path)
        assert response.status_code == 401 and "code" in stranger.text, path


async def test_actions_mentor_language_profile(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.press("Goed")
    await student.say(MOMENT)
    await student.press("Wie kan mij helpen?")
    await student.press("Nee, dit is genoeg")
    for _ in range(4):
        if "volgende stap" in student.text:
            break
        await student.say(ANSWER)
    await student.say("Morgen vraag ik Piet of ik mee mag naar de inkoop")
    await student.get("/actions")
    assert "Piet" in student.text and "gezet" in student.text  # with its history
    done = re.search(r'action="(/actions/\d+/done)"', student.page)
    assert done
    await student.post(done[1], {"csrf": student.field("csrf")})
    assert "staat op gedaan" in student.text and "geen open acties" in student.text
    await student.get("/profile")
    assert 'src="/profile.png"' in student.page
    chart = await student.client.get("/profile.png")
    assert chart.headers["content-type"] == "image/png" and chart.content[:4] == b"\x89PNG"
    await student.get("/more")
    await student.post("/mentor", {"csrf": student.field("csrf"), "text": ""})
    assert "mentor laten weten" in student.text
    await student.get("/more")
    await student.post("/language", {"csrf": student.field("csrf"), "language": "en"})
    assert "talk in English" in student.text
    await student.get("/chat")
    assert 'lang="en"' in student.page and "Start" in student.text
    async with sessions(web[0].database)() as session:
        flags = (await session.scalars(select(Flag))).all()
        assert [f.level for f in flags] == ["concern"]


async def test_delete_removes_everything_and_signs_out(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.press("Goed")
    await student.get("/more")
    careless = await student.post("/delete", {"csrf": student.field("csrf")})
    assert careless.status_code == 400 and "niets verwijderd" in student.text
    assert await count(web[0], Student) == 1
    await student.get("/more")
    await student.post("/delete", {"csrf": student.field("csrf"), "confirm": "yes"})
    assert "verwijderd" in student.text
    assert await count(web[0], Student) == 0 and await count(web[0], WebSession) == 0
    after = await student.get("/chat")
    assert after.status_code == 401


async def test_sign_out_ends_the_session(web: tuple[App, WebChat]) -> None:
    student = await enrolled(web)
    await student.get("/more")
    await student.post("/sign-out", {"csrf": student.field("csrf")})
    assert await count(web[0], WebSession) == 0
    assert (await student.get("/chat")).status_code == 401
    assert await count(web[0], Student) == 1  # signing out keeps the student's data


async def test_unknown_pages_and_failures_are_kind(web: tuple[App, WebChat]) -> None:
    stranger = await browser(web)
    missing = await stranger.get("/nergens")
    assert missing.status_code == 404 and "bestaat niet" in stranger.text


async def test_reminders_reach_a_web_student_by_email_through_a_real_smtp_server(
        tmp_path: Path, database_url: str) -> None:
    """A student without Telegram gives an address; the nudge after an internship day arrives
    by e-mail with a link to the chat; after removing the address nothing more is sent."""
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    clock = Clock(local(2026, 11, 24, 9))  # Tuesday: 4A has internship on Tuesdays
    settings = Settings(data_dir=tmp_path, database_url=database_url, smtp_host="127.0.0.1",
                        smtp_port=port, smtp_from="loopbaanbot@school.nl", smtp_starttls=False,
                        web_url="https://chat.school.nl/")
    try:
        async with open_app(settings, clock) as core:
            students = StudentService(sessions(core.database), clock)
            student = await enrolled((core, WebChat(core.reflection, students,
                                                    core.content.texts,
                                                    WebSettings(secure_cookies=False))))
            await student.get("/more")
            assert "Herinneringen per e-mail" in student.text
            for wrong in ("sanne", "a" * 5000 + "@school.nl", "sanne@school"):
                refused = await student.post("/reminders", {"csrf": student.field("csrf"),
                                                            "email": wrong})
                assert refused.status_code == 400 and "geen e-mailadres" in student.text
                await student.get("/more")
            await student.post("/reminders", {"csrf": student.field("csrf"),
                                              "email": " sanne@leerling.nl "})
            assert "herinneringen gaan naar sanne@leerling.nl" in student.text
            assert (await student.get("/export")).json()["student"]["email"] == \
                "sanne@leerling.nl"
            cycle = cycle_of(core, StudentNotifier([EmailToStudents(settings,
                                                                    core.content.texts)]))
            clock.now = local(2026, 11, 24, 17, 30)
            assert await cycle.tick() == 1 and await cycle.tick() == 0  # once
            [mail] = inbox.messages
            assert mail["To"] == "sanne@leerling.nl"
            body = mail.get_body(("plain",))
            assert body is not None
            text = body.get_content()
            assert "Sanne" in text and "https://chat.school.nl/chat" in text
            assert "https://chat.school.nl/more" in text  # how to stop them
            await student.get("/more")
            await student.post("/reminders", {"csrf": student.field("csrf"), "email": "",
                                              "remove": "yes"})
            assert "geen e-mails meer" in student.text
            clock.now = local(2026, 12, 1, 17, 30)  # next Tuesday's internship day
            assert await cycle.tick() == 0 and len(inbox.messages) == 1
            async with sessions(core.database)() as session:
                stored = await session.scalar(select(Student))
                assert stored is not None and stored.email is None
    finally:
        controller.stop()


async def test_a_school_with_only_the_web_chat_alerts_its_mentors_by_email(
        tmp_path: Path, database_url: str) -> None:
    """No Telegram at all: a mentor added with an e-mail address gets the urgent alert at once
    through a real SMTP server, and the coordinator the escalation when nobody picked it up."""
    inbox = Inbox()
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    clock = Clock(local(2026, 11, 24, 10))
    settings = Settings(data_dir=tmp_path, database_url=database_url, smtp_host="127.0.0.1",
                        smtp_port=port, smtp_from="loopbaanbot@school.nl", smtp_starttls=False,
                        web_url="https://chat.school.nl/")
    try:
        async with open_app(settings, clock) as core:
            mentors = MentorService(sessions(core.database), clock)
            await mentors.add("Ellen de Vries", "ellen@school.nl", ["4A"], False, "nl")
            await mentors.add("Co Ordinator", "coord@school.nl", [], True, "nl")
            await mentors.add("Piet", "piet@school.nl", ["4B"], False, "nl")  # not hers
            students = StudentService(sessions(core.database), clock)
            student = await enrolled((core, WebChat(core.reflection, students,
                                                    core.content.texts,
                                                    WebSettings(secure_cookies=False))))
            await student.press("Goed")
            await student.say("eerlijk gezegd wil ik niet meer leven")
            assert "0800-0113" in student.text
            jobs = web_job_loop(core)
            await jobs.run_once()
            [alert] = inbox.messages
            assert alert["To"] == "ellen@school.nl"
            body = alert.get_body(("plain",))
            assert body is not None and "Dringend: Sanne (4A)" in body.get_content()
            # and what to do: pick it up on the school's pages
            assert "https://chat.school.nl/school/login" in body.get_content()
            assert "/student" not in body.get_content()  # Telegram's ways are not an e-mail's
            assert "knop" not in body.get_content()
            clock.now = local(2026, 11, 24, 12, 1)  # two hours on, nobody picked it up
            await jobs.run_once()
            assert [m["To"] for m in inbox.messages] == ["ellen@school.nl", "coord@school.nl"]
            escalated = inbox.messages[-1].get_body(("plain",))
            assert escalated is not None and "Na 2 uur nog niet opgepakt" in \
                escalated.get_content()
    finally:
        controller.stop()


async def test_a_pause_typed_in_the_web_chat_keeps_the_question(
        web: tuple[App, WebChat]) -> None:
    """'ff pauze, ik ga eten' in the web chat: the pause is said, and the page still asks the
    question the student was at, to answer when they come back."""
    student = await enrolled(web)
    await student.press("Goed")
    await student.say(MOMENT)
    asked = student.text
    await student.say("ff pauze, ik ga eten")
    assert "we pauzeren" in student.text
    back = await student.get("/chat")
    assert "we pauzeren" in back.text
    question = re.findall(r"[A-Z][^.?!]*\?", asked)[-1]  # the follow-up they were at
    assert re.sub(r"<[^>]+>", " ", back.text).count(question) >= 1
    assert question in student.text
    await student.say(ANSWER)
    assert "we pauzeren" in student.text and ANSWER[:30] in student.text  # on it goes
