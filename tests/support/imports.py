"""The project's import graph, read from the source (every import, those inside functions too;
only ``if TYPE_CHECKING:`` blocks are left out, since they never run)."""

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
    """One import statement: the module it is in, what it names, and its line."""

    module: str
    target: str
    line: int


def module_name(path: Path) -> str:
    """``bot/services/leads.py`` -> ``bot.services.leads`` (a package's ``__init__`` by name)."""
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def modules(packages: tuple[str, ...] = CODE) -> dict[str, Path]:
    """Every module of ``packages``, by dotted name."""
    found: dict[str, Path] = {}
    for package in packages:
        for path in sorted((ROOT / package).rglob("*.py")):
            if "__pycache__" not in path.parts:
                found[module_name(path)] = path
    return found


def _type_checking(node: ast.If) -> bool:
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _walk(node: ast.AST) -> Iterator[ast.AST]:
    for child in ast.iter_child_nodes(node):
        if isinstance(child, ast.If) and _type_checking(child):
            yield from (n for branch in child.orelse for n in _walk_node(branch))
            continue
        yield child
        yield from _walk(child)


def _walk_node(node: ast.AST) -> Iterator[ast.AST]:
    yield node
    yield from _walk(node)


def imports_of(name: str, path: Path, known: dict[str, Path]) -> list[Import]:
    """What module ``name`` imports at run time, resolved to modules where they are modules."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: list[Import] = []
    for node in _walk(tree):
        if isinstance(node, ast.Import):
            found.extend(Import(name, alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, base] if base else anchor)
            for alias in node.names:
                full = f"{base}.{alias.name}"
                found.append(Import(name, full if full in known else base, node.lineno))
    return found


def graph(packages: tuple[str, ...] = CODE) -> dict[str, set[str]]:
    """Module -> the project modules it imports."""
    known = modules(packages)
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
