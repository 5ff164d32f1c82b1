"""E-mail reminders of programme sessions, a day before, in each recipient's language and time
zone. `flask --app wsgi programmes remind` sends the due ones (cron, hourly): each session is
its own action, so `reminded_at` and the mails commit together and a session is reminded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from community.auth.mails import mail_locale
from community.extensions import db
from community.i18n import isolate_plain
from community.mail import send_mail
from community.models import NotificationPreference, ProgrammeSession, User
from community.notifications.unsubscribe import unsubscribe_headers, unsubscribe_url
from community.programmes.services import session_audience
from community.times import absolute_text, force_timezone, reader_zone
from community.urls import public_link

# Hourly runs catch every session between 24 and 25 hours ahead; the window starts now so a
# session scheduled later than that, or a run that was missed, is still reminded once.
AHEAD = timedelta(hours=25)


def due_sessions(now: datetime) -> list[ProgrammeSession]:
    """Sessions starting within `AHEAD` that were not reminded yet, soonest first."""
    return list(db.session.scalars(
        sa.select(ProgrammeSession)
        .where(ProgrammeSession.reminded_at.is_(None), ProgrammeSession.starts_at > now,
               ProgrammeSession.starts_at <= now + AHEAD)
        .options(joinedload(ProgrammeSession.programme))
        .order_by(ProgrammeSession.starts_at, ProgrammeSession.id)))


def muted_users(users: list[User]) -> set[int]:
    """Who turned mentoring session notices off, or their e-mail (the reminder's unsubscribe
    link does that): no reminder for them."""
    return set(db.session.scalars(sa.select(NotificationPreference.user_id).where(
        NotificationPreference.user_id.in_([user.id for user in users]),
        NotificationPreference.kind == "mentoring_session",
        NotificationPreference.channel.in_(("off", "inapp")))))


def send_reminder(user: User, session: ProgrammeSession) -> None:
    """One reminder, rendered in the recipient's language and zone."""
    locale = mail_locale(user)
    unsubscribe = unsubscribe_url(user, "mentoring_session")
    with force_locale(locale), force_timezone(user.timezone):
        zone = reader_zone()
        starts = (f"{absolute_text(session.starts_at, zone, locale, width='long')}"
                  f" ({isolate_plain(zone)})")
        context = {"user": user, "session": session, "programme": session.programme,
                   "starts": starts, "locale": locale, "rtl": locale == "ar",
                   "link": public_link("programmes.show", slug=session.programme.slug),
                   "unsubscribe_url": unsubscribe,
                   "settings_url": public_link("notifications.settings")}
        subject = _("Reminder: %(title)s, %(when)s", title=isolate_plain(session.title),
                    when=starts)
        text = render_template("email/session_reminder.txt", **context)
        html = render_template("email/session_reminder.html", **context)
    send_mail(user.email, subject, text, html, unsubscribe_headers(unsubscribe))


def remind_session(session: ProgrammeSession, now: datetime) -> int:
    """Mail the session's audience (active, confirmed, not muted) and mark it reminded, in the
    caller's action; returns how many mails were queued."""
    audience = session_audience(session, session.programme)
    muted = muted_users(audience)
    recipients = [user for user in audience
                  if user.is_active and user.is_confirmed and user.id not in muted]
    for user in recipients:
        send_reminder(user, session)
    session.reminded_at = now
    db.session.flush()
    return len(recipients)


def send_due_reminders(now: datetime | None = None) -> tuple[int, int]:
    """Remind every due session, committing each; returns (sessions, mails)."""
    now = now or datetime.now(UTC)
    sessions = mails = 0
    for session in due_sessions(now):
        mails += remind_session(session, now)
        db.session.commit()
        sessions += 1
    return sessions, mails
