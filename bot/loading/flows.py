"""Flow files -> validated Flow objects, in two phases: shape (pydantic), then graph rules."""

from __future__ import annotations

import types
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Union, get_args, get_origin

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from bot.core import flow as model
from bot.core.rules import PromptCatalog, check
from bot.core.steps import AnyStep, kind_named, kinds
from bot.core.texts import Texts
from bot.loading.problems import FileProblem, InvalidData
from bot.loading.yaml_lines import LinedDocument, YamlError, load

TEST_SUFFIX = ".test.yaml"


@dataclass(frozen=True)
class LoadedFlow:
    flow: model.Flow
    file: str


def flow_files(paths: Iterable[Path]) -> list[Path]:
    """Flow files named by paths: files as given, folders' *.yaml (not *.test.yaml)."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(p for p in path.glob("*.yaml") if not p.name.endswith(TEST_SUFFIX))
        else:
            found.append(path)
    return found


def load_flows(paths: Iterable[Path], texts: Texts) -> dict[str, LoadedFlow]:
    """Load and check every flow; raise InvalidData with all problems of all files."""
    problems: list[FileProblem] = []
    flows: dict[str, LoadedFlow] = {}
    files = flow_files(paths)
    for path in files:
        if not path.is_file():
            problems.append(FileProblem(str(path), 1, "flows", "no such file or folder"))
            continue
        loaded, found = load_flow(path, texts)
        problems += found
        if loaded is None:
            continue
        if loaded.flow.flow in flows:
            problems.append(FileProblem(str(path), 1, loaded.flow.flow, "another file "
                                        f"({flows[loaded.flow.flow].file}) already defines a flow "
                                        "with this name; rename one"))
            continue
        flows[loaded.flow.flow] = loaded
    if not files and not problems:
        problems.append(FileProblem(", ".join(str(p) for p in paths) or ".", 1, "flows",
                                    "no flow files (*.yaml) found"))
    if problems:
        raise InvalidData(problems)
    return flows


def load_flow(path: Path, texts: Texts) -> tuple[LoadedFlow | None, list[FileProblem]]:
    try:
        doc = load(path)
    except YamlError as exc:
        return None, [FileProblem(exc.file, exc.line, path.stem, exc.message)]
    return check_document(doc, texts)


def check_document(doc: LinedDocument, texts: Texts) -> tuple[LoadedFlow | None,
                                                               list[FileProblem]]:
    """Phase one, the shape; if that holds, phase two, the whole-graph rules."""
    name = doc.data.get("flow", Path(doc.file).stem) if isinstance(doc.data, dict) else None
    name = str(name or Path(doc.file).stem)
    if not isinstance(doc.data, dict):
        return None, [FileProblem(doc.file, 1, name, "a flow file must be a mapping with "
                                  "'flow', 'languages', 'start' and 'steps'")]
    try:
        flow = model.Flow.model_validate(doc.data)
    except ValidationError as exc:
        return None, [_shape_problem(doc, name, error) for error in exc.errors()]
    catalog = PromptCatalog({lang: texts.keys(lang) for lang in texts.languages})
    problems = [
        FileProblem(doc.file, doc.line_of(p.path), _where(p.flow, p.step), p.message)
        for p in check(flow, catalog)
    ]
    problems += [
        FileProblem(doc.file, doc.line_of(("languages",)), flow.flow, f"language '{lang}' has no "
                    f"prompts/{lang}/ folder; add one or remove the language")
        for lang in flow.languages if lang not in texts.languages
    ]
    return (None if problems else LoadedFlow(flow, doc.file)), problems


def draft_flow(path: Path, texts: Texts) -> tuple[model.Flow | None, list[FileProblem]]:
    """A flow as far as it can be read, with its problems: the model when its shape holds,
    even if graph rules fail (to draw a broken flow); None when its shape does not."""
    try:
        doc = load(path)
    except YamlError as exc:
        return None, [FileProblem(exc.file, exc.line, path.stem, exc.message)]
    loaded, problems = check_document(doc, texts)
    if loaded is not None or not isinstance(doc.data, dict):
        return (loaded.flow if loaded else None), problems
    try:
        return model.Flow.model_validate(doc.data), problems
    except ValidationError:
        return None, problems


def flow_from_json(data: str) -> model.Flow:
    """A flow version stored with a conversation (already validated when it was saved)."""
    return model.Flow.model_validate_json(data)


def _where(flow: str, step: str | None) -> str:
    return f"{flow}/{step}" if step else flow


def _data_path(data: Any, loc: tuple[int | str, ...]) -> tuple[tuple[int | str, ...], Any]:
    """Follow pydantic's location through the data, skipping union tags it adds."""
    path: list[int | str] = []
    current = data
    for part in loc:
        if isinstance(current, dict) and part in current:
            current = current[part]
        elif isinstance(current, list) and isinstance(part, int) and part < len(current):
            current = current[part]
        elif isinstance(current, dict) and part == "else_" and "else" in current:
            part, current = "else", current["else"]
        else:  # a union tag pydantic adds, or a key that is missing
            continue
        path.append(part)
    return tuple(path), current


