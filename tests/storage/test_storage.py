"""Storage on real databases: the privacy seam, migrations, WAL, day-only dates."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text

from dialogues import SessionState
from privacy import AnonymisedText, BasicAnonymiser
from storage import NewReflection, Store, make_engine, upgrade
from storage.models import Base


def test_migrations_build_exactly_the_models(store: Store) -> None:
    with store.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        assert compare_metadata(context, Base.metadata) == []


def test_sqlite_runs_in_wal_mode(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'w.db'}")
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
    engine.dispose()


def test_free_text_column_refuses_plain_strings(store: Store) -> None:
    with store.unit() as unit:
        participant = unit.participant("k" * 64)
        stored = unit.create_session(participant.id, "terminal", SessionState("staff", "v", "x"))
    raw = "ring 07700 900123"
    with pytest.raises(Exception, match="AnonymisedText"), store.unit() as unit:
        unit.add_reflections(stored, "staff", [NewReflection("enquire", "q", raw)])  # type: ignore[arg-type]
    with store.unit() as unit:
        assert unit.reflections() == []


def test_saved_text_is_the_anonymised_text_and_dates_are_days(store: Store) -> None:
    anonymised = BasicAnonymiser().anonymise("ring 07700 900123 later")
    with store.unit() as unit:
        participant = unit.participant("p" * 64)
        stored = unit.create_session(participant.id, "terminal", SessionState("staff", "v", "x"))
        unit.add_reflections(stored, "staff", [NewReflection("enquire", "went_well", anonymised)])
    with store.unit() as unit:
        (row,) = unit.reflections()
    assert row["text"] == "ring [phone] later"
    assert type(row["answered_on"]) is date
    with store.engine.connect() as connection:
        dumped = " ".join(
            str(v) for r in connection.execute(text("SELECT * FROM reflections")) for v in r
        )
    assert "07700" not in dumped


def test_participants_table_holds_no_raw_identity(store: Store) -> None:
    columns = {c["name"] for c in inspect(store.engine).get_columns("participants")}
    assert columns == {
        "id",
        "key",
        "created_on",
        "consented_on",
        "reminders_off",
        "last_reminded_at",
    }


def test_an_update_is_recorded_once(store: Store) -> None:
    with store.unit() as unit:
        assert unit.first_time("telegram", 1001)
    with store.unit() as unit:
        assert not unit.first_time("telegram", 1001)
        assert unit.first_time("telegram", 1002)


def test_anonymised_text_round_trips(store: Store) -> None:
    with store.unit() as unit:
        participant = unit.participant("r" * 64)
        stored = unit.create_session(participant.id, "terminal", SessionState("staff", "v", "x"))
        unit.add_reflections(
            stored,
            "staff",
            [NewReflection("empathy", "next_time", AnonymisedText("a [name 1] idea"))],
        )
    with store.unit() as unit:
        assert unit.reflections()[0]["text"] == "a [name 1] idea"


def test_handled_updates_survive_the_move_to_a_table_without_rowid(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    upgrade(engine, "0004")
    with engine.begin() as connection:
        connection.exec_driver_sql(
            "INSERT INTO processed_updates VALUES ('telegram', 41, '2026-11-30')"
        )
    upgrade(engine)
    store = Store(engine)
    with store.unit() as unit:
        assert not unit.first_time("telegram", 41)  # handled before the upgrade
        assert unit.first_time("telegram", 42)
    with engine.connect() as connection:
        sql = connection.exec_driver_sql(
            "SELECT sql FROM sqlite_master WHERE name = 'processed_updates'"
        ).scalar()
    assert "WITHOUT ROWID" in str(sql)
    engine.dispose()


class Refused(Exception):
    """Raised inside a unit of work, as a failing turn would."""


def test_writes_share_one_kept_connection_on_sqlite_and_none_on_a_server(store: Store) -> None:
    pool = store.engine.pool
    with store.unit() as unit:
        unit.first_time("telegram", 1)
    kept = 1 if store.local else 0  # SQLite keeps the last write's connection; PostgreSQL none
    assert pool.checkedout() == kept
    for number in range(2, 12):
        with store.unit() as unit:
            unit.first_time("telegram", number)
    assert pool.checkedout() == kept
    for _ in range(3):
        with store.read() as unit:
            assert unit.find_participant("nobody") is None
    assert pool.checkedout() == 2 * kept  # and one for reads
    store.close()
    assert pool.checkedout() == 0
    with store.unit() as unit:  # still usable after close()
        assert not unit.first_time("telegram", 11)


def test_a_failed_read_keeps_nothing(store: Store) -> None:
    with pytest.raises(Refused), store.read() as unit:
        unit.find_participant("nobody")
        raise Refused
    assert store.engine.pool.checkedout() == 0


def test_a_failed_write_keeps_nothing_and_the_next_one_works(store: Store) -> None:
    with pytest.raises(Refused), store.unit() as unit:
        unit.first_time("telegram", 7)
        raise Refused
    assert store.engine.pool.checkedout() == 0  # the connection of a failed write is let go
    with store.unit() as unit:
        assert unit.first_time("telegram", 7)  # the failed write was rolled back
    with store.unit() as unit:
        assert not unit.first_time("telegram", 7)


def test_the_background_checkpoint_gives_way_to_a_reader_and_is_owed_until_it_runs(
    tmp_path: Path,
) -> None:
    database = tmp_path / "w.db"
    engine = make_engine(f"sqlite:///{database}")
    upgrade(engine)
    store = Store(engine, scrub_pauses=(0.01, 0.01))
    with store.unit() as unit:
        unit.participant("k" * 64)
    wal = tmp_path / "w.db-wal"
    assert wal.stat().st_size > 0
    # Another process's reader, in the middle of a read: a TRUNCATE checkpoint must wait for it.
    reader = sqlite3.connect(database, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM participants").fetchall()
    store.scrub_soon()
    assert not store.scrubbed(timeout=10)  # it gave up for now, without an error
    assert store.scrub_owed
    with store.unit() as unit:  # and turns go on meanwhile
        unit.participant("m" * 64)
    assert store.scrub_if_owed() is False  # still held: still owed
    reader.execute("COMMIT")
    reader.close()
    assert store.scrub_if_owed()
    assert not store.scrub_owed
    assert wal.stat().st_size == 0
    store.close()
    engine.dispose()
