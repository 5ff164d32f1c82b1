"""Where the bench data lives: the default databases, making them, and the marker row that
says which seed version and scale a database holds (so a second run does nothing)."""

from __future__ import annotations

import json
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

from community.benchdata import SEED_VERSION
from config import INSTANCE_DIR

BENCH_DIR = INSTANCE_DIR / "bench"
POSTGRES_SERVER = "postgresql+psycopg://postgres@127.0.0.1"
# Not a model: Alembic and the app never see it, so the schema stays the app's own.
MARKER = sa.Table(
    "bench_seed", sa.MetaData(),
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("version", sa.Integer, nullable=False),
    sa.Column("scale", sa.Float, nullable=False),
    sa.Column("manifest", sa.Text, nullable=False),
)


def default_url(backend: str, name: str) -> str:
    if backend == "postgresql":
        return f"{POSTGRES_SERVER}/icommunity_bench_{name.replace('-', '_').replace('.', '_')}"
    return f"sqlite:///{BENCH_DIR / f'{name}.sqlite'}"


def backend_of(url: str) -> str:
    return make_url(url).get_backend_name()


def create_database(url: str) -> None:
    """Make the SQLite file's folder, or the PostgreSQL database if it is missing."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).parent.mkdir(parents=True, exist_ok=True)
        return
    server = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with server.connect() as connection:
        exists = connection.scalar(sa.text("SELECT 1 FROM pg_database WHERE datname = :name"),
                                   {"name": parsed.database})
        if not exists:
            connection.exec_driver_sql(f'CREATE DATABASE "{parsed.database}"')
    server.dispose()


def empty_database(engine: sa.Engine) -> None:
    """Remove everything, tables of older app versions included (a rebuild starts clean)."""
    if engine.dialect.name == "postgresql":
        with engine.begin() as connection:
            connection.exec_driver_sql("DROP SCHEMA public CASCADE")
            connection.exec_driver_sql("CREATE SCHEMA public")
        return
    engine.dispose()
    Path(engine.url.database).unlink(missing_ok=True)


def holds_other_data(url: str) -> bool:
    """True for a database with the app's tables but no seed marker table: someone's real data
    (the seed creates that table before anything else, so an interrupted seed has it)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            inspector = sa.inspect(connection)
            return inspector.has_table("users") and not inspector.has_table(MARKER.name)
    finally:
        engine.dispose()


def claim(engine: sa.Engine) -> None:
    """Mark the database as the bench's before seeding it (see `holds_other_data`)."""
    MARKER.create(engine, checkfirst=True)


def read_marker(url: str) -> dict | None:
    """The manifest of the seed this database holds, or None (empty, or interrupted)."""
    engine = sa.create_engine(url)
    try:
        with engine.connect() as connection:
            if not sa.inspect(connection).has_table(MARKER.name):
                return None
            row = connection.execute(sa.select(MARKER)).first()
    finally:
        engine.dispose()
    return None if row is None else {"version": row.version, "scale": row.scale,
                                     "manifest": json.loads(row.manifest)}


def is_cached(marker: dict | None, scale: float) -> bool:
    return marker is not None and marker["version"] == SEED_VERSION and marker["scale"] == scale


def write_marker(connection: sa.Connection, scale: float, manifest: dict) -> None:
    MARKER.create(connection, checkfirst=True)
    connection.execute(MARKER.delete())
    connection.execute(MARKER.insert().values(id=1, version=SEED_VERSION, scale=scale,
                                              manifest=json.dumps(manifest, default=str)))


def manifest_path(name: str, backend: str) -> Path:
    return BENCH_DIR / f"{name}-{backend}.json"

