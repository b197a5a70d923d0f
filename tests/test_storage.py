"""Conversations in the database, on SQLite and PostgreSQL: saved per turn, resumed, exported."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import bindparam, event, func, select, text
from sqlalchemy.engine import Engine as SQLAlchemyEngine

from bot.app import Content, load_content, open_app
from bot.catalog import FlowCatalog
from bot.config import Settings
from bot.core.conversation import Said
from bot.reflection import NoConversation, ReflectionService, StudentRef
from bot.storage import conversations
from bot.storage.database import create_engine, migrate, sessions
from bot.storage.models import COMPETENCY_BITS, Base, Contact, Turn, UTCDateTime
from tests.conftest import ROOT, Clock

ANNA = StudentRef.on("console", "anna", first_use=True)
MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
LEARNED = "Ze gaf me tips over het tellen van de kassa, ik leerde dat ik het rustig kan doen"
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")


@asynccontextmanager
async def service(url: str, content: Content, clock: Clock,
                  catalog: FlowCatalog | None = None) -> AsyncIterator[ReflectionService]:
    """A service as a fresh process would build it: new engine, migrations applied."""
    engine = create_engine(url)
    await migrate(engine)
    try:
        yield ReflectionService(sessions(engine), content.engine, catalog or content.catalog,
                                "stagedag", ZoneInfo("Europe/Amsterdam"), timedelta(hours=72),
                                clock)
    finally:
        await engine.dispose()


async def say(reflection: ReflectionService, *answers: str) -> str:
    text_ = ""
    for answer in answers:
        reply = await reflection.reply(ANNA, Said(answer), "nl")
        assert reply is not None
        text_ = reply.turn.text
    return text_


async def student_on_telegram(session: Any, now: Any, name: str = "Sanne") -> int:
    """A student who enrolled with Telegram user id 42 (the contact a turn is looked up by)."""
    from bot.storage.models import Student

    student = Student(name=name, language="nl", created_at=now)
    session.add(student)
    await session.flush()
    session.add(Contact(channel="telegram", address="42", student_id=student.id,
                        created_at=now))
    return int(student.id)


async def export(reflection: ReflectionService) -> dict[str, Any]:
    data = await reflection.export("anna")
    assert data is not None
    return data


async def test_a_whole_conversation_is_stored_and_exported(database_url: str,
                                                           content: Content) -> None:
    async with service(database_url, content, Clock()) as reflection:
        first = await reflection.open(ANNA, "nl")
        assert "stagedag" in first.text
        last = await say(reflection, "2", MOMENT, "1", "enough", ANSWER,
                         "Vrijdag vraag ik Sandra om feedback op mijn kassawerk")
        assert "vrijdag 27 november" in last
        data = await export(reflection)
    assert set(data) == {"student", "conversations", "actions", "flags", "remembered"}
    [conversation] = data["conversations"]
    assert conversation["status"] == "completed" and conversation["flow"] == "stagedag"
    assert conversation["competencies"] == ["kwaliteiten"]
    roles = [t["role"] for t in conversation["turns"]]
    assert roles[0] == "bot" and roles[1] == "student" and roles[-1] == "bot"
    assert (conversation["turns"][3]["role"], conversation["turns"][3]["text"]) == (
        "student", MOMENT)
    assert conversation["action"]["due"] == "2026-11-27"
    history = data["actions"][0].pop("history")
    assert data["actions"] == [conversation["action"]]
    assert [event["what"] for event in history] == ["set"]  # an action's history is exported
    assert data["actions"][0]["status"] == "open"
    assert data["flags"] == []


async def test_each_turn_keeps_the_conversations_last_step_and_competencies(
        database_url: str, content: Content) -> None:
    """The school's figures read where a conversation stopped and what it was about from the
    conversation alone (`last_step`, `competencies`): the turns keep both equal to what the
    turns and answers say, midway and at the end."""
    async def stored(reflection: ReflectionService) -> list[tuple[Any, ...]]:
        async with reflection.sessions() as session:
            return [tuple(row) for row in (await session.execute(text(
                "SELECT c.last_step, c.competencies, t.step, "
                "(SELECT count(*) FROM answers a WHERE a.conversation_id = c.id "
                "AND a.competency = 'kwaliteiten') FROM conversations c "
                "JOIN turns t ON t.conversation_id = c.id AND t.seq = c.turns"))).all()]


    updates, who, clock = iter(range(1, 100)), StudentRef.on("telegram", "42"), Clock()

    async def answer(reflection: ReflectionService, *said: str) -> None:
        for words in said:  # a contact's updates: on PostgreSQL the turn is one statement
            assert await reflection.reply(who, Said(words), "nl",
                                          update_id=next(updates)) is not None

    async with service(database_url, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        await reflection.open(who, "nl", update_id=next(updates))
        await answer(reflection, "2", MOMENT)
        [(step, bits, last_turn, _)] = await stored(reflection)
        assert step == last_turn == "onderwerp" and bits == 0  # no topic chosen yet
        await answer(reflection, "1", "enough", ANSWER)
        [(step, bits, last_turn, answers)] = await stored(reflection)
        assert step == last_turn and answers >= 1
        assert bits == COMPETENCY_BITS["kwaliteiten"]  # and stays so to the end
        await answer(reflection, "Vrijdag vraag ik Sandra om feedback op mijn kassawerk")
        [(step, bits, last_turn, _)] = await stored(reflection)
    assert step == last_turn and bits == COMPETENCY_BITS["kwaliteiten"]


async def test_an_upgrade_fills_last_step_and_competencies_of_stored_conversations(
        database_url: str) -> None:
    """Migration 0017 reads them from the turns and answers already stored."""
    from alembic import command

    from bot.storage.database import alembic_config

    engine = create_engine(database_url)
    at = "'2026-11-23 10:00:00+00:00'"
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0016"))
        await connection.execute(text(
            f"INSERT INTO students (id, name, language, created_at) VALUES (1, 'a', 'nl', {at})"))
        for conversation, turns in ((1, 3), (2, 0)):
            await connection.execute(text(
                "INSERT INTO conversations (id, student_id, number, flow, flow_version, "
                "language, status, snapshot, turns, started_at, updated_at) VALUES "
                f"({conversation}, 1, {conversation}, 'stagedag', 'v', 'nl', 'abandoned', "
                f"'{{}}', {turns}, {at}, {at})"))
        for seq, step in enumerate(("dag", "netwerken", "actie"), start=1):
            await connection.execute(text(
                "INSERT INTO turns (id, conversation_id, seq, role, step, text, created_at) "
                f"VALUES ({seq}, 1, {seq}, 'bot', '{step}', 't', {at})"))
        for turn, competency in ((2, "netwerken"), (2, "netwerken"), (3, "motieven"),
                                 (1, None)):
            value = f"'{competency}'" if competency else "NULL"
            await connection.execute(text(
                "INSERT INTO answers (conversation_id, turn_id, step, competency, kind, text, "
                f"created_at) VALUES (1, {turn}, 's', {value}, 'answer', 't', {at})"))
    await migrate(engine)
    async with engine.connect() as connection:
        rows = (await connection.execute(text(
            "SELECT id, last_step, competencies FROM conversations ORDER BY id"))).all()
    await engine.dispose()
    assert [tuple(row) for row in rows] == [
        (1, "actie", COMPETENCY_BITS["netwerken"] | COMPETENCY_BITS["motieven"]),
        (2, None, 0)]


async def test_a_restart_resumes_where_the_student_was(database_url: str,
                                                       content: Content) -> None:
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        asked = await say(reflection, "2", MOMENT)
    clock.now += timedelta(hours=2)
    async with service(database_url, content, clock) as restarted:
        again = await restarted.open(ANNA, "nl")
        assert asked.split("\n\n")[-1] in again.text  # the same question, shown again
        assert again.options and again.expects == "choice"
        await say(restarted, "3", "enough", ANSWER, "Morgen vraag ik Piet of ik mee mag")
        data = await export(restarted)
    assert [c["status"] for c in data["conversations"]] == ["completed"]
    assert data["actions"][0]["due"] == "2026-11-24"


async def test_an_update_has_effect_once_checked_first_and_recorded_with_its_turn(
        database_url: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """A channel's update is looked up with the student when its turn starts and recorded
    with the turn's rows at the end. Again before its reply went out: that reply, once; after:
    nothing. Found handled only at the end (another handler took it meanwhile): the turn
    rolls back and nothing is stored twice."""

    who = StudentRef.on("telegram", "42")
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        assert await reflection.open(who, "nl", update_id=1) is not None
        await reflection.delivered(1)
        first = await reflection.reply(who, Said("2"), update_id=2)
        again = await reflection.reply(who, Said("2"), update_id=2)  # the reply was lost
        assert first is not None and again is not None and again.turn == first.turn
        await reflection.delivered(2)
        assert await reflection.reply(who, Said("2"), update_id=2) is None

        looked_up = conversations.talking

        async def stale(*args: Any, **kwargs: Any) -> Any:
            found = await looked_up(*args, **kwargs)
            if found is not None:
                found.handled = False
            return found

        monkeypatch.setattr(conversations, "talking", stale)
        assert await reflection.reply(who, Said(MOMENT), update_id=2) is None
        monkeypatch.undo()
        moment = await reflection.reply(who, Said(MOMENT), update_id=3)
        assert moment is not None and moment.accepted
        data = await reflection.export(who)
    assert data is not None
    said = [t["text"] for t in data["conversations"][0]["turns"] if t["role"] == "student"]
    assert len(said) == 2 and said[1] == MOMENT  # the choice, then the moment: once each
    assert [a["text"] for a in data["conversations"][0]["answers"]].count(MOMENT) == 1


async def test_delivered_marks_survive_a_turn_whose_commit_fails(database_url: str,
                                                                 content: Content) -> None:
    """A turn writes the delivered marks pending (the replies that went out) with its own
    rows. When its COMMIT fails they are not lost: the next turn writes them, and the update
    whose reply went out, sent again, gets no second reply."""
    who = StudentRef.on("telegram", "42")
    clock = Clock()
    failing = {"commits": 0}

    def refused(_connection: Any) -> None:
        failing["commits"] += 1
        raise OSError("disk full")  # as SQLite or PostgreSQL refusing the COMMIT

    async with service(database_url, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        first = await reflection.open(who, "nl", update_id=1)
        assert first is not None
        await reflection.delivered(1)  # its reply went out; the mark is pending
        event.listen(SQLAlchemyEngine, "commit", refused)
        try:
            with pytest.raises(OSError, match="disk full"):
                await reflection.open(who, "nl", update_id=2)  # takes the mark, not stored
        finally:
            event.remove(SQLAlchemyEngine, "commit", refused)
        assert failing["commits"] >= 1
        assert await reflection.open(who, "nl", update_id=3) is not None  # writes the mark
        assert await reflection.open(who, "nl", update_id=1) is None  # sent again: no reply


async def test_a_failed_turn_leaves_nothing_half_saved(database_url: str, content: Content,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """The turn that sets the action writes its rows, then the action: storing the action
    fails, and the turn's rows are not there either (one transaction); the same answer again
    works."""
    action = "Vrijdag vraag ik Sandra om feedback op mijn kassawerk"
    async with service(database_url, content, Clock()) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2", MOMENT, "5", "enough", ANSWER)
        turns_before = len((await export(reflection))["conversations"][0]["turns"])

        async def broken(*args: object, **kwargs: object) -> None:
            raise RuntimeError("disk full")

        monkeypatch.setattr(conversations, "_apply", broken)
        with pytest.raises(RuntimeError):
            await say(reflection, action)
        monkeypatch.undo()
        data = await export(reflection)
        assert len(data["conversations"][0]["turns"]) == turns_before
        assert data["actions"] == []
        await say(reflection, action)
        data = await export(reflection)
    assert [a["text"] for a in data["actions"]] == [action]
    assert len(data["conversations"][0]["turns"]) > turns_before


async def test_an_old_unfinished_conversation_is_abandoned(database_url: str,
                                                           content: Content) -> None:
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2")
        clock.now += timedelta(days=4)
        fresh = await reflection.open(ANNA, "nl")
        assert "Welkom terug" not in fresh.text and "stagedag" in fresh.text
        data = await export(reflection)
    assert [c["status"] for c in data["conversations"]] == ["abandoned", "active"]


async def test_a_conversation_paused_in_words_waits_over_a_weekend(database_url: str,
                                                                   content: Content) -> None:
    """A fourth user trial: 'ik moet nu gaan, later verder' on a Thursday, back on Monday
    (96 hours): the bot had said it would go on at this question, so it does, naming the
    day the conversation was about; on Telegram too, where the student just answers. A pause
    left for more than eight days does end."""
    clock = Clock()  # a Monday
    clock.now -= timedelta(days=4)  # the Thursday before
    who = StudentRef.on("telegram", "42")
    async with service(database_url, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        await reflection.open(who, "nl", update_id=1)
        asked = await reflection.reply(who, Said("2"), update_id=2)
        paused = await reflection.reply(who, Said("ik moet nu gaan, later verder"),
                                        update_id=3)
        assert asked is not None and paused is not None and "pauzeren" in paused.turn.text
        clock.now += timedelta(days=4)
        back = await reflection.open(who, "nl", update_id=4)
        assert back is not None
        assert back.text.startswith("Fijn dat je er weer bent. We gaan verder met ons gesprek "
                                    "van donderdag 19 november.")
        assert asked.turn.messages[-1] in back.text
        answered = await reflection.reply(who, Said(MOMENT), update_id=5)
        assert answered is not None and answered.accepted
        # paused again, then away for nine days: a new conversation, the old one abandoned
        await reflection.reply(who, Said("ff pauze"), update_id=6)
        clock.now += timedelta(days=9)
        fresh = await reflection.open(who, "nl", update_id=7)
        assert fresh is not None and "Fijn dat je er weer bent" not in fresh.text
        data = await reflection.export(who)
    assert data is not None
    assert [c["status"] for c in data["conversations"]] == ["abandoned", "active"]
    said = [t["text"] for t in data["conversations"][0]["turns"] if t["role"] == "student"]
    assert MOMENT in said  # the answer given on Monday belongs to the Thursday conversation


async def test_a_conversation_left_without_a_word_still_ends_after_three_days(
        database_url: str, content: Content) -> None:
    """Only words that pause it make it wait longer: a student who answered and went quiet
    (or closed the app) starts afresh after 72 hours, also when they answer a message."""
    clock = Clock()
    who = StudentRef.on("telegram", "42")
    async with service(database_url, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        await reflection.open(who, "nl", update_id=1)
        await reflection.reply(who, Said("2"), update_id=2)
        clock.now += timedelta(hours=73)
        with pytest.raises(NoConversation):
            await reflection.reply(who, Said(MOMENT), update_id=3)


async def test_a_mood_taken_back_is_stored_once_as_meant(database_url: str,
                                                         content: Content) -> None:
    """'Super', then 'nee wacht, eigenlijk was het niet leuk': the conversation keeps one
    mood, the corrected one (a mentor's trend and 'low twice in a row' count each
    conversation once), and the words typed."""
    async with service(database_url, content, Clock()) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "1", "nee wacht eigenlijk was het niet leuk")
        data = await export(reflection)
    answers = data["conversations"][0]["answers"]
    assert [a["text"] for a in answers if a["kind"] == "mood"] == ["bad"]
    assert "nee wacht eigenlijk was het niet leuk" in [a["text"] for a in answers]


async def test_the_next_conversation_follows_up_the_action(database_url: str,
                                                           content: Content) -> None:
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2", MOMENT, "5", "enough", ANSWER,
                  "Vrijdag vraag ik Sandra om feedback op mijn kassawerk")
        clock.now += timedelta(days=7)
        opened = await reflection.open(ANNA, "nl")
        assert "Vrijdag vraag ik Sandra om feedback" in opened.text
        assert [o.value for o in opened.options] == ["done", "partly", "not_yet", "dropped"]
        await say(reflection, "1", LEARNED)
        suggestion = await say(reflection, "2", MOMENT)
        # netwerken was discussed, so the least discussed is now the first of the others
        assert "Waar ben ik goed in?" in suggestion.split("Tip")[1]
        data = await export(reflection)
    first_action = data["actions"][0]
    assert first_action["status"] == "done"
    assert first_action["learning"] == LEARNED
    assert [e["what"] for e in first_action["history"]] == ["set", "done", "learning"]


async def test_after_telling_of_no_food_at_home_the_next_conversation_asks_how_they_are(
        database_url: str, content: Content) -> None:
    """Found trying the bot: a student who wrote that there was no food at home was asked
    'Hoe was je stagedag vandaag?' next time, as if nothing had been said. As after the
    helplines, first how they are now; their words are not kept for it, only the kind."""
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2", "thuis is er al dagen geen eten, mijn moeder heeft geen geld",
                  "verder", "5", "enough", ANSWER, "Vrijdag vraag ik Sandra om feedback")
        clock.now += timedelta(days=7)
        opened = await reflection.open(ANNA, "nl")
        assert "Hoe gaat het nu met je?" in opened.text
        await say(reflection, "2")  # 'gaat wel'; then how the action went:
        await say(reflection, "het is weer gebeurd")  # told again, without the words
        data = await export(reflection)
    assert [f["rule"] for f in data["flags"]] == ["zorgen_thuis", "zorgen_thuis"]
    assert {"kind": "heavy", "text": "basic_needs"} in [
        {"kind": f["kind"], "text": f["text"]} for f in data["remembered"]]
    bram = StudentRef.on("console", "bram", first_use=True)
    async with service(database_url, content, clock) as reflection:  # a look-alike: no
        await reflection.open(bram, "nl")  # concern, no question about it next time
        for said in ("2", "ik had honger want ik was mijn lunch vergeten", "5", "enough",
                     ANSWER, "Vrijdag vraag ik Sandra om feedback"):
            await reflection.reply(bram, Said(said), "nl")
        clock.now += timedelta(days=7)
        opened = await reflection.open(bram, "nl")
        assert "Hoe gaat het nu met je?" not in opened.text and "stagedag" in opened.text


async def test_the_danger_told_last_time_is_read_in_it_happened_again(
        database_url: str, content: Content) -> None:
    """The next conversation knows which danger the last one told of (the flag's rule, not
    the words): 'hij deed het weer' then alerts the mentor about it again."""
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2", "mijn chef zit steeds aan me en legt zn hand op mn been")
        clock.now += timedelta(days=4)  # the conversation was left; a new one
        opened = await reflection.open(ANNA, "nl")
        assert "Hoe gaat het nu met je?" in opened.text
        again = await say(reflection, "2", "hij deed het vandaag weer")
        assert "0800-0188" in again
        data = await export(reflection)
    assert [(f["rule"], f["level"]) for f in data["flags"]] == [("seksueel", "urgent")] * 2


async def test_a_conversation_keeps_its_flow_version(database_url: str, content: Content,
                                                     tmp_path: Path) -> None:
    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2")
    edited_dir = tmp_path / "flows"
    edited_dir.mkdir()
    original = (ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8")
    edited = original.replace("- id: moment\n", "- id: moment_nieuw\n").replace(
        "next: moment\n", "next: moment_nieuw\n").replace(
        "else: moment\n", "else: moment_nieuw\n").replace(
        "Denk aan één moment", "NIEUW: denk aan één moment").replace(
        "Welk moment van vandaag", "NIEUW: welk moment").replace(
        "Noem één ding", "NIEUW: noem één ding")
    assert edited != original
    (edited_dir / "stagedag.yaml").write_text(edited, encoding="utf-8")
    new_content = load_content(Settings(flows_dir=edited_dir, prompts_dir=ROOT / "prompts"))
    async with service(database_url, new_content, clock) as restarted:
        resumed = await restarted.open(ANNA, "nl")
        assert "NIEUW" not in resumed.text
        last = await say(restarted, MOMENT, "1", "enough", ANSWER,
                         "Morgen vraag ik Piet of ik mee mag naar de inkoop")
        assert "Piet" in last
        await restarted.open(ANNA, "nl")  # a new conversation starts on the edited flow
        now = await say(restarted, "1")  # the action is not due yet: on to the day
        data = await export(restarted)
    assert "NIEUW" in now
    versions = [c["flow_version"] for c in data["conversations"]]
    assert versions[0] != versions[1]
    assert data["conversations"][1]["turns"][-1]["step"] == "moment_nieuw"


async def test_migrations_match_the_models(database_url: str) -> None:
    engine = create_engine(database_url)
    await migrate(engine)
    await migrate(engine)  # a second start changes nothing
    async with engine.connect() as connection:
        diff = await connection.run_sync(
            lambda sync: compare_metadata(MigrationContext.configure(sync), Base.metadata))
    await engine.dispose()
    assert diff == []


async def test_an_upgrade_counts_the_turns_of_conversations_already_stored(
        database_url: str) -> None:
    """Migration 0006 adds conversations.turns (the next turn's number comes from it): a
    conversation stored before must carry on after its last turn, not clash with it."""
    from alembic import command

    from bot.storage.database import alembic_config

    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0005"))
        at = "'2026-11-23 10:00:00+00:00'"
        await connection.execute(text(
            f"INSERT INTO students (id, name, language, created_at) VALUES (1, 'a', 'nl', {at})"))
        for conversation, turns in ((1, 3), (2, 0)):
            await connection.execute(text(
                "INSERT INTO conversations (id, student_id, number, flow, flow_version, "
                "language, status, snapshot, started_at, updated_at) VALUES "
                f"({conversation}, 1, {conversation}, 'stagedag', 'v', 'nl', 'completed', "
                f"'{{}}', {at}, {at})"))
            for seq in range(1, turns + 1):
                await connection.execute(text(
                    "INSERT INTO turns (conversation_id, seq, role, step, text, created_at) "
                    f"VALUES ({conversation}, {seq}, 'bot', 's', 't', {at})"))
    await migrate(engine)
    async with engine.connect() as connection:
        counted = (await connection.execute(text(
            "SELECT id, turns FROM conversations ORDER BY id"))).all()
    await engine.dispose()
    assert [tuple(row) for row in counted] == [(1, 3), (2, 0)]


async def test_an_upgrade_moves_telegram_ids_and_console_names_into_contacts(
        database_url: str, content: Content) -> None:
    """Migration 0011: the Telegram ids and console names of students and mentors become
    contacts; nothing that refers to a student is lost (SQLite rebuilds the table), and a
    student carries on in Telegram as before."""
    from alembic import command

    from bot.storage import contacts
    from bot.storage.database import alembic_config

    engine = create_engine(database_url)
    async with engine.begin() as connection:
        await connection.run_sync(lambda sync: command.upgrade(alembic_config(sync), "0010"))
        at = "'2026-11-23 10:00:00+00:00'"
        for row in ("(1, 'Sanne', NULL, 501, '4A')", "(2, 'anna', 'anna', NULL, NULL)"):
            await connection.execute(text(
                "INSERT INTO students (id, name, console_name, telegram_user_id, group_name, "
                f"language, created_at) VALUES {row[:-1]}, 'nl', {at})"))
        await connection.execute(text(
            "INSERT INTO conversations (student_id, number, flow, flow_version, language, "
            f"status, snapshot, turns, started_at, updated_at) VALUES (1, 1, 'stagedag', "
            f"'v', 'nl', 'completed', '{{}}', 1, {at}, {at})"))
        await connection.execute(text(
            "INSERT INTO turns (conversation_id, seq, role, step, text, created_at) "
            f"SELECT id, 1, 'student', 'dag', 'Het ging goed', {at} FROM conversations"))
        await connection.execute(text(
            "INSERT INTO mentors (id, name, telegram_user_id, coordinator, language, "
            f"created_at) VALUES (1, 'Ellen de Vries', 9001, false, 'nl', {at})"))
    await migrate(engine)
    async with sessions(engine)() as session:
        rows = (await session.execute(text(
            "SELECT channel, address, student_id, mentor_id FROM contacts "
            "ORDER BY channel, address"))).all()
        sanne = await contacts.student(session, "telegram", 501)
        ellen = await contacts.mentor(session, "telegram", "9001")
        turns = await session.scalar(select(func.count()).select_from(Turn))
    await engine.dispose()
    assert [tuple(r) for r in rows] == [("console", "anna", 2, None),
                                        ("telegram", "501", 1, None),
                                        ("telegram", "9001", None, 1)]
    assert sanne is not None and sanne.name == "Sanne" and sanne.group_name == "4A"
    assert ellen is not None and ellen.name == "Ellen de Vries"
    assert turns == 1  # the conversation of the rebuilt students table is still there
    async with service(database_url, content, Clock()) as reflection:
        first = await reflection.open(StudentRef.on("telegram", 501), "nl")
        data = await reflection.export(StudentRef.on("telegram", 501))
    assert "stagedag" in first.text and data is not None
    assert [c["status"] for c in data["conversations"]] == ["completed", "active"]


async def test_each_turn_is_one_row_per_message(database_url: str, content: Content) -> None:
    async with service(database_url, content, Clock()) as reflection:
        await reflection.open(ANNA, "nl")
        await say(reflection, "2", "", "x" * 10_000)  # refused inputs store nothing
        async with reflection.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(Turn))
    assert count == 3


async def test_thirty_students_talking_at_once_all_get_every_turn_stored(
        database_url: str, content: Content) -> None:
    """SQLite answers on the event loop's thread: the sessions of many students at once must
    queue for the one connection, not wait on each other's write lock (a deadlock)."""
    import asyncio

    async def reflect(reflection: ReflectionService, name: str) -> None:
        who = StudentRef.on("console", name, first_use=True)
        await reflection.open(who, "nl")
        for answer in ("2", MOMENT, "1", "enough", ANSWER):
            assert await reflection.reply(who, Said(answer), "nl") is not None

    async with service(database_url, content, Clock()) as reflection:
        await asyncio.wait_for(asyncio.gather(
            *(reflect(reflection, f"student{i}") for i in range(30))), timeout=60)
        async with reflection.sessions() as session:
            count = await session.scalar(select(func.count()).select_from(Turn))
    assert count == 30 * (1 + 2 * 5)


async def test_a_students_lookup_to_start_waits_for_the_one_in_progress_in_another_process(
        postgres_database: str) -> None:
    """Two workers, one student: a lookup that may start a conversation (lock=True) reads
    only once the other worker's transaction has committed (else both start one)."""
    import asyncio
    from datetime import UTC, datetime

    from sqlalchemy import update
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.storage.models import Conversation
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    first_worker, second_worker = create_engine(postgres_database), create_engine(
        postgres_database)
    await migrate(first_worker)
    now = datetime.now(UTC)
    async with sessions(first_worker).begin() as session:
        student_id = await student_on_telegram(session, now, "S")
        session.add(Conversation(student_id=student_id, number=1, flow="stagedag",
                                 flow_version="v", language="nl", status="active", snapshot={},
                                 turns=0, started_at=now, updated_at=now))

    async def turn(session: AsyncSession, update_id: int) -> int:
        found = await conversations.talking(session, "telegram", "42", None, now, lock=True)
        assert found is not None and found.conversation is not None and not found.handled
        return found.conversation.turns

    async def second_turn() -> int:
        async with sessions(second_worker).begin() as session:
            return await turn(session, 2)

    try:
        async with sessions(first_worker).begin() as session:
            assert await turn(session, 1) == 0
            waiting = asyncio.create_task(second_turn())
            await asyncio.sleep(0.5)
            assert not waiting.done()
            await session.execute(update(Conversation).values(turns=2))
        assert await asyncio.wait_for(waiting, 10) == 2
    finally:
        await first_worker.dispose()
        await second_worker.dispose()


async def test_two_workers_answering_one_student_at_once_keep_both_turns_in_order(
        postgres_database: str, content: Content, monkeypatch: pytest.MonkeyPatch) -> None:
    """A turn reads its conversation without a lock. When another worker's turn for the same
    student commits after this one read and before it wrote, this one is rolled back whole
    and runs again on what is stored now: both answers are kept, once each, numbered in
    order, and the second is judged at the step the first moved the conversation to."""
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    who = StudentRef.on("telegram", "42")
    clock = Clock()
    async with service(postgres_database, content, clock) as first, \
            service(postgres_database, content, clock) as second:
        async with first.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        assert await first.open(who, "nl", update_id=1) is not None
        looked_up, read = conversations.talking, []

        async def meanwhile(*args: Any, **kwargs: Any) -> Any:
            found = await looked_up(*args, **kwargs)
            read.append(found.conversation.turns)
            if len(read) == 1:  # the second worker has read: the first answers now
                chosen = await first.reply(who, Said("2"), update_id=2)
                assert chosen is not None and chosen.accepted
            return found

        monkeypatch.setattr(conversations, "talking", meanwhile)
        moment = await second.reply(who, Said(MOMENT), update_id=3)
        monkeypatch.undo()
        assert moment is not None and moment.accepted
        data = await second.export(who)
    # the second read; the first worker's turn, started from what it stored itself
    # (bot/talkers.py), read nothing; the second read again after it
    assert read[0] < read[1] and len(read) == 2
    assert data is not None
    turns = data["conversations"][0]["turns"]
    assert [t["role"] for t in turns] == ["bot", "student", "bot", "student", "bot"]
    said = [t["text"] for t in turns if t["role"] == "student"]
    assert len(said) == 2 and "Goed" in said[0] and said[1] == MOMENT  # the mood, the moment
    assert [a["text"] for a in data["conversations"][0]["answers"]].count(MOMENT) == 1


async def test_two_workers_starting_a_reflection_for_one_student_at_once_start_one(
        postgres_database: str, content: Content) -> None:
    """A start is not guarded by compare and set (there is no conversation yet to compare):
    it takes the student's lock, so a double tap on /reflectie that reaches two workers starts
    one reflection, and the second tap is welcomed back into it."""
    import asyncio

    from bot.storage.models import Conversation
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    who = StudentRef.on("telegram", "42")
    clock = Clock()
    async with service(postgres_database, content, clock) as first, \
            service(postgres_database, content, clock) as second:
        async with first.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        turns = await asyncio.gather(first.open(who, "nl", update_id=1),
                                     second.open(who, "nl", update_id=2))
        async with first.sessions() as session:
            started = await session.scalar(select(func.count()).select_from(Conversation))
    assert started == 1
    assert all(turn is not None for turn in turns)


async def test_a_turn_that_finds_its_conversation_moved_writes_nothing(
        postgres_database: str) -> None:
    """The storage's side: the second of two turns that read the same state waits for the
    first to commit, then finds the conversation moved and writes nothing (its caller rolls
    back and runs again)."""
    import asyncio
    from datetime import UTC, datetime

    from bot.core.conversation import BotTurn, Outcome, Snapshot
    from bot.storage.models import Conversation
    from bot.storage.units import JSONText
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    one, two = create_engine(postgres_database), create_engine(postgres_database)
    await migrate(one)
    now = datetime.now(UTC)
    async with sessions(one).begin() as session:
        student_id = await student_on_telegram(session, now, "S")
        session.add(Conversation(student_id=student_id, number=1, flow="stagedag",
                                 flow_version="v", language="nl", status="active",
                                 snapshot={"step": "kies"}, turns=0, started_at=now,
                                 updated_at=now))
    outcome = Outcome(turn=BotTurn(messages=["ok"]), snapshot=Snapshot(step="verder"),
                      student_text="2", accepted=True)

    async def turn(engine: Any, update_id: int, ready: asyncio.Event | None = None,
                   go: asyncio.Event | None = None) -> None:
        async with sessions(engine).begin() as session:
            found = await conversations.talking(session, "telegram", "42", update_id, now)
            assert found is not None and found.conversation is not None
            if ready is not None and go is not None:
                ready.set()
                await go.wait()
            await conversations.record(session, found.conversation, "kies", outcome, now,
                                       conversations.Handled(update_id, JSONText("{}"), []))

    try:
        ready, go = asyncio.Event(), asyncio.Event()
        late = asyncio.create_task(turn(two, 2, ready, go))
        await ready.wait()  # the second has read
        await turn(one, 1)  # the first writes and commits
        go.set()
        with pytest.raises(conversations.ConversationMoved):
            await asyncio.wait_for(late, 10)
        async with sessions(one)() as session:
            stored = (await session.execute(select(Turn.seq, Turn.text).order_by(Turn.seq))).all()
            handled = await session.scalar(text("SELECT count(*) FROM processed_updates"))
        assert [tuple(row) for row in stored] == [(1, "2"), (2, "ok")]
        assert handled == 1  # the first's update only
    finally:
        await one.dispose()
        await two.dispose()


async def test_a_turn_after_the_database_dropped_its_connections_goes_through_first_time(
        postgres_database: str, content: Content) -> None:
    """The pool's connections are not pinged before every turn (a round trip each). When the
    database went away and came back between two turns (a restart), the next turn finds its
    connection gone, runs again on a new one, and the student gets the reply at once."""
    from tests.conftest import empty_schema
    from tests.tcp_proxy import proxied

    await empty_schema(postgres_database)
    async with proxied(postgres_database) as (proxy, through):
        async with service(through, content, Clock()) as reflection:
            await reflection.open(ANNA, "nl")
            await say(reflection, "2")
            await proxy.cut()
            await proxy.restore()
            reply = await reflection.reply(ANNA, Said(MOMENT), "nl")
            assert reply is not None and reply.accepted
            data = await export(reflection)
        said = [t["text"] for t in data["conversations"][0]["turns"] if t["role"] == "student"]
        assert said[-1] == MOMENT and said.count(MOMENT) == 1


async def test_a_turn_run_again_on_a_new_connection_writes_the_delivered_marks(
        postgres_database: str, content: Content) -> None:
    """A turn that found its pooled connection gone runs again on a new one: the delivered
    marks its first run took are written by the second, so the update whose reply went out,
    sent again, gets no second reply."""
    from tests.conftest import empty_schema
    from tests.tcp_proxy import proxied

    who = StudentRef.on("telegram", "42")
    clock = Clock()
    await empty_schema(postgres_database)
    async with proxied(postgres_database) as (proxy, through), \
            service(through, content, clock) as reflection:
        async with reflection.sessions.begin() as session:
            await student_on_telegram(session, clock.now)
        assert await reflection.open(who, "nl", update_id=1) is not None
        await reflection.delivered(1)
        await proxy.cut()
        await proxy.restore()
        reply = await reflection.reply(who, Said("2"), update_id=2)  # runs twice
        assert reply is not None and reply.accepted
        assert await reflection.open(who, "nl", update_id=1) is None  # sent again


async def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'wal.sqlite3'}")
    async with engine.connect() as connection:
        mode = await connection.scalar(text("PRAGMA journal_mode"))
    await engine.dispose()
    assert mode == "wal"


