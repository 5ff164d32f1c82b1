"""Filing a report: one place for every kind of target (post, chat message, profile), so
reasons and notes are checked alike, a member reports a target once, the moderators and the
cluster's managers are told, and the third distinct reporter of a post hides it for review."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _

from community.errors import Conflict, ValidationError
from community.extensions import db
from community.i18n import isolate_plain
from community.models import Cluster, User
from community.models.moderation import AUTO_HIDE_REPORTS, Report
from community.moderation import targets
from community.moderation.audit import record
from community.notifications.services import notify_many
from community.permissions import require_write
from community.realtime.audience import staff_ids
from community.text import clean_text
from community.transaction import savepoint
from community.validation import REPORT_SCHEMA, validate

REPORTS_URL = "/admin/reports"


def file_report(actor: User, target_type: str, target, reason, note="") -> Report:
    """Store a report on a post, message or user; the caller has checked the actor may write
    and may see the target. 409 when the actor already reported it, 422 for their own."""
    values = validate({"reason": reason, "note": "" if note is None else note}, REPORT_SCHEMA)
    author_id, cluster = targets.owner_and_cluster(target_type, target)
    if author_id == actor.id:
        raise ValidationError(_("You cannot report your own content."),
                              {"target": _("This is yours.")})
    if already_reported(actor, target_type, target.id):
        raise Conflict(_("You have already reported this."))
    report = Report(target_type=target_type, target_id=target.id, reason=values["reason"],
                    note=clean_text(values["note"]).strip(), reporter=actor,
                    target_user_id=author_id, cluster_id=cluster.id if cluster else None)
    try:
        with savepoint():  # the same report sent twice at once (a double click)
            db.session.add(report)
    except sa.exc.IntegrityError:
        raise Conflict(_("You have already reported this.")) from None
    tell_staff(actor, report, target, cluster)
    if target_type == "post":
        hide_when_reported_enough(target)
    return report


def already_reported(actor: User, target_type: str, target_id: int) -> bool:
    return db.session.scalar(sa.select(sa.exists().where(
        Report.reporter_id == actor.id, Report.target_type == target_type,
        Report.target_id == target_id))) or False


def open_report_count(target_type: str, target_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count(Report.id)).where(
        Report.target_type == target_type, Report.target_id == target_id,
        Report.status == "open")) or 0


def report_filed_text(actor: User, report: Report, target) -> str:
    """The `report_filed` notification, in the current (the recipient's) language."""
    name = isolate_plain(actor.display_name)
    if report.target_type == "post":
        return _("%(name)s reported a post in “%(title)s”.", name=name,
                 title=isolate_plain(target.thread.title))
    if report.target_type == "message":
        return _("%(name)s reported a chat message.", name=name)
    return _("%(name)s reported the profile of %(user)s.", name=name,
             user=isolate_plain(target.display_name))


def tell_staff(actor: User, report: Report, target, cluster: Cluster | None) -> None:
    """`report_filed` to the moderators and, for content in a cluster, to its managers, each in
    their own language; pushed live (their badge) after the commit."""
    recipients = db.session.scalars(sa.select(User).where(User.id.in_(staff_ids(cluster))))
    notices = []
    for user in recipients:
        with force_locale(user.locale or "en"):
            notices.append((user, report_filed_text(actor, report, target)))
    notify_many(notices, "report_filed", actor=actor, target_url=REPORTS_URL)


def hide_when_reported_enough(post) -> None:
    """Reports from `AUTO_HIDE_REPORTS` distinct members hide a post until a moderator reviews
    it (restore, delete, or dismiss, which shows it again); the system signs the audit entry."""
    if post.hidden or post.is_deleted:
        return
    if open_report_count("post", post.id) < AUTO_HIDE_REPORTS:
        return
    from community.forums.notices import after_edit

    post.hidden = True
    after_edit(None, post, [])
    record(None, "post.auto_hide", "post", post.id, targets.label("post", post),
           _("Reported by %(n)d members.", n=AUTO_HIDE_REPORTS))


def report_user(actor: User | None, user: User, reason, note="") -> Report:
    """Flag a member's profile (what they wrote about themselves) for the moderators."""
    require_write(actor)
    return file_report(actor, "user", user, reason, note)
