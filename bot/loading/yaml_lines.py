"""YAML loading that remembers the line of every key and item, for file:line errors."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

Path_ = tuple[str | int, ...]

# Limits for files schools write (flows, texts, school settings): far above any real file,
# far below what exhausts the machine (a 390-byte "billion laughs" once took 3.6 GB).
MAX_BYTES = 2_000_000
MAX_DEPTH = 50
MAX_VALUES = 200_000


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
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise YamlError(name, 1, f"the file is {size / 1e6:.1f} MB; a school file may be at "
                        f"most {MAX_BYTES // 1_000_000} MB")
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise YamlError(name, 1, f"the file is not UTF-8 ({exc.reason}); save it as UTF-8") from exc
    return parse(text, name)


def parse(text: str, name: str = "<text>") -> LinedDocument:
    if len(text) > MAX_BYTES:
        raise YamlError(name, 1, f"the text is longer than {MAX_BYTES} characters")
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = exc.problem or "invalid YAML"
        hint = " (check the indentation and that every 'key: value' has a space after ':')"
        raise YamlError(name, line, f"YAML syntax error: {problem}{hint}") from exc
    except RecursionError:
        raise YamlError(name, 1, f"nested far too deeply (at most {MAX_DEPTH} levels)") from None
    doc = LinedDocument(name, None)
    if node is not None:
        doc.data = _Converter(doc).convert(node, (), 0)
    return doc


class _Converter:
    """Nodes to Python values with every line kept; refuses aliases that refer to themselves
    or multiply into more values than any school file has, and tags that are not data."""

    def __init__(self, doc: LinedDocument) -> None:
        self.doc = doc
        self.loader = yaml.SafeLoader("")
        self.values = 0
        self.open: set[int] = set()  # the nodes being converted (a loop through an alias)

    def convert(self, node: yaml.Node, path: Path_, depth: int) -> Any:
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise YamlError(self.doc.file, line, f"nested more than {MAX_DEPTH} levels deep")
        if id(node) in self.open:
            raise YamlError(self.doc.file, line, "an alias (*name) refers to itself")
        self.values += 1
        if self.values > MAX_VALUES:
            raise YamlError(self.doc.file, line, f"more than {MAX_VALUES} values: aliases "
                            "(*name) that repeat each other? Write the values out instead")
        if not node.tag.startswith("tag:yaml.org,2002:") or "python" in node.tag:
            raise YamlError(self.doc.file, line, f"the tag {node.tag} is not plain data (only "
                            "plain values, lists and keys are allowed)")
        self.open.add(id(node))
        try:
            return _convert(node, path, self.doc, self.loader, self, depth)
        except yaml.YAMLError as exc:  # a tag that is not plain data (!!python/...)
            problem = getattr(exc, "problem", None) or "this value cannot be read"
            raise YamlError(self.doc.file, line, f"{problem} (only plain values, lists and "
                            "keys are allowed)") from None
        finally:
            self.open.discard(id(node))


def _convert(node: yaml.Node, path: Path_, doc: LinedDocument, loader: yaml.SafeLoader,
             converter: _Converter, depth: int) -> Any:
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
            result[key] = converter.convert(value_node, child, depth + 1)
        return result
    if isinstance(node, yaml.SequenceNode):
        items = []
        for i, item in enumerate(node.value):
            child = (*path, i)
            doc.lines[child] = item.start_mark.line + 1
            items.append(converter.convert(item, child, depth + 1))
        return items
    return loader.construct_object(node)