async def test_an_answer_with_no_open_conversation_starts_nothing(database_url: str,
                                                                  content: Content) -> None:
    from bot.reflection import NoConversation

    clock = Clock()
    async with service(database_url, content, clock) as reflection:
        await reflection.open(ANNA, "nl")
        clock.now += timedelta(days=4)  # past the resume window
        with pytest.raises(NoConversation):
            await reflection.reply(ANNA, Said("nog iets"), "nl")
        data = await export(reflection)
    assert [c["status"] for c in data["conversations"]] == ["active"]  # rolled back, unchanged


@pytest.mark.parametrize("url", ["sqlite://", "sqlite:///:memory:", "sqlite+aiosqlite://",
                                 "sqlite+aiosqlite:///:memory:", "sqlite:///{dir}/plain.db"])
async def test_every_sqlite_url_form_holds_a_whole_reflection(url: str, tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, database_url=url.format(dir=tmp_path))
    async with open_app(settings, Clock()) as core:
        reflection = core.reflection
        who = StudentRef.on("console", "sanne", first_use=True)
        await reflection.open(who)
        for said in ["2", "Ik moest vandaag alleen de kassa doen toen het heel druk was"]:
            reply = await reflection.reply(who, Said(said))
            assert reply is not None and reply.accepted
        turns, last = await reflection.current(StudentRef.on("console", "sanne", first_use=True))
        assert last is not None and len(turns) >= 4  # kept, and read back in the same process


