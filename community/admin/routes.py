"""The cluster approval queue: moderators and admins approve or reject proposed clusters."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy.orm import selectinload

from community.admin import bp
from community.clusters import services
from community.clusters.forms import RejectForm
from community.errors import Conflict, ValidationError
from community.extensions import db
from community.i18n import isolate_plain
from community.models import Cluster, Membership, User
from community.pagination import page_number
from community.permissions import require_moderator

QUEUE_PER_PAGE = 20


@bp.get("/clusters")
@login_required
def clusters():
    """Pending clusters, oldest first; `?status=rejected` lists the rejected ones."""
    require_moderator(current_user)
    status = request.args.get("status", "pending")
    if status not in ("pending", "rejected"):
        status = "pending"
    order = Cluster.created_at.asc() if status == "pending" else Cluster.decided_at.desc()
    page = db.paginate(
        db.select(Cluster).where(Cluster.status == status).order_by(order, Cluster.id)
        .options(selectinload(Cluster.tags), selectinload(Cluster.created_by),
                 selectinload(Cluster.manager_memberships).selectinload(Membership.user)
                 .selectinload(User.tags)),
        page=page_number(), per_page=QUEUE_PER_PAGE, max_per_page=QUEUE_PER_PAGE,
        error_out=False)
    return render_template("admin/clusters.html", page=page, status=status,
                           reject_form=RejectForm())


def _decide(slug: str, approve: bool):
    require_moderator(current_user)
    cluster = services.find_cluster(slug, current_user)
    form = RejectForm()
    try:
        services.decide_cluster(current_user, cluster, approve=approve,
                                reason="" if approve else (form.reason.data or ""))
    except (Conflict, ValidationError) as error:
        flash(error.fields.get("reason", error.message), "danger")
    else:
        if approve:
            flash(_("%(name)s is approved and listed in the directory.",
                    name=isolate_plain(cluster.name)),
                  "success")
        else:
            flash(_("%(name)s is rejected; its creator is told why.",
                    name=isolate_plain(cluster.name)),
                  "success")
    return redirect(url_for("admin.clusters"))


@bp.post("/clusters/<slug>/approve")
@login_required
def approve_cluster(slug: str):
    return _decide(slug, approve=True)


@bp.post("/clusters/<slug>/reject")
@login_required
def reject_cluster(slug: str):
    return _decide(slug, approve=False)
