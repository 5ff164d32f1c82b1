"""The approval queue: posts held by the spam defences, approved (they take their place in
the thread, with their notifications) or rejected (they stay invisible) by moderators."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask_babel import force_locale
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from community.errors import Conflict, NotFound
from community.extensions import db
from community.forums import notices
from community.forums.serializers import author_json
from community.i18n import isolate_plain
from community.markup import excerpt as html_excerpt
from community.models import Post, Thread, User, is_id, isoformat
from community.moderation.audit import record
from community.moderation.spam import REJECTED, thread_waits
from community.notifications.services import notify
from community.permissions import require_moderator
from community.text import clean_text
from community.validation import Field, check_field

DECISIONS = ("approve", "reject")
NOTE = Field(str, required=False, max_length=1000, clean=lambda text: clean_text(text).strip())
EXCERPT_MAX = 300


def waiting():
    """SQL condition: the posts that wait for a decision."""
    return sa.and_(Post.held_at.is_not(None), Post.held_reason != REJECTED,
                   Post.deleted_at.is_(None))


def queue_statement() -> sa.Select:
    """Held posts, oldest first, with their authors and threads loaded."""
    return (sa.select(Post).where(waiting())
            .options(joinedload(Post.author), joinedload(Post.thread).joinedload(Thread.category))
            .order_by(Post.held_at, Post.id))


def held_count() -> int:
    """How many posts wait for approval (the admin badge and the dashboard)."""
    return db.session.scalar(sa.select(sa.func.count(Post.id)).where(waiting())) or 0


def find_held_post(actor: User | None, post_id: int) -> Post:
    """A post of the queue (moderators and admins); 404 for any other post."""
    require_moderator(actor)
    if not is_id(post_id):
        raise NotFound(_("No such post waits for approval."))
    post = db.session.scalar(sa.select(Post).where(Post.id == post_id, Post.held_at.is_not(None))
                             .options(joinedload(Post.author), joinedload(Post.thread)))
    if post is None:
        raise NotFound(_("No such post waits for approval."))
    return post


def excerpt(post: Post) -> str:
    return html_excerpt(post.body_html, EXCERPT_MAX)


def held_post_json(post: Post) -> dict[str, Any]:
    """A queue entry: `type` is "thread" for the first post of a waiting thread."""
    return {
        "id": post.id,
        "type": "thread" if thread_waits(post.thread) else "post",
        "author": author_json(post.author),
        "thread": {"id": post.thread_id, "title": post.thread.title},
        "excerpt": excerpt(post),
        "url": notices.post_url(post),
        "reason": post.held_reason,
        "status": "rejected" if post.held_reason == REJECTED else "waiting",
        "created_at": isoformat(post.created_at),
    }


def decide_post(actor: User | None, post: Post, action, note="") -> Post:
    """Approve a held post (it takes the next place in its thread, is broadcast and its
    mentions and subscribers are notified) or reject it (it stays invisible); either way its
    author is told, and the decision is audited."""
    from community.forums.services import publish_post

    require_moderator(actor)
    action = check_field("action", Field(str, choices=DECISIONS), action)
    note = check_field("note", NOTE, "" if note is None else note)
    if post.held_at is None or post.held_reason == REJECTED or post.is_deleted:
        raise Conflict(_("This post no longer waits for approval."))
    thread = post.thread
    reason = post.held_reason
    if action == "approve":
        new_thread = thread_waits(thread)
        db.session.refresh(thread, ["post_count"], with_for_update=True)
        mentioned = publish_post(post)
        if post.author is not None:
            notices.after_post(post.author, post, mentioned, new_thread=new_thread)
    else:
        post.held_reason = REJECTED
    record(actor, f"post.{action}", "post", post.id, thread.title, note or reason or "")
    tell_author(actor, post, action == "approve", note)
    return post


def tell_author(actor: User, post: Post, approved: bool, note: str) -> None:
    """The decision, sent as `post_held` (the kind of everything about a held post)."""
    author = post.author
    if author is None:
        return
    title = isolate_plain(post.thread.title)
    with force_locale(author.locale or "en"):
        if approved:
            text = _("Your post in “%(title)s” is approved and published.", title=title)
        elif note:
            text = _("Your post in “%(title)s” was not approved: %(note)s", title=title,
                     note=note)
        else:
            text = _("Your post in “%(title)s” was not approved.", title=title)
    notify(author, "post_held", actor, notices.post_url(post), text)
