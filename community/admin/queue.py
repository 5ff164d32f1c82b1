"""The approval queue page: posts held by the spam defences, approved or rejected with a note
for their authors, and the count of proposed clusters waiting on their own page."""

from __future__ import annotations

import sqlalchemy as sa
from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import HiddenField, TextAreaField

from community.admin import bp
from community.errors import Conflict
from community.extensions import db
from community.models import Cluster
from community.moderation import queue as services
from community.pagination import page_number
from community.permissions import require_moderator
from community.validation import FormRule

PER_PAGE = 20


class DecisionForm(FlaskForm):
    action = HiddenField()
    note = TextAreaField(_l("Note for the author"), validators=[FormRule(services.NOTE)])


@bp.get("/queue")
@login_required
def queue():
    """Held posts, oldest first, each with its approve and reject forms."""
    require_moderator(current_user)
    page = db.paginate(services.queue_statement(), page=page_number(), per_page=PER_PAGE,
                       max_per_page=PER_PAGE, error_out=False)
    pending = db.session.scalar(sa.select(sa.func.count(Cluster.id))
                                .where(Cluster.status == "pending")) or 0
    return render_template("admin/queue.html", page=page, pending_clusters=pending,
                           excerpt=services.excerpt, thread_waits=services.thread_waits)


@bp.post("/queue/<int:post_id>")
@login_required
def decide_post(post_id: int):
    """Approve or reject one held post."""
    post = services.find_held_post(current_user, post_id)
    form = DecisionForm()
    if not form.validate_on_submit() or form.action.data not in services.DECISIONS:
        flash(" ".join(sum(form.errors.values(), [])) or _("Choose approve or reject."),
              "danger")
        return redirect(url_for("admin.queue"))
    try:
        services.decide_post(current_user, post, form.action.data, form.note.data or "")
    except Conflict as error:
        flash(error.message, "danger")
    else:
        flash(_("The post is approved and published.") if form.action.data == "approve"
              else _("The post is rejected; its author is told."), "success")
    return redirect(url_for("admin.queue"))
