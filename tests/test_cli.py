"""The commands as a user runs them: real processes, real files, a real database."""

from __future__ import annotations

import json
import re
import shutil
import signal
import subprocess
import sys
import time
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

import jsonschema
import pytest
import yaml

from tests.conftest import ROOT

MOMENT = ("Ik moest vandaag alleen de kassa doen toen het heel druk was. Ik bleef rustig en "
          "leerde dat ik meer kan dan ik dacht")
ANSWER = ("Ik bleef rustig en vroeg een collega om hulp toen de bon vastliep, daar leerde ik "
          "van dat vragen helpt")
TURN_KEYS = {"text", "options", "numbers", "expects", "done"}


def loopbaanbot(*args: str, env: dict[str, str], stdin: bytes = b"",
                timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, env=env,
                          capture_output=True, timeout=timeout, cwd=ROOT)


class JsonChat:
    """`loopbaanbot chat --json`, driven line by line as a program would."""

    def __init__(self, env: dict[str, str], *args: str) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot", "chat", "--json", *args], env=env, cwd=ROOT,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def read(self) -> dict[str, Any]:
        assert self.process.stdout is not None
        line = self.process.stdout.readline()
        assert line, self.process.stderr.read().decode() if self.process.stderr else "no output"
        turn = json.loads(line)
        assert set(turn) == TURN_KEYS
        return turn

    def send(self, raw: bytes | str) -> dict[str, Any]:
        assert self.process.stdin is not None
        self.process.stdin.write((raw.encode() if isinstance(raw, str) else raw) + b"\n")
        self.process.stdin.flush()
        return self.read()

    def close(self) -> int:
        """End input, wait for the process, and close its pipes."""
        self.process.communicate(timeout=30)
        return self.process.returncode

    def kill(self) -> None:
        self.process.send_signal(signal.SIGKILL)
        self.close()


def export(env: dict[str, str], student: str) -> dict[str, Any]:
    done = loopbaanbot("export", "--student", student, env=env)
    assert done.returncode == 0, done.stderr.decode()
    return json.loads(done.stdout)


def test_a_dutch_conversation_ends_with_an_action_that_export_shows(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "anna")
    first = chat.read()
    assert first["expects"] == "choice" and "stagedag" in first["text"] and not first["done"]
    chat.send("2")
    chat.send(MOMENT)
    chat.send("1")
    chat.send("Nee, dit is genoeg")  # a label works as well as a number
    action_question = chat.send(ANSWER)
    assert "wanneer" in action_question["text"]
    when = chat.send("Ik vraag mijn begeleider om feedback op mijn kassawerk")
    assert when["expects"] == "date" and 3 <= len(when["options"]) <= 4
    assert all(re.search(r"\(\w+dag \d+ \w+\)", o) for o in when["options"]), when["options"]
    last = chat.send("vrijdag")
    assert last["done"] and last["expects"] == "none" and last["options"] == []
    assert chat.close() == 0
    data = export(env, "anna")
    [action] = data["actions"]
    due = date.fromisoformat(action["due"])
    assert due.weekday() == 4 and due >= date.today()
    assert action["text"] == "Ik vraag mijn begeleider om feedback op mijn kassawerk"
    assert data["conversations"][0]["action"] == {k: v for k, v in action.items() if k != "history"}
    assert [event["what"] for event in action["history"]] == ["set"]


