"""The layers of docs/architecture.md hold, read from the source with ``ast``.

Every import counts: at the top of a module, inside a function, and under ``if TYPE_CHECKING:``
(a type still ties one layer to another). Only the import graph, which asks whether modules
import each other in a circle when they run, leaves the TYPE_CHECKING ones out. Each failure
names the module, the line and what it imports.
"""

from __future__ import annotations

import ast
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.support.imports import CODE, ROOT, RUNTIME, Import, cycles, graph_of, imports_of, modules

MAX_LINES = 400
# The lead engineer's review/ modules are exempt from the length rule while they are reworked.
LONG_ALLOWED = ("review",)
RESEARCH_WORDS = re.compile(r"^(eval|evaluate|evaluation|train|training|trainer|synthetic)$")
RESEARCH_EXEMPT: set[str] = set()


def within(name: str, prefixes: Iterable[str]) -> bool:
    """Whether dotted ``name`` is one of ``prefixes`` or inside one of them."""
    return any(name == prefix or name.startswith(prefix + ".") for prefix in prefixes)


@dataclass(frozen=True, slots=True)
class Forbid:
    """Modules under ``where`` import nothing under ``banned``."""

    where: str
    banned: tuple[str, ...]
    why: str


@dataclass(frozen=True, slots=True)
class OnlyFrom:
    """What modules under ``where`` take from ``package``: these modules, and from its root
    only these names."""

    where: str
    package: str
    allowed: frozenset[str]
    root_names: frozenset[str]
    why: str


ENTRY = ("bot.app", "bot.cli", "bot.commands")
MODELS = ("privacy", "safety", "review", "language")
FORBID = (
    Forbid("dialogues", ("telegram", "sqlalchemy", "alembic", "bot", "storage"), "engine is pure"),
    Forbid("storage", ("bot", "telegram"), "storage serves the services and knows no channel"),
    Forbid(
        "bot.channels",
        ("storage", "sqlalchemy", "alembic", *MODELS, *ENTRY),
        "channels reach stores, the database and models only through services",
    ),
    Forbid(
        "bot.services",
        ("telegram", "bot.channels", *ENTRY),
        "services serve every channel and know none",
    ),
    *(
        Forbid(package, ("tools", "tests", "bench"), "research and test code is not installed")
        for package in RUNTIME
    ),
)
ONLY_FROM = (
    # Storage keeps the session state and the script versions it was started on, nothing else.
    OnlyFrom(
        "storage",
        "dialogues",
        frozenset({"dialogues"}),
        frozenset({"ScriptSource", "SessionState"}),
        "storage takes the session state and script sources from the engine's front door only",
    ),
    # Channels take the engine's messages and render their own words; never the engine itself,
    # its session state or its loader.
    OnlyFrom(
        "bot.channels",
        "dialogues",
        frozenset({"dialogues", "dialogues.render", "dialogues.words"}),
        frozenset(
            {
                "Button",
                "CONTROL_CHOICES",
                "Command",
                "CompiledScript",
                "InputKind",
                "Output",
                "Reply",
                "ScriptLibrary",
                "Status",
                "UserInput",
            }
        ),
        "channels use the engine's messages, not the engine",
    ),
)
# A channel holds a service, never the store or engine behind it.
SERVICE_INSIDES = frozenset({"store", "engine"})


def every_import(known: dict[str, Path]) -> list[Import]:
    """Each import of each module in ``known``, TYPE_CHECKING ones included."""
    return [item for name, path in known.items() for item in imports_of(name, path, known, True)]


def forbidden(items: Iterable[Import], rules: Iterable[Forbid]) -> list[str]:
    """One line per import that breaks a ``Forbid`` rule."""
    rules = tuple(rules)
    return [
        f"{item}: {rule.where} must not import {banned} ({rule.why})"
        for item in items
        for rule in rules
        if within(item.module, [rule.where])
        for banned in rule.banned
        if within(item.target, [banned])
    ]


