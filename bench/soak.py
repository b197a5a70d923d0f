"""A soak test on loopback: two webhook workers on PostgreSQL, students reflecting at random
pace, one worker killed with kill -9 and restarted again and again, one chat flooding.

    python bench/soak.py                       # 10 minutes, 200 students, a kill a minute
    python bench/soak.py --minutes 1 --students 30 --kill-every 20

This script plays Telegram: it posts each update to a worker's webhook (with the secret) and,
like Telegram, posts it again (to the other worker) when the call fails, until it is
answered. Replies go to the Telegram emulator (tests/telegram_emulator, `npm ci` first).
Prints turns sent and stored, replies received, duplicates, losses, the slowest reply of a
well-behaved student and each worker's memory; exits 1 when a turn was lost or stored twice.
Everything listens on 127.0.0.1 and stops by itself.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import enrol  # noqa: E402
from throughput import SCRIPT, reset_postgres  # noqa: E402

from bot.app import open_app  # noqa: E402
from bot.config import Settings  # noqa: E402

POSTGRES = os.environ.get("LOOPBAANBOT_SOAK_POSTGRES_URL",
                          "postgresql+asyncpg://postgres@127.0.0.1:5432/loopbaanbot_soak")
SECRET = "soak-webhook-secret-0123456789"
TOKEN = "424242:SOAK"
FLOODER = 9_999_999


def free_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class Worker:
    port: int
    env: dict[str, str]
    process: subprocess.Popen[bytes] | None = None
    memory: list[tuple[str, int]] = field(default_factory=list)  # (when, RSS in KiB)

    @property
    def hook(self) -> str:
        return f"http://127.0.0.1:{self.port}/tg"

    @property
    def log(self) -> Path:
        """What the worker wrote to stderr, every start appended (its own log lines carry no
        student's words)."""
        return Path(self.env["LOOPBAANBOT_DATA_DIR"]) / "worker.log"

    def start(self) -> None:
        with self.log.open("ab") as log:
            self.process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--webhook"],
                                            env=self.env, cwd=ROOT, stdin=subprocess.DEVNULL,
                                            stdout=subprocess.DEVNULL, stderr=log)

    def last_words(self, lines: int = 15) -> str:
        said = self.log.read_text(errors="replace").splitlines() if self.log.exists() else []
        return "\n".join(said[-lines:]) or "(nothing on stderr)"

    async def healthy(self, seconds: float = 120) -> None:
        deadline = time.monotonic() + seconds
        async with httpx.AsyncClient() as client:
            while time.monotonic() < deadline:
                assert self.process is not None and self.process.poll() is None, \
                    f"the worker on {self.port} stopped (exit {self.process.returncode}); " \
                    f"its stderr ends:\n{self.last_words()}"
                try:
                    if (await client.get(f"http://127.0.0.1:{self.port}/health",
                                         timeout=1)).status_code == 200:
                        self.note("start")
                        return
                except httpx.TransportError:
                    pass
                await asyncio.sleep(0.1)
        raise AssertionError(f"the worker on {self.port} did not start; its stderr ends:\n"
                             f"{self.last_words()}")

    def note(self, when: str) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        status = Path(f"/proc/{self.process.pid}/status")
        if status.exists():
            rss = next((int(line.split()[1]) for line in status.read_text().splitlines()
                        if line.startswith("VmRSS:")), 0)
            self.memory.append((when, rss))

    def kill(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.note("before kill -9")
            self.process.kill()
            self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.note("end")
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()


@dataclass
class Tally:
    began: float = field(default_factory=time.monotonic)
    sent: int = 0  # updates of well-behaved students answered with 200
    answers: int = 0  # of those, texts that are stored as the student's turn
    given_up: int = 0  # updates no worker answered within two minutes
    slowest: float = 0.0
    latencies: list[float] = field(default_factory=list)
    slow: list[tuple[float, float, int]] = field(default_factory=list)  # (took, at, tries)
    flood_posts: int = 0


def update(update_id: int, chat: int, text: str) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": update_id, "date": int(time.time()), "text": text,
        "chat": {"id": chat, "type": "private"},
        "from": {"id": chat, "is_bot": False, "first_name": f"S{chat}"}}
    if text.startswith("/"):
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text)}]
    return {"update_id": update_id, "message": message}


