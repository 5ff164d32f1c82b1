"""A member's own data: everything stored about them as one JSON document, and erasing their
account (`spec/api.md`, "Your data"). Both take a constant number of queries per kind of row."""

from __future__ import annotations

import json
import secrets
from collections import defaultdict
from typing import Any

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _

from community.auth.passwords import hash_password, verify_password
from community.auth.reservations import reserve
from community.auth.revocation import end_live_sessions
from community.auth.serializers import avatar_url
from community.errors import Conflict, ValidationError
from community.extensions import db, limiter
from community.images import delete_image
from community.models import (
    ApiToken,
    ChatMember,
    ChatMessage,
    ChatReadMarker,
    ChatRoom,
    Cluster,
    Membership,
    Notification,
    NotificationPreference,
    Post,
    PostRevision,
    Reaction,
    ReadMarker,
    Report,
    Subscription,
    Suspension,
    Thread,
    User,
    UserSession,
    isoformat,
    utcnow,
)
from community.ratelimit import configured_limit, user_or_address
from community.transaction import on_commit

EXPORT_FORMAT = "i-community-export/1"
ERASED_NAME = "Deleted member"  # stored; pages and the API show it in the reader's language
# For the API and the settings page: a stolen session must not try passwords here faster than
# at the sign-in form.
erase_limit = limiter.limit(configured_limit("ERASE_RATE_LIMIT", "10 per hour"),
                            key_func=user_or_address, methods=["DELETE", "POST"])


# --- Export --------------------------------------------------------------------------------

def export_user_data(user: User) -> dict[str, Any]:
    """Everything stored about `user`, for themself: profile, memberships, posts with their
    revisions, chat messages, reactions, subscriptions, notifications and preferences, reports
    filed, suspensions, sessions and API tokens (never a secret or a hash)."""
    return {
        "format": EXPORT_FORMAT,
        "exported_at": isoformat(utcnow()),
        "profile": _profile(user),
        "memberships": _memberships(user),
        "threads": _threads(user),
        "posts": _posts(user),
        "reactions": _rows(sa.select(Reaction.post_id, Reaction.kind, Reaction.created_at)
                           .where(Reaction.user_id == user.id)
                           .order_by(Reaction.created_at, Reaction.post_id)),
        "subscriptions": _rows(sa.select(Subscription.thread_id, Subscription.created_at)
                               .where(Subscription.user_id == user.id)
                               .order_by(Subscription.created_at)),
        "chat_messages": _chat_messages(user),
        "notifications": _notifications(user),
        "notification_preferences": dict(db.session.execute(
            sa.select(NotificationPreference.kind, NotificationPreference.channel)
            .where(NotificationPreference.user_id == user.id)
            .order_by(NotificationPreference.kind)).all()),
        "reports_filed": _reports(user),
        "suspensions": _rows(sa.select(Suspension.reason, Suspension.created_at,
                                       Suspension.until, Suspension.lifted_at)
                             .where(Suspension.user_id == user.id)
                             .order_by(Suspension.created_at)),
        "sessions": _rows(sa.select(UserSession.created_at, UserSession.last_seen_at,
                                    UserSession.device, UserSession.address,
                                    UserSession.remember, UserSession.revoked_at)
                          .where(UserSession.user_id == user.id)
                          .order_by(UserSession.created_at)),
        "api_tokens": _rows(sa.select(ApiToken.name, ApiToken.created_at, ApiToken.expires_at,
                                      ApiToken.last_used_at, ApiToken.revoked_at)
                            .where(ApiToken.user_id == user.id)
                            .order_by(ApiToken.created_at, ApiToken.id)),
    }


def export_attachment(user: User) -> Response:
    """The export as a JSON file download named `i-community-<username>.json`."""
    body = json.dumps(export_user_data(user), ensure_ascii=False, indent=2)
    response = Response(body, mimetype="application/json")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="i-community-{user.username}.json"')
    response.headers["Cache-Control"] = "no-store"
    return response


def _value(value: Any) -> Any:
    return isoformat(value) if hasattr(value, "astimezone") else value