async def test_a_turn_waiting_for_the_sqlite_lock_does_not_stop_the_event_loop(
        tmp_path: Path) -> None:
    """Another process (a CLI command) holds the write lock: the student's turn waits for it,
    while everything else on the event loop (other chats, the helplines) goes on."""
    import asyncio
    import sqlite3
    import threading

    database = tmp_path / "locked.sqlite3"
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}")
    async with open_app(settings, Clock()) as core:
        who = StudentRef.on("console", "sanne", first_use=True)
        await core.reflection.open(who)
        locked, release = threading.Event(), threading.Event()

        def other_process() -> None:
            holder = sqlite3.connect(database, isolation_level=None)
            holder.execute("BEGIN IMMEDIATE")
            locked.set()
            release.wait(10)
            holder.execute("COMMIT")
            holder.close()

        threading.Thread(target=other_process, daemon=True).start()
        await asyncio.to_thread(locked.wait, 10)
        turn = asyncio.create_task(core.reflection.reply(who, Said("2")))
        ticks = 0
        while ticks < 20:  # the loop runs on while the turn waits for the lock
            await asyncio.sleep(0.01)
            ticks += 1
        assert not turn.done()
        release.set()
        reply = await turn
        assert reply is not None and reply.accepted


async def test_a_unit_of_work_that_awaits_anything_but_its_session_is_refused(
        tmp_path: Path) -> None:
    """On SQLite a turn runs whole on the database thread; a unit that would wait for the
    event loop there is a bug, refused loudly, and its writes rolled back."""
    import asyncio

    from bot.storage.models import Student
    from bot.storage.sqlite_thread import UnitSuspended
    from bot.storage.units import Units

    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'units.sqlite3'}")
    await migrate(engine)
    units = Units(sessions(engine), engine)

    async def wrong(session: Any) -> None:
        session.add(Student(name="Sanne", language="nl", created_at=Clock().now))
        await session.flush()
        await asyncio.sleep(0)

    try:
        with pytest.raises(UnitSuspended):
            await units.run(wrong)
        async with sessions(engine)() as session:
            assert await session.scalar(select(func.count()).select_from(Student)) == 0
    finally:
        units.close()
        await engine.dispose()