def test_the_same_in_english(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "sam", "--lang", "en")
    assert "internship day" in chat.read()["text"]
    chat.send("Good")
    topics = chat.send("I helped a customer find the right work shoes. I felt proud because I "
                       "listened well, and I learned that asking questions helps")
    assert topics["expects"] == "choice"  # a reflective answer needs no asking further
    asked = chat.send("You choose")
    assert "Who can help me?" in asked["text"]  # no history yet: networking wins the tie
    further = chat.send("My supervisor Dave knows everything about stock")
    assert "your supervisor Dave" in further["text"]  # the reply takes up their words
    chat.send("I could ask him during the break")
    action = chat.send("That people like to explain things")
    assert "next step" in action["text"]
    last = chat.send("Tomorrow I will ask my supervisor how to order stock")
    assert last["done"] and "Your action" in last["text"]
    assert chat.close() == 0
    [action] = export(env, "sam")["actions"]
    today = datetime.now(ZoneInfo("Europe/Amsterdam")).date()  # the bot's today, not UTC's
    assert (date.fromisoformat(action["due"]) - today).days in (0, 1)


def test_a_hidden_option_sets_today_for_tests_of_dates(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "tess", "--today", "2026-12-01")
    chat.read()
    chat.send("2")
    chat.send(MOMENT)
    chat.send("1")
    turn = chat.send("Nee, dit is genoeg")
    for _ in range(4):
        if "volgende stap" in turn["text"]:
            break
        turn = chat.send(ANSWER)
    when = chat.send("Ik vraag Sandra om feedback")
    assert when["expects"] == "date" and "Morgen (woensdag 2 december)" in when["options"]
    assert chat.send("donderdag om 10 uur")["done"]
    assert chat.close() == 0
    [action] = export(env, "tess")["actions"]
    assert action["due"] == "2026-12-03"  # the hour is not read as the day of the month
    assert b"--today" not in loopbaanbot("chat", "--help", env=env).stdout  # not for users


def test_the_console_understands_words_at_a_choice_and_keeps_them(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "ilse")
    chat.read()
    said = "Goed, het was een drukke dag maar ik heb veel geleerd."
    moment = chat.send(said)
    assert moment["expects"] == "text" and "moment" in moment["text"]  # the mood was read
    reply = chat.send("Ik was zenuwachtig bij de overdracht aan de avonddienst")
    assert "zenuwachtig" in reply["text"].split("\n\n")[0]  # the reply names the feeling
    chat.close()
    turns = export(env, "ilse")["conversations"][0]["turns"]
    assert said in [t["text"] for t in turns if t["role"] == "student"]  # kept as typed


def test_kill_9_halfway_then_the_same_conversation_goes_on(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "bo")
    chat.read()
    chat.send("2")
    asked = chat.send(MOMENT)
    chat.kill()
    again = JsonChat(env, "--student", "bo")
    resumed = again.read()
    assert asked["text"].split("\n\n")[-1] in resumed["text"]
    assert resumed["options"] == asked["options"]
    again.send("3")
    again.send("enough")
    again.send(ANSWER)
    assert again.send("Morgen vraag ik Piet of ik mee mag naar de inkoop")["done"]
    assert again.close() == 0
    data = export(env, "bo")
    assert [c["status"] for c in data["conversations"]] == ["completed"]
    assert data["actions"][0]["due"]


def test_ctrl_c_pauses_and_keeps_the_answers(env: dict[str, str]) -> None:
    process = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--student", "cas"],
                               env=env, cwd=ROOT, stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(b"2\n")
    process.stdin.flush()
    seen = b""
    while b"moment" not in seen:
        seen += process.stdout.read1(4096)
    time.sleep(0.2)
    process.send_signal(signal.SIGINT)
    # stdin stays open until the chat has stopped, as a terminal's would: communicate() closes
    # it at once, and a chat that read that end of input first would end normally (exit 0)
    process.wait(timeout=30)
    out, err = process.communicate(timeout=30)
    assert process.returncode == 130
    assert "Gepauzeerd" in (seen + out).decode()
    assert err == b""  # no traceback
    again = JsonChat(env, "--student", "cas")
    resumed = again.read()
    again.close()
    assert "moment" in resumed["text"]
    assert "Welkom terug" in resumed["text"] or "weer bent" in resumed["text"]


