"""`flask --app wsgi notifications send-digests`: the e-mail digest, meant for cron. Each user
receives their unread notifications of the kinds they want in the digest (chosen or by
default) not mailed yet, in one message; they are then marked as mailed so the next run (and
the instant mail) skips them."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask import render_template
from flask.cli import AppGroup
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.mail import send_mail
from community.models import Notification, User, utcnow
from community.notifications.services import preferences_of
from community.notifications.unsubscribe import DIGEST, unsubscribe_headers, unsubscribe_url
from community.times import force_timezone
from community.urls import public_link, site_url

notifications_cli = AppGroup("notifications", help="Notification e-mails.")
DIGEST_MAX = 50


def send_digest(user: User, kinds: list[str]) -> int:
    """Mail one user their pending notifications of `kinds`; returns how many were sent."""
    pending = db.session.scalars(
        sa.select(Notification).where(
            Notification.user_id == user.id, Notification.read_at.is_(None),
            Notification.emailed_at.is_(None), Notification.kind.in_(kinds))
        .options(joinedload(Notification.actor))
        .order_by(Notification.created_at, Notification.id)).all()
    if not pending or not user.is_active or not user.is_confirmed:
        return 0
    locale = user.locale or "en"
    link = unsubscribe_url(user, DIGEST)
    with force_locale(locale), force_timezone(user.timezone):
        context = {"user": user, "notifications": pending[:DIGEST_MAX],
                   "more": max(len(pending) - DIGEST_MAX, 0), "root": site_url(),
                   "locale": locale, "rtl": locale == "ar", "unsubscribe_url": link,
                   "settings_url": public_link("notifications.settings")}
        subject = _("%(count)d new notifications on i-Community", count=len(pending))
        text = render_template("email/digest.txt", **context)
        html = render_template("email/digest.html", **context)
    send_mail(user.email, subject, text, html, unsubscribe_headers(link))
    now = utcnow()
    for notification in pending:
        notification.emailed_at = now
    return len(pending)


def send_digests() -> tuple[int, int]:
    """Send every due digest; returns (mails, notifications)."""
    user_ids = db.session.scalars(
        sa.select(Notification.user_id).distinct().where(
            Notification.read_at.is_(None), Notification.emailed_at.is_(None))
        .order_by(Notification.user_id)).all()
    mails = sent = 0
    for user_id in user_ids:
        user = db.session.get(User, user_id)
        kinds = [kind for kind, channel in preferences_of(user).items() if channel == "digest"]
        count = send_digest(user, kinds) if kinds else 0
        db.session.commit()  # each user's digest is its own action: one failure keeps the rest
        if count:
            mails, sent = mails + 1, sent + count
    return mails, sent


@notifications_cli.command("send-digests")
def send_digests_command() -> None:
    """E-mail each user their unread notifications of the kinds they want by e-mail."""
    mails, sent = send_digests()
    click.echo(f"Sent {mails} digest(s) covering {sent} notification(s).")
