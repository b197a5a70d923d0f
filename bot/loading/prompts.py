"""prompts/<lang>/*.yaml -> Texts and Lexicons.

Every file of a language holds texts (messages.yaml, listening.yaml, coaching.yaml: one key
namespace, a key in two files is a mistake), except understanding.yaml, which holds the word
lists the bot understands answers with."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bot.core.texts import Texts, TextValue, placeholders_in
from bot.core.understanding import Lexicon, fold
from bot.loading.problems import FileProblem, InvalidData
from bot.loading.yaml_lines import LinedDocument, YamlError, load

MESSAGES = "messages.yaml"
UNDERSTANDING = "understanding.yaml"
TEXT_FILES = ("messages.yaml", "listening.yaml", "coaching.yaml", "web.yaml", "school.yaml",
              "analytics.yaml")
LEXICON_KEYS = ("vague", "you_choose", "enough")


def load_prompts(root: Path) -> tuple[Texts, dict[str, Lexicon]]:
    """Every language under root; raises InvalidData listing all problems."""
    problems: list[FileProblem] = []
    texts: dict[str, dict[str, TextValue]] = {}
    lexicons: dict[str, Lexicon] = {}
    where: dict[tuple[str, str], tuple[str, int]] = {}
    languages = sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []
    if not languages:
        raise InvalidData([FileProblem(str(root), 1, "prompts", "no language folders found "
                                       "(expected e.g. prompts/nl/messages.yaml)")])
    for lang in languages:
        texts[lang] = {}
        for name in TEXT_FILES:
            doc = _load(root / lang / name, problems)
            if doc is None:
                continue
            for key, value in _flatten(doc, problems, where, lang).items():
                if key in texts[lang]:
                    problems.append(FileProblem(doc.file, doc.line_of(tuple(key.split("."))), key,
                                                "this key is also in another file of "
                                                f"prompts/{lang}/; keep it in one"))
                texts[lang][key] = value
        lexicon_doc = _load(root / lang / UNDERSTANDING, problems)
        if lexicon_doc is not None:
            lexicons[lang] = _lexicon(lexicon_doc, problems)
    problems += _compare_languages(texts, where)
    if problems:
        raise InvalidData(problems)
    return Texts(texts), lexicons


def _load(path: Path, problems: list[FileProblem]) -> LinedDocument | None:
    if not path.is_file():
        problems.append(FileProblem(str(path), 1, "prompts", "file is missing; copy it from "
                                    "another language folder and translate it"))
        return None
    try:
        doc = load(path)
    except YamlError as exc:
        problems.append(FileProblem(exc.file, exc.line, "prompts", exc.message))
        return None
    if not isinstance(doc.data, dict):
        problems.append(FileProblem(str(path), 1, "prompts", "expected keys with texts"))
        return None
    return doc


def _flatten(doc: LinedDocument, problems: list[FileProblem],
             where: dict[tuple[str, str], tuple[str, int]], lang: str) -> dict[str, TextValue]:
    flat: dict[str, TextValue] = {}

    def walk(value: Any, path: tuple[str | int, ...]) -> None:
        key = ".".join(str(p) for p in path)
        if isinstance(value, dict):
            for k, v in value.items():
                walk(v, (*path, k))
        elif isinstance(value, str) or (
            isinstance(value, list) and value and all(isinstance(v, str) for v in value)
        ):
            flat[key] = value
            where[(lang, key)] = (doc.file, doc.line_of(path))
        else:
            problems.append(FileProblem(doc.file, doc.line_of(path), key,
                                        "expected a text or a list of texts"))

    walk(doc.data, ())
    return flat


def _lexicon(doc: LinedDocument, problems: list[FileProblem]) -> Lexicon:
    lists: dict[str, frozenset[str]] = {}
    for key in LEXICON_KEYS:
        value = doc.data.get(key)
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            problems.append(FileProblem(doc.file, doc.line_of((key,)), key,
                                        "expected a list of phrases"))
            value = []
        lists[key] = frozenset(fold(v) for v in value)
    for key in doc.data:
        if key not in LEXICON_KEYS:
            problems.append(FileProblem(doc.file, doc.line_of((key,)), str(key),
                                        f"unknown key; use {', '.join(LEXICON_KEYS)}"))
    return Lexicon(**lists)


def _compare_languages(texts: dict[str, dict[str, TextValue]],
                       where: dict[tuple[str, str], tuple[str, int]]) -> list[FileProblem]:
    """Every key in every language, with the same placeholders."""
    problems = []
    all_keys = set().union(*(set(t) for t in texts.values())) if texts else set()
    for key in sorted(all_keys):
        holders: dict[str, set[str]] = {}
        for lang, table in texts.items():
            if key not in table:
                other = next(lg for lg in texts if key in texts[lg])
                file, line = where[(other, key)]
                name = file.replace("\\", "/").rsplit("/", 1)[-1]
                problems.append(FileProblem(file, line, key, f"this text is missing in "
                                            f"prompts/{lang}/{name}; add it there too"))
                continue
            value = table[key]
            values = [value] if isinstance(value, str) else value
            holders[lang] = {h.lower() for v in values for h in placeholders_in(v)}
        if len({frozenset(h) for h in holders.values()}) > 1:
            for lang, names in holders.items():
                file, line = where[(lang, key)]
                problems.append(FileProblem(file, line, key, "placeholders differ between "
                                            f"languages ({', '.join(sorted(names)) or 'none'} "
                                            f"in {lang}); use the same ones in each"))
    return problems
