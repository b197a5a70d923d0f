"""`loopbaanbot run` for real, against telegram-test-api (a Bot API emulator) on 127.0.0.1."""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import httpx
import pytest

from tests.conftest import ROOT, telegram_students

EMULATOR = ROOT / "tests" / "telegram_emulator"
_tokens = itertools.count(100001)
REQUIRED = os.environ.get("LOOPBAANBOT_REQUIRE_TELEGRAM_EMULATOR") == "1"
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def emulator() -> Iterator[str]:
    """The emulator, patched by our launcher; stops when the tests end (stdin closes)."""
    node = shutil.which("node")
    if node is None or not (EMULATOR / "node_modules" / "telegram-test-api").is_dir():
        reason = ("the Telegram emulator is not installed: run "
                  "'npm ci --prefix tests/telegram_emulator' (needs Node.js)")
        if REQUIRED:
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    process = subprocess.Popen([node, "launch.js", str(port)], cwd=EMULATOR,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    assert process.stdout is not None
    assert process.stdout.readline().startswith(b"READY"), "the emulator did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.communicate(timeout=10)


def new_token() -> str:
    """A bot token per test: the emulator keeps webhooks per token, so tests stay apart."""
    return f"{next(_tokens)}:LOOPBAANBOT-E2E"


def environment(tmp_path: Path, emulator: str, token: str, **extra: str) -> dict[str, str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    return {**clean, "LOOPBAANBOT_DATA_DIR": str(tmp_path / "data"),
            "LOOPBAANBOT_TELEGRAM_TOKEN": token,
            "LOOPBAANBOT_TELEGRAM_BASE_URL": f"{emulator}/bot",
            "LOOPBAANBOT_TELEGRAM_POLL_INTERVAL": "0.05", **extra}


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], env=env, cwd=ROOT,
                          capture_output=True, timeout=60)


