"""JSON API of accounts for staff (`spec/api.md`, Moderation and administration): suspensions,
site roles, the list of users and the moderator's view of one user."""

from __future__ import annotations

from flask import request

from community.api import bp
from community.api.helpers import accepts, responds, signed_in_user
from community.auth.serializers import user_json
from community.chat.serializers import author_json
from community.forums.notices import post_url
from community.markup import excerpt
from community.models import AuditEntry, ChatMessage, Post, Report, Suspension, User, isoformat
from community.moderation import suspensions
from community.moderation.user_queries import (
    USER_FILTERS,
    account_status,
    find_account,
    user_record,
    users_query,
)
from community.pagination import paginated
from community.permissions import require_admin, require_moderator
from community.validation import validate


def account_json(user: User, viewer: User) -> dict:
    """A row of the staff list: who, role, status, suspension; the address for admins."""
    data = {"username": user.username, "display_name": user.display_name,
            "country": user.country, "role": user.role, "status": account_status(user),
            "confirmed": user.is_confirmed, "created_at": isoformat(user.created_at),
            "suspended_until": isoformat(user.suspended_until) if user.is_suspended else None,
            "suspension_reason": user.suspension_reason if user.is_suspended else None}
    if viewer.is_admin:
        data["email"] = user.email
    return data


def suspension_json(suspension: Suspension) -> dict:
    return {"id": suspension.id, "user": suspension.user.username, "reason": suspension.reason,
            "created_at": isoformat(suspension.created_at), "until": isoformat(suspension.until),
            "lifted_at": isoformat(suspension.lifted_at),
            "actor": author_json(suspension.actor), "lifted_by": author_json(suspension.lifted_by)}


def post_summary(post: Post) -> dict:
    return {"id": post.id, "url": post_url(post), "excerpt": excerpt(post.body_html),
            "thread": {"id": post.thread_id, "title": post.thread.title},
            "created_at": isoformat(post.created_at), "hidden": post.hidden,
            "held": post.held_at is not None, "deleted": post.is_deleted}


def message_summary(message: ChatMessage) -> dict:
    return {"id": message.id, "room": {"id": message.room_id, "kind": message.room.kind},
            "seq": message.seq, "url": f"/chat?room={message.room_id}",
            "excerpt": excerpt(message.body_html), "created_at": isoformat(message.created_at),
            "hidden": message.hidden_at is not None, "deleted": message.deleted_at is not None}


def report_summary(report: Report) -> dict:
    return {"id": report.id, "target": {"type": report.target_type, "id": report.target_id,
                                        "author": author_json(report.target_user)},
            "reason": report.reason, "note": report.note,
            "reporter": author_json(report.reporter), "status": report.status,
            "resolution": report.action, "created_at": isoformat(report.created_at)}


def audit_summary(entry: AuditEntry) -> dict:
    return {"id": entry.id, "actor": entry.actor_name, "action": entry.action,
            "target": {"type": entry.target_type, "id": entry.target_id,
                       "label": entry.target_label},
            "reason": entry.reason, "created_at": isoformat(entry.created_at)}


def _staff() -> User:
    viewer = signed_in_user()
    require_moderator(viewer)
    return viewer


@bp.post("/moderation/users/<username>/suspension")
@responds(201)
@accepts(suspensions.SUSPENSION_SCHEMA)
def api_suspend_user(username: str, data: dict):
    """Suspend a user (moderators: members only; admins: members and moderators). They can no
    longer sign in, write or chat; their connections close at once; lifted at `until`."""
    actor = _staff()
    suspension = suspensions.suspend_user(actor, find_account(username), data["reason"],
                                          data.get("until"))
    return suspension_json(suspension)


@bp.delete("/moderation/users/<username>/suspension")
@responds(204)
def api_lift_suspension(username: str):
    """Lift a user's suspension now; 409 when they are not suspended."""
    actor = _staff()
    suspensions.lift_suspension(actor, find_account(username))
    return ""


@bp.get("/moderation/users/<username>")
def api_moderation_user(username: str):
    """The moderator's view of a user: the account, recent posts and chat messages the caller
    may read, reports by and about them, suspensions and the audit entries about them."""
    viewer = _staff()
    record = user_record(viewer, find_account(username))
    return {"user": {**user_json(record.user, viewer=viewer),
                     **account_json(record.user, viewer)},
            "posts": [post_summary(post) for post in record.posts],
            "messages": [message_summary(message) for message in record.messages],
            "reports_by": [report_summary(report) for report in record.reports_by],
            "reports_about": [report_summary(report) for report in record.reports_about],
            "suspensions": [suspension_json(s) for s in record.suspensions],
            "audit": [audit_summary(entry) for entry in record.audit]}


@bp.get("/admin/users")
def api_admin_users():
    """Accounts for staff, newest first. Query: `q` (username, display name or e-mail),
    `role`, `status` (active, unconfirmed, suspended), `country`, `page`, `per_page`."""
    viewer = _staff()
    given = {name: request.args.get(name) or None for name in USER_FILTERS}
    filters = validate(given, USER_FILTERS)
    return paginated(users_query(**filters), lambda user: account_json(user, viewer))


@bp.patch("/admin/users/<username>")
@accepts(suspensions.ROLE_SCHEMA)
def api_set_role(username: str, data: dict):
    """Change a user's site role (admins; never their own). Their sessions end."""
    actor = signed_in_user()
    require_admin(actor)
    user = suspensions.set_site_role(actor, find_account(username), data["role"])
    return account_json(user, actor)