@asynccontextmanager
async def sqlite_units(path: Path) -> AsyncIterator[tuple[Any, Any]]:
    """Units of work on a migrated SQLite file (its database thread), with its engine."""
    from bot.storage.units import Units

    engine = create_engine(f"sqlite+aiosqlite:///{path}")
    await migrate(engine)
    units = Units(sessions(engine), engine)
    try:
        yield units, engine
    finally:
        units.close()
        await engine.dispose()


def adding(name: str | None, fails: BaseException | None = None, orm: bool = False) -> Any:
    """A unit that stores a student (through the ORM, or a Core statement), then raises
    `fails` if given. Without a name the database refuses the row."""
    from bot.storage.models import Student

    async def unit(session: Any) -> str | None:
        if orm:
            session.add(Student(name=name, language="nl", created_at=Clock().now))
            await session.flush()
        else:
            await (await session.connection()).execute(
                text("INSERT INTO students (name, language, created_at) "
                     "VALUES (:name, 'nl', '2026-12-01 10:00:00')"), {"name": name})
        if fails is not None:
            raise fails
        return name
    return unit


async def queued_behind_a_busy_thread(units: Any, *works: Any) -> list[Any]:
    """Run `works` as units queued together while the database thread is busy with
    another unit (as students' turns queue while one is answered); their outcomes, errors
    included."""
    import asyncio
    import threading

    started, go_on = threading.Event(), threading.Event()

    async def busy(session: Any) -> None:
        started.set()
        go_on.wait(10)  # plain blocking: the unit runs on the database thread

    first = asyncio.create_task(units.run(busy))
    assert await asyncio.to_thread(started.wait, 10)
    queued = [asyncio.create_task(units.run(work)) for work in works]
    await asyncio.sleep(0.05)  # all of them in the thread's queue
    go_on.set()
    await first
    return await asyncio.gather(*queued, return_exceptions=True)