def _rows(statement) -> list[dict[str, Any]]:
    """Each row of a Core select as a dict keyed by column name, times in ISO 8601."""
    return [{key: _value(value) for key, value in row._mapping.items()}
            for row in db.session.execute(statement)]


def _profile(user: User) -> dict[str, Any]:
    return {
        "username": user.username, "email": user.email, "pending_email": user.pending_email,
        "email_confirmed_at": isoformat(user.email_confirmed_at),
        "display_name": user.display_name, "headline": user.headline, "bio": user.bio,
        "bio_html": user.bio_html, "country": user.country, "languages": user.languages,
        "expertise": user.expertise, "avatar_url": avatar_url(user), "locale": user.locale,
        "timezone": user.timezone,
        "role": user.role, "status": user.status,
        "suspended_until": isoformat(user.suspended_until),
        "created_at": isoformat(user.created_at),
    }


def _memberships(user: User) -> list[dict[str, Any]]:
    return _rows(sa.select(Cluster.slug.label("cluster"), Cluster.name.label("cluster_name"),
                           Membership.role, Membership.state, Membership.created_at,
                           Membership.since)
                 .join(Cluster, Membership.cluster_id == Cluster.id)
                 .where(Membership.user_id == user.id).order_by(Membership.created_at))


def _threads(user: User) -> list[dict[str, Any]]:
    return _rows(sa.select(Thread.id, Thread.title, Thread.created_at)
                 .where(Thread.author_id == user.id).order_by(Thread.created_at, Thread.id))


def _posts(user: User) -> list[dict[str, Any]]:
    """The user's posts (deleted, hidden and held ones too: they are stored), each with the
    earlier bodies kept as revisions. Two queries whatever the number of posts."""
    revisions: dict[int, list[dict[str, Any]]] = defaultdict(list)
    for row in _rows(sa.select(PostRevision.post_id, PostRevision.body, PostRevision.written_at,
                               PostRevision.replaced_at)
                     .join(Post, PostRevision.post_id == Post.id)
                     .where(Post.author_id == user.id)
                     .order_by(PostRevision.written_at, PostRevision.id)):
        revisions[row.pop("post_id")].append(row)
    posts = _rows(sa.select(Post.id, Post.thread_id, Thread.title.label("thread_title"),
                            Post.position, Post.reply_to_id.label("reply_to"), Post.body,
                            Post.body_html, Post.created_at, Post.edited_at, Post.deleted_at,
                            Post.hidden, Post.held_at)
                  .join(Thread, Post.thread_id == Thread.id)
                  .where(Post.author_id == user.id).order_by(Post.created_at, Post.id))
    for post in posts:
        post["revisions"] = revisions.get(post["id"], [])
    return posts


def _chat_messages(user: User) -> list[dict[str, Any]]:
    return _rows(sa.select(ChatMessage.id, ChatMessage.room_id, ChatRoom.kind.label("room_kind"),
                           ChatMessage.seq, ChatMessage.body, ChatMessage.created_at,
                           ChatMessage.edited_at, ChatMessage.deleted_at)
                 .join(ChatRoom, ChatMessage.room_id == ChatRoom.id)
                 .where(ChatMessage.author_id == user.id)
                 .order_by(ChatMessage.created_at, ChatMessage.id))


def _notifications(user: User) -> list[dict[str, Any]]:
    from community.notifications.services import notification_json, notifications_statement

    return [notification_json(n) for n in db.session.scalars(notifications_statement(user))]


def _reports(user: User) -> list[dict[str, Any]]:
    return _rows(sa.select(Report.id, Report.target_type, Report.target_id, Report.reason,
                           Report.note, Report.status, Report.created_at, Report.resolved_at)
                 .where(Report.reporter_id == user.id).order_by(Report.created_at, Report.id))


# --- Erasure -------------------------------------------------------------------------------