class Telegram:
    """Delivers updates as Telegram does: to a worker, again to another while none answers."""

    def __init__(self, workers: list[Worker]) -> None:
        self.workers = workers
        self.client = httpx.AsyncClient(timeout=30)
        self.ids = iter(range(1, 1 << 40))

    async def deliver(self, chat: int, text: str, give_up_after: float = 120) -> float | None:
        """Seconds until a worker answered 200; None when none did in time."""
        body = update(next(self.ids), chat, text)
        started = time.monotonic()
        attempt = chat
        self.tries = 0
        while time.monotonic() - started < give_up_after:
            self.tries += 1
            worker = self.workers[attempt % len(self.workers)]
            attempt += 1
            try:
                answer = await self.client.post(worker.hook, json=body,
                                                headers={"X-Telegram-Bot-Api-Secret-Token":
                                                         SECRET})
                if answer.status_code == 200:
                    return time.monotonic() - started
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.2)
        return None


async def student(telegram: Telegram, chat: int, until: float, tally: Tally,
                  rng: random.Random, pace: tuple[float, float]) -> None:
    await asyncio.sleep(rng.uniform(0, pace[1]))  # students do not all start the same second
    while time.monotonic() < until:
        for text in SCRIPT:
            if time.monotonic() >= until:
                return
            took = await telegram.deliver(chat, text)
            if took is None:
                tally.given_up += 1
                continue
            tally.sent += 1
            tally.answers += not text.startswith("/")
            tally.latencies.append(took)
            tally.slowest = max(tally.slowest, took)
            if took > 1:
                tally.slow.append((took, time.monotonic() - tally.began, telegram.tries))
            await asyncio.sleep(rng.uniform(*pace))  # reading, thinking, typing


async def flood(telegram: Telegram, until: float, tally: Tally) -> None:
    async def one() -> None:
        while time.monotonic() < until:
            await telegram.deliver(FLOODER, "hallo? hallo? hallo?", give_up_after=5)
            tally.flood_posts += 1

    await asyncio.gather(*(one() for _ in range(20)))


async def killer(workers: list[Worker], until: float, every: float, kills: list[str],
                 began: float) -> None:
    n = 0
    while time.monotonic() + every < until:
        await asyncio.sleep(every)
        worker = workers[n % len(workers)]
        n += 1
        worker.kill()
        kills.append(f"worker {worker.port} killed with kill -9 at "
                     f"{time.strftime('%H:%M:%S')} ({time.monotonic() - began:.0f} s in)")
        await asyncio.sleep(1)
        worker.start()
        await worker.healthy()


async def stored(students: list[int]) -> tuple[int, int]:
    """(student turns stored, turns stored twice) for these students."""
    from sqlalchemy import func, select

    from bot.storage.database import sessions
    from bot.storage.models import Contact, Conversation, Turn

    async with open_app(Settings(database_url=POSTGRES,
                                 data_dir=Path(tempfile.mkdtemp()))) as core, \
            sessions(core.database)() as session:
        mine = select(Conversation.id).join(
            Contact, Contact.student_id == Conversation.student_id).where(
            Contact.channel == "telegram", Contact.address.in_([str(s) for s in students]))
        total = await session.scalar(select(func.count()).select_from(Turn).where(
            Turn.role == "student", Turn.conversation_id.in_(mine))) or 0
        twice = (await session.execute(
            select(Turn.conversation_id, Turn.seq).where(Turn.conversation_id.in_(mine))
            .group_by(Turn.conversation_id, Turn.seq).having(func.count() > 1))).all()
        return int(total), len(twice)


def replies(emulator: str, students: list[int]) -> int:
    history = httpx.post(f"{emulator}/getUpdatesHistory", json={"token": TOKEN},
                         timeout=60).json()["result"]
    wanted = {str(s) for s in students}
    return sum(1 for item in history  # the bot's messages carry the chat they went to
               if str(item.get("message", {}).get("chat_id")) in wanted)