def test_bad_input_gets_a_clear_answer_and_changes_nothing(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "dex")
    question = chat.read()
    for raw, answer in ((b"\xff\xfe\x80", "niet lezen"), (b"", "geen tekst"),
                        (b"x" * 10_000, "lang bericht"), (b"7", "nummer staat er niet bij"),
                        ("🙈🙈".encode(), "Kies een van de opties")):
        reply = chat.send(raw)
        assert answer in reply["text"]
        assert reply["options"] == question["options"]  # still at the same question
    assert "moment" in chat.send("2")["text"]
    chat.close()
    turns = export(env, "dex")["conversations"][0]["turns"]
    assert [t["role"] for t in turns] == ["bot", "student", "bot"]


def test_flows_validate_the_shipped_flows(env: dict[str, str]) -> None:
    done = loopbaanbot("flows", "validate", "dialogue_flows/", env=env)
    assert done.returncode == 0 and b"OK" in done.stdout


def test_flows_validate_lists_every_problem_with_file_and_line(env: dict[str, str],
                                                              tmp_path: Path) -> None:
    text = (ROOT / "dialogue_flows" / "stagedag.yaml").read_text(encoding="utf-8")
    broken = text.replace("    next: onderwerp\n", "    next: onderwrp\n", 1).replace(
        "competency: netwerken", "competency: netwerk").replace("max_choices: 2", "max_keuzes: 2")
    (tmp_path / "kapot.yaml").write_text(broken, encoding="utf-8")
    done = loopbaanbot("flows", "validate", str(tmp_path), env=env)
    assert done.returncode == 1
    lines = [line for line in done.stdout.decode().splitlines() if line]
    assert len(lines) == 2, lines  # shape errors first: the graph is checked once they are fixed
    for line in lines:
        file, number, where, _ = line.split(":", 3)
        assert file == str(tmp_path / "kapot.yaml") and int(number) > 1
        assert where.strip().startswith("stagedag/")
    assert "3 problems" not in done.stderr.decode() and "2 problems found" in done.stderr.decode()
    fixed = broken.replace("competency: netwerk\n", "competency: netwerken\n").replace(
        "max_keuzes: 2", "max_choices: 2")
    (tmp_path / "kapot.yaml").write_text(fixed, encoding="utf-8")
    graph_errors = loopbaanbot("flows", "validate", str(tmp_path / "kapot.yaml"), env=env)
    assert graph_errors.returncode == 1
    assert b"'onderwrp' is not a step in this flow" in graph_errors.stdout


def test_flows_validate_reports_yaml_syntax_errors(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "stuk.yaml").write_text("flow: stuk\nsteps:\n  - id: a\n   type: message\n")
    done = loopbaanbot("flows", "validate", str(tmp_path / "stuk.yaml"), env=env)
    assert done.returncode == 1
    assert done.stdout.decode().startswith(f"{tmp_path / 'stuk.yaml'}:4: stuk: YAML syntax error")


def test_flows_graph_draws_every_step_and_edge(env: dict[str, str]) -> None:
    done = loopbaanbot("flows", "graph", "stagedag", env=env)
    assert done.returncode == 0
    diagram = done.stdout.decode()
    assert diagram.startswith("flowchart TD")
    flow = yaml.safe_load((ROOT / "dialogue_flows" / "stagedag.yaml").read_text())
    for step in flow["steps"]:
        assert f"    {step['id']}" in diagram
    assert '-->|"topic: netwerken"| netwerken' in diagram
    assert '-->|"not_yet"| actie_obstakel' in diagram