def not_allowed(items: Iterable[Import], rules: Iterable[OnlyFrom]) -> list[str]:
    """One line per import that takes more than an ``OnlyFrom`` rule allows."""
    rules = tuple(rules)
    found: list[str] = []
    for item in items:
        for rule in rules:
            if not within(item.module, [rule.where]) or not within(item.target, [rule.package]):
                continue
            if item.target not in rule.allowed:
                found.append(
                    f"{item}: {rule.where} may import from {rule.package} only "
                    f"{', '.join(sorted(rule.allowed))} ({rule.why})"
                )
            elif item.target == rule.package and item.name not in rule.root_names:
                found.append(
                    f"{item}: {rule.where} may take from {rule.package} only "
                    f"{', '.join(sorted(rule.root_names))} ({rule.why})"
                )
    return found


def reaches_inside(known: dict[str, Path], where: str) -> list[str]:
    """Uses of ``.store`` or ``.engine`` in modules under ``where``."""
    found: list[str] = []
    for name, path in known.items():
        if within(name, [where]):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            found.extend(
                f"{name} line {node.lineno} reaches .{node.attr} (channels use services only)"
                for node in ast.walk(tree)
                if isinstance(node, ast.Attribute) and node.attr in SERVICE_INSIDES
            )
    return found


def circles(known: dict[str, Path]) -> list[str]:
    """One line per group of modules that import each other in a circle when they run."""
    edges = graph_of(known)
    found: list[str] = []
    for group in cycles(edges):
        members = set(group)
        links = [
            f"{name} -> {target}" for name in group for target in sorted(edges[name] & members)
        ]
        found.append(f"import circle among {', '.join(group)}: {'; '.join(links)}")
    return found


def too_long(known: dict[str, Path], allowed: Iterable[str] = LONG_ALLOWED) -> list[str]:
    """Modules over ``MAX_LINES`` lines, outside the packages ``allowed``."""
    allowed = tuple(allowed)
    found: list[str] = []
    for name, path in known.items():
        lines = len(path.read_text(encoding="utf-8").splitlines())
        if lines > MAX_LINES and not within(name, allowed):
            found.append(f"{name} has {lines} lines (at most {MAX_LINES}: split it)")
    return found


def research(known: dict[str, Path], exempt: Iterable[str] = RESEARCH_EXEMPT) -> list[str]:
    """Runtime modules named for evaluation, training or synthetic data."""
    exempt = set(exempt)
    return [
        f"{name} is research code inside {name.split('.')[0]}/ (it belongs in tools/)"
        for name in known
        if name not in exempt
        and any(RESEARCH_WORDS.match(word) for part in name.split(".") for word in part.split("_"))
    ]


@pytest.fixture(scope="module")
def project() -> dict[str, Path]:
    known = modules(CODE)
    assert len(known) > 100
    return known


@pytest.fixture(scope="module")
def imported(project: dict[str, Path]) -> list[Import]:
    return every_import(project)


@pytest.mark.parametrize("rule", FORBID, ids=lambda rule: f"{rule.where}-{rule.banned[0]}")
def test_layers_import_nothing_they_must_not(rule: Forbid, imported: list[Import]) -> None:
    assert any(within(item.module, [rule.where]) for item in imported), rule.where
    assert forbidden(imported, [rule]) == []


@pytest.mark.parametrize("rule", ONLY_FROM, ids=lambda rule: f"{rule.where}-{rule.package}")
def test_layers_take_only_what_they_are_allowed(rule: OnlyFrom, imported: list[Import]) -> None:
    used = [
        i for i in imported if within(i.module, [rule.where]) and within(i.target, [rule.package])
    ]
    assert used, f"{rule.where} no longer imports {rule.package}: drop or tighten this rule"
    assert not_allowed(used, [rule]) == []