async def soak(options: argparse.Namespace, emulator: str) -> int:
    students = list(range(20_001, 20_001 + options.students))
    async with open_app(Settings(database_url=POSTGRES,
                                 data_dir=Path(tempfile.mkdtemp()))) as core:
        await enrol(core, students)
    base = {k: v for k, v in os.environ.items() if not k.startswith("LOOPBAANBOT_")}
    workers = []
    for _ in range(2):
        port = free_port()
        workers.append(Worker(port, {
            **base, "LOOPBAANBOT_DATABASE_URL": POSTGRES,
            "LOOPBAANBOT_DATA_DIR": tempfile.mkdtemp(prefix="loopbaanbot-soak-"),
            "LOOPBAANBOT_TELEGRAM_TOKEN": TOKEN,
            "LOOPBAANBOT_TELEGRAM_BASE_URL": f"{emulator}/bot",
            "LOOPBAANBOT_WEBHOOK_URL": f"http://127.0.0.1:{port}/tg",
            "LOOPBAANBOT_WEBHOOK_SECRET": SECRET, "LOOPBAANBOT_WEBHOOK_PORT": str(port)}))
    tally, kills = Tally(), []
    try:
        for worker in workers:
            worker.start()
        await asyncio.gather(*(w.healthy() for w in workers))
        telegram = Telegram(workers)
        until = time.monotonic() + options.minutes * 60
        tally.began = time.monotonic()
        rng = random.Random(7)
        print(f"soaking {options.minutes} min: {len(students)} students answering every "
              f"{options.pace[0]:g} to {options.pace[1]:g} s, 2 workers on PostgreSQL, a kill "
              f"-9 every {options.kill_every:.0f} s, one chat flooding", flush=True)
        await asyncio.gather(
            *(student(telegram, chat, until, tally, random.Random(rng.random()),
                      (options.pace[0], options.pace[1])) for chat in students),
            flood(telegram, until, tally),
            killer(workers, until, options.kill_every, kills, tally.began))
        await telegram.client.aclose()
    finally:
        for worker in workers:
            worker.stop()
    total, twice = await stored(students)
    received = replies(emulator, students)
    lost = max(0, tally.answers - total)
    latencies = sorted(tally.latencies)
    print("\n".join(kills))
    print(f"  turns sent (answered by a worker)   {tally.sent}")
    print(f"  answers among them                  {tally.answers}")
    print(f"  student turns stored                {total}")
    print(f"  replies received by the students    {received}")
    print(f"  turns stored twice                  {twice}")
    print(f"  turns lost                          {lost}")
    print(f"  updates no worker took in 2 minutes {tally.given_up}")
    if latencies:
        print(f"  well-behaved reply p50 / p99 / max  {latencies[len(latencies) // 2]:.3f} / "
              f"{latencies[int(len(latencies) * 0.99) - 1]:.3f} / {tally.slowest:.3f} s")
    print(f"  flooding chat's posts               {tally.flood_posts}")
    slow = sorted(tally.slow, reverse=True)[:5]
    if slow:
        print("  slowest replies (s, at s, tries)    " + ", ".join(
            f"{took:.1f} at {at:.0f} ({tries})" for took, at, tries in slow))
    for worker in workers:
        print(f"  memory of worker {worker.port}: " + ", ".join(
            f"{when} {kib / 1024:.0f} MiB" for when, kib in worker.memory))
    return 1 if (lost or twice or tally.given_up or total > tally.answers) else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=10)
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--kill-every", type=float, default=60)
    parser.add_argument("--pace", type=float, nargs=2, default=(5.0, 30.0),
                        metavar=("MIN", "MAX"), help="seconds a student takes to answer "
                        "(default 5 to 30: reading, thinking, typing on a phone)")
    options = parser.parse_args()
    node = shutil.which("node")
    launcher = ROOT / "tests" / "telegram_emulator"
    if node is None or not (launcher / "node_modules" / "telegram-test-api").is_dir():
        sys.exit("the Telegram emulator is missing: npm ci --prefix tests/telegram_emulator")
    port = free_port()
    keep = {**os.environ, "EMULATOR_STORE_SECONDS": str(int(options.minutes * 60 + 600))}
    emulator = subprocess.Popen([node, "launch.js", str(port)], cwd=launcher, env=keep,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    try:
        assert emulator.stdout is not None
        assert emulator.stdout.readline().startswith(b"READY"), "the emulator did not start"
        reset_postgres(POSTGRES)
        sys.exit(asyncio.run(soak(options, f"http://127.0.0.1:{port}")))
    finally:
        emulator.terminate()
        emulator.communicate(timeout=10)


if __name__ == "__main__":
    main()
