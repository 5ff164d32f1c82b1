"""JSON API of reports: reporting a profile, the review queue, and acting on a report."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _

from community.api import bp
from community.api.helpers import accepts, responds, signed_in_user
from community.errors import NotFound, ValidationError
from community.extensions import db
from community.models import Cluster, isoformat
from community.models.moderation import REPORT_STATUSES, REPORT_TARGETS
from community.moderation import reports
from community.moderation.services import report_user
from community.pagination import paginated
from community.profiles.services import get_profile
from community.validation import REPORT_SCHEMA


def filed_json(report) -> dict:
    """A report as its reporter gets it back (as for posts and chat messages)."""
    return {"id": report.id, "target": {"type": report.target_type, "id": report.target_id},
            "reason": report.reason, "note": report.note, "status": report.status,
            "created_at": isoformat(report.created_at)}


@bp.post("/users/<username>/reports")
@responds(201)
@accepts(REPORT_SCHEMA)
def report_profile(username: str, data: dict):
    """Report a member's profile to the moderators (`spam`, `abuse`, `off_topic`, `other`);
    once per member, never one's own (422); 409 when reported already."""
    user = signed_in_user()
    report = report_user(user, get_profile(username), data["reason"], data.get("note", ""))
    return filed_json(report)


def choice_arg(name: str, choices) -> str | None:
    value = request.args.get(name) or None
    if value is not None and value not in choices:
        raise ValidationError(_("Some fields are not valid."), {
            name: _("Must be one of: %(choices)s.", choices=", ".join(choices))})
    return value


def cluster_arg() -> Cluster | None:
    slug = request.args.get("cluster") or None
    if slug is None:
        return None
    cluster = db.session.scalar(sa.select(Cluster).where(Cluster.slug == slug[:80]))
    if cluster is None:
        raise NotFound(_("No such cluster."))
    return cluster


@bp.get("/moderation/reports")
def list_reports():
    """The review queue: `?status=open|resolved` (open by default), `type=post|message|user`,
    `cluster=<slug>`. Moderators see every report, a cluster's managers those about content
    in their clusters; other members get 403."""
    user = signed_in_user()
    statement = reports.queue_statement(
        user, choice_arg("status", REPORT_STATUSES) or "open",
        choice_arg("type", REPORT_TARGETS), cluster_arg())
    page = paginated(statement, lambda report: report)
    page["items"] = reports.reports_json(page["items"])
    return page


@bp.post("/moderation/reports/<int:report_id>")
@accepts(reports.ACTION_SCHEMA)
def act_on_report(report_id: int, data: dict):
    """Act on a report: `dismiss`, `hide`, `restore` or `delete` its target, with a `note`.
    Every open report on the same target is resolved with it and each reporter is told. On a
    profile only `dismiss` and `hide` (which clears its headline and bio) apply, else 422;
    dismissing the reports of a post they hid automatically shows it again. 409 if resolved."""
    user = signed_in_user()
    report = reports.find_report(user, report_id)
    report = reports.act_on_report(user, report, data["action"], data.get("note", ""))
    return reports.reports_json([report])[0]
