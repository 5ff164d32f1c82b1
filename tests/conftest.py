"""Shared fixtures. Every test that uses `app` runs twice: on SQLite and on PostgreSQL (a fresh
database per test run and worker). PostgreSQL, Redis and Chromium tests are skipped with a clear
reason when those are missing, except under CI, where a missing service fails the run."""

from __future__ import annotations

import os
import sqlite3
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from community import create_app
from community.extensions import db, socketio
from config import TestingConfig
from tests import app_caches
from tests.factories import make_token

app_caches.install()  # every test builds an app: compile its URL builders and templates once

POSTGRES_ADMIN_URL = os.environ.get(
    "TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
IN_CI = os.environ.get("CI", "").lower() in {"1", "true", "yes"}
BACKENDS = [b for b in os.environ.get("TEST_BACKENDS", "sqlite,postgresql").split(",") if b]


def pytest_collection_modifyitems(config, items) -> None:
    """Tests marked `postgres_only` (several server processes sharing one database) are not
    collected for SQLite at all, rather than skipped."""
    keep, drop = [], []
    for item in items:
        backend = getattr(getattr(item, "callspec", None), "params", {}).get("database_url")
        if backend == "sqlite" and item.get_closest_marker("postgres_only"):
            drop.append(item)
        else:
            keep.append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def unavailable(reason: str) -> None:
    """Skip a test whose service is missing, or fail it under CI where nothing may be skipped."""
    if IN_CI:
        pytest.fail(f"{reason} (CI requires it)")
    pytest.skip(reason)


def postgres_reachable() -> bool:
    try:
        engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
        with engine.connect():
            pass
        engine.dispose()
        return True
    except Exception:
        return False


def create_postgres_database(worker: str) -> str:
    """A throw-away database whose commits do not wait for the disk (about 10 ms each
    otherwise): a crash loses only test rows, and what a transaction sees is unchanged."""
    name = f"community_test_{worker}_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
        conn.execute(sa.text(f'ALTER DATABASE "{name}" SET synchronous_commit = off'))
    engine.dispose()
    return POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + "/" + name


def drop_postgres_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    engine = sa.create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    engine.dispose()


@sa.event.listens_for(sa.engine.Engine, "connect")
def sqlite_without_fsync(dbapi_connection, _record) -> None:
    """The test databases are throw-away files: a commit need not wait for the disk (about
    25 ms each otherwise). Locking and what a transaction sees are unchanged."""
    if isinstance(dbapi_connection, sqlite3.Connection):
        dbapi_connection.execute("PRAGMA synchronous = OFF")


@pytest.fixture(scope="session", params=BACKENDS)
def database_url(request, tmp_path_factory):
    """One fresh database per backend for this run; the schema is made once from the models."""
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('sqlite') / 'test.db'}"
    else:
        if not postgres_reachable():
            unavailable(f"PostgreSQL is not reachable at {POSTGRES_ADMIN_URL}")
        url = create_postgres_database(worker)
    app = create_app(make_config(url, tmp_path_factory.mktemp("schema")))
    with app.app_context():
        db.create_all()
        from community.search.schema import ensure_search_schema

        with db.engine.begin() as connection:
            ensure_search_schema(connection)
        db.engine.dispose()
    yield url
    if request.param == "postgresql":
        drop_postgres_database(url)


def make_config(url: str, folder: Path, **overrides) -> TestingConfig:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.UPLOAD_FOLDER = str(folder / "uploads")
    config.MAIL_OUTBOX = str(folder / "outbox")
    for key, value in overrides.items():
        setattr(config, key, value)
    return config


def empty_database() -> None:
    """Remove every row so the next test starts clean; much faster than re-creating tables.
    DELETE, not TRUNCATE: on PostgreSQL a TRUNCATE of every table costs about half a second per
    test and takes ACCESS EXCLUSIVE locks (deadlocks with a live server still answering), while
    deleting a test's few rows takes milliseconds. Ids restart at 1 on both backends."""
    for table in reversed(db.metadata.sorted_tables):
        db.session.execute(table.delete())
    if db.engine.dialect.name == "postgresql":
        db.session.execute(sa.text(
            "SELECT setval(c.oid::regclass, 1, false) FROM pg_class c "
            "WHERE c.relkind = 'S' AND c.relnamespace = current_schema()::regnamespace"))
    db.session.commit()


@pytest.fixture
def config_overrides() -> dict:
    """Override in a test module (or parametrize) to change the app's configuration."""
    return {}


@pytest.fixture
def app(database_url, tmp_path, config_overrides):
    app = create_app(make_config(database_url, tmp_path, **config_overrides))
    with app.app_context():
        yield app
        wait_for_unread_rounds(app)
        db.session.rollback()
        empty_database()
        db.session.remove()
        db.engine.dispose()


def wait_for_unread_rounds(app) -> None:
    """Let the chat's background `unread` round finish before the test's rows go."""
    from community.chat.unread import ANNOUNCER

    announcer = app.extensions.get(ANNOUNCER)
    if announcer is not None:
        announcer.wait()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


class QueryCounter:
    """Counts the SQL statements this thread runs inside a `with` block (not those of
    background tasks, such as the chat's `unread` rounds)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.thread = threading.get_ident()
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if threading.get_ident() == self.thread:
            self.statements.append(statement)

    @property
    def count(self) -> int:
        return len(self.statements)

    def __enter__(self) -> QueryCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)


@pytest.fixture
def count_queries(app):
    """`with count_queries() as q: ...; q.count` — the number of SQL statements run."""
    return lambda: QueryCounter(db.engine)


@pytest.fixture
def outbox(app) -> Path:
    """The folder mails are written to when no SMTP server is configured."""
    return Path(app.config["MAIL_OUTBOX"])



@pytest.fixture
def sio(app):
    """`sio(user)`: a connected Flask-SocketIO test client authenticated with an API token
    (`sio(flask_client=c)` uses the session cookie of a signed-in test client instead)."""
    clients = []

    def connect(user=None, flask_client=None, auth=None, **kwargs):
        if user is not None:
            auth = {"token": make_token(user)}
        client = socketio.test_client(app, auth=auth, flask_test_client=flask_client, **kwargs)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


def events(client, name: str) -> list:
    """The payloads of every `name` event a Socket.IO test client received since the last
    call (reading them empties the client's queue)."""
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


from tests.factories import *  # noqa: E402,F401,F403  (role fixtures and the auth helper)