async def test_marks_of_a_cancelled_flush_whose_batch_fails_stay_pending(
        tmp_path: Path, content: Content) -> None:
    """The job loop's flush of delivered marks is cancelled (the bot stops) while its unit
    waits on the SQLite thread; the unit still runs, in a batch whose COMMIT then fails.
    The marks are not lost: they are still pending, and the next flush writes them."""
    import asyncio
    import threading

    from sqlalchemy.exc import IntegrityError

    started, go_on = threading.Event(), threading.Event()
    breaking, cancelled = threading.Event(), threading.Event()

    async def busy(session: Any) -> None:
        started.set()
        go_on.wait(10)

    async def breaks_at_commit(session: Any) -> None:
        breaking.set()
        cancelled.wait(10)  # the flush's unit, after this one in the batch, has not run yet
        connection = await session.connection()
        await connection.execute(text("PRAGMA defer_foreign_keys = ON"))
        await connection.execute(text(  # a contact of a student who does not exist
            "INSERT INTO contacts (channel, address, student_id, created_at) "
            "VALUES ('telegram', '1', 999, '2026-12-01 10:00:00')"))

    async def replies_kept(engine: Any) -> list[int]:
        async with engine.connect() as connection:
            return list((await connection.execute(text(
                "SELECT update_id FROM processed_updates WHERE coalesce(reply, 'null') "
                "!= 'null' ORDER BY update_id"))).scalars())  # JSON null: forgotten

    async with sqlite_units(tmp_path / "units.sqlite3") as (units, engine):
        async with engine.begin() as connection:
            await connection.execute(text(
                "INSERT INTO processed_updates (update_id, created_at, reply) VALUES "
                "(101, '2026-12-01 10:00:00', '{}'), (102, '2026-12-01 10:00:00', '{}')"))
        reflection = ReflectionService(sessions(engine), content.engine, content.catalog,
                                       "stagedag", ZoneInfo("Europe/Amsterdam"),
                                       timedelta(hours=72), Clock(), units=units)
        await reflection.delivered(101)
        await reflection.delivered(102)  # both replies went out
        first = asyncio.create_task(units.run(busy))
        assert await asyncio.to_thread(started.wait, 10)
        broken = asyncio.create_task(units.run(breaks_at_commit))
        flush = asyncio.create_task(reflection.flush_delivered())
        await asyncio.sleep(0.05)  # both queued behind the busy unit: one batch
        go_on.set()
        await first
        assert await asyncio.to_thread(breaking.wait, 10)
        flush.cancel()  # its unit runs regardless, after `breaks_at_commit`
        with pytest.raises(asyncio.CancelledError):
            await flush
        cancelled.set()
        with pytest.raises(IntegrityError):
            await broken  # the batch's COMMIT failed: the flush's unit is not stored
        assert await replies_kept(engine) == [101, 102]
        await reflection.flush_delivered()
        assert await replies_kept(engine) == []


async def test_students_turns_waiting_together_on_sqlite_commit_together_and_fail_alone(
        tmp_path: Path) -> None:
    """Units waiting for the SQLite thread run in one transaction with one commit, each in
    a savepoint: one that fails loses its own writes and gets its own error; the others are
    stored, and each caller hears back only once its unit is committed."""
    import sqlite3

    from sqlalchemy import event
    from sqlalchemy.engine import Engine
    from sqlalchemy.exc import IntegrityError

    commits: list[int] = []

    def counted(_connection: Any) -> None:
        commits.append(1)

    async with sqlite_units(tmp_path / "units.sqlite3") as (units, _engine):
        event.listen(Engine, "commit", counted)
        try:
            outcomes = await queued_behind_a_busy_thread(
                units, adding("Anna"), adding("Bram", fails=ValueError("Bram's turn broke")),
                adding("Cas", orm=True), adding("Daan", fails=KeyError("x"), orm=True),
                adding("Eva"), adding(None, orm=True), adding("Fenna", orm=True))
            committed = len(commits)
            stored = sqlite3.connect(tmp_path / "units.sqlite3").execute(
                "SELECT name FROM students ORDER BY id").fetchall()
        finally:
            event.remove(Engine, "commit", counted)
    assert outcomes[0] == "Anna" and outcomes[2] == "Cas" and outcomes[4] == "Eva"
    assert isinstance(outcomes[1], ValueError) and str(outcomes[1]) == "Bram's turn broke"
    assert isinstance(outcomes[3], KeyError)
    assert isinstance(outcomes[5], IntegrityError)  # the ORM's flush refused: that unit alone
    assert outcomes[6] == "Fenna"
    assert [name for (name,) in stored] == ["Anna", "Cas", "Eva", "Fenna"]
    assert committed == 2  # the busy unit's, and one for the seven waiting behind it