def test_flows_graph_draws_a_broken_flow_with_its_problems_in_red(env: dict[str, str],
                                                                  tmp_path: Path) -> None:
    """A picture helps to see what is wrong: a `next:` typo is drawn, not refused."""
    import shutil

    flows = tmp_path / "flows"
    shutil.copytree(ROOT / "dialogue_flows", flows)
    path = flows / "stagedag.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    next: onderwerp\n", "    next: onderwerpp\n", 1),
                    encoding="utf-8")
    env["LOOPBAANBOT_FLOWS_DIR"] = str(flows)
    done = loopbaanbot("flows", "graph", "stagedag", env=env)
    assert done.returncode == 0, done.stderr.decode()
    diagram, warning = done.stdout.decode(), done.stderr.decode()
    assert "1 problem(s); drawn anyway" in warning and "did you mean 'onderwerp'" in warning
    assert '    onderwerpp["⚠ onderwerpp: no such step"]' in diagram
    [marked] = [line for line in diagram.splitlines() if line.startswith("    class ")
                and line.endswith(" problem")]
    assert "onderwerpp" in marked.split()[1].split(",")
    broken = loopbaanbot("flows", "graph", str(tmp_path / "nothing.yaml"), env=env)
    assert broken.returncode != 0


def test_flows_schema_checks_flow_files_and_is_shipped_up_to_date(env: dict[str, str]) -> None:
    done = loopbaanbot("flows", "schema", env=env)
    schema = json.loads(done.stdout)
    shipped = json.loads((ROOT / "dialogue_flows" / "flow.schema.json").read_text())
    assert schema == shipped, "run: loopbaanbot flows schema > dialogue_flows/flow.schema.json"
    flow = yaml.safe_load((ROOT / "dialogue_flows" / "stagedag.yaml").read_text())
    jsonschema.validate(flow, schema)
    flow["steps"][0]["colour"] = "red"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(flow, schema)


def test_flows_test_runs_the_shipped_scripts(env: dict[str, str]) -> None:
    done = loopbaanbot("flows", "test", "dialogue_flows/", env=env)
    assert done.returncode == 0, done.stdout.decode()
    assert b"8 passed, 0 failed" in done.stdout


def test_flows_test_fails_a_wrong_script(env: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "fout.test.yaml").write_text(
        "flow: stagedag\ntests:\n  - name: verkeerd\n    today: 2026-11-23\n    turns:\n"
        "      - student: '2'\n      - bot: {step: actie}\n")
    done = loopbaanbot("flows", "test", str(tmp_path), env=env)
    assert done.returncode == 1
    assert f"{tmp_path / 'fout.test.yaml'}:7:".encode() in done.stdout
    assert b"expected the bot at step 'actie', it is at 'moment'" in done.stdout


def test_a_wrong_database_url_says_how_to_fix_it(env: dict[str, str]) -> None:
    env["LOOPBAANBOT_DATABASE_URL"] = "mysql://root@127.0.0.1/school"
    done = loopbaanbot("chat", env=env)
    assert done.returncode == 2
    assert b"use SQLite or PostgreSQL" in done.stderr


def test_a_database_url_without_the_async_driver_gets_it() -> None:
    from bot.config import Settings

    assert Settings(database_url="postgresql://bot:secret@db/school").database == \
        "postgresql+asyncpg://bot:secret@db/school"
    assert Settings(database_url="sqlite:///data/bot.db").database == \
        "sqlite+aiosqlite:///data/bot.db"


def test_export_of_an_unknown_student(env: dict[str, str]) -> None:
    done = loopbaanbot("export", "--student", "niemand", env=env)
    assert done.returncode == 1 and b"no student named 'niemand'" in done.stderr


def test_chat_on_postgresql(env: dict[str, str], postgres_database: str) -> None:
    env["LOOPBAANBOT_DATABASE_URL"] = postgres_database
    chat = JsonChat(env, "--student", "pg")
    chat.read()
    chat.send("2")
    chat.send(MOMENT)
    chat.send("4")
    chat.send("enough")
    chat.send(ANSWER)
    assert chat.send("Morgen vraag ik mijn begeleider wat ik volgende week mag leren")["done"]
    assert chat.close() == 0
    assert export(env, "pg")["actions"][0]["status"] == "open"


