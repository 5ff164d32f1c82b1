"""What staff look up about accounts: the filtered list of users (`/admin/users`) and one user's
record for the moderator's view (recent posts and messages, reports, suspensions, audit)."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from community.errors import NotFound
from community.extensions import db
from community.models import (
    AuditEntry,
    Category,
    ChatMember,
    ChatMessage,
    ChatRoom,
    Post,
    Report,
    Suspension,
    Thread,
    User,
    utcnow,
)
from community.models.user import ROLES
from community.permissions import can_read_chat_room, can_read_thread
from community.search.filters import index_match
from community.validation import COUNTRY, Field

STATUSES = ("active", "unconfirmed", "suspended")
STATUS_LABELS = {"active": _l("Active"), "unconfirmed": _l("Unconfirmed"),
                 "suspended": _l("Suspended"), "deleted": _l("Deleted")}
REPORT_LABELS = {
    "post": _l("Post"), "message": _l("Chat message"), "user": _l("Profile"),
    "spam": _l("Spam"), "abuse": _l("Abuse"), "off_topic": _l("Off topic"), "other": _l("Other"),
    "open": _l("Open"), "resolved": _l("Resolved"), "dismiss": _l("Dismissed"),
    "hide": _l("Hidden"), "restore": _l("Restored"), "delete": _l("Deleted"),
}
USER_FILTERS = {
    "q": Field(str, required=False, max_length=100,
               description="words of the name (matched as the site search matches "
                           "them), or part of the username or e-mail address"),
    "role": Field(str, required=False, choices=ROLES),
    "status": Field(str, required=False, choices=STATUSES),
    "country": COUNTRY,
}
RECENT = 20


def find_account(username: str) -> User:
    """Any account, deleted ones included (staff keep their record); 404 when unknown."""
    user = db.session.scalar(db.select(User).where(User.username == (username or "").lower()))
    if user is None:
        raise NotFound(_("No such user."))
    return user


def account_status(user: User) -> str:
    """active, unconfirmed, suspended (while in force) or deleted."""
    if user.status == "deleted":
        return "deleted"
    if user.is_suspended:
        return "suspended"
    return "active" if user.is_confirmed else "unconfirmed"


def _suspended_now():
    return sa.and_(User.status == "suspended", sa.or_(User.suspended_until.is_(None),
                                                      User.suspended_until > utcnow()))


def users_query(q: str = "", role: str = "", status: str = "", country: str = ""):
    """Accounts (not deleted) matching the filters, newest first; paginate it in SQL."""
    statement = db.select(User).where(User.status != "deleted")
    if q:  # names as the site search matches them; a username or address by any part
        statement = statement.where(sa.or_(
            index_match("user", User.id, q),
            User.username.icontains(q, autoescape=True),
            User.email.icontains(q, autoescape=True)))
    if role:
        statement = statement.where(User.role == role)
    if status == "suspended":
        statement = statement.where(_suspended_now())
    elif status == "unconfirmed":
        statement = statement.where(User.email_confirmed_at.is_(None))
    elif status == "active":
        statement = statement.where(User.email_confirmed_at.is_not(None),
                                    sa.not_(_suspended_now()))
    if country:
        statement = statement.where(User.country == country)
    return statement.order_by(User.created_at.desc(), User.id.desc())


@dataclass
class UserRecord:
    """One user as the moderator's view shows them."""

    user: User
    posts: list[Post]
    messages: list[ChatMessage]
    reports_by: list[Report]
    reports_about: list[Report]
    suspensions: list[Suspension]
    audit: list[AuditEntry]


def user_record(viewer: User, user: User) -> UserRecord:
    """Everything staff review about `user`; posts and messages only where `viewer` may read
    them (moderators read every forum and cluster room, not others' private conversations)."""
    return UserRecord(
        user=user, posts=_recent_posts(viewer, user), messages=_recent_messages(viewer, user),
        reports_by=_reports(Report.reporter_id == user.id),
        reports_about=_reports(sa.or_(Report.target_user_id == user.id, sa.and_(
            Report.target_type == "user", Report.target_id == user.id))),
        suspensions=list(db.session.scalars(
            db.select(Suspension).where(Suspension.user_id == user.id)
            .options(joinedload(Suspension.actor), joinedload(Suspension.lifted_by))
            .order_by(Suspension.created_at.desc(), Suspension.id.desc()))),
        audit=list(db.session.scalars(
            db.select(AuditEntry).where(sa.or_(
                sa.and_(AuditEntry.target_type == "user", AuditEntry.target_id == user.id),
                AuditEntry.actor_id == user.id))
            .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()).limit(RECENT))))


def _recent_posts(viewer: User, user: User) -> list[Post]:
    posts = db.session.scalars(
        db.select(Post).where(Post.author_id == user.id)
        .options(joinedload(Post.thread).joinedload(Thread.category)
                 .joinedload(Category.cluster))
        .order_by(Post.created_at.desc(), Post.id.desc()).limit(RECENT))
    return [post for post in posts if can_read_thread(viewer, post.thread)]


def _recent_messages(viewer: User, user: User) -> list[ChatMessage]:
    shared = db.select(ChatMember.room_id).where(ChatMember.user_id == viewer.id)
    messages = db.session.scalars(
        db.select(ChatMessage).join(ChatRoom, ChatMessage.room_id == ChatRoom.id)
        .where(ChatMessage.author_id == user.id,
               sa.or_(ChatRoom.kind == "cluster", ChatRoom.id.in_(shared)))
        .options(joinedload(ChatMessage.room).joinedload(ChatRoom.cluster))
        .order_by(ChatMessage.created_at.desc(), ChatMessage.id.desc()).limit(RECENT))
    return [message for message in messages if can_read_chat_room(viewer, message.room)]


def _reports(condition) -> list[Report]:
    return list(db.session.scalars(
        db.select(Report).where(condition)
        .options(selectinload(Report.reporter), selectinload(Report.target_user))
        .order_by(Report.created_at.desc(), Report.id.desc()).limit(RECENT)))
