"""Background jobs in-process (`community/jobs.py`): a mail is a job enqueued only when the action
commits; a job that fails every attempt becomes a dead letter that an admin sees and retries;
the periodic jobs are registered with the worker."""

from __future__ import annotations

import socket
from datetime import datetime

import pytest
from flask import current_app

from community.extensions import db
from community.jobs import check_jobs, queue_of
from community.mail import send_mail, send_mail_job
from community.models import AuditEntry, DeadJob
from tests.factories import make_user

# A memory queue run by hand, two retries without delay, mail to a port where nothing listens.
FAILING = {"JOBS_IMMEDIATE": False, "JOBS_URL": "memory://", "JOBS_RETRY_DELAYS": (0.0, 0.0),
           "MAIL_SERVER": "127.0.0.1"}


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def run_queue() -> None:
    """What the worker does, here in the test: run every queued job until none is left."""
    huey = queue_of(current_app)
    while (task := huey.dequeue()) is not None:
        huey.execute(task)


def payload(to: str = "salma@example.org") -> dict:
    return {"sender": "i-Community <no-reply@localhost>", "to": to, "subject": "Hello",
            "text": "Hello", "html": None, "headers": {}}


@pytest.fixture
def dead_letter(app) -> DeadJob:
    dead = DeadJob(name=send_mail_job.name, arguments=[payload()], error="SMTP 451",
                   attempts=5)
    db.session.add(dead)
    db.session.commit()
    return dead


def test_rolled_back_action_sends_no_mail(app, outbox):
    send_mail("salma@example.org", "Welcome", "Hello")
    db.session.rollback()
    db.session.commit()
    assert not outbox.exists() or not list(outbox.iterdir())


def test_committed_action_sends_mail(app, outbox):
    send_mail("salma@example.org", "Welcome", "Hello")
    db.session.commit()
    assert len(list(outbox.iterdir())) == 1


@pytest.mark.parametrize("config_overrides", [{**FAILING, "MAIL_PORT": closed_port()}])
def test_job_failing_every_attempt_becomes_dead_letter(app):
    send_mail("salma@example.org", "Welcome", "Hello")
    db.session.commit()
    run_queue()
    [dead] = db.session.scalars(db.select(DeadJob)).all()
    assert (dead.name, dead.attempts) == (send_mail_job.name, 3)
    assert dead.arguments[0]["to"] == "salma@example.org" and "Connection refused" in dead.error


def test_jobs_page_shows_dead_letter_to_admin(client, auth, admin, dead_letter):
    auth.login(admin)
    page = client.get("/admin/jobs").get_data(as_text=True)
    assert "SMTP 451" in page and "5 attempts" in page


@pytest.mark.parametrize("role", ["member", "moderator"])
def test_jobs_page_refused_to_non_admin(client, auth, role):
    auth.login(make_user("someone", role=role))
    assert client.get("/admin/jobs").status_code == 403


def test_retry_sends_dead_letter_again(client, auth, admin, dead_letter, outbox):
    auth.login(admin)
    response = client.post(f"/admin/jobs/{dead_letter.id}/retry")
    assert response.status_code == 302
    assert len(list(outbox.iterdir())) == 1
    assert db.session.scalar(db.select(db.func.count(DeadJob.id))) == 0


def test_retry_is_audit_logged(client, auth, admin, dead_letter):
    auth.login(admin)
    client.post(f"/admin/jobs/{dead_letter.id}/retry")
    entry = db.session.scalar(db.select(AuditEntry).where(AuditEntry.action == "job.retry"))
    assert entry.actor_id == admin.id and entry.target_label == send_mail_job.name


def test_periodic_jobs_registered_with_worker(app):
    due = queue_of(app).read_periodic(datetime(2026, 12, 1, 6, 0))
    assert {task.name for task in due} == {"digests", "lift_expired", "reminders"}


UNREACHABLE = {"JOBS_IMMEDIATE": False, "JOBS_URL": f"redis://127.0.0.1:{closed_port()}"}


@pytest.mark.parametrize("config_overrides", [UNREACHABLE])
def test_unreachable_queue_is_logged_not_raised(app, caplog):
    send_mail("salma@example.org", "Welcome", "Hello")
    db.session.commit()
    assert "Could not enqueue job community.mail.send_mail_job" in caplog.text


@pytest.mark.parametrize("config_overrides", [UNREACHABLE])
def test_check_jobs_raises_when_queue_unreachable(app):
    with pytest.raises(Exception, match="onnect"):
        check_jobs()


def test_check_jobs_passes_when_queue_reachable(app):
    assert check_jobs() is None