async def test_a_turn_alone_on_the_sqlite_thread_whose_flush_is_refused_leaves_nothing(
        tmp_path: Path) -> None:
    """A unit alone in its transaction (nothing waiting beside it) whose ORM flush the
    database refuses: its caller gets the error, none of its writes stay, and the thread
    goes on with the next unit."""
    from sqlalchemy.exc import IntegrityError

    async def core_then_a_refused_flush(session: Any) -> None:
        await adding("Daan")(session)
        await adding(None, orm=True)(session)

    async with sqlite_units(tmp_path / "units.sqlite3") as (units, engine):
        with pytest.raises(IntegrityError):
            await units.run(core_then_a_refused_flush)
        assert await units.run(adding("Eva", orm=True)) == "Eva"
        assert await students_named(engine) == ["Eva"]


async def test_when_a_batch_of_turns_cannot_commit_none_of_them_is_stored(
        tmp_path: Path) -> None:
    """A commit that fails fails every unit of its batch: each caller gets the error (so no
    reply goes out for a turn that was not stored), and nothing of any of them stays."""
    from sqlalchemy.exc import IntegrityError

    async def breaks_at_commit(session: Any) -> None:
        connection = await session.connection()
        await connection.execute(text("PRAGMA defer_foreign_keys = ON"))
        await connection.execute(text(  # a contact of a student who does not exist
            "INSERT INTO contacts (channel, address, student_id, created_at) "
            "VALUES ('telegram', '1', 999, '2026-12-01 10:00:00')"))

    async with sqlite_units(tmp_path / "units.sqlite3") as (units, engine):
        outcomes = await queued_behind_a_busy_thread(
            units, adding("Anna"), breaks_at_commit, adding("Cas"))
        assert all(isinstance(outcome, IntegrityError) for outcome in outcomes), outcomes
        assert await students_named(engine) == []
        assert await units.run(adding("Daan")) == "Daan"  # the thread goes on
        assert await students_named(engine) == ["Daan"]


@asynccontextmanager
async def postgres_units(url: str) -> AsyncIterator[tuple[Any, Any]]:
    """Units of work on an empty, migrated PostgreSQL database, with its engine."""
    from tests.conftest import empty_schema

    await empty_schema(url)
    async with postgres_units_on(url) as (units, engine):
        await migrate(engine)
        yield units, engine


async def students_named(engine: Any) -> list[str]:
    from bot.storage.models import Student

    async with sessions(engine)() as session:
        return list((await session.scalars(select(Student.name).order_by(Student.id))).all())


async def test_a_unit_on_postgresql_begins_its_transaction_at_its_first_write(
        postgres_database: str) -> None:
    """Reads before a unit's first write run on their own (no BEGIN, no COMMIT: two round
    trips fewer); the first write begins the transaction, and a unit that fails after two
    writes leaves neither. The connection goes back to the pool as before: a plain session
    after it is one transaction again."""
    from bot.storage.models import Student

    async with postgres_units(postgres_database) as (units, engine):
        seen: list[bool] = []

        async def in_transaction(session: Any) -> bool:
            raw = await (await session.connection()).get_raw_connection()
            return bool(raw.driver_connection.is_in_transaction())

        async def two_writes_then_a_failure(session: Any) -> None:
            await session.scalar(select(func.count()).select_from(Student))
            seen.append(await in_transaction(session))
            for name in ("Sanne", "Daan"):
                session.add(Student(name=name, language="nl", created_at=Clock().now))
                await session.flush()
                seen.append(await in_transaction(session))
            raise RuntimeError("the unit fails after its writes")

        with pytest.raises(RuntimeError):
            await units.run(two_writes_then_a_failure)
        assert seen == [False, True, True]
        assert await students_named(engine) == []

        with pytest.raises(RuntimeError):
            async with sessions(engine).begin() as session:
                session.add(Student(name="Sanne", language="nl", created_at=Clock().now))
                await session.flush()
                session.add(Student(name="Daan", language="nl", created_at=Clock().now))
                await session.flush()
                raise RuntimeError("a plain session fails after its writes")
        assert await students_named(engine) == []


async def test_a_units_orm_work_on_postgresql_is_kept_or_rolled_back_with_the_unit(
        postgres_database: str) -> None:
    """A unit on the event loop gets its connection, and an ORM session only when it uses
    the ORM: what it added is stored when it ends, flushed or not; a flush the database
    refuses rolls back the whole unit, its Core statements too."""
    from sqlalchemy.exc import IntegrityError

    from bot.storage.models import Student

    async with postgres_units(postgres_database) as (units, engine):
        async def added_not_flushed(session: Any) -> None:
            session.add(Student(name="Sanne", language="nl", created_at=Clock().now))

        async def core_then_a_refused_flush(session: Any) -> None:
            await adding("Daan")(session)
            await adding(None, orm=True)(session)

        await units.run(added_not_flushed)
        with pytest.raises(IntegrityError):
            await units.run(core_then_a_refused_flush)
        assert await students_named(engine) == ["Sanne"]
        assert await units.run(adding("Eva", orm=True)) == "Eva"  # the pool's connection
        assert await students_named(engine) == ["Sanne", "Eva"]


async def test_a_units_only_write_is_committed_alone_and_nothing_may_follow_it(
        postgres_database: str) -> None:
    """A unit that says its next statement is its only write (a turn without an action or a
    flag) runs it on its own, committed as it returns; a statement after it is a bug in the
    unit, refused loudly."""
    from bot.storage.models import Student
    from bot.storage.units import AfterOnlyWrite, only_write

    insert = text("INSERT INTO students (name, language, created_at) VALUES (:name, 'nl', now())")

    async with postgres_units(postgres_database) as (units, engine):
        async def one_write(session: Any) -> bool:
            connection = await session.connection()
            await connection.scalar(select(func.count()).select_from(Student))
            only_write(connection)
            await connection.execute(insert, {"name": "Sanne"})
            raw = await connection.get_raw_connection()
            return bool(raw.driver_connection.is_in_transaction())

        assert await units.run(one_write) is False  # committed: no transaction left open
        assert await students_named(engine) == ["Sanne"]

        async def then_another(session: Any) -> None:
            connection = await session.connection()
            only_write(connection)
            await connection.execute(insert, {"name": "Daan"})
            await connection.execute(insert, {"name": "Fleur"})

        with pytest.raises(AfterOnlyWrite):
            await units.run(then_another)
        assert await students_named(engine) == ["Sanne", "Daan"]


async def test_a_units_only_write_on_a_lost_connection_is_not_run_again(
        postgres_database: str) -> None:
    """A unit that finds its connection gone runs once more, on a new one, when nothing of it
    can have been committed. Its only write commits on its own: when the connection goes as
    that write is sent, the server may have committed it, so the unit is not run a second
    time (that could store the answer twice); the error reaches the caller."""
    from sqlalchemy.exc import DBAPIError

    from bot.storage.models import Student
    from bot.storage.units import only_write

    insert = text("INSERT INTO students (name, language, created_at) VALUES (:name, 'nl', now())")
    async with units_through_a_proxy(postgres_database) as (proxy, units, _engine):
        runs = 0

        async def cut_before_the_write(session: Any) -> None:
            nonlocal runs
            runs += 1
            connection = await session.connection()
            await connection.scalar(select(func.count()).select_from(Student))
            if runs == 1:
                await proxy.cut()
                await proxy.restore()
            only_write(connection)
            await connection.execute(insert, {"name": "Sanne"})

        with pytest.raises(DBAPIError):
            await units.run(cut_before_the_write)
        assert runs == 1

        async def cut_before_a_read(session: Any) -> None:
            nonlocal runs
            runs += 1
            if runs == 2:
                await proxy.cut()
                await proxy.restore()
            connection = await session.connection()
            await connection.scalar(select(func.count()).select_from(Student))
            only_write(connection)
            await connection.execute(insert, {"name": "Daan"})

        await units.run(cut_before_a_read)  # nothing sent: run again, and stored once
        assert runs == 3
    assert await students_named_at(postgres_database) == ["Daan"]


# A unit's only write that returns a row, as a turn's does: a student, with the time given.
_ADD_RETURNING = text(
    "INSERT INTO students (name, language, created_at) VALUES (:name, 'nl', :at) "
    "RETURNING id, created_at").bindparams(bindparam("at", type_=UTCDateTime()))