def test_an_unreachable_database_is_one_clear_line(env: dict[str, str]) -> None:
    env["LOOPBAANBOT_DATABASE_URL"] = "postgresql+asyncpg://postgres:geheim@127.0.0.1:1/x"
    done = loopbaanbot("chat", env=env)
    assert done.returncode == 1
    assert b"cannot open the database postgresql+asyncpg://postgres:***@127.0.0.1:1/x" \
        in done.stderr
    assert b"geheim" not in done.stderr and b"Traceback" not in done.stderr


def test_profile_as_text_bars(env: dict[str, str]) -> None:
    chat = JsonChat(env, "--student", "kim")
    chat.read()
    for answer in ("2", MOMENT, "5", "enough", ANSWER):
        chat.send(answer)
    assert chat.send("Morgen vraag ik mijn begeleider om uitleg over de kassa")["done"]
    chat.close()
    done = loopbaanbot("profile", "--student", "kim", env=env)
    bars = done.stdout.decode().splitlines()
    assert done.returncode == 0 and bars[0].startswith("Jouw loopbaanprofiel")
    [networking] = [line for line in bars if line.startswith("netwerken")]
    assert networking.endswith("█" * 20 + " 1")


def test_mentors_reached_by_email_are_added_and_listed(env: dict[str, str]) -> None:
    refused = loopbaanbot("mentor", "add", "--name", "X", "--email", "x" * 300 + "@school.nl",
                          "--group", "4A", env=env)
    assert refused.returncode == 2 and b"not an e-mail address" in refused.stderr
    no_group = loopbaanbot("mentor", "add", "--name", "X", "--email", "x@school.nl", env=env)
    assert no_group.returncode == 2 and b"--group" in no_group.stderr
    added = loopbaanbot("mentor", "add", "--name", "Ellen de Vries", "--email",
                        "e.devries@school.nl", "--group", "4A ", "--group", "4B", env=env)
    assert added.returncode == 0 and b"mentor of 4A, 4B" in added.stdout  # names trimmed
    again = loopbaanbot("mentor", "add", "--name", "Ellen de Vries", "--email",
                        "E.deVries@school.nl", "--group", "5C", env=env)
    assert again.returncode == 0 and b"4A, 4B, 5C" in again.stdout  # the same mentor
    listed = loopbaanbot("mentor", "list", "--json", env=env)
    assert json.loads(listed.stdout) == [{"name": "Ellen de Vries",
                                          "email": "e.devries@school.nl", "telegram": False,
                                          "coordinator": False, "admin": False,
                                          "groups": ["4A", "4B", "5C"]}]


def test_an_administrator_gets_a_sign_in_link_for_the_schools_pages(
        env: dict[str, str]) -> None:
    added = loopbaanbot("mentor", "add", "--name", "Noor Visser", "--email", "n.visser@school.nl",
                        "--admin", env=env)
    assert added.returncode == 0 and b"administrator" in added.stdout
    no_web = loopbaanbot("mentor", "link", "Noor", env=env)
    assert no_web.returncode == 2 and b"LOOPBAANBOT_WEB_URL" in no_web.stderr
    web = {**env, "LOOPBAANBOT_WEB_URL": "https://bot.school.nl/"}
    link = loopbaanbot("mentor", "link", "noor", env=web)
    assert link.returncode == 0, link.stderr
    assert re.fullmatch(rb"Noor Visser: https://bot\.school\.nl/school/login/[\w-]{20,}\n",
                        link.stdout)
    by_mail = loopbaanbot("mentor", "link", "N.Visser@school.nl", env=web)
    assert by_mail.returncode == 0 and by_mail.stdout != link.stdout  # a new link each time
    assert loopbaanbot("mentor", "add", "--name", "Noah", "--email", "noah@school.nl",
                       "--group", "4A", env=env).returncode == 0
    unclear = loopbaanbot("mentor", "link", "no", env=web)
    assert unclear.returncode == 2 and b"matches 2 mentors" in unclear.stderr
    unknown = loopbaanbot("mentor", "link", "Bram", env=web)
    assert unknown.returncode == 2 and b"no mentor matches" in unknown.stderr


