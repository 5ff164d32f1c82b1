"""Creating notifications: stored, then pushed live to the recipient's own connections."""

from __future__ import annotations

from datetime import datetime
from functools import cache

from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from community.auth.serializers import shown_name, shown_username
from community.errors import ValidationError
from community.extensions import db
from community.models import Notification, NotificationPreference, User, isoformat, utcnow
from community.models.notification import CHANNELS, NOTIFICATION_KINDS, default_channel
from community.notifications.instant import schedule_instant_email
from community.realtime import user_room
from community.transaction import emit_on_commit


def notification_payload(notification_id: int, kind: str, actor: User | None,
                         target_url: str, text: str, created_at: datetime, read: bool) -> dict:
    """A notification as the API lists it and the `notification` event pushes it: one shape
    for both, built from a row or from the values of a bulk insert."""
    return {
        "id": notification_id,
        "kind": kind,
        "actor": ({"username": shown_username(actor), "display_name": shown_name(actor)}
                  if actor else None),
        "target_url": target_url,
        "text": text,
        "created_at": isoformat(created_at),
        "read": read,
    }


def notification_json(notification: Notification) -> dict:
    """A stored notification, for the API's list."""
    return notification_payload(
        notification.id, notification.kind, notification.actor, notification.target_url,
        notification.text, notification.created_at, notification.read_at is not None)


def notifications_statement(user: User, unread_only: bool = False):
    """The user's notifications, newest first, with their actors loaded."""
    statement = (db.select(Notification).where(Notification.user_id == user.id)
                 .options(selectinload(Notification.actor))
                 .order_by(Notification.created_at.desc(), Notification.id.desc()))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return statement


def unread_count(user: User) -> int:
    return db.session.scalar(_unread_statement(), {"user_id": user.id}) or 0


@cache
def _unread_statement():
    """Built once per process (the menu's badge asks on every page), the user bound later."""
    return db.select(db.func.count(Notification.id)).where(
        Notification.user_id == db.bindparam("user_id", type_=db.Integer),
        Notification.read_at.is_(None))


def notify(recipient: User, kind: str, actor: User | None = None, target_url: str = "",
           text: str = "") -> Notification | None:
    """Store a notification (unless the recipient turned this kind off or is the actor) and
    push it live after the commit. Callers check first that the recipient may see the target."""
    ids = notify_many([(recipient, text)], kind, actor=actor, target_url=target_url)
    return db.session.get(Notification, ids[0]) if ids else None


def notify_many(notices: list[tuple[User, str]], kind: str, actor: User | None = None,
                target_url: str = "") -> list[int]:
    """`notify` for many recipients (each with a text in their language): one bulk insert, one
    flush and a fixed number of queries whatever their number; after the commit each
    recipient's own connections get theirs. Returns the new notifications' ids."""
    wanted = {user.id: text for user, text in notices
              if user.is_active and (actor is None or user.id != actor.id)}
    if not wanted:
        return []
    chosen = dict(db.session.execute(
        db.select(NotificationPreference.user_id, NotificationPreference.channel).where(
            NotificationPreference.user_id.in_(wanted), NotificationPreference.kind == kind)).all())
    channels = {user_id: chosen.get(user_id, default_channel(kind)) for user_id in wanted}
    recipients = {user_id: text[:500] for user_id, text in wanted.items()
                  if channels[user_id] != "off"}
    if not recipients:
        return []
    now = utcnow()
    rows = [{"user_id": user_id, "kind": kind, "actor_id": actor.id if actor else None,
             "target_url": target_url, "text": text, "created_at": now}
            for user_id, text in recipients.items()]
    ids = dict(db.session.execute(
        db.insert(Notification).returning(Notification.user_id, Notification.id), rows).all())
    counts = dict(db.session.execute(
        db.select(Notification.user_id, db.func.count(Notification.id))
        .where(Notification.user_id.in_(list(recipients)), Notification.read_at.is_(None))
        .group_by(Notification.user_id)).all())
    for user_id, text in recipients.items():
        payload = {**notification_payload(ids[user_id], kind, actor, target_url, text, now, False),
                   "unread_count": counts.get(user_id, 0)}
        emit_on_commit("notification", payload, to=user_room(user_id))
        if channels[user_id] == "instant":
            schedule_instant_email(ids[user_id])
    return [ids[user_id] for user_id in recipients]


LEGACY_CHANNELS = {"email": "digest"}  # what API clients written before instant mail send


def mark_read(user: User, ids: list[int] | None = None, everything: bool = False) -> int:
    """Mark the user's own notifications read (some by id, or all); returns how many changed.
    Ids of other users' notifications are ignored."""
    statement = db.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None))
    if not everything:
        if not ids:
            return 0
        statement = statement.where(Notification.id.in_(ids))
    changed = db.session.execute(statement.values(read_at=utcnow())).rowcount or 0
    return changed


def mark_target_read(user: User, kind: str, target_url: str) -> int:
    """Mark read the user's unread notifications of one kind that lead to `target_url` (a
    conversation read in the chat: its instant e-mail, still waiting, is then not sent)."""
    return db.session.execute(db.update(Notification).where(
        Notification.user_id == user.id, Notification.read_at.is_(None),
        Notification.kind == kind, Notification.target_url == target_url,
    ).values(read_at=utcnow())).rowcount or 0


def preferences_of(user: User) -> dict[str, str]:
    """The channel of every kind for this user (the kind's default where nothing was chosen)."""
    chosen = dict(db.session.execute(
        db.select(NotificationPreference.kind, NotificationPreference.channel)
        .where(NotificationPreference.user_id == user.id)).all())
    return {kind: chosen.get(kind, default_channel(kind)) for kind in NOTIFICATION_KINDS}


def set_preferences(user: User, channels: dict[str, str]) -> dict[str, str]:
    """Store the user's channel per kind; unknown kinds or channels are a 422."""
    channels = {kind: LEGACY_CHANNELS.get(channel, channel) for kind, channel in channels.items()}
    problems = {kind: _("Must be one of: %(choices)s.", choices=", ".join(CHANNELS))
                for kind, channel in channels.items()
                if kind not in NOTIFICATION_KINDS or channel not in CHANNELS}
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)
    existing = {p.kind: p for p in db.session.scalars(
        db.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    for kind, channel in channels.items():
        if kind in existing:
            existing[kind].channel = channel
        else:
            db.session.add(NotificationPreference(user_id=user.id, kind=kind, channel=channel))
    db.session.flush()
    return preferences_of(user)
