"""Conversation scripts in YAML, run against a flow: how a school checks its edits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from bot.catalog import FlowCatalog, UnknownFlow
from bot.core.conversation import Context, OpenAction, Outcome, Pressed, Said
from bot.core.engine import Engine
from bot.core.machine import FlowMachine
from bot.loading.problems import FileProblem
from bot.loading.yaml_lines import LinedDocument, YamlError, load

SUFFIX = ".test.yaml"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class BotExpectation(_Strict):
    step: str | None = None
    expects: Literal["text", "choice", "date", "none"] | None = None
    says: str | list[str] | None = Field(default=None, description="Text the bot must say.")
    options: list[str] | None = Field(default=None, description="Labels that must be offered.")
    done: bool | None = None


class ExpectedAction(_Strict):
    text: str | None = None
    due: date | None = None


class ScriptTurn(_Strict):
    bot: BotExpectation | None = None
    student: str | None = None
    press: str | None = None


class GivenAction(_Strict):
    text: str
    due: date | None = None


class Script(_Strict):
    name: str
    language: str = "nl"
    today: date
    conversation_number: int = 1
    competency_counts: dict[str, int] = Field(default_factory=dict)
    open_action: GivenAction | None = None
    remembers: dict[str, str] = Field(default_factory=dict, description=(
        "What the student said in earlier conversations, e.g. {doubt: '...'}."))
    weak_actions_before: int = 0
    turns: list[ScriptTurn]
    action: ExpectedAction | None = None


class ScriptFile(_Strict):
    flow: str
    tests: list[Script] = Field(min_length=1)


@dataclass(frozen=True)
class ScriptResult:
    file: str
    name: str
    problems: list[FileProblem]

    @property
    def passed(self) -> bool:
        return not self.problems


def script_files(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        found += sorted(path.glob(f"*{SUFFIX}")) if path.is_dir() else [path]
    return found


def run_file(path: Path, engine: Engine, catalog: FlowCatalog) -> list[ScriptResult]:
    try:
        doc = load(path)
        scripts = ScriptFile.model_validate(doc.data)
    except YamlError as exc:
        return [ScriptResult(exc.file, path.name, [FileProblem(exc.file, exc.line, path.name,
                                                               exc.message)])]
    except ValidationError as exc:
        return [ScriptResult(str(path), path.name, [
            FileProblem(str(path), doc.line_of(tuple(e["loc"])), path.name,
                        f"{'.'.join(map(str, e['loc']))}: {e['msg']}") for e in exc.errors()])]
    try:
        machine = catalog.current(scripts.flow)
    except UnknownFlow as exc:
        return [ScriptResult(str(path), path.name,
                             [FileProblem(str(path), doc.line_of(("flow",)), scripts.flow,
                                          str(exc))])]
    return [_run(doc, i, script, engine, machine) for i, script in enumerate(scripts.tests)]


def _run(doc: LinedDocument, index: int, script: Script, engine: Engine,
         machine: FlowMachine) -> ScriptResult:
    given = script.open_action
    ctx = Context(language=script.language, today=script.today,
                  conversation_number=script.conversation_number,
                  competency_counts=script.competency_counts,
                  open_action=OpenAction(1, given.text, given.due) if given else None,
                  memory=script.remembers, weak_actions_before=script.weak_actions_before)
    problems: list[FileProblem] = []
    where = f"{machine.flow.flow} test '{script.name}'"

    def fail(turn: int | None, message: str) -> None:
        path: tuple[str | int, ...] = ("tests", index)
        path += ("turns", turn) if turn is not None else ("action",)
        problems.append(FileProblem(doc.file, doc.line_of(path), where, message))

    outcome: Outcome = engine.start(machine, ctx)
    for t, turn in enumerate(script.turns):
        if turn.bot is not None:
            for message in _check(turn.bot, outcome):
                fail(t, message)
        if turn.student is not None or turn.press is not None:
            if outcome.completed:
                fail(t, "the conversation was already finished; nothing more to answer")
                break
            given_input = Said(turn.student) if turn.student is not None else Pressed(
                turn.press or "")
            outcome = engine.handle(machine, outcome.snapshot, given_input, ctx)
        if problems:
            break
    if not problems and script.action is not None:
        action = outcome.snapshot.action
        if action is None:
            fail(None, "no action was set")
        else:
            if script.action.due and action.due != script.action.due:
                fail(None, f"action due {action.due}, expected {script.action.due}")
            if script.action.text and script.action.text.lower() not in (action.what or "").lower():
                fail(None, f"action '{action.what}' does not contain '{script.action.text}'")
    return ScriptResult(doc.file, script.name, problems)


def _check(expected: BotExpectation, outcome: Outcome) -> list[str]:
    turn, snap = outcome.turn, outcome.snapshot
    said = turn.text.replace("\n", " ")
    found = []
    if expected.step is not None and snap.step != expected.step:
        found.append(f"expected the bot at step '{expected.step}', it is at '{snap.step}' "
                     f"(it said: {said[:120]!r})")
    if expected.expects is not None and turn.expects != expected.expects:
        found.append(f"expected it to wait for {expected.expects}, it waits for {turn.expects}")
    says = [expected.says] if isinstance(expected.says, str) else expected.says or []
    for text in says:
        if text.lower() not in turn.text.lower():
            found.append(f"expected the bot to say '{text}'; it said: {said[:200]!r}")
    labels = [o.label for o in turn.options]
    for label in expected.options or []:
        if not any(label.lower() in offered.lower() for offered in labels):
            found.append(f"expected option '{label}'; offered: {labels}")
    if expected.done is not None and turn.done != expected.done:
        found.append("expected the conversation to be " + ("finished" if expected.done else
                                                            "still going"))
    return found
