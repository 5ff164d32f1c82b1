"""Reviewing reports: the queue each reviewer may see (moderators everything, a cluster's managers
the content of their cluster), and one action on a target that resolves all its open reports,
tells every reporter the outcome and writes the audit entry, in one transaction."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from community.errors import Conflict, NotFound, PermissionDenied
from community.extensions import db
from community.models import AuditEntry, Cluster, Membership, User, is_id, isoformat, utcnow
from community.models.moderation import REPORT_ACTIONS, REPORT_STATUSES, REPORT_TARGETS, Report
from community.moderation import targets
from community.moderation.audit import record
from community.notifications.services import notify_many
from community.permissions import can_act_on_reports, can_moderate, can_write, require_write
from community.text import clean_text
from community.validation import Field, validate

ACTION_SCHEMA = {
    "action": Field(str, choices=REPORT_ACTIONS),
    "note": Field(str, required=False, max_length=1000),
}


# --- who reviews what ------------------------------------------------------------------------

def managed_cluster_ids(user: User) -> list[int]:
    """The clusters whose content the user reviews as one of its managers."""
    if not can_write(user):
        return []
    return list(db.session.scalars(sa.select(Membership.cluster_id).where(
        Membership.user_id == user.id, Membership.state == "active",
        Membership.role == "manager")))


def require_reviewer(user: User | None) -> list[int] | None:
    """401 for visitors, 403 for members who review nothing; else the clusters they review
    (None: everything, for moderators)."""
    require_write(user)
    if can_moderate(user):
        return None
    managed = managed_cluster_ids(user)
    if not managed:
        raise PermissionDenied(_("Only moderators and cluster managers review reports."))
    return managed


def find_report(user: User | None, report_id: int) -> Report:
    """A report the user may act on: 404 when unknown, 403 when about another cluster."""
    require_reviewer(user)
    report = db.session.get(Report, report_id) if is_id(report_id) else None
    if report is None:
        raise NotFound(_("No such report."))
    if not can_act_on_reports(user, review_cluster(report)):
        raise PermissionDenied(_("This report is about content outside your clusters."))
    return report


def review_cluster(report: Report) -> Cluster | None:
    return db.session.get(Cluster, report.cluster_id) if report.cluster_id else None


# --- the queue -------------------------------------------------------------------------------

def queue_filters(user: User | None, status: str | None = "open",
                  target_type: str | None = None, cluster: Cluster | None = None) -> list:
    """The conditions on reports for a reviewer's queue (403 for a cluster they do not manage)."""
    reviewed = require_reviewer(user)
    conditions = []
    if reviewed is not None:
        if cluster is not None and cluster.id not in reviewed:
            raise PermissionDenied(_("You do not manage this cluster."))
        conditions.append(Report.cluster_id.in_(reviewed))
    if cluster is not None:
        conditions.append(Report.cluster_id == cluster.id)
    if status in REPORT_STATUSES:
        conditions.append(Report.status == status)
    if target_type in REPORT_TARGETS:
        conditions.append(Report.target_type == target_type)
    return conditions


def queue_statement(user: User | None, status: str | None = "open", target_type: str | None = None,
                    cluster: Cluster | None = None) -> sa.Select:
    """The reports the user may review, oldest first when open, latest resolved first."""
    statement = sa.select(Report).where(*queue_filters(user, status, target_type, cluster))
    statement = statement.options(selectinload(Report.reporter), selectinload(Report.resolved_by))
    if status == "resolved":
        return statement.order_by(Report.resolved_at.desc(), Report.id.desc())
    return statement.order_by(Report.created_at, Report.id)


def target_groups(user: User | None, status: str = "open",
                  target_type: str | None = None) -> sa.Select:
    """The reported targets of a reviewer's queue, one row each (`target_type`, `target_id`),
    in the queue's order: the page shows a target once with all its reports."""
    first, last = sa.func.min(Report.created_at), sa.func.max(Report.resolved_at)
    statement = (sa.select(Report.target_type, Report.target_id)
                 .where(*queue_filters(user, status, target_type))
                 .group_by(Report.target_type, Report.target_id))
    if status == "resolved":
        return statement.order_by(last.desc(), Report.target_type, Report.target_id)
    return statement.order_by(first, Report.target_type, Report.target_id)


def open_counts(reports) -> dict[tuple[str, int], int]:
    """Open reports per target of these reports, in one query."""
    keys = {(r.target_type, r.target_id) for r in reports}
    if not keys:
        return {}
    rows = db.session.execute(
        sa.select(Report.target_type, Report.target_id, sa.func.count(Report.id))
        .where(Report.status == "open", sa.tuple_(Report.target_type, Report.target_id).in_(keys))
        .group_by(Report.target_type, Report.target_id))
    return {(kind, target_id): count for kind, target_id, count in rows}


def load_targets(keys) -> dict[tuple[str, int], object]:
    """The targets of these (kind, id) pairs, one query per kind."""
    keys = list(keys)
    found = {}
    for kind in REPORT_TARGETS:
        rows = targets.load(kind, [target_id for k, target_id in keys if k == kind])
        found.update({(kind, target_id): row for target_id, row in rows.items()})
    return found


