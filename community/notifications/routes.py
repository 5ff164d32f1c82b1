"""HTML routes of notifications: the list, marking read, opening one, the preferences and the
one-click unsubscribe of notification mails."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from community.errors import NotFound
from community.extensions import csrf, db
from community.models import Notification
from community.models.notification import NOTIFICATION_KINDS
from community.notifications import bp, services, unsubscribe
from community.pagination import page_number
from community.urls import safe_next

PER_PAGE = 30
KIND_LABELS = {
    "mention": _l("Someone mentions you"),
    "reply": _l("A reply in a thread you follow"),
    "direct_message": _l("A direct message"),
    "membership_request": _l("Join requests and invitations of clusters"),
    "membership_approved": _l("Your membership is accepted"),
    "cluster_approved": _l("A decision on a cluster you proposed"),
    "cluster_rejected": _l("A cluster you proposed is rejected"),
    "post_held": _l("Your post waits for approval, and the decision"),
    "report_filed": _l("A report to review"),
    "report_resolved": _l("The outcome of your report"),
    "programme_enrolment": _l("Applications to programmes and their outcome"),
    "mentoring_pair": _l("A mentoring pair is formed"),
    "mentoring_session": _l("A mentoring session is planned"),
    "cluster_event": _l("A cluster event you attend changes or is cancelled"),
}
CHANNEL_LABELS = {"inapp": _l("On the site only"), "instant": _l("By e-mail at once"),
                  "digest": _l("In the daily digest"), "off": _l("Off")}


@bp.get("/notifications")
@login_required
def index():
    unread_only = request.args.get("unread") == "1"
    statement = services.notifications_statement(current_user, unread_only)
    page = db.paginate(statement, page=page_number(), per_page=PER_PAGE,
                       max_per_page=PER_PAGE, error_out=False)
    return render_template("notifications/index.html", page=page, unread_only=unread_only,
                           unread=services.unread_count(current_user))


@bp.get("/notifications/<int:notification_id>")
@login_required
def open_notification(notification_id: int):
    """Mark one notification read and go to what it is about (a local address only)."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or notification.user_id != current_user.id:
        raise NotFound(_("No such notification."))
    services.mark_read(current_user, [notification.id])
    return redirect(safe_next(notification.target_url) or url_for("notifications.index"))


@bp.post("/notifications/<int:notification_id>/read")
@login_required
def read_one(notification_id: int):
    services.mark_read(current_user, [notification_id])
    return redirect(safe_next(request.form.get("next")) or url_for("notifications.index"))


@bp.post("/notifications/read-all")
@login_required
def read_all():
    changed = services.mark_read(current_user, everything=True)
    flash(_("%(n)d notifications marked read.", n=changed) if changed
          else _("Nothing was unread."), "success")
    return redirect(url_for("notifications.index"))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@login_required
def settings():
    if request.method == "POST":
        chosen = {kind: request.form[kind] for kind in NOTIFICATION_KINDS if kind in request.form}
        services.set_preferences(current_user, chosen)
        flash(_("Your notification settings are saved."), "success")
        return redirect(url_for("notifications.settings"))
    return render_template("notifications/settings.html",
                           preferences=services.preferences_of(current_user),
                           kinds=KIND_LABELS, channels=CHANNEL_LABELS)


@bp.get("/unsubscribe/<token>")
def unsubscribe_page(token: str):
    """The link in a mail's footer: a button that confirms (no change on a mere GET, which
    link scanners send) and a way to the settings."""
    user, kind = unsubscribed_by(token)
    return render_template("notifications/unsubscribe.html", token=token, done=False,
                           what=subject_of(kind))


@bp.post("/unsubscribe/<token>")
@csrf.exempt  # RFC 8058: the mail client posts with no session; the signed token is the proof
def unsubscribe_now(token: str):
    """One click: the kind (or every digest kind) goes to the site only; always a plain 200."""
    user, kind = unsubscribed_by(token)
    unsubscribe.unsubscribe(user, kind)
    return render_template("notifications/unsubscribe.html", token=token, done=True,
                           what=subject_of(kind))


def unsubscribed_by(token: str) -> tuple:
    found = unsubscribe.read_token(token)
    if found is None:
        raise NotFound(_("This unsubscribe link is not valid."))
    return found


def subject_of(kind: str) -> str:
    if kind == unsubscribe.DIGEST:
        return _("The daily digest")
    return str(KIND_LABELS.get(kind, kind))
