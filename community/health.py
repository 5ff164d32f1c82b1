"""Liveness (`/healthz`) and readiness (`/readyz`): what nginx, a load balancer and systemd ask
to decide whether a process is alive and whether it should receive traffic."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass

import sqlalchemy as sa
from flask import Blueprint, Flask, Response, current_app, jsonify

from community.jobs import check_jobs
from community.storage import check_storage

log = logging.getLogger(__name__)

bp = Blueprint("health", __name__)

# A probe that waits longer than this says the dependency is down: a load balancer polls every
# few seconds and must not pile up requests behind a hung database.
CHECK_TIMEOUT_SECONDS = 2.0
MESSAGE_LIMIT = 200

# user:password@ in any URL, and password=… in a libpq connection string: never shown.
URL_CREDENTIALS = re.compile(r"(?<=://)[^/@\s]+@")
PASSWORD_SETTING = re.compile(r"(?i:password)\s*=\s*\S+")
# Access-log lines of probes that answered 200 (werkzeug, gunicorn and gevent-websocket formats).
QUIET_PROBE = re.compile(
    r'"(?:GET|HEAD) /(?:healthz|readyz)[ ?][^"]*" (?:\x1b\[[0-9;]*m)?200\b')


@dataclass(frozen=True)
class Check:
    """One readiness check: `run()` raises when the dependency is unreachable; `applies(app)`
    says whether this deployment uses the dependency at all."""

    run: Callable[[], object]
    applies: Callable[[Flask], bool] = lambda app: True


CHECKS: dict[str, Check] = {}


def register_check(name: str, fn: Callable[[], object],
                   applies: Callable[[Flask], bool] | None = None) -> None:
    """Add a readiness check: `fn()` runs inside the app context and raises on failure."""
    CHECKS[name] = Check(fn, applies or (lambda app: True))


def check_database() -> None:
    """`SELECT 1` on a connection of its own: the request's session is never touched."""
    from community.extensions import db

    with db.engine.connect() as connection:
        connection.execute(sa.text("SELECT 1"))


def redis_urls(app: Flask) -> list[str]:
    """The Redis servers this deployment uses (shared state and the Socket.IO queue)."""
    urls = (app.config.get("REDIS_URL"), app.config.get("SOCKETIO_MESSAGE_QUEUE"))
    return list(dict.fromkeys(url for url in urls if url))


def check_redis() -> None:
    import redis

    for url in redis_urls(current_app):
        client = redis.Redis.from_url(url, socket_timeout=CHECK_TIMEOUT_SECONDS,
                                      socket_connect_timeout=CHECK_TIMEOUT_SECONDS)
        try:
            client.ping()
        finally:
            client.close()


def short_message(error: BaseException) -> str:
    """The first line of the error, without credentials, short enough for a JSON answer."""
    error = getattr(error, "orig", None) or error  # SQLAlchemy wraps the driver's error
    lines = str(error).strip().splitlines()
    text = lines[0] if lines else type(error).__name__
    text = PASSWORD_SETTING.sub("password=***", URL_CREDENTIALS.sub("***@", text))
    return text[:MESSAGE_LIMIT]


def run_checks(app: Flask) -> dict[str, str]:
    """Every applicable check at once, each bounded by the timeout: "ok" or why not."""
    checks = {name: check for name, check in CHECKS.items() if check.applies(app)}

    def run(check: Check) -> str:
        with app.app_context():
            check.run()
        return "ok"

    pool = ThreadPoolExecutor(max_workers=max(len(checks), 1), thread_name_prefix="readyz")
    futures = {name: pool.submit(run, check) for name, check in checks.items()}
    wait(futures.values(), timeout=CHECK_TIMEOUT_SECONDS)
    pool.shutdown(wait=False, cancel_futures=True)  # a hung check must not hold the answer
    return {name: outcome(future) for name, future in futures.items()}


def outcome(future: Future) -> str:
    """What a check gave: ok, timed out, or the short message of its error."""
    if not future.done():
        return "timed out"
    error = future.exception()
    return "ok" if error is None else short_message(error)


@bp.get("/healthz")
def healthz() -> Response:
    """Alive while the process serves: no database, no session, nothing that can block."""
    response = Response("ok\n", mimetype="text/plain")
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.get("/readyz")
def readyz() -> tuple[Response, int]:
    """Ready when every dependency answers; 503 names the failing check."""
    checks = run_checks(current_app._get_current_object())
    failing = {name: result for name, result in checks.items() if result != "ok"}
    if failing:
        log.warning("Not ready: %s", failing)
    response = jsonify(checks=checks)
    response.headers["Cache-Control"] = "no-store"
    return response, 503 if failing else 200


class QuietProbes(logging.Filter):
    """Drop access-log lines of successful probes: a load balancer asks every few seconds."""

    def filter(self, record: logging.LogRecord) -> bool:
        return QUIET_PROBE.search(record.getMessage()) is None


register_check("database", check_database)
register_check("redis", check_redis, applies=lambda app: bool(redis_urls(app)))
register_check("storage", check_storage)
register_check("jobs", check_jobs)


def register_health(app: Flask) -> None:
    """The probe routes, exempt from rate limits and CSRF, and quiet in the access logs."""
    from community.extensions import csrf, limiter

    app.register_blueprint(bp)
    limiter.exempt(bp)
    csrf.exempt(bp)
    for name in ("werkzeug", "gunicorn.access", "geventwebsocket.handler"):
        probe_filter = logging.getLogger(name)
        if not any(isinstance(f, QuietProbes) for f in probe_filter.filters):
            probe_filter.addFilter(QuietProbes())