def test_flows_test_tests_the_flows_in_the_folder_it_is_given(env: dict[str, str],
                                                                tmp_path: Path) -> None:
    """A coordinator edits a copy of the flows: `flows test` on the copy tests the copy, not
    the configured flows folder (it used to pass the edited flow untested)."""
    copy = tmp_path / "mijnflows"
    shutil.copytree(ROOT / "dialogue_flows", copy)
    flow = copy / "stagedag.yaml"
    flow.write_text(flow.read_text(encoding="utf-8").replace(
        "    prompt: conversation.greeting\n    next: eerder_gezegd\n",
        "    prompt: conversation.greeting\n    next: extra_vraag\n\n  - id: extra_vraag\n"
        "    type: question\n    text: {nl: 'Wat at je vandaag?', en: 'What did you eat?'}\n"
        "    next: eerder_gezegd\n", 1), encoding="utf-8")
    done = loopbaanbot("flows", "test", str(copy), env=env)
    assert done.returncode == 1 and f"Flows from {copy}".encode() in done.stdout
    assert b"it is at 'extra_vraag'" in done.stdout and b"0 passed, 8 failed" in done.stdout
    shipped = loopbaanbot("flows", "test", "dialogue_flows/", env=env)
    assert shipped.returncode == 0 and b"8 passed, 0 failed" in shipped.stdout


def test_a_class_spelled_otherwise_than_before_is_refused(env: dict[str, str]) -> None:
    """'4a' next to '4A' would quietly make a second class: its mentor would see nobody."""
    assert loopbaanbot("invite", "create", "--group", "4B", env=env).returncode == 0
    other = loopbaanbot("invite", "create", "--group", "4b", env=env)
    assert other.returncode == 2 and "already has class '4B'" in other.stderr.decode()
    calendar = loopbaanbot("mentor", "add", "--name", "Ellen", "--email", "e@school.nl",
                           "--group", "4a", env=env)  # the shipped calendar spells it 4A
    assert calendar.returncode == 2 and "already has class '4A'" in calendar.stderr.decode()
    listed = json.loads(loopbaanbot("invite", "list", "--json", env=env).stdout)
    assert [r["group"] for r in listed] == ["4B"]


def test_digest_finds_a_mentor_by_any_part_of_the_name(env: dict[str, str]) -> None:
    for name, email in (("Ellen de Vries", "e.devries@school.nl"),
                        ("Jan de Vries", "j.devries@school.nl")):
        assert loopbaanbot("mentor", "add", "--name", name, "--email", email, "--group", "4A",
                           env=env).returncode == 0
    one = loopbaanbot("digest", "--mentor", "ellen", "--dry-run", env=env)
    assert one.returncode == 0 and one.stdout.decode().startswith("📋 Overzicht voor Ellen")
    two = loopbaanbot("digest", "--mentor", "Vries", "--dry-run", env=env)
    assert two.returncode == 2 and two.stderr.decode() == (
        "error: 2 mentors match 'Vries'; give more of the name. They are:\n"
        "  Ellen de Vries\n  Jan de Vries\n")
    none = loopbaanbot("digest", "--mentor", "Pietersen", "--dry-run", env=env)
    assert none.returncode == 2 and "no mentor matches 'Pietersen'. Mentors:\n  Ellen" in \
        none.stderr.decode()


