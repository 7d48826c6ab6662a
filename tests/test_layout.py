"""The house rules of the code's layout, checked on every file of the packages.

Floors, from the ground up: ``hmic_actions`` (settings, logs, vocabularies) → ``extractor`` and
``matching`` (pure, and independent of each other) → ``models`` → ``worker`` → ``api`` →
``cli``. A file imports only its own floor and the floors below; no files import each other
in a loop, counting imports made inside functions too.
"""

from __future__ import annotations

import ast
import importlib.metadata
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FLOORS = {"hmic_actions": 0, "extractor": 1, "matching": 1, "models": 2, "worker": 3, "api": 4,
          "cli": 5}
PURE = ("extractor", "matching")
# What a pure package may not use: databases, queues, the web.
NOT_PURE = ("sqlalchemy", "alembic", "psycopg", "flask", "flask_smorest", "werkzeug", "celery",
            "kombu", "redis", "waitress", "gunicorn")


def modules() -> dict[str, Path]:
    """Every module of the installed packages, by dotted name."""
    found = {}
    for package in FLOORS:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "migrations" in path.parts and "versions" in path.parts:
                continue  # a revision is frozen history: it imports alembic and nothing else
            parts = path.relative_to(ROOT).with_suffix("").parts
            name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
            found[name] = path
    return found


MODULES = modules()


def imports_of(name: str, path: Path) -> Iterator[tuple[str, int]]:
    """(module imported, line) for every import in the file, inside functions too."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name, node.lineno
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                # "from models.ops import drafts" imports the module models.ops.drafts
                full = f"{base}.{alias.name}"
                yield (full if full in MODULES else base), node.lineno


def project_edges() -> dict[str, set[str]]:
    edges: dict[str, set[str]] = {name: set() for name in MODULES}
    for name, path in MODULES.items():
        for target, _line in imports_of(name, path):
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                edges[name].add(target)
    return edges


def floor_of(name: str) -> int:
    return FLOORS[name.split(".")[0]]


def test_every_import_points_down_or_level() -> None:
    upward = []
    for name, path in MODULES.items():
        for target, line in imports_of(name, path):
            top = target.split(".")[0]
            if top in FLOORS and floor_of(target) > floor_of(name):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert upward == []


def test_the_pure_packages_are_pure_and_apart() -> None:
    found = []
    for name, path in MODULES.items():
        top = name.split(".")[0]
        if top not in PURE:
            continue
        for target, line in imports_of(name, path):
            first = target.split(".")[0]
            if first in NOT_PURE or (first in PURE and first != top):
                found.append(f"{path.relative_to(ROOT)}:{line} imports {target}")
    assert found == []


def test_no_files_import_each_other_in_a_loop() -> None:
    edges = project_edges()
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    loops: list[list[str]] = []

    def visit(node: str) -> None:  # Tarjan's strongly connected components
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges[node]):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                loops.append(sorted(component))

    for name in sorted(edges):
        if name not in index:
            visit(name)
    assert loops == []


def test_the_check_sees_the_imports() -> None:
    # The rules above are only as good as the import reading: it must see a known import
    # inside a function and resolve "from package import module".
    edges = project_edges()
    assert "models.ops.drafts" in edges["api.review"]
    assert "worker.tasks" in edges["cli.service"]  # imported inside a function
    assert "hmic_actions.settings" in edges["extractor.guard"]


def test_no_other_installed_distribution_claims_the_project_names() -> None:
    # The packages install under these plain top-level names (see the README's Layout): a
    # dependency that brought a package of the same name would shadow one of them.
    owners = importlib.metadata.packages_distributions()
    clashes = {name: owners[name] for name in FLOORS
               if name in owners and set(owners[name]) != {"hmic-actions"}}
    assert clashes == {}


@pytest.mark.parametrize("package", sorted(FLOORS))
def test_each_package_says_what_it_is(package: str) -> None:
    tree = ast.parse((ROOT / package / "__init__.py").read_text("utf-8"))
    assert ast.get_docstring(tree), f"{package}/__init__.py has no docstring"
