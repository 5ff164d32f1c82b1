"""/healthz and /readyz: what a load balancer and systemd see when a dependency is down."""

from __future__ import annotations

import logging
import socket
import time

import pytest
import redis

from community import create_app, health
from tests.conftest import make_config, unavailable


def closed_port() -> int:
    """A port nothing listens on: bound by the OS to be free, then released."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def unreachable_database(database_url: str, folder) -> str:
    """A URL of the same backend that cannot be opened, with a password that must not show."""
    if database_url.startswith("sqlite"):
        return f"sqlite:///{folder / 'missing' / 'nowhere.db'}"
    return f"postgresql+psycopg://postgres:s3cret@127.0.0.1:{closed_port()}/nowhere"


@pytest.fixture
def broken_app(database_url, tmp_path):
    """An app whose database cannot be reached (never the shared test database)."""
    url = unreachable_database(database_url, tmp_path)
    app = create_app(make_config(url, tmp_path))
    yield app
    with app.app_context():
        from community.extensions import db

        db.engine.dispose()


def test_healthz_answers_without_touching_the_database(client, count_queries):
    with count_queries() as queries:
        response = client.get("/healthz")
    assert (response.status_code, queries.count) == (200, 0)


def test_healthz_sets_no_cookie(client):
    assert "Set-Cookie" not in client.get("/healthz").headers


def test_readyz_is_ok_when_every_check_passes(client):
    response = client.get("/readyz")
    assert (response.status_code, response.json["checks"]["database"],
            set(response.json["checks"].values())) == (200, "ok", {"ok"})


def test_readyz_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/readyz")
    assert ("Set-Cookie" not in response.headers,
            response.headers["Cache-Control"]) == (True, "no-store")


def test_readyz_names_the_database_when_it_is_unreachable(broken_app):
    response = broken_app.test_client().get("/readyz")
    assert (response.status_code, response.json["checks"]["database"] != "ok") == (503, True)


def test_readyz_never_shows_the_database_password(broken_app):
    assert "s3cret" not in broken_app.test_client().get("/readyz").get_data(as_text=True)


def test_readyz_names_redis_when_it_is_configured_but_unreachable(app, client):
    app.config["REDIS_URL"] = f"redis://:s3cret@127.0.0.1:{closed_port()}/0"
    response = client.get("/readyz")
    assert (response.status_code, response.json["checks"]["database"],
            response.json["checks"]["redis"] != "ok") == (503, "ok", True)


def test_readyz_checks_redis_when_it_is_configured_and_reachable(app, client):
    url = "redis://127.0.0.1:6379/0"
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        unavailable("Redis is not reachable at 127.0.0.1:6379")
    app.config["SOCKETIO_MESSAGE_QUEUE"] = url
    assert client.get("/readyz").json["checks"]["redis"] == "ok"


def test_readyz_leaves_redis_out_when_it_is_not_configured(client):
    assert "redis" not in client.get("/readyz").json["checks"]


def test_readyz_gives_up_on_a_check_that_hangs(client, monkeypatch):
    monkeypatch.setattr(health, "CHECK_TIMEOUT_SECONDS", 0.2)
    monkeypatch.setitem(health.CHECKS, "slow", health.Check(lambda: time.sleep(1)))
    started = time.monotonic()
    response = client.get("/readyz")
    assert (response.status_code, response.json["checks"]["slow"],
            time.monotonic() - started < 0.9) == (503, "timed out", True)


def test_short_message_hides_credentials():
    error = RuntimeError("cannot reach redis://user:pw1@host:6379 (host=db password=pw2)\nmore")
    assert health.short_message(error) == (
        "cannot reach redis://***@host:6379 (host=db password=***")


@pytest.mark.parametrize(("line", "shown"), [
    ('127.0.0.1 - - [01/Dec/2026 10:00:00] "GET /healthz HTTP/1.1" 200 -', False),
    ('127.0.0.1 - - [01/Dec/2026 10:00:00] "GET /readyz HTTP/1.1" 503 -', True),
    ('127.0.0.1 - - [01/Dec/2026 10:00:00] "GET /forums HTTP/1.1" 200 -', True),
])
def test_access_log_drops_only_successful_probes(line, shown):
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, line, None, None)
    assert health.QuietProbes().filter(record) is shown
