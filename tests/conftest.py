"""Shared fixtures: the real scripts, a real engine, and real databases (SQLite, PostgreSQL)."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from bot.services.conversation import Conversations
from bot.services.safeguard import Safeguard
from dialogues import Engine, Output, ScriptLibrary, UiTexts, read_source, script_paths
from privacy import Anonymiser
from safety import RiskDetector, load_support_resources
from storage import Store, make_engine, upgrade
from tests.support.safety import TEST_PLACEHOLDER_KEY, terminal_words

POSTGRES_URL_ENV = "REFLECT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"


@pytest.fixture(scope="session")
def library() -> ScriptLibrary:
    """The built-in scripts, validated."""
    return ScriptLibrary(read_source(p) for p in script_paths())


@pytest.fixture(scope="session")
def support() -> dict[str, object]:
    """The built-in support resources, as the engine renders them."""
    return {"resources": load_support_resources("en").resources}


@pytest.fixture(scope="session")
def anonymiser() -> Anonymiser:
    """The layered anonymiser with its name model, loaded once for the whole run."""
    return Anonymiser()


@pytest.fixture(scope="session")
def safeguard() -> Safeguard:
    """The safety net as the bot runs it: the packaged risk detector."""
    return Safeguard(RiskDetector())


@pytest.fixture
def engine(support: dict[str, object], anonymiser: Anonymiser) -> Engine:
    """The engine as `reflect chat` builds it: terminal output, anonymiser, support resources."""
    return Engine(
        UiTexts(Output.TERMINAL),
        anonymiser,
        support=support,
        placeholder_key=TEST_PLACEHOLDER_KEY,
        words=terminal_words(),
    )


def _postgres_url() -> str | None:
    url = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
    try:
        probe = create_engine(url, connect_args={"connect_timeout": 2})
        with probe.connect():
            pass
        probe.dispose()
    except Exception:  # any failure to connect means: no PostgreSQL here
        if os.environ.get("REFLECT_REQUIRE_POSTGRES") == "1":
            raise
        return None
    return url


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """A reachable PostgreSQL URL, or skip with the reason."""
    url = _postgres_url()
    if url is None:
        pytest.skip(
            f"PostgreSQL not reachable (set {POSTGRES_URL_ENV}; .ci/run starts and requires it)"
        )
    return url


def _fresh_postgres(server_url: str) -> Iterator[str]:
    # Each test gets its own schema-free database so tests cannot see each other's rows.
    name = f"reflect_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture
def postgres_database(postgres_server: str) -> Iterator[str]:
    """A fresh PostgreSQL database with no tables at all."""
    yield from _fresh_postgres(postgres_server)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A fresh, empty database on each engine: a SQLite file, and PostgreSQL when reachable."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'reflect.db'}"
        return
    server = request.getfixturevalue("postgres_server")
    yield from _fresh_postgres(server)


@pytest.fixture
def store(database_url: str) -> Iterator[Store]:
    """A migrated database."""
    db = make_engine(database_url)
    upgrade(db)
    kept = Store(db)
    yield kept
    kept.close()
    db.dispose()


@pytest.fixture
def conversations(
    store: Store, library: ScriptLibrary, engine: Engine, safeguard: Safeguard
) -> Conversations:
    """The terminal conversation service on a real database."""
    return Conversations(store, library, engine, "terminal", safeguard=safeguard)


@pytest.fixture(autouse=True)
def _collect_after() -> Iterator[None]:
    """Collect garbage after each test, so a connection left open fails the test that left it."""
    yield
    import gc

    gc.collect()
