"""What a report is about: its author, its cluster, a link and an excerpt for each kind of target
(post, chat message, profile), loaded in bulk for the queue, and what each moderation action
does to it."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from community.errors import Conflict, PermissionDenied, ValidationError
from community.extensions import db
from community.markup import excerpt as html_excerpt
from community.models import Category, ChatMessage, ChatRoom, Cluster, Post, Thread, User
from community.permissions import can_delete_chat_message

EXCERPT = 200
MODELS = {"post": Post, "message": ChatMessage, "user": User}


def owner_and_cluster(target_type: str, target) -> tuple[int | None, Cluster | None]:
    """The id of whoever wrote the target, and the cluster it lives in (its managers review
    it): a post's cluster forum, a message's cluster room; profiles and the rest have none."""
    if target_type == "post":
        return target.author_id, target.thread.category.cluster
    if target_type == "message":
        room = target.room
        return target.author_id, room.cluster if room.kind == "cluster" else None
    return target.id, None


def load(target_type: str, ids) -> dict[int, object]:
    """The targets of one kind by id, with what their excerpts and links need."""
    ids = set(ids)
    if not ids:
        return {}
    model = MODELS[target_type]
    statement = sa.select(model).where(model.id.in_(ids))
    if target_type == "post":
        statement = statement.options(
            joinedload(Post.author),
            joinedload(Post.thread).joinedload(Thread.category).joinedload(Category.cluster))
    elif target_type == "message":
        statement = statement.options(joinedload(ChatMessage.author),
                                      joinedload(ChatMessage.room).joinedload(ChatRoom.cluster))
    return {row.id: row for row in db.session.scalars(statement).unique()}


def author_of(target_type: str, target) -> User | None:
    return target if target_type == "user" else target.author


def url(target_type: str, target) -> str:
    if target_type == "post":
        return f"/posts/{target.id}"
    if target_type == "message":
        return f"/chat?room={target.room_id}#message-{target.seq}"
    return f"/u/{target.username}"


def excerpt(target_type: str, target) -> str:
    """The reported text, cut short; kept for moderators even when hidden or deleted."""
    if target_type == "user":
        bio = html_excerpt(target.bio_html, EXCERPT)
        text = " · ".join(part for part in (" ".join((target.headline or "").split()), bio) if part)
        return text if len(text) <= EXCERPT else text[:EXCERPT - 1].rstrip() + "…"
    return html_excerpt(target.body_html, EXCERPT)


def label(target_type: str, target) -> str:
    """How the audit log names the target."""
    if target_type == "user":
        return f"@{target.username}"
    author = target.author.username if target.author else "?"
    return f"@{author}: {excerpt(target_type, target)}"


def is_hidden(target_type: str, target) -> bool:
    if target_type == "post":
        return target.hidden
    if target_type == "message":
        return target.hidden_at is not None
    return False


def is_deleted(target_type: str, target) -> bool:
    if target_type == "user":
        return target.status == "deleted"
    return target.deleted_at is not None


def allowed_actions(target_type: str, target) -> list[str]:
    """The actions offered now: a profile can only be dismissed or hidden (its headline and bio
    cleared); deleted or vanished content can only be dismissed."""
    if target is None or is_deleted(target_type, target):
        return ["dismiss"]
    if target_type == "user":
        return ["dismiss", "hide"]
    return ["dismiss", "restore" if is_hidden(target_type, target) else "hide", "delete"]


def apply(actor: User, target_type: str, target, action: str) -> None:
    """Do `action` to the target, through the service that owns it (which checks the actor
    may moderate it and queues the live events). Restoring visible content changes nothing."""
    possible = set(allowed_actions(target_type, target))
    if target_type != "user" and "delete" in possible:
        possible |= {"hide", "restore"}
    if action not in possible:
        raise ValidationError(_("Some fields are not valid."),
                              {"action": _("This action does not apply to this content.")})
    if action == "dismiss" or (action == "restore" and not is_hidden(target_type, target)):
        return
    if target_type == "post":
        _apply_to_post(actor, target, action)
    elif target_type == "message":
        _apply_to_message(actor, target, action)
    else:
        _clear_profile(target)


def _apply_to_post(actor: User, post: Post, action: str) -> None:
    from community.forums import services as forums

    if action == "delete":
        forums.delete_post(actor, post)
    else:
        forums.set_post_hidden(actor, post, hidden=action == "hide")


def _apply_to_message(actor: User, message: ChatMessage, action: str) -> None:
    from community.chat import services as chat

    if not can_delete_chat_message(actor, message):
        raise PermissionDenied(_("You cannot moderate this message."))
    if action == "delete":
        chat.delete_message(actor, message)
    elif action == "hide":
        chat.hide_message(message)
    else:
        chat.unhide_message(message)


def _clear_profile(user: User) -> None:
    """Hiding a profile clears what its owner wrote there (headline and bio), which is what
    profile reports are about; the account itself is the suspension's business."""
    from community.search.index import index_user

    if user.status == "deleted":
        raise Conflict(_("This account no longer exists."))
    user.headline, user.bio, user.bio_html = "", "", ""
    index_user(user)