async def test_a_units_only_write_sent_by_asyncpg_itself_is_committed_alone(
        postgres_database: str) -> None:
    """A turn's only write on PostgreSQL goes to asyncpg directly (`write_alone`): it returns
    its row with the values converted as SQLAlchemy converts them (a time in another zone
    stored as the same moment), it is committed as it returns, and a statement after it is
    refused as after any only write. After a write that began a transaction, it is an
    ordinary statement of that transaction."""
    from datetime import UTC, datetime
    from zoneinfo import ZoneInfo

    from bot.storage.units import AfterOnlyWrite, write_alone

    at = datetime(2026, 12, 7, 9, 30, tzinfo=ZoneInfo("Europe/Amsterdam"))
    async with postgres_units(postgres_database) as (units, engine):
        async def one_write(session: Any) -> tuple[Any, bool]:
            connection = await session.connection()
            row = await write_alone(connection, _ADD_RETURNING, {"name": "Sanne", "at": at})
            raw = await connection.get_raw_connection()
            return row, bool(raw.driver_connection.is_in_transaction())

        (student_id, stored_at), in_transaction = await units.run(one_write)
        assert not in_transaction and student_id > 0
        assert stored_at == at and stored_at.astimezone(UTC).hour == 8
        assert await students_named(engine) == ["Sanne"]

        async def naive(session: Any) -> Any:
            return await write_alone(await session.connection(), _ADD_RETURNING,
                                     {"name": "Noor", "at": at.replace(tzinfo=None)})

        with pytest.raises(ValueError, match="naive"):  # not stored as if it were UTC
            await units.run(naive)

        async def then_another(session: Any) -> None:
            connection = await session.connection()
            await write_alone(connection, _ADD_RETURNING, {"name": "Daan", "at": at})
            await connection.execute(_ADD_RETURNING, {"name": "Fleur", "at": at})

        with pytest.raises(AfterOnlyWrite):
            await units.run(then_another)
        assert await students_named(engine) == ["Sanne", "Daan"]

        async def after_a_write(session: Any) -> None:
            connection = await session.connection()
            await connection.execute(_ADD_RETURNING, {"name": "Fleur", "at": at})
            await write_alone(connection, _ADD_RETURNING, {"name": "Joris", "at": at})
            raise RuntimeError("the unit fails after both")

        with pytest.raises(RuntimeError):
            await units.run(after_a_write)
        assert await students_named(engine) == ["Sanne", "Daan"]  # both rolled back


async def test_a_failed_write_sent_by_asyncpg_comes_as_sqlalchemys_error_without_the_values(
        postgres_database: str) -> None:
    """A write sent by asyncpg directly that the server refuses raises SQLAlchemy's
    DBAPIError, as every other statement does, worded as SQLAlchemy words it: without the
    values, and without the server's DETAIL, which quotes the refused row (a student's
    words). The connection stays in the pool and the next unit runs on it."""
    from sqlalchemy.exc import DBAPIError

    from bot.storage.units import write_alone

    refused = text("INSERT INTO students (name, language, created_at) "
                   "VALUES (:name, :language, now()) RETURNING id")
    async with postgres_units(postgres_database) as (units, engine):
        async def add(session: Any, name: str, language: str | None) -> Any:
            return await write_alone(await session.connection(), refused,
                                     {"name": name, "language": language})

        async def driver(session: Any) -> Any:
            return (await (await session.connection()).get_raw_connection()).driver_connection

        kept = await units.run(driver)
        with pytest.raises(DBAPIError) as failed:  # no language: the row is refused
            await units.run(lambda session: add(session, "ik voel me verdrietig", None))
        assert not failed.value.connection_invalidated
        assert "not-null" in str(failed.value) and "verdrietig" not in str(failed.value)
        assert failed.value.orig.sqlstate == "23502"  # type: ignore[union-attr]
        assert await units.run(lambda session: add(session, "Daan", "nl"))
        assert await students_named(engine) == ["Daan"]
        assert await units.run(driver) is kept  # the same connection, not thrown away


async def test_a_unit_whose_connection_closed_before_its_write_runs_again_on_a_new_one(
        postgres_database: str) -> None:
    """After a server restart every pooled connection is closed. A turn whose only statement
    is its write (a student from memory) finds its connection closed before sending
    anything, so it runs again, and run again it reads first (as a turn does), which may
    find another closed connection: no turn fails for it, however many closed connections
    the pool held, whether the turns run again only write or read first."""
    import asyncio

    from bot.storage.units import write_alone

    async with units_through_a_proxy(postgres_database) as (proxy, units, engine):
        def turn(name: str, reads_again: bool) -> Any:
            runs = 0

            async def unit(session: Any) -> Any:
                nonlocal runs
                runs += 1
                connection = await session.connection()
                await asyncio.sleep(0.05)  # holding its connection while the others start
                if runs > 1 and reads_again:  # a turn run again reads its student first
                    await connection.scalar(select(func.count()).select_from(Contact))
                return await write_alone(connection, _ADD_RETURNING,
                                         {"name": name, "at": Clock().now})
            return unit

        size = engine.pool.size()
        for reads_again in (True, False):
            opened = await asyncio.gather(*(units.run(turn("Eva", reads_again))
                                            for _ in range(size)))
            assert all(opened) and engine.pool.checkedin() == size  # that many connections
            await proxy.cut()  # the server goes away and comes back
            await proxy.restore()
            for _ in range(size):
                assert await units.run(turn("Daan", reads_again))
    assert await students_named_at(postgres_database) == (["Eva"] * size + ["Daan"] * size) * 2


async def test_a_write_sent_by_asyncpg_as_the_connection_goes_is_not_run_again(
        postgres_database: str) -> None:
    """When the connection goes as a turn's only write is sent, the unit is not run again
    (the server may have committed it), the caller gets SQLAlchemy's error for a lost
    connection, and the pool drops that connection: the next unit runs on a new one."""
    from sqlalchemy.exc import DBAPIError

    from bot.storage.units import write_alone

    async with units_through_a_proxy(postgres_database) as (proxy, units, _engine):
        runs = 0

        async def cut_as_the_write_goes(session: Any) -> None:
            nonlocal runs
            runs += 1
            connection = await session.connection()
            await connection.scalar(select(func.count()).select_from(Contact))
            if runs == 1:  # the server is back at once: running again would store Sanne
                proxy.cut_at_next_send(then_restore=True)
            await write_alone(connection, _ADD_RETURNING,
                              {"name": "Sanne", "at": Clock().now})

        with pytest.raises(DBAPIError) as lost:
            await units.run(cut_as_the_write_goes)
        assert runs == 1 and lost.value.connection_invalidated

        async def add_daan(session: Any) -> Any:
            return await write_alone(await session.connection(), _ADD_RETURNING,
                                     {"name": "Daan", "at": Clock().now})

        assert await units.run(add_daan)
    assert await students_named_at(postgres_database) == ["Daan"]


@asynccontextmanager
async def units_through_a_proxy(url: str) -> AsyncIterator[tuple[Any, Any, Any]]:
    """Units of work on an empty, migrated PostgreSQL database reached through a proxy the
    test can cut (tests/tcp_proxy.py): the proxy, the units and their engine."""
    from tests.tcp_proxy import proxied

    async with postgres_units(url):
        pass  # the schema, migrated
    async with proxied(url) as (proxy, through), postgres_units_on(through) as (units, engine):
        yield proxy, units, engine


@asynccontextmanager
async def postgres_units_on(url: str) -> AsyncIterator[tuple[Any, Any]]:
    """Units of work on a PostgreSQL database as it is (through a proxy, say), with its
    engine."""
    from bot.storage.units import Units

    engine = create_engine(url)
    try:
        yield Units(sessions(engine), engine), engine
    finally:
        await engine.dispose()


async def students_named_at(url: str) -> list[str]:
    async with postgres_units_on(url) as (_units, engine):
        return await students_named(engine)


async def test_turns_at_once_on_postgresql_share_a_few_connections_kept_open(
        postgres_database: str) -> None:
    """Fifteen students' turns at the same moment, twice: they take turns on the pool's few
    connections (more would crowd the server), and the connections opened for the first
    burst are kept for the second, not closed and opened again (connecting and preparing
    every statement anew costs more than ten turns)."""
    import asyncio

    from sqlalchemy import event

    from bot.storage.database import PG_POOL_SIZE

    async with postgres_units(postgres_database) as (units, engine):
        await engine.dispose()  # the migration's connection does not count
        opened: list[object] = []
        event.listen(engine.sync_engine.pool, "connect", lambda *args: opened.append(args))
        holding, most = 0, 0

        async def turn(session: Any) -> None:
            nonlocal holding, most
            holding += 1
            most = max(most, holding)
            await session.execute(text("SELECT pg_sleep(0.02)"))
            holding -= 1

        for _burst in range(2):
            await asyncio.gather(*(units.run(turn) for _ in range(15)))
        assert most == PG_POOL_SIZE == len(opened)


