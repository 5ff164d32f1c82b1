"""Who receives a live event about content that not everyone may see. Staff (moderators, and
the managers of the cluster the content lives in) see hidden content marked; members must not
receive it at all; and a forum watcher who can no longer read a thread gets nothing from it.

Socket.IO rooms are unions only (no "room minus staff"), so a split event goes out as two
emits after the commit: the members' version to the content's room (or to the readers' own
rooms) skipping the staff's connections, which the socket registry lists on every process,
and the staff's version to the staff's own rooms (`user_room`)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import current_app

from community.extensions import db, socketio
from community.models import Cluster, Membership, User, utcnow
from community.realtime import user_room
from community.realtime.presence import registry
from community.transaction import on_commit

MODERATOR_ROLES = ("moderator", "admin")


def in_good_standing():
    """SQL twin of `User.is_active and User.is_confirmed`: ids only, so a cluster of thousands
    costs one narrow query per event, not thousands of loaded rows."""
    suspension_over = sa.and_(User.status == "suspended", User.suspended_until <= utcnow())
    return sa.and_(User.email_confirmed_at.is_not(None),
                   sa.or_(User.status == "active", suspension_over))


def moderator_ids() -> set[int]:
    """The site's active moderators and admins (a handful of people)."""
    return set(db.session.scalars(sa.select(User.id).where(
        User.role.in_(MODERATOR_ROLES), in_good_standing())))


def member_ids(cluster: Cluster, managers_only: bool = False) -> set[int]:
    """The cluster's active members (or managers) whose accounts are in good standing."""
    statement = sa.select(User.id).join(Membership, Membership.user_id == User.id).where(
        Membership.cluster_id == cluster.id, Membership.state == "active", in_good_standing())
    if managers_only:
        statement = statement.where(Membership.role == "manager")
    return set(db.session.scalars(statement))


def staff_ids(cluster: Cluster | None) -> set[int]:
    """Who sees hidden content of a cluster (or of no cluster): moderators and its managers."""
    ids = moderator_ids()
    if cluster is not None:
        ids |= member_ids(cluster, managers_only=True)
    return ids


def forum_readers(cluster: Cluster | None) -> set[int] | None:
    """The users who may read a forum, or None when everyone may (a site category, the public
    forum of an approved cluster); the same rule as `permissions.can_read_cluster_forum`."""
    if cluster is None or (cluster.status == "approved" and cluster.forum_visibility == "public"):
        return None
    members = member_ids(cluster, managers_only=cluster.status != "approved")
    return moderator_ids() | members


def user_rooms(user_ids) -> list[str]:
    return [user_room(user_id) for user_id in sorted(user_ids)]


def emit_to(event: str, payload: Any, rooms: str | list[str], skip_users=()) -> None:
    """Queue one emit for after the commit, skipping the connections of `skip_users`. An empty
    room list sends nothing (python-socketio would take it as "everyone")."""
    if not rooms:
        return
    on_commit(_emit, event, payload, rooms, sorted(skip_users))


def _emit(event: str, payload: Any, rooms, skip_users: list[int]) -> None:
    skip = []
    try:
        for user_id in skip_users:
            skip.extend(registry().sids(user_id))
    except Exception:  # the registry unreachable: better send nothing than reveal hidden text
        current_app.logger.exception("Could not list staff connections for %s", event)
        return
    socketio.emit(event, payload, to=rooms, skip_sid=skip or None)
