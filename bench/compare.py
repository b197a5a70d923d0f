"""Side by side with the common way to build this bot: python-telegram-bot's
ConversationHandler with PicklePersistence, written after every update so that it is as
durable as Loopbaanbot (which commits every turn). Same workload: whole reflections of
7 updates by 100 students, on top of N conversations already stored.

    python bench/compare.py --stored 100
    python bench/compare.py --stored 10000

Prints both throughputs and ours as a ratio to it.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from common import enrol, offline_application
from sqlalchemy import func, select
from telegram import Update
from telegram.ext import (
    ApplicationBuilder,
    CommandHandler,
    ContextTypes,
    ConversationHandler,
    MessageHandler,
    PicklePersistence,
    filters,
)
from throughput import SCRIPT, update

from bot.app import open_app
from bot.channels.telegram.offline import OfflineBotApi
from bot.config import Settings
from bot.storage.database import sessions
from bot.storage.models import Conversation

STUDENTS = 100
QUESTIONS = ["Hoe was je stagedag?", "Welk moment is je bijgebleven?", "Waar wil je het over "
             "hebben?", "Wil je nog een onderwerp?", "Waar was je goed in?", "Wat is je actie?",
             "Dit neem je mee. Tot de volgende keer!"]


def common_way(path: Path) -> Any:
    """The flow as a ConversationHandler: one state per question, answers in user_data."""
    async def ask(update: Update, context: ContextTypes.DEFAULT_TYPE, state: int) -> int:
        assert update.effective_message is not None and context.user_data is not None
        context.user_data.setdefault("answers", []).append(update.effective_message.text)
        await update.effective_message.reply_text(QUESTIONS[state])
        return state + 1 if state + 1 < len(QUESTIONS) else ConversationHandler.END

    def step(state: int) -> Any:
        async def handler(update: Update, context: ContextTypes.DEFAULT_TYPE) -> int:
            return await ask(update, context, state)
        return handler

    conversation = ConversationHandler(
        entry_points=[CommandHandler("reflectie", step(0))],
        states={i: [MessageHandler(filters.TEXT & ~filters.COMMAND, step(i))]
                for i in range(1, len(QUESTIONS))},
        fallbacks=[], name="reflectie", persistent=True)
    persistence = PicklePersistence(path, update_interval=10**6)
    application = (ApplicationBuilder().token("1:COMMON").request(OfflineBotApi())
                   .get_updates_request(OfflineBotApi()).persistence(persistence)
                   .updater(None).build())
    application.add_handler(conversation)
    return application


async def measure(application: Any, after_each: Any = None) -> float:
    students = range(1, STUDENTS + 1)

    async def one(student: int) -> None:
        for step in range(len(SCRIPT)):
            incoming = Update.de_json(update(student, step), application.bot)
            await application.update_processor.process_update(
                incoming, application.process_update(incoming))
            if after_each is not None:
                await after_each()

    started = time.perf_counter()
    await asyncio.gather(*(one(s) for s in students))
    return STUDENTS * len(SCRIPT) / (time.perf_counter() - started)


async def theirs(stored: int, folder: Path) -> float:
    application = common_way(folder / "state.pickle")
    async with application:
        for uid in range(10**6, 10**6 + stored):  # conversations already stored
            application.user_data[uid]["answers"] = ["Goed", "Een moment op mijn stage"] * 3
        await application.update_persistence()
        rate = await measure(application, application.update_persistence)
        finished = sum(len(application.user_data[s].get("answers", [])) == len(SCRIPT)
                       for s in range(1, STUDENTS + 1))
        check(finished, "ConversationHandler")
        return rate


async def ours(stored: int, folder: Path) -> float:
    settings = Settings(data_dir=folder)
    async with open_app(settings) as core:
        await enrol(core, range(1, STUDENTS + 1))
        others = await enrol(core, range(10**6, 10**6 + stored))
        now = datetime.now(UTC)
        async with sessions(core.database).begin() as session:  # their stored conversations
            session.add_all(Conversation(student_id=p.id, number=1, flow="stagedag",
                                         flow_version="x", language="nl", status="completed",
                                         snapshot={}, started_at=now, updated_at=now)
                            for p in others)
        application, _ = offline_application(core)
        async with application:
            rate = await measure(application)
        async with sessions(core.database)() as session:
            finished = await session.scalar(select(func.count()).select_from(Conversation).where(
                Conversation.status == "completed")) or 0
        check(finished - stored, "Loopbaanbot")
        return rate


def check(finished: int, who: str) -> None:
    """A failing bot is fast: only count figures of reflections that went all the way."""
    if finished != STUDENTS:
        sys.exit(f"{who}: {finished} of {STUDENTS} reflections completed; no figures")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stored", type=int, default=100)
    stored = parser.parse_args().stored
    their_rate = asyncio.run(theirs(stored, Path(tempfile.mkdtemp())))
    our_rate = asyncio.run(ours(stored, Path(tempfile.mkdtemp())))
    print(f"stored conversations: {stored}; workload: {STUDENTS} students x {len(SCRIPT)} updates")
    print(f"  ConversationHandler + PicklePersistence (saved every update): "
          f"{their_rate:8.1f} updates/s")
    print(f"  Loopbaanbot (SQLite, every turn committed):                   "
          f"{our_rate:8.1f} updates/s")
    print(f"  ratio ours / theirs: {our_rate / their_rate:.2f}")


if __name__ == "__main__":
    main()
