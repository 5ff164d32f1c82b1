"""The dead letters of the background jobs (admins): each job that failed every attempt, with its
error, and a button that enqueues it again (`community/jobs.py`)."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.admin import bp
from community.extensions import db
from community.jobs import retry_dead_job
from community.models import DeadJob
from community.permissions import require_admin

SHOWN = 100  # the newest dead letters; more means the queue itself needs looking at


@bp.route("/jobs")
@login_required
def jobs():
    """The newest dead letters first."""
    require_admin(current_user)
    dead = db.session.scalars(sa.select(DeadJob).order_by(DeadJob.failed_at.desc(),
                                                          DeadJob.id.desc()).limit(SHOWN)).all()
    return render_template("admin/jobs.html", dead_jobs=dead)


@bp.post("/jobs/<int:dead_id>/retry")
@login_required
def retry_job(dead_id: int):
    """Enqueue a dead letter again; the worker runs it as a new job."""
    require_admin(current_user)
    retry_dead_job(current_user, dead_id)
    flash(_("The job is queued again."), "success")
    return redirect(url_for("admin.jobs"))
