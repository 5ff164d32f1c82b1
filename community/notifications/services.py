"""Creating notifications: stored, then pushed live to the recipient's own connections."""

from __future__ import annotations

from flask import url_for

from community.extensions import db, socketio
from community.models import Notification, NotificationPreference, User, isoformat
from community.realtime import user_room


def channel_for(user: User, kind: str) -> str:
    """`inapp` (default), `email` (in-app and the e-mail digest) or `off`."""
    preference = db.session.get(NotificationPreference, (user.id, kind))
    return preference.channel if preference else "inapp"


def notification_json(notification: Notification) -> dict:
    actor = notification.actor
    return {
        "id": notification.id,
        "kind": notification.kind,
        "actor": {"username": actor.username, "display_name": actor.display_name} if actor else None,
        "target_url": notification.target_url,
        "text": notification.text,
        "created_at": isoformat(notification.created_at),
        "read": notification.read_at is not None,
    }


def unread_count(user: User) -> int:
    return db.session.scalar(
        db.select(db.func.count(Notification.id)).where(
            Notification.user_id == user.id, Notification.read_at.is_(None))) or 0


def notify(recipient: User, kind: str, actor: User | None = None, target_url: str = "",
           text: str = "") -> Notification | None:
    """Store a notification (unless the recipient turned this kind off or is the actor),
    commit, then push it live. Callers check first that the recipient may see the target."""
    if actor is not None and actor.id == recipient.id:
        return None
    if not recipient.is_active or channel_for(recipient, kind) == "off":
        return None
    notification = Notification(user=recipient, kind=kind, actor=actor,
                                target_url=target_url, text=text[:500])
    db.session.add(notification)
    db.session.commit()
    push_notification(notification)
    return notification


def push_notification(notification: Notification) -> None:
    """Send the `notification` event and the new unread count to the recipient's connections."""
    payload = notification_json(notification)
    payload["unread_count"] = unread_count(notification.user)
    socketio.emit("notification", payload, to=user_room(notification.user_id))


def profile_url(user: User) -> str:
    return url_for("profiles.show", username=user.username)