async def test_two_processes_starting_at_once_both_keep_the_bots_username(
        postgres_database: str) -> None:
    """Two workers starting together each learn the bot's username from Telegram and keep
    it: neither may fail on the other's row (a worker of the soak test did, at start, and
    stopped)."""
    import asyncio

    from bot.storage import enrolment
    from bot.students import StudentService
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    engines = [create_engine(postgres_database) for _ in range(2)]
    try:
        await migrate(engines[0])
        first, second = (StudentService(sessions(engine), Clock()) for engine in engines)
        async with first.sessions.begin() as session:  # the first keeps it, not committed yet
            await enrolment.remember(session, "telegram_username", "bot_first")
            meanwhile = asyncio.create_task(second.remember_username("bot_second"))
            await asyncio.sleep(0.3)  # the second keeps it too, before the first commits
        await asyncio.wait_for(meanwhile, 10)
        assert await first.username() == "bot_second"
    finally:
        for engine in engines:
            await engine.dispose()


async def test_the_pool_setting_sets_how_many_connections_a_process_keeps(
        postgres_database: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.conftest import empty_schema

    await empty_schema(postgres_database)
    monkeypatch.setenv("LOOPBAANBOT_DATABASE_POOL", "2")
    settings = Settings(database_url=postgres_database, data_dir=tmp_path,
                        flows_dir=ROOT / "dialogue_flows", prompts_dir=ROOT / "prompts")
    async with open_app(settings) as core:
        assert core.database.pool.size() == 2
    monkeypatch.setenv("LOOPBAANBOT_DATABASE_POOL", "0")
    with pytest.raises(ValueError, match="database_pool"):
        Settings()


async def test_turns_on_the_database_thread_and_other_writes_on_the_loop_all_land(
        tmp_path: Path) -> None:
    """Two SQLite connections in one process (turns on the database thread, the job loop and
    the web on aiosqlite) write at the same time: each waits for the other, none fails."""
    import asyncio

    from bot.students import StudentService

    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{tmp_path / 'two.db'}")
    async with open_app(settings, Clock()) as core:
        reflection = core.reflection
        students = StudentService(sessions(core.database), reflection.clock)
        names = [f"s{i}" for i in range(12)]

        async def reflect(name: str) -> None:
            who = StudentRef.on("console", name, first_use=True)
            await reflection.open(who)
            for said in ["2", "Ik moest vandaag alleen de kassa doen toen het heel druk was"]:
                reply = await reflection.reply(who, Said(said))
                assert reply is not None and reply.accepted

        async def other_writes() -> None:
            for _ in range(30):
                await students.create_invites("student", "4A", 1)
                await asyncio.sleep(0)

        await asyncio.gather(*(reflect(n) for n in names), other_writes())
        async with sessions(core.database)() as session:
            from bot.storage.models import Invite

            assert await session.scalar(select(func.count()).select_from(Invite)) == 30
            assert await session.scalar(select(func.count()).select_from(Turn)) >= 12 * 5


async def test_deleted_words_are_nowhere_in_the_sqlite_files(tmp_path: Path) -> None:
    """After a student deletes their data, their words are in neither the database file nor
    its write-ahead log: overwritten (secure_delete) and the log emptied (checkpoint)."""
    from bot.students import StudentService

    secret = "Zebrapaddestoelenkwekerij"
    database = tmp_path / "erase.sqlite3"
    settings = Settings(data_dir=tmp_path, database_url=f"sqlite:///{database}")
    async with open_app(settings, Clock()) as core:
        who = StudentRef.on("console", "sanne", first_use=True)
        await core.reflection.open(who)
        await core.reflection.reply(who, Said("2"))
        await core.reflection.reply(who, Said(f"Vandaag werkte ik in de {secret} met Piet"))
        on_disk = b"".join(p.read_bytes() for p in tmp_path.glob("erase.sqlite3*"))
        assert secret.encode() in on_disk  # it was there
        assert await StudentService(sessions(core.database)).erase(who, None)
        for path in tmp_path.glob("erase.sqlite3*"):
            assert secret.encode() not in path.read_bytes(), path.name
    for path in tmp_path.glob("erase.sqlite3*"):
        assert secret.encode() not in path.read_bytes(), path.name


async def test_a_conversation_starting_reads_the_students_history_in_one_statement(
        database_url: str) -> None:
    """The count, previous mood, doubt, action to look back on, competencies talked about, and
    the streaks of weak and dropped actions: what a new reflection builds on, one round trip."""
    from datetime import date

    from bot.storage.history import history
    from bot.storage.models import Action, Answer, Conversation, Flag, Student, StudentFact

    engine = create_engine(database_url)
    await migrate(engine)
    now = Clock().now
    try:
        async with sessions(engine)() as session, session.begin():
            student = Student(name="Sanne", language="nl", created_at=now)
            other = Student(name="Mo", language="nl", created_at=now)
            session.add_all([student, other])
            await session.flush()

            def conversation(who: Student, number: int, status: str) -> Conversation:
                return Conversation(student_id=who.id, number=number, flow="stagedag",
                                    flow_version="1", language="nl", status=status,
                                    snapshot={}, turns=1, started_at=now, updated_at=now)

            oldest, first, second, third = (conversation(student, 1, "completed"),
                                            conversation(student, 2, "completed"),
                                            conversation(student, 3, "completed"),
                                            conversation(student, 4, "abandoned"))
            theirs = conversation(other, 1, "completed")
            for row in (oldest, first, second, third, theirs):  # ids in this order
                session.add(row)
                await session.flush()
            await session.flush()
            for seq, (c, step, competency, kind, said) in enumerate((
                    (first, "kwaliteiten", "kwaliteiten", "answer", "ik bleef rustig"),
                    (second, "dag", None, "mood", "niet zo goed"),
                    (second, "kwaliteiten", "kwaliteiten", "answer", "ik hielp een klant"),
                    (second, "motieven", "motieven", "answer", "mensen helpen"),
                    (theirs, "netwerken", "netwerken", "answer", "mijn oom"),
                    (theirs, "dag", None, "mood", "top"))):
                turn = Turn(conversation_id=c.id, seq=seq, role="student", step=step,
                            text=said, created_at=now)
                session.add(turn)
                await session.flush()
                session.add(Answer(conversation_id=c.id, turn_id=turn.id, step=step,
                                   competency=competency, kind=kind, text=said,
                                   created_at=now))
            session.add(StudentFact(student_id=student.id, conversation_id=third.id,
                                    kind="doubt", text="of ik de zorg wel aankan",
                                    created_at=now))
            # the previous conversation got the helplines: next time the bot asks how they are
            for c, level in ((third, "urgent"), (second, "concern"), (theirs, "urgent")):
                session.add(Flag(student_id=c.student_id, conversation_id=c.id, level=level,
                                 reason="r", rule="zelfdoding", created_at=now))

            def action(c: Conversation, status: str, kind: str, due: date) -> Action:
                return Action(student_id=c.student_id, conversation_id=c.id, text="een stap",
                              due=due, status=status, kind=kind, times_reviewed=1,
                              created_at=now)

            for row in (action(oldest, "open", "step", date(2026, 11, 30)),
                        action(first, "dropped", "step", date(2026, 11, 3)),
                        action(first, "open", "vague", date(2026, 12, 5)),  # and a step
                        action(second, "dropped", "vague", date(2026, 11, 9)),
                        action(theirs, "open", "step", date(2026, 11, 24))):
                session.add(row)
                await session.flush()
        statements: list[str] = []

        def count(*args: Any) -> None:
            statements.append(args[2])

        event.listen(engine.sync_engine, "before_cursor_execute", count)
        async with sessions(engine)() as session:
            if engine.dialect.name == "postgresql":  # dates read the same whatever the style
                await session.execute(text("SET datestyle = 'SQL, DMY'"))
            past = await history(session, student.id, None)
        event.remove(engine.sync_engine, "before_cursor_execute", count)
    finally:
        await engine.dispose()
    assert len([s for s in statements if s.lstrip().upper().startswith("SELECT")]) == 1
    assert past.back.conversations == 4
    assert past.back.previous_mood == "niet zo goed"  # not the other student's "top"
    # which danger: the flag's rule, never the student's words
    assert past.back.memory == {"doubt": "of ik de zorg wel aankan", "heavy": "zelfdoding"}
    assert past.open_action is not None
    assert (past.open_action.due, past.open_action.status) == (date(2026, 11, 30), "open")
    assert past.competency_counts == {"kwaliteiten": 2, "motieven": 1}
    # the abandoned one, then the one whose action was vague; the first ended with a step
    # (and a vague one: a conversation counts once, as ended with a step)
    assert past.weak_actions_before == 2
    # the two let go, newest first (the open one is not reviewed yet)
    assert past.dropped_actions_before == 2
