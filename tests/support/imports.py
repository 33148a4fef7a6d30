"""The project's import graph, read from the source: every import, those inside functions too.

Imports under ``if TYPE_CHECKING:`` never run; they are marked ``typing_only``, the layering
rules count them (a type still ties one layer to another) and the import graph leaves them out.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RUNTIME = ("bot", "dialogues", "storage", "privacy", "safety", "review", "language")
CODE = (*RUNTIME, "tools")


@dataclass(frozen=True, slots=True)
class Import:
    """One imported name: the module it is in, the module it comes from, the name, the line.

    ``target`` is the module imported (``from a.b import c`` gives ``a.b.c`` when that is a
    module, else ``a.b`` with ``name`` ``c``); ``name`` is empty for a plain ``import``.
    """

    module: str
    target: str
    line: int
    name: str = ""
    typing_only: bool = False

    def __str__(self) -> str:
        what = f"{self.target}.{self.name}" if self.name else self.target
        where = " (under TYPE_CHECKING)" if self.typing_only else ""
        return f"{self.module} line {self.line} imports {what}{where}"


def module_name(path: Path, root: Path = ROOT) -> str:
    """``bot/services/leads.py`` -> ``bot.services.leads`` (a package's ``__init__`` by name)."""
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(packages: tuple[str, ...] = CODE, root: Path = ROOT) -> dict[str, Path]:
    """Every module of ``packages`` under ``root``, by dotted name."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((root / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[module_name(path, root)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST, typing_only: bool = False) -> Iterator[tuple[ast.AST, bool]]:
    """Every node below ``node``, each with whether it sits under ``if TYPE_CHECKING:``."""
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child):
            for branch, flag in ((child.body, True), (child.orelse, typing_only)):
                for statement in branch:
                    yield statement, flag
                    yield from _walk(statement, flag)
            continue
        yield child, typing_only
        yield from _walk(child, typing_only)


def imports_of(name: str, path: Path, known: dict[str, Path], typing: bool = False) -> list[Import]:
    """What module ``name`` imports at run time (and for type checking too, with ``typing``).

    Names are resolved to modules where they are modules; relative imports are made absolute.
    """
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node, typing_only in _walk(tree):
        if typing_only and not typing:
            continue
        if isinstance(node, ast.Import):
            found.extend(
                Import(name, alias.name, node.lineno, typing_only=typing_only)
                for alias in node.names
            )
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in known:
                    found.append(Import(name, full, node.lineno, typing_only=typing_only))
                else:
                    found.append(Import(name, base, node.lineno, alias.name, typing_only))
    return found


def graph(packages: tuple[str, ...] = CODE) -> dict[str, set[str]]:
    """Module -> the project modules it imports when it runs (TYPE_CHECKING left out)."""
    return graph_of(modules(packages))


def graph_of(known: dict[str, Path]) -> dict[str, set[str]]:
    """The run-time import graph among the modules of ``known``."""
    edges: dict[str, set[str]] = {name: set() for name in known}
    for name, path in known.items():
        for item in imports_of(name, path, known):
            if item.target in known and item.target != name:
                edges[name].add(item.target)
    return edges


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan's algorithm)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    groups: list[list[str]] = []
    counter = 0

    def visit(node: str) -> None:
        nonlocal counter
        index[node] = low[node] = counter
        counter += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            group = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                group.append(top)
                if top == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return groups
