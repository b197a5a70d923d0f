"""YAML loading that remembers the line of every key and item, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]


class YamlError(ValueError):
    """A YAML file that cannot be read, with where and why."""

    def __init__(self, file: str, line: int, message: str) -> None:
        super().__init__(f"{file}:{line}: {message}")
        self.file, self.line, self.message = file, line, message


@dataclass
class LinedDocument:
    """A parsed document and the line (1-based) of each path into it."""

    file: str
    data: Any
    lines: dict[Path_, int] = field(default_factory=dict)

    def line_of(self, path: Path_) -> int:
        """The line of the deepest known part of path."""
        for end in range(len(path), -1, -1):
            if path[:end] in self.lines:
                return self.lines[path[:end]]
        return 1


def load(path: Path) -> LinedDocument:
    """Read a YAML file; syntax errors and duplicate keys raise YamlError with file:line."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(name, 1, f"the file is not UTF-8 ({exc.reason}); save it as UTF-8") from exc
    return parse(text, name)


def parse(text: str, name: str = "<text>") -> LinedDocument:
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "invalid YAML"
        hint = " (check the indentation and that every 'key: value' has a space after ':')"
        raise YamlError(name, line, f"YAML syntax error: {problem}{hint}") from exc
    doc = LinedDocument(name, None)
    if node is not None:
        doc.data = _convert(node, (), doc, yaml.SafeLoader(""))
    return doc


def _convert(node: yaml.Node, path: Path_, doc: LinedDocument, loader: yaml.SafeLoader) -> Any:
    doc.lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        result: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = (loader.construct_object(key_node)
                   if isinstance(key_node, yaml.ScalarNode) else None)
            if not isinstance(key, str | int | bool) or key is None:
                raise YamlError(doc.file, key_node.start_mark.line + 1,
                                "a key must be a plain word")
            if key in result:
                raise YamlError(doc.file, key_node.start_mark.line + 1,
                                f"key '{key}' appears twice here; keep one")
            child = (*path, key)
            doc.lines[child] = key_node.start_mark.line + 1
            result[key] = _convert(value_node, child, doc, loader)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            child = (*path, i)
            doc.lines[child] = item.start_mark.line + 1
            items.append(_convert(item, child, doc, loader))
        return items
    return loader.construct_object(node)
