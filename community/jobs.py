"""Durable background jobs on Huey: what an action sends or does slowly (mail, first of all)
is stored in the queue after the commit and run by the worker (`flask --app wsgi worker`), so a
web process that dies right after answering loses nothing.

Storage: `JOBS_URL` when set (`sqlite:///path`, `redis://…` or `memory://`), else Redis when
`REDIS_URL` is set, else `instance/jobs.db` (SQLite: `make run` needs no extra service).

One Huey instance per app (`app.extensions["jobs"]`): the tests build many apps with different
databases in one process, and each app's tasks must run against its own. Tasks are therefore
declared once with `@job` (a name and a function) and registered on every app's instance; the
wrapper pushes an app context of the app that built that instance. The worker builds its app
from the same configuration (environment) as the web process, so a job enqueued by the web
runs in the worker with the same database and settings. In testing, `JOBS_IMMEDIATE` runs a job
in-process at enqueue time (Huey's immediate mode); scheduled retries are then never run.

A failing job is retried after `JOBS_RETRY_DELAYS` seconds (one delay per retry, growing); after
the last attempt it becomes a `DeadJob` row that admins see and can retry on `/admin/jobs`."""

from __future__ import annotations

import json
import logging
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Flask, current_app
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey, crontab

from community.extensions import db
from community.transaction import on_commit

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Job:
    """A task declared once for every app: enqueue it with `enqueue_after_commit(job, …)`."""

    name: str
    function: Callable[..., Any]


JOBS: dict[str, Job] = {}
# name → (crontab arguments, function): run by the worker, no cron needed.
PERIODIC: dict[str, tuple[dict, Callable[[], Any]]] = {}


def job(function: Callable[..., Any]) -> Job:
    """Declare a background job. Its arguments must be JSON-serialisable (they are stored)."""
    declared = Job(f"{function.__module__}.{function.__name__}", function)
    JOBS[declared.name] = declared
    return declared


def periodic(name: str, **schedule: str) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Declare a periodic job (crontab fields: `minute="*/5"`); the function is kept as is."""
    def register(function: Callable[[], Any]) -> Callable[[], Any]:
        PERIODIC[name] = (schedule, function)
        return function
    return register


def build_huey(config: dict, instance_path: str) -> Huey:
    """The queue storage the configuration asks for (see the module docstring)."""
    name = config.get("JOBS_NAME") or "community"
    if config.get("JOBS_IMMEDIATE"):
        return MemoryHuey(name, immediate=True, utc=True)
    url = config.get("JOBS_URL") or config.get("REDIS_URL") or ""
    if url.startswith("memory:"):
        return MemoryHuey(name, utc=True)
    if url.startswith(("redis:", "rediss:", "unix:")):
        return RedisHuey(name, url=url, utc=True, results=False)
    path = url.removeprefix("sqlite:///") if url else str(Path(instance_path) / "jobs.db")
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    return SqliteHuey(name, filename=path, utc=True, results=False)


def init_jobs(app: Flask) -> None:
    """Build this app's queue and register every declared job and periodic job on it."""
    from community import job_tasks  # noqa: F401  (declares the jobs)

    huey = build_huey(app.config, app.instance_path)
    delays = tuple(app.config.get("JOBS_RETRY_DELAYS", ()))
    tasks = {}
    for declared in JOBS.values():
        run = _task_body(app, declared, delays)
        tasks[declared.name] = huey.task(retries=len(delays), retry_delay=delays[0] if delays
                                         else 0, context=True, name=declared.name)(run)
    for name, (schedule, function) in PERIODIC.items():
        huey.periodic_task(crontab(**schedule), name=name)(
            _periodic_body(app, function, huey.lock_task(name)))
    app.extensions["jobs"] = (huey, tasks)


def _task_body(app: Flask, declared: Job, delays: tuple) -> Callable[..., Any]:
    def run(*args: Any, task: Any = None) -> Any:
        attempt = len(delays) - (task.retries if task else 0) + 1
        try:
            return _in_app(app, declared.function, *args)
        except Exception as error:
            if task is not None and task.retries:  # the next retry waits longer
                task.retry_delay = delays[attempt - 1]
            else:
                with app.app_context():
                    _bury(declared.name, args, error, attempt)
            raise
    return run


def _periodic_body(app: Flask, function: Callable[[], Any], lock: Any) -> Callable[[], Any]:
    # Each worker's scheduler enqueues the periodic jobs: with several workers on one queue,
    # the lock lets one run and the others skip (a digest is never mailed twice).
    def run() -> Any:
        with lock:
            return _in_app(app, function)
    return run


def _in_app(app: Flask, function: Callable[..., Any], *args: Any) -> Any:
    """One job is one action: its own app context and session, committed at its end."""
    with app.app_context():
        try:
            result = function(*args)
            db.session.commit()
            return result
        except Exception:
            db.session.rollback()
            raise
        finally:
            db.session.remove()


def _bury(name: str, args: tuple, error: Exception, attempts: int) -> None:
    from community.models import DeadJob

    text = "".join(traceback.format_exception_only(type(error), error)).strip()
    db.session.add(DeadJob(name=name, arguments=json.loads(json.dumps(list(args))),
                           error=text[:4000], attempts=attempts))
    db.session.commit()
    log.error("Job %s failed after %d attempt(s): %s", name, attempts, text)


def enqueue(declared: Job, *args: Any, delay: float | None = None) -> None:
    """Store the job in the queue now (a failure to reach the queue is logged, not raised)."""
    task = current_app.extensions["jobs"][1][declared.name]
    try:
        if delay:
            task.schedule(args, delay=delay)
        else:
            task(*args)
    except Exception as error:
        log.exception("Could not enqueue job %s", declared.name)
        with current_app.app_context():  # a session of its own: the action's has ended
            _bury(declared.name, args, error, 0)


def enqueue_after_commit(declared: Job, *args: Any, delay: float | None = None) -> None:
    """Enqueue once the current action commits; never for an action that rolls back."""
    on_commit(enqueue, declared, *args, delay=delay)


def queue_of(app: Flask) -> Huey:
    """The app's Huey instance (the worker and the tests use it)."""
    return app.extensions["jobs"][0]


def check_jobs() -> None:
    """Raise when the queue storage cannot be reached (`/readyz`)."""
    huey = queue_of(current_app)
    huey.storage.queue_size()


def run_worker(app: Flask, workers: int = 2) -> None:
    """Consume the app's queue and run the periodic jobs until stopped (SIGTERM/SIGINT)."""
    huey = queue_of(app)
    consumer = huey.create_consumer(workers=workers, worker_type="thread", periodic=True,
                                    initial_delay=0.1, backoff=1.15,
                                    max_delay=float(app.config.get("JOBS_POLL_MAX", 2.0)),
                                    scheduler_interval=1, check_worker_health=True)
    consumer.run()


def retry_dead_job(actor: Any, dead_id: int) -> Any:
    """Enqueue a dead letter again (after the commit) and remove it; audit-logged."""
    from flask_babel import gettext as _

    from community.errors import NotFound
    from community.models import DeadJob
    from community.moderation.audit import record

    dead = db.session.get(DeadJob, dead_id)
    if dead is None or dead.name not in JOBS:
        raise NotFound(_("No such failed job."))
    record(actor, "job.retry", "job", dead.id, label=dead.name)
    enqueue_after_commit(JOBS[dead.name], *dead.arguments)
    db.session.delete(dead)
    db.session.flush()
    return dead
