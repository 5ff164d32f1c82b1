"""Following threads: subscriptions (reply notifications) and read markers (the first unread
post). Split from `services` to keep each module short; `services` re-exports these."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.models import ReadMarker, Subscription, Thread, User, utcnow
from community.permissions import require_write
from community.transaction import savepoint


def ensure_subscribed(user: User, thread: Thread) -> None:
    exists = db.session.get(Subscription, (thread.id, user.id))
    if exists is None:
        db.session.add(Subscription(thread_id=thread.id, user_id=user.id))


def add_once(row) -> None:
    """Insert a row keyed by its natural key; the same row sent twice at once (two tabs, a
    double click) is already there, which is what was asked."""
    try:
        with savepoint():
            db.session.add(row)
    except sa.exc.IntegrityError:  # nosec B110
        pass  # the row is there already, as asked (bandit B110 false positive)


def subscribe(actor: User | None, thread: Thread) -> None:
    require_write(actor)
    if db.session.get(Subscription, (thread.id, actor.id)) is None:
        add_once(Subscription(thread_id=thread.id, user_id=actor.id))


def unsubscribe(actor: User | None, thread: Thread) -> None:
    require_write(actor)
    db.session.execute(sa.delete(Subscription).where(
        Subscription.thread_id == thread.id, Subscription.user_id == actor.id))


def is_subscribed(user: User | None, thread: Thread) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(Subscription, (thread.id, user.id)) is not None


def advance_marker(user: User, thread: Thread, position: int) -> None:
    marker = db.session.get(ReadMarker, (thread.id, user.id))
    if marker is None:
        db.session.add(ReadMarker(thread_id=thread.id, user_id=user.id, position=position))
    elif marker.position < position:
        marker.position, marker.updated_at = position, utcnow()


def mark_read(user: User | None, thread: Thread, position: int) -> None:
    """Remember the furthest post a member has seen in a thread."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    marker = db.session.get(ReadMarker, (thread.id, user.id))
    if marker is None:
        add_once(ReadMarker(thread_id=thread.id, user_id=user.id, position=position))
    else:
        advance_marker(user, thread, position)


def viewer_state(user: User | None, thread: Thread) -> tuple[bool, int | None]:
    """Whether the viewer follows the thread, and the furthest post they have seen in it (None:
    never opened), in one query: the thread page asks both on every view."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False, None
    follows = sa.exists().where(Subscription.thread_id == thread.id,
                                Subscription.user_id == user.id)
    seen = sa.select(ReadMarker.position).where(
        ReadMarker.thread_id == thread.id, ReadMarker.user_id == user.id).scalar_subquery()
    subscribed, position = db.session.execute(sa.select(follows, seen)).one()
    return bool(subscribed), position


def mark_read_seen(user: User | None, thread: Thread, position: int, seen: int | None) -> None:
    """`mark_read` when the marker's position is already known (`viewer_state`): a page seen
    again writes and reads nothing."""
    if user is None or not getattr(user, "is_authenticated", False):
        return
    if seen is None:
        add_once(ReadMarker(thread_id=thread.id, user_id=user.id, position=position))
    elif seen < position:
        db.session.execute(sa.update(ReadMarker).where(
            ReadMarker.thread_id == thread.id, ReadMarker.user_id == user.id,
            ReadMarker.position < position).values(position=position, updated_at=utcnow()))


def first_unread_position(user: User | None, thread: Thread) -> int:
    if user is None or not getattr(user, "is_authenticated", False):
        return 1
    marker = db.session.get(ReadMarker, (thread.id, user.id))
    seen = marker.position if marker else 0
    return min(seen + 1, max(thread.post_count, 1))
