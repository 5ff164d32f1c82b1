"""The demo loaded once per database and copied into each test that reads it: `load_demo()` takes
about a second, copying its rows a few milliseconds. The tests of loading itself (a second load
adds nothing, the CLI command) still call the loader."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from community import create_app
from community.demo import load_demo
from community.extensions import db
from community.search.schema import FTS_TABLE
from tests.conftest import empty_database, make_config

SNAPSHOT = "demo_snapshot"  # a schema on PostgreSQL, an attached database file on SQLite


def sorted_tables() -> list[sa.Table]:
    return list(db.metadata.sorted_tables)


def copy_tables(source: str, target: str) -> None:
    """Every row of the `source` schema's tables into `target`'s, parents first."""
    for table in sorted_tables():
        db.session.execute(sa.text(
            f'INSERT INTO {target}."{table.name}" SELECT * FROM {source}."{table.name}"'))


def take_postgres_snapshot() -> list[tuple[str, int]]:
    """Copy the tables into the snapshot schema; the sequences' values to restore."""
    db.session.execute(sa.text(f"CREATE SCHEMA {SNAPSHOT}"))
    for table in sorted_tables():
        db.session.execute(sa.text(
            f'CREATE TABLE {SNAPSHOT}."{table.name}" AS TABLE public."{table.name}"'))
    return db.session.execute(sa.text(
        "SELECT sequencename, last_value FROM pg_sequences "
        "WHERE schemaname = current_schema() AND last_value IS NOT NULL")).all()


@pytest.fixture(scope="session")
def demo_snapshot(database_url, tmp_path_factory):
    """Load the demo into the empty test database, keep a copy, and empty the database again."""
    folder = tmp_path_factory.mktemp("demo")
    app = create_app(make_config(database_url, folder))
    with app.app_context():
        load_demo()
        db.session.commit()
        if db.engine.dialect.name == "sqlite":
            copy = folder / "demo.db"
            with db.engine.connect() as connection:
                connection.exec_driver_sql("VACUUM INTO ?", (str(copy),))
            snapshot = {"file": str(copy)}
            db.session.execute(sa.text(f"DELETE FROM {FTS_TABLE}"))
        else:
            snapshot = {"sequences": take_postgres_snapshot()}
        db.session.commit()
        empty_database()
        db.session.remove()
        db.engine.dispose()
    return snapshot


def restore(snapshot: dict) -> None:
    if "file" in snapshot:
        db.session.execute(sa.text(f"ATTACH DATABASE :file AS {SNAPSHOT}"), snapshot)
        copy_tables(SNAPSHOT, "main")
        db.session.execute(sa.text(f"DELETE FROM {FTS_TABLE}"))  # a previous test's index
        db.session.execute(sa.text(
            f"INSERT INTO main.{FTS_TABLE} (rowid, title, body) "
            f"SELECT rowid, title, body FROM {SNAPSHOT}.{FTS_TABLE}"))
        db.session.commit()
        db.session.execute(sa.text(f"DETACH DATABASE {SNAPSHOT}"))
    else:
        copy_tables(SNAPSHOT, "public")
        for sequence, value in snapshot["sequences"]:
            db.session.execute(sa.text("SELECT setval(:sequence, :value)"),
                               {"sequence": sequence, "value": value})
        db.session.commit()


@pytest.fixture
def demo(app, demo_snapshot) -> None:
    """The database as `load_demo()` leaves it (copied from the first load of this run)."""
    restore(demo_snapshot)
