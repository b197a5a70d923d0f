"""school/: flag rules and school settings -> checked models, with file:line on problems."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from bot.loading.problems import FileProblem, InvalidData
from bot.loading.yaml_lines import YamlError, load
from bot.safety.rules import FlagRules
from bot.school import InternshipCalendar, SchoolSettings

FLAG_RULES = "flag_rules.yaml"
SCHOOL = "school.yaml"
CALENDAR = "calendar.yaml"
Model = TypeVar("Model", bound=BaseModel)


def load_model(path: Path, model: type[Model]) -> Model:
    """One YAML file as a model; every problem reported with its line."""
    try:
        doc = load(path)
    except FileNotFoundError:
        raise InvalidData([FileProblem(str(path), 1, path.name, "file is missing; copy the "
                                       "shipped one from school/ and adapt it")]) from None
    except YamlError as exc:
        raise InvalidData([FileProblem(exc.file, exc.line, path.name, exc.message)]) from None
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise InvalidData([
            FileProblem(str(path), doc.line_of(tuple(e["loc"])), path.name,
                        f"{'.'.join(str(p) for p in e['loc']) or 'file'}: "
                        f"{e['msg'].removeprefix('Value error, ')}")
            for e in exc.errors()]) from None


def load_school(root: Path) -> tuple[FlagRules, SchoolSettings]:
    rules, school, _ = load_school_files(root)
    return rules, school


def load_school_files(root: Path) -> tuple[FlagRules, SchoolSettings, InternshipCalendar]:
    """Flag rules, school settings and the internship calendar; all problems at once."""
    problems: list[FileProblem] = []
    loaded: list[BaseModel] = []
    for name, model in ((FLAG_RULES, FlagRules), (SCHOOL, SchoolSettings),
                        (CALENDAR, InternshipCalendar)):
        try:
            loaded.append(load_model(root / name, model))
        except InvalidData as exc:
            problems += exc.problems
    if problems:
        raise InvalidData(problems)
    rules, school, calendar = loaded
    assert isinstance(rules, FlagRules) and isinstance(school, SchoolSettings)
    assert isinstance(calendar, InternshipCalendar)
    return rules, school, calendar
