"""The permission table of the spec, as predicates that read like sentences. Every route, API
endpoint and Socket.IO handler asks these; nothing else decides who may do what."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask_babel import gettext as _

from community.errors import PermissionDenied, Unauthorized

if TYPE_CHECKING:
    from community.models import Cluster, User


def is_signed_in(user: User | None) -> bool:
    return user is not None and getattr(user, "is_authenticated", False)


def can_write(user: User | None) -> bool:
    """Post, react, chat, report: a confirmed, active member."""
    return is_signed_in(user) and user.is_active and user.is_confirmed


def can_moderate(user: User | None) -> bool:
    """Act on reports, suspend users, approve clusters."""
    return is_signed_in(user) and user.is_active and user.is_moderator


def can_administer(user: User | None) -> bool:
    """Change site roles, manage categories and programmes."""
    return is_signed_in(user) and user.is_active and user.is_admin


def require_write(user: User | None) -> None:
    """Raise the error a refused writer should see: 401 anonymous, 403 unconfirmed."""
    if not is_signed_in(user):
        raise Unauthorized(_("You need to sign in first."))
    if not user.is_confirmed:
        raise PermissionDenied(
            _("Your e-mail address is unconfirmed: confirm it from the link we sent to write here.")
        )
    if not user.is_active:
        raise PermissionDenied(_("Your account is suspended."))


def require_moderator(user: User | None) -> None:
    require_write(user)
    if not can_moderate(user):
        raise PermissionDenied(_("Only moderators and admins can do that."))


def require_admin(user: User | None) -> None:
    require_write(user)
    if not can_administer(user):
        raise PermissionDenied(_("Only admins can do that."))


# --- accounts: suspensions and site roles ---------------------------------------------------

RANKS = {"member": 0, "moderator": 1, "admin": 2}


def can_suspend(actor: User | None, user: User) -> bool:
    """Suspend or lift: staff, never themselves, only accounts of a lower site role (admins
    suspend moderators; an admin is first made a moderator by another admin)."""
    return (can_moderate(actor) and actor.id != user.id and user.status != "deleted"
            and RANKS.get(actor.role, 0) > RANKS.get(user.role, 0))


def can_change_role(actor: User | None, user: User) -> bool:
    """Change a site role: admins, for anyone but themselves."""
    return can_administer(actor) and actor.id != user.id and user.status != "deleted"


def membership_of(user: User | None, cluster: Cluster):
    """The user's active membership in the cluster, or None. Reads loaded memberships only."""
    if not is_signed_in(user):
        return None
    if "memberships" in sa.inspect(cluster).unloaded:
        # One row instead of loading every membership of a large cluster.
        from community.extensions import db
        from community.models import Membership

        return db.session.scalar(db.select(Membership).where(
            Membership.user_id == user.id, Membership.cluster_id == cluster.id,
            Membership.state == "active"))
    for membership in cluster.memberships:
        if membership.user_id == user.id and membership.state == "active":
            return membership
    return None


def is_cluster_member(user: User | None, cluster: Cluster) -> bool:
    return membership_of(user, cluster) is not None


def can_manage_cluster(user: User | None, cluster: Cluster) -> bool:
    """Edit the page, accept members, moderate the cluster's forum and room."""
    if can_moderate(user):
        return True
    membership = membership_of(user, cluster)
    return membership is not None and membership.role == "manager" and can_write(user)


def require_cluster_manager(user: User | None, cluster: Cluster) -> None:
    """Raise unless the user may edit the cluster and decide on its members."""
    require_write(user)
    if not can_manage_cluster(user, cluster):
        raise PermissionDenied(_("Only the cluster's managers, moderators and admins can do that."))


def can_see_cluster(user: User | None, cluster: Cluster) -> bool:
    """Approved clusters are public; pending and rejected ones only for managers and moderators."""
    return cluster.status == "approved" or can_manage_cluster(user, cluster)


def can_read_cluster_forum(user: User | None, cluster: Cluster) -> bool:
    if cluster.status != "approved" and not can_manage_cluster(user, cluster):
        return False
    if cluster.forum_visibility == "public":
        return True
    return can_moderate(user) or is_cluster_member(user, cluster)


# --- forums --------------------------------------------------------------------------------

def can_read_category(user: User | None, category) -> bool:
    """Site categories are public; a cluster's forum follows `can_read_cluster_forum`."""
    return category.cluster is None or can_read_cluster_forum(user, category.cluster)


def can_read_thread(user: User | None, thread) -> bool:
    return can_read_category(user, thread.category)


def can_moderate_thread(user: User | None, thread) -> bool:
    """Pin, lock, hide or delete others' posts: moderators, and the managers of its cluster."""
    if can_moderate(user):
        return True
    cluster = thread.category.cluster
    return cluster is not None and can_manage_cluster(user, cluster)


def can_post_in_thread(user: User | None, thread) -> bool:
    """Reply: a writer who can read it, while it is unlocked (its moderators may still reply)."""
    if not can_write(user) or not can_read_thread(user, thread):
        return False
    return not thread.locked or can_moderate_thread(user, thread)


def can_edit_post(user: User | None, post) -> bool:
    """Edit or delete a post: its author, the thread's moderators."""
    if not can_write(user) or post.is_deleted:
        return False
    if post.author_id == user.id and not post.hidden and not post.thread.locked:
        return True
    return can_moderate_thread(user, post.thread)


def can_read_chat_room(user: User | None, room) -> bool:
    """Join a chat room and read its history: its members; moderators also read cluster rooms."""
    if not is_signed_in(user) or not user.is_active:
        return False
    if room.kind == "cluster" and can_moderate(user):
        return room.cluster is not None and room.cluster.status == "approved"
    return room.has_member(user)


def can_send_in_chat_room(user: User | None, room) -> bool:
    """Send, type and mark read: a confirmed, active member of the room."""
    return can_write(user) and room.has_member(user)


def can_edit_chat_message(user: User | None, message) -> bool:
    return (can_write(user) and message.author_id == user.id and not message.is_deleted
            and message.room.has_member(user))


def can_delete_chat_message(user: User | None, message) -> bool:
    """The author (still a member), moderators, and in a cluster room the cluster's managers."""
    if not can_write(user):
        return False
    room = message.room
    if message.author_id == user.id and room.has_member(user):
        return True
    if can_moderate(user):
        return True
    return (room.kind == "cluster" and room.cluster is not None
            and can_manage_cluster(user, room.cluster))


# --- reports ---------------------------------------------------------------------------------

def can_act_on_reports(user: User | None, cluster: Cluster | None) -> bool:
    """See and act on reports about content: moderators, and for content in a cluster (its
    forum, its chat room) that cluster's managers."""
    if can_moderate(user):
        return True
    return cluster is not None and can_manage_cluster(user, cluster)
