"""Instant e-mail for the kinds a member wants at once: scheduled when the notification is
stored, sent a little later only if it is still unread and the kind still wanted at once."""

from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l

from community.auth.mails import send_account_mail
from community.extensions import db
from community.jobs import enqueue_after_commit, job
from community.models import Notification, NotificationPreference, utcnow
from community.models.notification import default_channel
from community.notifications import unsubscribe
from community.urls import public_link, site_url


@job
def instant_email_job(notification_id: int) -> None:
    """The background job of an instant e-mail (`send_instant_email` decides and sends)."""
    send_instant_email(notification_id)


def schedule_instant_email(notification_id: int) -> None:
    """Send the e-mail of a new notification `INSTANT_MAIL_DELAY` seconds after the commit of
    the action that stored it: a member who reads it live meanwhile gets no mail."""
    delay = current_app.config["INSTANT_MAIL_DELAY"] or None
    enqueue_after_commit(instant_email_job, notification_id, delay=delay)


def wanted_at_once(notification: Notification) -> bool:
    """Unread, not mailed yet, its kind still chosen "at once", for a member who can read it."""
    user = notification.user
    if notification.read_at or notification.emailed_at or not user.is_active \
            or not user.is_confirmed:
        return False
    chosen = db.session.get(NotificationPreference, (user.id, notification.kind))
    return (chosen.channel if chosen else default_channel(notification.kind)) == "instant"


def send_instant_email(notification_id: int) -> bool:
    """The job: mail one notification in its member's language, marked mailed so the digest
    skips it. Its own action (it commits). Returns whether a mail was sent."""
    notification = db.session.get(Notification, notification_id)
    if notification is None or not wanted_at_once(notification):
        db.session.rollback()
        return False
    user = notification.user
    link = unsubscribe.unsubscribe_url(user, notification.kind)
    send_account_mail(
        user, user.email, "instant", _l("On i-Community: %(text)s", text=notification.text[:120]),
        headers=unsubscribe.unsubscribe_headers(link), notification=notification,
        root=site_url(), unsubscribe_url=link,
        settings_url=public_link("notifications.settings"))
    notification.emailed_at = utcnow()
    db.session.commit()
    return True