def test_channels_hold_services_not_their_insides(project: dict[str, Path]) -> None:
    assert reaches_inside(project, "bot.channels") == []


def test_no_import_circles(project: dict[str, Path]) -> None:
    # Across all the project's code, so within any one package too; imports inside functions
    # count, since a circle hidden in a function is still a circle.
    assert circles(project) == []


def test_no_module_is_too_long(project: dict[str, Path]) -> None:
    assert too_long(project) == []


def test_no_research_code_in_the_runtime(project: dict[str, Path]) -> None:
    runtime = {name: path for name, path in project.items() if within(name, RUNTIME)}
    assert research(runtime) == []
    assert research(modules(("tools",))), "the check should see tools/' evaluation modules"


def test_only_the_runtime_is_installed() -> None:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    include = config["tool"]["setuptools"]["packages"]["find"]["include"]
    assert sorted(include) == sorted(f"{package}*" for package in RUNTIME)


# The checks themselves, on a small invented project: each rule must see what it forbids.


def _write(root: Path, files: dict[str, str]) -> dict[str, Path]:
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return modules(tuple(sorted({relative.split("/")[0] for relative in files})), root)


def test_the_checks_see_imports_in_functions_and_type_checking(tmp_path: Path) -> None:
    known = _write(
        tmp_path,
        {
            "dialogues/__init__.py": "",
            "dialogues/turn.py": "def go():\n    import sqlalchemy.orm\n",
            "bot/__init__.py": "",
            "bot/channels/__init__.py": "",
            "bot/channels/chat.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from storage import Store\n"
                "from dialogues import Engine\n"
                "def reply(conversations):\n"
                "    return conversations.store\n"
            ),
        },
    )
    items = every_import(known)
    assert sorted(forbidden(items, FORBID)) == [
        "bot.channels.chat line 3 imports storage.Store (under TYPE_CHECKING): bot.channels "
        "must not import storage (channels reach stores, the database and models only through "
        "services)",
        "dialogues.turn line 2 imports sqlalchemy.orm: dialogues must not import sqlalchemy "
        "(engine is pure)",
    ]
    problems = not_allowed(items, ONLY_FROM)
    assert len(problems) == 1
    assert problems[0].startswith("bot.channels.chat line 4 imports dialogues.Engine:")
    assert reaches_inside(known, "bot.channels") == [
        "bot.channels.chat line 6 reaches .store (channels use services only)"
    ]


def test_the_checks_see_a_circle_hidden_in_a_function(tmp_path: Path) -> None:
    known = _write(
        tmp_path,
        {
            "review/__init__.py": "",
            "review/tagger.py": "from review.codebook import load\n",
            "review/codebook.py": "def load():\n    from review.tagger import tag\n",
            "review/report.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n"
                "    from review.charts import Chart\n"
            ),
            "review/charts.py": "from review.report import render\n",
        },
    )
    # The TYPE_CHECKING import never runs, so report and charts make no circle.
    assert circles(known) == [
        "import circle among review.codebook, review.tagger: "
        "review.codebook -> review.tagger; review.tagger -> review.codebook"
    ]


def test_the_checks_see_long_and_research_modules(tmp_path: Path) -> None:
    long_text = "x = 1\n" * (MAX_LINES + 1)
    known = _write(
        tmp_path,
        {
            "storage/big.py": long_text,
            "review/big.py": long_text,
            "safety/evaluate.py": "",
            "privacy/train_names.py": "",
            "privacy/restraint.py": "",
            "review/synthetic.py": "",
        },
    )
    assert too_long(known) == [
        f"storage.big has {MAX_LINES + 1} lines (at most {MAX_LINES}: split it)"
    ]
    assert sorted(research(known)) == [
        "privacy.train_names is research code inside privacy/ (it belongs in tools/)",
        "review.synthetic is research code inside review/ (it belongs in tools/)",
        "safety.evaluate is research code inside safety/ (it belongs in tools/)",
    ]