def erase_account(user: User, password: str) -> None:
    """Erase the account after checking its password (422 on `password` otherwise). Posts stay,
    shown as by a deleted member; chat messages lose their text; memberships, subscriptions,
    notifications, sessions and tokens end; the profile is emptied and the username and
    address are released after 30 days. The last manager of an approved cluster that has
    other members is refused (409) until they hand over."""
    if not verify_password(user.password_hash, password or ""):
        raise ValidationError(_("Some fields are not valid."),
                              {"password": _("This is not your current password.")})
    _ensure_clusters_keep_a_manager(user)
    reserve(user.username, user.email)
    _remove_chat_messages(user)
    _end_memberships(user)
    for model in (Notification, NotificationPreference, Subscription, ReadMarker,
                  ChatReadMarker, ApiToken, UserSession):
        db.session.execute(sa.delete(model).where(model.user_id == user.id))
    _clear_profile(user)
    end_live_sessions(user)
    from community.search.index import index_user

    index_user(user)  # a deleted user leaves the search index
    db.session.flush()


def _ensure_clusters_keep_a_manager(user: User) -> None:
    """A cluster whose members would be left with no manager must be handed over first. A
    cluster with nobody else (or not approved) is left for moderators to tidy."""
    managed = db.session.scalars(
        sa.select(Cluster).join(Membership, Membership.cluster_id == Cluster.id)
        .where(Membership.user_id == user.id, Membership.role == "manager",
               Membership.state == "active", Cluster.status == "approved",
               Cluster.member_count > 1)).all()
    from community.clusters.services import count_managers

    stranded = [cluster.name for cluster in managed if count_managers(cluster) <= 1]
    if stranded:
        raise Conflict(_("You are the last manager of %(clusters)s: make another member a "
                         "manager first.", clusters=", ".join(sorted(stranded))))


def _remove_chat_messages(user: User) -> None:
    """Every message of the user loses its text and reads as deleted; open windows are told."""
    from community.chat.services import announce_deleted

    visible = db.session.scalars(sa.select(ChatMessage).where(
        ChatMessage.author_id == user.id, ChatMessage.deleted_at.is_(None),
        ChatMessage.hidden_at.is_(None))).all()
    for message in visible:
        announce_deleted(message)
    db.session.execute(
        sa.update(ChatMessage).where(ChatMessage.author_id == user.id)
        .values(body="", body_html="", client_id=None,
                deleted_at=sa.func.coalesce(ChatMessage.deleted_at, utcnow()))
        .execution_options(synchronize_session="fetch"))


def _end_memberships(user: User) -> None:
    """Leave every cluster (counts recounted) and every group room. Direct conversations keep
    the other person's history, with this side shown as a deleted member."""
    from community.clusters.services import refresh_member_count

    clusters = db.session.scalars(
        sa.select(Cluster).join(Membership, Membership.cluster_id == Cluster.id)
        .where(Membership.user_id == user.id)).all()
    db.session.execute(sa.delete(Membership).where(Membership.user_id == user.id)
                       .execution_options(synchronize_session="fetch"))
    for cluster in clusters:
        refresh_member_count(cluster)
    direct_rooms = sa.select(ChatRoom.id).where(ChatRoom.kind == "direct")
    db.session.execute(sa.delete(ChatMember).where(ChatMember.user_id == user.id,
                                                   ChatMember.room_id.not_in(direct_rooms))
                       .execution_options(synchronize_session="fetch"))


def _clear_profile(user: User) -> None:
    """Replace every personal field; the username and address become placeholders that no
    registration can take (hyphen, `.invalid`), so the real ones are free after 30 days."""
    on_commit(delete_image, user.avatar_filename)
    user.username = f"deleted-{user.id}"
    user.email = f"deleted-{user.id}@erased.invalid"
    user.pending_email = None
    user.display_name = ERASED_NAME
    user.headline = user.bio = user.bio_html = ""
    user.country = user.avatar_filename = user.locale = None
    user.tags = []
    user.role = "member"
    user.status = "deleted"
    user.suspended_until = user.suspension_reason = None
    user.password_hash = hash_password(secrets.token_urlsafe(32))  # matches no password
    user.session_version += 1