def test_a_digest_by_email_without_a_mail_server_says_what_to_set_and_marks_nothing(
        env: dict[str, str]) -> None:
    """No SMTP settings: one clear line (not a traceback), a failing exit, and the mentor's
    next digest still covers everything since the last one that was really sent."""
    import sqlite3

    assert loopbaanbot("mentor", "add", "--name", "Ellen de Vries", "--email",
                       "e.devries@school.nl", "--group", "4A", env=env).returncode == 0
    sent = loopbaanbot("digest", "--mentor", "de Vries", env=env)
    assert sent.returncode == 2 and b"Traceback" not in sent.stderr
    assert sent.stderr.decode() == (
        "error: sending by e-mail needs LOOPBAANBOT_SMTP_HOST (the mail server) and "
        "LOOPBAANBOT_SMTP_FROM (the sender's address); nothing was sent. Set them, or use "
        "--dry-run to print the digest.\n")
    database = Path(env["LOOPBAANBOT_DATA_DIR"]) / "loopbaanbot.sqlite3"
    with sqlite3.connect(database) as connection:
        marked = connection.execute("SELECT last_digest_at FROM mentors").fetchall()
    connection.close()
    assert marked == [(None,)]


def test_invite_codes_trim_the_group_name(env: dict[str, str]) -> None:
    done = loopbaanbot("invite", "create", "--group", " 4A ", "--json", env=env)
    assert done.returncode == 0 and json.loads(done.stdout)[0]["group"] == "4A"
    blank = loopbaanbot("invite", "create", "--group", "   ", env=env)
    assert blank.returncode == 2 and b"--group is needed" in blank.stderr


@pytest.mark.parametrize("status", [401, 404])
def test_a_refused_token_is_never_printed(env: dict[str, str], status: int) -> None:
    """A revoked token (or a base URL answering 401/404) gets one clear line, and the token
    appears nowhere in what the bot prints."""
    import http.server
    import threading

    class Refusing(http.server.BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = json.dumps({"ok": False, "error_code": status,
                               "description": "Unauthorized" if status == 401 else "Not Found"})
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body.encode())

        do_GET = do_POST

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Refusing)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    token = "123456789:AAHsecretsecretsecretsecretsecret12"
    env.update(LOOPBAANBOT_TELEGRAM_TOKEN=token,
               LOOPBAANBOT_TELEGRAM_BASE_URL=f"http://127.0.0.1:{server.server_port}/bot")
    try:
        done = loopbaanbot("run", env=env)
    finally:
        server.shutdown()
        server.server_close()
    shown = done.stdout + done.stderr
    assert done.returncode == 2 and b"refused the bot token" in done.stderr
    assert token.encode() not in shown and token.split(":")[1].encode() not in shown


def test_sigusr1_shows_where_the_bot_is_and_sigterm_stops_it_cleanly(
        env: dict[str, str], tmp_path: Path) -> None:
    """An operator whose bot seems stuck sends SIGUSR1: every thread's stack goes to stderr
    and the bot goes on serving. systemd or docker stop sends SIGTERM: the bot finishes,
    closes the database (SQLite's write-ahead log is folded back and removed) and exits 0,
    not 143."""
    import signal
    import socket
    import time

    import httpx

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env.update(LOOPBAANBOT_WEB_PORT=str(port), LOOPBAANBOT_WEB_SECURE_COOKIES="false")
    process = subprocess.Popen([sys.executable, "-m", "bot", "run", "--web"], env=env,
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/join", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert process.poll() is None and time.monotonic() < deadline, "did not start"
            time.sleep(0.1)
        assert list(Path(env["LOOPBAANBOT_DATA_DIR"]).glob("*.sqlite3-wal"))
        process.send_signal(signal.SIGUSR1)
        time.sleep(0.5)
        assert httpx.get(f"http://127.0.0.1:{port}/join", timeout=5).status_code == 200
        process.send_signal(signal.SIGTERM)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
    assert process.returncode == 0, stderr.decode()
    dump = stderr.decode()
    assert "Thread 0x" in dump and "await until_stopped(" in dump  # the threads and the tasks
    assert "Traceback" not in dump
    assert not list(Path(env["LOOPBAANBOT_DATA_DIR"]).glob("*.sqlite3-wal"))