class Bot:
    """A `loopbaanbot run` process."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", *args], env=env,
                                        cwd=ROOT, stdin=subprocess.DEVNULL,
                                        stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def stop(self) -> str:
        self.process.terminate()
        try:
            _, err = self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:  # say where it stood (SIGUSR1: every stack)
            self.process.send_signal(signal.SIGUSR1)
            time.sleep(1)
            self.process.kill()
            _, err = self.process.communicate()
            raise AssertionError("the bot did not stop within 30 s; its threads:\n"
                                 + err.decode()[-6000:]) from None
        return err.decode()


class Phone:
    """A student's Telegram app, talking to the bot through the emulator's client API."""

    def __init__(self, emulator: str, user_id: int, token: str) -> None:
        self.url = emulator
        self.token = token
        self.user = {"id": user_id, "is_bot": False, "first_name": "Sanne",
                     "language_code": "nl"}
        self.chat = {"id": user_id, "type": "private", "first_name": "Sanne"}
        self.inbox: list[dict[str, Any]] = []

    def _post(self, path: str, body: dict[str, Any]) -> Any:
        response = httpx.post(f"{self.url}{path}", json=body, timeout=10)
        response.raise_for_status()
        return response.json()

    def send(self, text: str | None = None, **extra: Any) -> None:
        message: dict[str, Any] = {"botToken": self.token, "from": self.user, "chat": self.chat,
                                   "date": int(time.time()), **extra}
        if text is not None:
            message["text"] = text
            if text.startswith("/"):
                message["entities"] = [{"type": "bot_command", "offset": 0,
                                        "length": len(text.split()[0])}]
        self._post("/sendMessage", message)

    def receive(self, count: int = 1, timeout: float = 20) -> list[dict[str, Any]]:
        """Wait for `count` new messages from the bot."""
        deadline = time.monotonic() + timeout
        new: list[dict[str, Any]] = []
        while len(new) < count:
            if time.monotonic() > deadline:
                raise AssertionError(f"waited for {count} messages, got {new}")
            got = self._post("/getUpdates", {"token": self.token, "chatId": self.chat["id"]})
            new += got["result"]
            if len(new) < count:
                time.sleep(0.05)
        self.inbox += new
        return new

    def texts(self, count: int = 1, timeout: float = 20) -> list[str]:
        return [m["message"]["text"] for m in self.receive(count, timeout)]

    def press(self, label_part: str) -> None:
        for stored in reversed(self.inbox):
            markup = stored["message"].get("reply_markup") or {}
            for row in markup.get("inline_keyboard", []):
                for button in row:
                    if label_part in button["text"]:
                        shown = {"message_id": stored["messageId"],
                                 "date": int(stored["time"] / 1000),
                                 "chat": {"id": self.chat["id"], "type": "private"},
                                 "text": stored["message"]["text"], "reply_markup": markup}
                        self._post("/sendCallback", {"botToken": self.token, "from": self.user,
                                                     "message": shown,
                                                     "data": button["callback_data"]})
                        return
        raise AssertionError(f"no button with {label_part!r} in {self.inbox[-3:]}")

    def enrol(self, code: str) -> tuple[list[str], list[str]]:
        """Use the invite code and agree: (welcome texts, texts after agreeing)."""
        self.send(f"/start {code}")
        welcome = self.texts(3)
        self.press("Ja, ik doe mee")
        return welcome, self.texts(3)

    def history(self) -> list[dict[str, Any]]:
        return list(self._post("/getUpdatesHistory", {"token": self.token})["result"])


def wait_healthy(port: int, bot: Bot | None = None, seconds: float = 120) -> None:
    """Until the webhook server on this port answers /health with 200. A process that died
    fails at once, with what it said; a slow start on a busy machine is waited out (a fixed
    30 s once failed a full run while the same test passed alone)."""
    deadline = time.monotonic() + seconds
    while True:
        if bot is not None and bot.process.poll() is not None:
            _, err = bot.process.communicate()
            raise AssertionError(f"the bot on {port} stopped: {err.decode()[-2000:]}")
        try:
            if httpx.get(f"http://127.0.0.1:{port}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass
        assert time.monotonic() < deadline, f"the webhook server on {port} did not start"
        time.sleep(0.1)


def invite(env: dict[str, str]) -> str:
    done = cli(env, "invite", "create", "--role", "student", "--group", "4A", "--json")
    assert done.returncode == 0, done.stderr.decode()
    [row] = json.loads(done.stdout)
    assert set(row) == {"code", "role", "group", "link"}
    return str(row["code"])


def test_a_student_completes_a_reflection_with_buttons_and_text(emulator: str,
                                                              tmp_path: Path) -> None:
    token = new_token()
    env = environment(tmp_path, emulator, token)
    code = invite(env)
    bot = Bot(env)
    phone = Phone(emulator, user_id=7001, token=token)
    try:
        phone.send(f"/start {code}")
        welcome, privacy, consent = phone.texts(3)
        assert "Welkom" in welcome and "mentor (4A)" in privacy and "Doe je mee" in consent
        phone.press("Ja, ik doe mee")
        enrolled, greeting, question = phone.texts(3)
        assert greeting.startswith(("Hoi", "Hey"))
        assert "je doet mee" in enrolled and "stagedag" in question
        phone.press("Goed")
        assert "moment" in phone.texts()[0]
        phone.send(MOMENT)
        phone.texts(2)  # thanks + the topic choice
        phone.press("Waar ben ik goed in?")
        phone.texts()
        phone.press("Nee, dit is genoeg")
        phone.texts()
        phone.send(ANSWER)
        phone.texts(2)
        phone.send("Ik vraag mijn begeleider om feedback op mijn kassawerk")
        [when] = phone.texts()
        assert "dag" in when  # no day given: the bot asks which day, with quick choices
        # the furthest quick choice ("in two weeks", or "after the holiday" before one)
        last = phone.inbox[-1]["message"]["reply_markup"]["inline_keyboard"][-1][0]
        chosen = date.fromisoformat(last["callback_data"].rsplit("|", 1)[1])
        assert f"{chosen.day} " in last["text"]  # each choice says its date
        phone.press(last["text"])
        summary = phone.texts(2)[-1]
        assert "Jouw actie" in summary
        # a pressed question shows the choice and has no buttons left
        pressed = [m for m in phone.history() if "message" in m
                   and m["message"].get("text", "").endswith("→ 🙂 Goed")]
        assert pressed and "reply_markup" not in pressed[0]["message"]
    finally:
        bot.stop()
    data = json.loads(cli(env, "export", "--telegram-id", "7001").stdout)
    [action] = data["actions"]
    assert action["text"] == "Ik vraag mijn begeleider om feedback op mijn kassawerk"
    due = date.fromisoformat(action["due"])  # the day pressed: a school day ahead
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the bot's day, not UTC's
    assert due == chosen and due - today >= timedelta(days=13) and due.weekday() < 5


def test_an_invite_sheet_made_before_the_first_run_has_working_links(
        emulator: str, tmp_path: Path) -> None:
    """The bot never ran: the sheet asks Telegram for the bot's username at once, and a
    student who uses the code from their slip is enrolled and listed as having used it."""
    import csv

    token = new_token()
    env = environment(tmp_path, emulator, token)
    (tmp_path / "klas.csv").write_text("Naam;Klas\nSanne de Vries;4A\nDaan Bakker;4A\n",
                                       encoding="utf-8")
    done = cli(env, "invite", "sheet", "--csv", str(tmp_path / "klas.csv"), "--out",
               str(tmp_path))
    assert done.returncode == 0, done.stderr.decode()
    with open(tmp_path / "uitnodigingen-4A.csv", encoding="utf-8-sig", newline="") as file:
        slips = {row["naam"]: row for row in csv.DictReader(file, delimiter=";")}
    me = httpx.post(f"{emulator}/bot{token}/getMe", timeout=10).json()["result"]
    sanne = slips["Sanne de Vries"]
    assert sanne["telegram"] == f"https://t.me/{me['username']}?start={sanne['code']}"
    bot = Bot(env)
    phone = Phone(emulator, user_id=7301, token=token)
    try:
        _, enrolled = phone.enrol(sanne["telegram"].split("start=")[1])
        assert "je doet mee" in enrolled[0]
    finally:
        bot.stop()
    listing = cli(env, "invite", "list", "--group", "4A").stdout.decode()
    assert "4A (student): 1 of 2 used" in listing
    assert f"{sanne['code']} for Sanne de Vries  used by Sanne on" in listing


def test_a_wrong_code_is_refused_and_stores_nothing(emulator: str, tmp_path: Path) -> None:
    token = new_token()
    env = environment(tmp_path, emulator, token)
    invite(env)  # the school has codes, just not this one
    bot = Bot(env)
    phone = Phone(emulator, user_id=7002, token=token)
    try:
        phone.send("/start VERKEERD99")
        [reply] = phone.texts()
        assert "al gebruikt of bestaat niet" in reply  # and to ask for a new code
    finally:
        bot.stop()
    done = cli(env, "export", "--telegram-id", "7002")
    assert done.returncode == 1 and b"no student with Telegram id 7002" in done.stderr


def test_a_sticker_gets_a_kind_reply_and_the_bot_keeps_answering(emulator: str,
                                                                 tmp_path: Path) -> None:
    token = new_token()
    env = environment(tmp_path, emulator, token)
    code = invite(env)
    bot = Bot(env)
    phone = Phone(emulator, user_id=7003, token=token)
    try:
        phone.enrol(code)
        phone.send(sticker={"file_id": "CAAD", "file_unique_id": "AgAD", "type": "regular",
                            "width": 512, "height": 512, "is_animated": False,
                            "is_video": False})
        assert "alleen tekst" in phone.texts()[0]
        phone.press("Super")
        assert "moment" in phone.texts()[0]
    finally:
        errors = bot.stop()
    assert "Traceback" not in errors


def test_webhook_secret_and_the_same_update_twice(emulator: str, tmp_path: Path) -> None:
    port = free_port()
    secret = "e2e-webhook-secret-0123456789"
    token = new_token()
    env = environment(tmp_path, emulator, token,
                      LOOPBAANBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg",
                      LOOPBAANBOT_WEBHOOK_SECRET=secret, LOOPBAANBOT_WEBHOOK_PORT=str(port))
    code = invite(env)
    bot = Bot(env, "--webhook")
    phone = Phone(emulator, user_id=7004, token=token)
    hook = f"http://127.0.0.1:{port}/tg"
    try:
        wait_healthy(port, bot)
        welcome, _ = phone.enrol(code)  # the emulator posts it to our webhook with the secret
        assert "Welkom" in welcome[0]
        update = {"update_id": 990001, "message": {
            "message_id": 1, "date": int(time.time()), "chat": phone.chat, "from": phone.user,
            "text": "/help", "entities": [{"type": "bot_command", "offset": 0, "length": 5}]}}
        for headers in ({}, {"X-Telegram-Bot-Api-Secret-Token": "not-the-secret"}):
            assert httpx.post(hook, json=update, headers=headers).status_code == 403
        right = {"X-Telegram-Bot-Api-Secret-Token": secret}
        assert httpx.post(hook, json=update, headers=right).status_code == 200
        assert httpx.post(hook, json=update, headers=right).status_code == 200
        [help_text] = phone.texts()
        assert "/reflectie" in help_text
        time.sleep(0.5)
        again = phone._post("/getUpdates", {"token": token, "chatId": phone.chat["id"]})
        assert again["result"] == []  # the second delivery had no effect
    finally:
        stderr = bot.stop()  # SIGTERM, as systemd and docker stop send it
    assert bot.process.returncode == 0, stderr  # closed cleanly, not killed by the signal
    assert not list((tmp_path / "data").glob("*.sqlite3-wal"))


def test_kill_9_mid_reflection_then_the_student_goes_on(emulator: str, tmp_path: Path) -> None:
    token = new_token()
    env = environment(tmp_path, emulator, token)
    code = invite(env)
    bot = Bot(env)
    phone = Phone(emulator, user_id=7005, token=token)
    try:
        phone.enrol(code)
        phone.press("Gaat wel")
        phone.texts()
        phone.send(MOMENT)
        phone.texts(2)  # the topic choice, with buttons
    finally:
        bot.process.kill()  # SIGKILL: no clean shutdown
        bot.process.communicate(timeout=30)
    restarted = Bot(env)
    try:
        phone.press("Hoe is het werk?")  # a button from before the crash still works
        phone.texts()
        phone.press("Nee, dit is genoeg")
        phone.texts()
        phone.send(ANSWER)
        phone.texts(2)
        phone.send("Morgen vraag ik Piet of ik mee mag naar de inkoop")
        assert "Jouw actie" in phone.texts(2)[-1]
    finally:
        restarted.stop()
    data = json.loads(cli(env, "export", "--telegram-id", "7005").stdout)
    [conversation] = data["conversations"]
    assert conversation["status"] == "completed"
    assert conversation["competencies"] == ["werkexploratie"]
    # links appear once the bot has run and learned its username
    done = cli(env, "invite", "create", "--group", "4A", "--json")
    [row] = json.loads(done.stdout)
    assert row["link"] == f"https://t.me/TestNameBot?start={row['code']}"


def test_kill_9_between_commit_and_send_the_helplines_go_out_on_redelivery(
        emulator: str, tmp_path: Path) -> None:
    """The bot dies (SIGKILL, at a crash point) after storing an urgent turn and before sending
    the helplines. Telegram delivers the update again to the restarted bot: the helplines go
    out then, and the flag is stored once."""
    port = free_port()
    secret = "e2e-crash-secret-0123456789"
    token = new_token()
    env = environment(tmp_path, emulator, token,
                      LOOPBAANBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg",
                      LOOPBAANBOT_WEBHOOK_SECRET=secret, LOOPBAANBOT_WEBHOOK_PORT=str(port))
    code = invite(env)
    hook, right = f"http://127.0.0.1:{port}/tg", {"X-Telegram-Bot-Api-Secret-Token": secret}
    phone = Phone(emulator, user_id=7006, token=token)
    bot = Bot({**env, "LOOPBAANBOT_CRASH_AT": "after_commit"}, "--webhook")
    try:
        wait_healthy(port, bot)
        phone.enrol(code)
        update = {"update_id": 880001, "message": {
            "message_id": 50, "date": int(time.time()), "chat": phone.chat, "from": phone.user,
            "text": "ik wil niet meer leven"}}
        with pytest.raises(httpx.TransportError):  # the process dies mid-request
            httpx.post(hook, json=update, headers=right, timeout=30)
        bot.process.communicate(timeout=30)
        assert bot.process.returncode == -9
    finally:
        if bot.process.poll() is None:
            bot.stop()
    time.sleep(0.3)
    assert phone._post("/getUpdates", {"token": token, "chatId": phone.chat["id"]})[
        "result"] == []  # nothing was sent before the crash
    restarted = Bot(env, "--webhook")
    try:
        wait_healthy(port, restarted)
        assert httpx.post(hook, json=update, headers=right, timeout=30).status_code == 200
        told = "\n".join(phone.texts(3))
        assert "0800-0113" in told and "mentor" in told
        assert httpx.post(hook, json=update, headers=right, timeout=30).status_code == 200
        time.sleep(0.5)
        assert phone._post("/getUpdates", {"token": token, "chatId": phone.chat["id"]})[
            "result"] == []  # delivered once: a third delivery sends nothing
    finally:
        restarted.stop()
    data = json.loads(cli(env, "export", "--telegram-id", "7006").stdout)
    assert [f["level"] for f in data["flags"]] == ["urgent"]


def test_urgent_words_reach_the_mentor_whose_acknowledge_button_works(emulator: str,
                                                                      tmp_path: Path) -> None:
    token = new_token()
    env = environment(tmp_path, emulator, token)
    student_code = invite(env)
    mentor_code = json.loads(cli(env, "invite", "create", "--role", "mentor", "--group", "4A",
                                 "--json").stdout)[0]["code"]
    bot = Bot(env)
    mentor = Phone(emulator, user_id=8001, token=token)
    student = Phone(emulator, user_id=7006, token=token)
    try:
        mentor.send(f"/start {mentor_code}")
        assert "mentor van 4A" in mentor.texts()[0]
        student.enrol(student_code)
        student.press("Goed")
        student.texts()
        student.send("eerlijk gezegd wil ik soms gewoon dood")
        first = student.texts()[0]  # the very next message
        assert "0800-0113" in "\n".join([first, *student.texts(2)])
        [alert] = mentor.texts(timeout=30)  # the bot's job loop sends it
        assert "Dringend" in alert and "Sanne (4A)" in alert and "dood" not in alert
        mentor.press("Gezien")
        deadline = time.monotonic() + 20
        while not any("Opgepakt door" in m["message"].get("text", "")
                      for m in mentor.history() if m.get("message", {}).get("chat_id")
                      in (8001, "8001")):
            assert time.monotonic() < deadline, "the alert was not marked as picked up"
            time.sleep(0.2)
        # the console shares the database: its student's urgent words reach the mentor too
        console = subprocess.run(
            [sys.executable, "-m", "bot", "chat", "--json", "--student", "lien", "--group", "4A"],
            input=b"2\nmijn vader slaat me als ik laat thuis kom\n", env=env, cwd=ROOT,
            capture_output=True, timeout=60)
        turns = [json.loads(line) for line in console.stdout.splitlines()]
        assert "0800-0432" in turns[2]["text"]
        [second] = mentor.texts(timeout=30)
        assert "lien (4A)" in second and "Mishandeling" in second
    finally:
        bot.stop()
    data = json.loads(cli(env, "export", "--telegram-id", "7006").stdout)
    assert [f["level"] for f in data["flags"]] == ["urgent"]
    # and the mentor's digest, sent now through the emulator, opens with both flags
    sent = cli(env, "digest", "--mentor", "8001")
    assert sent.returncode == 0, sent.stderr.decode()
    [digest] = mentor.texts()
    lines = digest.splitlines()
    assert lines[0].startswith("📋 Overzicht") and "open signalen (2)" in digest
    assert "Sanne" in lines[lines.index("Eerst — open signalen (2):") + 1]


def test_two_webhook_workers_store_every_turn_once_and_in_order(
        emulator: str, tmp_path: Path, postgres_database: str) -> None:
    """Two `run --webhook` processes on one PostgreSQL; updates of six students go to either
    worker, interleaved, and some are delivered to both."""
    import asyncio

    from sqlalchemy import text as sql

    from bot.storage.database import create_engine, sessions
    from tests.conftest import empty_schema, run_sync

    run_sync(empty_schema(postgres_database))
    token, secret = new_token(), "scale-out-secret-0123456789"
    ports = [free_port(), free_port()]
    workers = []
    for port in ports:
        env = environment(tmp_path, emulator, token, LOOPBAANBOT_DATABASE_URL=postgres_database,
                          LOOPBAANBOT_WEBHOOK_URL=f"http://127.0.0.1:{port}/tg",
                          LOOPBAANBOT_WEBHOOK_SECRET=secret,
                          LOOPBAANBOT_WEBHOOK_PORT=str(port))
        workers.append(Bot(env, "--webhook"))
    try:
        for port, worker in zip(ports, workers, strict=True):
            wait_healthy(port, worker)
        students = list(range(7101, 7107))

        async def enrol() -> None:
            engine = create_engine(postgres_database)
            async with sessions(engine).begin() as session:
                from datetime import UTC, datetime

                now = datetime.now(UTC)
                await telegram_students(session, students, now)
            await engine.dispose()

        run_sync(enrol())
        script = ["/reflectie", "2", MOMENT, "1", "nee", ANSWER,
                  "Morgen vraag ik mijn begeleider om uitleg over de kassa"]

        async def talk(client: httpx.AsyncClient, student: int) -> None:
            for step, said in enumerate(script):
                update = {"update_id": student * 100 + step, "message": {
                    "message_id": step + 1, "date": int(time.time()), "text": said,
                    "chat": {"id": student, "type": "private"},
                    "from": {"id": student, "is_bot": False, "first_name": f"S{student}"}}}
                if said.startswith("/"):
                    update["message"]["entities"] = [{"type": "bot_command", "offset": 0,
                                                      "length": len(said)}]
                first = ports[(student + step) % 2]
                deliveries = [first] if step % 3 else ports  # every third: to both at once
                replies = await asyncio.gather(*(client.post(
                    f"http://127.0.0.1:{port}/tg", json=update,
                    headers={"X-Telegram-Bot-Api-Secret-Token": secret}) for port in deliveries))
                assert all(r.status_code == 200 for r in replies)

        async def everyone() -> None:
            async with httpx.AsyncClient(timeout=60) as client:
                await asyncio.gather(*(talk(client, s) for s in students))

        asyncio.run(everyone())
    finally:
        for worker in workers:
            worker.stop()

    async def stored() -> dict[int, list[tuple[str, str]]]:
        engine = create_engine(postgres_database)
        result: dict[int, list[tuple[str, str]]] = {}
        async with engine.connect() as connection:
            rows = await connection.execute(sql(
                "SELECT k.address, t.role, t.text, c.status FROM turns t "
                "JOIN conversations c ON c.id = t.conversation_id "
                "JOIN contacts k ON k.student_id = c.student_id ORDER BY t.conversation_id, t.seq"))
            for telegram_id, role, said, status in rows:
                assert status == "completed"
                result.setdefault(int(telegram_id), []).append((role, said))
        await engine.dispose()
        return result

    turns = run_sync(stored())
    assert sorted(turns) == list(range(7101, 7107))
    for student, conversation in turns.items():
        roles = [role for role, _ in conversation]
        assert roles == ["bot", *["student", "bot"] * (len(script) - 1)], student
        said = [text for role, text in conversation if role == "student"]
        assert said == ["🙂 Goed", MOMENT, "💪 Waar ben ik goed in?", "✅ Nee, dit is genoeg",
                        ANSWER, script[-1]], student