def person(user: User | None) -> dict | None:
    return {"username": user.username, "display_name": user.display_name} if user else None


def report_json(report: Report, target, count: int) -> dict:
    """A report as `GET /moderation/reports` lists it."""
    kind = report.target_type
    resolution = None
    if report.status == "resolved":
        resolution = {"action": report.action, "note": report.resolution_note,
                      "by": person(report.resolved_by), "at": isoformat(report.resolved_at)}
    return {
        "id": report.id,
        "target": {"type": kind, "id": report.target_id,
                   "url": targets.url(kind, target) if target is not None else None,
                   "excerpt": targets.excerpt(kind, target) if target is not None else "",
                   "author": person(targets.author_of(kind, target)) if target else None},
        "reason": report.reason,
        "note": report.note,
        "reporter": person(report.reporter),
        "report_count": count,
        "status": report.status,
        "resolution": resolution,
        "created_at": isoformat(report.created_at),
    }


def reports_json(reports) -> list[dict]:
    """A page of reports with their targets and counts, in a fixed number of queries."""
    found = load_targets((r.target_type, r.target_id) for r in reports)
    counts = open_counts(reports)
    return [report_json(r, found.get((r.target_type, r.target_id)),
                        counts.get((r.target_type, r.target_id), 0)) for r in reports]


# --- acting ----------------------------------------------------------------------------------

def act_on_report(actor: User | None, report: Report, action, note="") -> Report:
    """`dismiss`, `hide`, `restore` or `delete` the reported target; 409 if already resolved."""
    values = validate({"action": action, "note": "" if note is None else note}, ACTION_SCHEMA)
    if report.status != "open":
        raise Conflict(_("This report is already resolved."))
    target = targets.load(report.target_type, [report.target_id]).get(report.target_id)
    resolved = act_on_target(actor, report.target_type, report.target_id, target,
                             values["action"], values["note"])
    if report.id not in resolved:  # another reviewer resolved it a moment ago
        raise Conflict(_("This report is already resolved."))
    db.session.refresh(report)
    return report


def act_on_target(actor: User, kind: str, target_id: int, target, action: str,
                  note: str = "") -> list[int]:
    """One moderation action: the target changed, its open reports resolved (claimed first,
    so two reviewers never both resolve them), reporters told, one audit entry. Returns the
    ids of the reports it resolved."""
    note = clean_text(note or "").strip()
    cluster = targets.owner_and_cluster(kind, target)[1] if target is not None else None
    if not can_act_on_reports(actor, cluster):
        raise PermissionDenied(_("Only moderators and the cluster's managers can do that."))
    if action == "dismiss" and target is not None and auto_hidden(kind, target):
        action_done = "restore"  # dismissing the reports shows a post they hid again
    else:
        action_done = action
    claimed = db.session.execute(
        sa.update(Report).where(Report.target_type == kind, Report.target_id == target_id,
                                Report.status == "open")
        .values(status="resolved", resolved_at=utcnow(), resolved_by_id=actor.id,
                action=action, resolution_note=note)
        .returning(Report.id, Report.reporter_id).execution_options(synchronize_session=False)
    ).all()
    if target is not None:
        targets.apply(actor, kind, target, action_done)
    tell_reporters(actor, kind, target, action, [reporter for _id, reporter in claimed])
    label = targets.label(kind, target) if target is not None else f"{kind} {target_id}"
    prefix = "report" if claimed else kind
    record(actor, f"{prefix}.{action}", kind, target_id, label, note)
    return [report_id for report_id, _reporter in claimed]


def auto_hidden(kind: str, target) -> bool:
    """Whether the target is hidden because members reported it (no person hid it since)."""
    if not targets.is_hidden(kind, target):
        return False
    last = db.session.scalar(
        sa.select(AuditEntry.action).where(
            AuditEntry.target_type == kind, AuditEntry.target_id == target.id,
            AuditEntry.action.in_(("post.auto_hide", "report.hide", "post.hide",
                                   "message.hide", "report.restore", "post.restore")))
        .order_by(AuditEntry.id.desc()).limit(1))
    return last == "post.auto_hide"


OUTCOMES = {
    "dismiss": lambda: _("Your report was reviewed: no action was needed."),
    "hide": lambda: _("Your report was reviewed: the content is now hidden."),
    "restore": lambda: _("Your report was reviewed: the content stays visible."),
    "delete": lambda: _("Your report was reviewed: the content was deleted."),
}


def tell_reporters(actor: User, kind: str, target, action: str, reporter_ids) -> None:
    """`report_resolved` to every reporter, with the outcome, in their own language."""
    ids = {reporter_id for reporter_id in reporter_ids if reporter_id is not None}
    if not ids:
        return
    notices = []
    for user in db.session.scalars(sa.select(User).where(User.id.in_(ids))):
        with force_locale(user.locale or "en"):
            notices.append((user, OUTCOMES[action]()))
    url = targets.url(kind, target) if target is not None else ""
    notify_many(notices, "report_resolved", actor=actor, target_url=url)
