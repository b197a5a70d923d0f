"""The import rules of the code, read from the source: imports point down the layers only,
and no module imports itself around a circle (function-level imports count too)."""

from __future__ import annotations

import ast
from functools import lru_cache
from pathlib import Path

from tests.conftest import ROOT

# Top to bottom. A module may import its own layer or any below, never one above.
LAYERS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("entry", ("bot.__main__", "bot.cli")),
    ("channels", ("bot.channels",)),
    ("services", ("bot.app", "bot.reflection", "bot.students", "bot.mentors", "bot.scheduling",
                  "bot.flowtest", "bot.profile", "bot.notify", "bot.invite_sheet",
                  "bot.talkers")),
    ("storage", ("bot.storage",)),
    ("loading", ("bot.loading", "bot.catalog")),
    ("core", ("bot.core",)),
    ("school", ("bot.school",)),
    ("safety", ("bot.safety",)),
    ("language", ("bot.language",)),
    ("base", ("bot.config", "bot.paths", "bot.logsafe", "bot.faults", "bot.addresses", "bot")),
)


def layer_of(module: str) -> int:
    for rank, (_, prefixes) in enumerate(LAYERS):
        if any(module == p or module.startswith(p + ".") for p in prefixes if p != "bot"):
            return rank
    if module == "bot":
        return len(LAYERS) - 1
    raise AssertionError(f"{module} belongs to no layer: add it to LAYERS")


@lru_cache(maxsize=1)
def modules() -> dict[str, Path]:
    found = {}
    for path in sorted((ROOT / "bot").rglob("*.py")):
        if "migrations" in path.parts:
            continue
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        found[name] = path
    return found


def imports_of(name: str, path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rsplit(".", 1)[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names if alias.name.startswith("bot")}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")
                base = ".".join(anchor[:len(anchor) - node.level + 1] + ([base] if base else []))
            if not base.startswith("bot"):
                continue
            for alias in node.names:  # 'from bot.storage import jobs' imports a module
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in modules() else base)
    return found


def test_imports_point_down_the_layers() -> None:
    wrong = []
    for name, path in modules().items():
        for target in imports_of(name, path):
            if layer_of(target) < layer_of(name):
                wrong.append(f"{name} ({LAYERS[layer_of(name)][0]}) imports {target} "
                             f"({LAYERS[layer_of(target)][0]})")
    assert not wrong, "imports that run back up:\n" + "\n".join(wrong)


def test_no_import_circles() -> None:
    graph = {name: {t for t in imports_of(name, path) if t != name and t in modules()}
             for name, path in modules().items()}
    # a package's __init__ importing its own modules is how Python packages work
    graph = {name: {t for t in targets if not t.startswith(name + ".")}
             for name, targets in graph.items()}
    circles = []
    state: dict[str, int] = {}

    def visit(node: str, trail: list[str]) -> None:
        state[node] = 1
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                circles.append(" -> ".join([*trail[trail.index(target):], target]))
            elif target not in state:
                visit(target, [*trail, target])
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name, [name])
    assert not circles, "import circles:\n" + "\n".join(circles)


def test_the_rule_can_fail() -> None:
    """The checker sees an upward import (so a passing test means something)."""
    assert layer_of("bot.storage.conversations") > layer_of("bot.channels.telegram.handlers")
    assert "bot.storage.jobs" in imports_of("bot.mentors.service",
                                            ROOT / "bot" / "mentors" / "service.py")


# Outside bot/storage only these parts of SQLAlchemy: session and engine types to pass on,
# and URL parsing and errors for the settings.
SQL_OUTSIDE_STORAGE = ("sqlalchemy.ext.asyncio", "sqlalchemy.engine.url", "sqlalchemy.exc")


def sqlalchemy_imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {a.name for a in node.names if a.name.split(".")[0] == "sqlalchemy"}
        elif isinstance(node, ast.ImportFrom) and (node.module or "").split(".")[0] == \
                "sqlalchemy":
            found.add(node.module or "")
    return found


def test_sql_lives_in_storage() -> None:
    """Queries are written in bot/storage (one module per aggregate); services hold rules."""
    wrong = [f"{name} imports {module}" for name, path in modules().items()
             if not name.startswith("bot.storage")
             for module in sqlalchemy_imports(path) if module not in SQL_OUTSIDE_STORAGE]
    assert not wrong, "SQL outside bot/storage:\n" + "\n".join(wrong)
    assert "sqlalchemy" in sqlalchemy_imports(ROOT / "bot" / "storage" / "nudges.py")


def test_rows_are_made_in_storage() -> None:
    """Outside bot/storage the models are types to read, not rows to make: a new row is
    made (and added to the session) by a function of its aggregate in bot/storage."""
    models = ast.parse((ROOT / "bot" / "storage" / "models.py").read_text(encoding="utf-8"))
    classes = {node.name for node in models.body if isinstance(node, ast.ClassDef)}
    wrong = []
    for name, path in modules().items():
        if name.startswith("bot.storage"):
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        imported = {alias.asname or alias.name for node in ast.walk(tree)
                    if isinstance(node, ast.ImportFrom) and node.module == "bot.storage.models"
                    for alias in node.names if alias.name in classes}
        wrong += [f"{name}:{node.lineno} makes a {node.func.id}" for node in ast.walk(tree)
                  if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id in imported]
    assert not wrong, "rows made outside bot/storage:\n" + "\n".join(wrong)