def _step_of(data: dict[str, Any], path: tuple[int | str, ...]) -> str | None:
    if len(path) >= 2 and path[0] == "steps" and isinstance(path[1], int):
        steps = data.get("steps")
        if isinstance(steps, list) and path[1] < len(steps) and isinstance(steps[path[1]], dict):
            return str(steps[path[1]].get("id", f"step {path[1] + 1}"))
    return None


def _allowed_keys(data: dict[str, Any], path: tuple[int | str, ...]) -> str:
    target = _model_at(data, path[:-1])
    if target is None:
        return ""
    keys = [f.alias or n for n, f in target.model_fields.items()]
    return f"; allowed here: {', '.join(keys)}"


def _model_at(data: Any, path: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model that describes the mapping at `path` in a flow document, following the
    annotations down from Flow; a step's model is its `type`'s (from the registry)."""
    annotation: Any = model.Flow
    current = data
    for part in path:
        annotation = _unwrap(annotation)
        origin = get_origin(annotation)
        if isinstance(part, int) and origin is list and isinstance(current, list) \
                and part < len(current):
            annotation, current = get_args(annotation)[0], current[part]
        elif isinstance(part, str) and origin is dict and isinstance(current, dict):
            annotation, current = get_args(annotation)[1], current.get(part)
        elif isinstance(part, str) and _is_model(annotation) and isinstance(current, dict):
            fields = {f.alias or n: f for n, f in annotation.model_fields.items()}
            if part not in fields:
                return None
            annotation, current = fields[part].annotation, current.get(part)
        else:
            return None
        if _unwrap(annotation) is AnyStep:  # a step: its model is its type's
            step_type = current.get("type") if isinstance(current, dict) else None
            kind = kind_named(step_type) if isinstance(step_type, str) else None
            annotation = kind.model if kind else None
    annotation = _unwrap(annotation)
    return annotation if _is_model(annotation) else None


def _unwrap(annotation: Any) -> Any:
    """X from Annotated[X, ...] and from X | None."""
    while True:
        origin = get_origin(annotation)
        if origin is Annotated:
            annotation = get_args(annotation)[0]
        elif origin in (Union, types.UnionType):
            options = [a for a in get_args(annotation) if a is not type(None)]
            if len(options) != 1:
                return annotation
            annotation = options[0]
        else:
            return annotation


def _is_model(annotation: Any) -> bool:
    return isinstance(annotation, type) and issubclass(annotation, BaseModel)


def _shape_problem(doc: LinedDocument, name: str, error: ErrorDetails) -> FileProblem:
    path, value = _data_path(doc.data, error["loc"])
    step = _step_of(doc.data, path)
    kind = error["type"]
    key = path[-1] if path else ""
    if kind == "extra_forbidden":
        message = f"unknown key '{key}' (a typo?){_allowed_keys(doc.data, path)}"
    elif kind == "missing":
        missing = error["loc"][-1]
        missing = "else" if missing == "else_" else missing
        message = f"missing key '{missing}'; add it"
        path = (*path, str(missing))
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        found = value.get("type") if isinstance(value, dict) else None
        message = (f"unknown step type '{found}'" if found else "the step has no 'type'") + (
            f"; use one of: {', '.join(kind.name for kind in kinds())}")
    elif kind == "string_pattern_mismatch":
        message = (f"'{value}' is not a valid name here; use lower-case letters, digits and _, "
                   "starting with a letter")
    elif kind == "string_type" and isinstance(value, bool):
        # 'en: [yes, ok]': YAML reads yes/no/on/off as true/false (found writing a flow)
        message = (f"YAML reads this word as {str(value).lower()}, not as text (yes, no, on "
                   f"and off do that); put it in quotes, like \"{'yes' if value else 'no'}\"")
    elif kind == "string_type" and isinstance(value, int | float):
        message = f"YAML reads {value} as a number, not as text; put it in quotes: \"{value}\""
    elif kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        message = f"'{value}' is not allowed for '{key}'; use one of: {expected}"
    else:
        text = error["msg"].removeprefix("Value error, ")
        message = f"'{key}': {text}" if key and not isinstance(key, int) else text
    return FileProblem(doc.file, doc.line_of(path), _where(name, step), message)
