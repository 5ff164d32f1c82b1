"""What follows a committed post: mention and reply notifications, and the live `forum:post`
broadcast to the thread's readers. Called by the services only after their commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app, has_request_context, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from community.extensions import db
from community.i18n import isolate_plain
from community.models import Post, Subscription, User
from community.notifications.services import notify_many
from community.permissions import can_read_thread
from community.realtime import audience


def thread_room(thread_id: int) -> str:
    """The Socket.IO room of a thread's live readers."""
    return f"thread:{thread_id}"


def post_url(post: Post) -> str:
    """The stable link of a post (`forums.goto_post`), also without a request context."""
    return f"/posts/{post.id}"


def _locale(user: User) -> str:
    return user.locale or "en"


def notify_mentions(actor: User, post: Post, users: list[User]) -> None:
    notices = []
    for user in users:
        with force_locale(_locale(user)):
            notices.append((user, _("%(name)s mentioned you in “%(title)s”",
                                    name=isolate_plain(actor.display_name),
                                    title=isolate_plain(post.thread.title))))
    notify_many(notices, "mention", actor=actor, target_url=post_url(post))


def notify_subscribers(actor: User, post: Post, skip: set[int]) -> None:
    """A `reply` notification to every subscriber (the author is one) who may still read it."""
    thread = post.thread
    subscribers = db.session.scalars(sa.select(User).join(
        Subscription, Subscription.user_id == User.id).where(
        Subscription.thread_id == thread.id, User.id != actor.id)).all()
    notices = []
    for user in subscribers:
        if user.id in skip or not can_read_thread(user, thread):
            continue
        with force_locale(_locale(user)):
            notices.append((user, _("%(name)s replied in “%(title)s”",
                                    name=isolate_plain(actor.display_name),
                                    title=isolate_plain(thread.title))))
    # One insert and one commit for all subscribers, not one per subscriber.
    notify_many(notices, "reply", actor=actor, target_url=post_url(post))


def visible_to_members(post: Post) -> bool:
    """Whether members see the post's text (moderators see hidden and held posts, marked)."""
    return not post.hidden and not post.is_deleted and post.held_at is None


def render_live_post(post: Post, moderates: bool = False) -> str:
    """The post as broadcast: no per-user controls; `moderates` shows a hidden post marked."""
    if has_request_context():
        return render_template("forums/_live_post.html", post=post, live_moderates=moderates)
    with current_app.test_request_context("/"):  # a CLI caller: links are relative anyway
        return render_template("forums/_live_post.html", post=post, live_moderates=moderates)


def broadcast_post(event: str, post: Post) -> None:
    """Send the rendered post to the live readers of its thread who may still read it (checked
    now, not when they started watching). A post members may not see (hidden, deleted, held)
    reaches them as `forum:post_removed` and the staff as `forum:post_updated`, marked. A held
    post is announced when it is approved, not before."""
    if post.held_at is not None:
        return
    cluster = post.thread.category.cluster
    readers = audience.forum_readers(cluster)
    everyone = thread_room(post.thread_id)
    payload = {"thread_id": post.thread_id, "id": post.id, "position": post.position}
    if visible_to_members(post):
        rooms = everyone if readers is None else audience.user_rooms(readers)
        audience.emit_to(event, {**payload, "html": render_live_post(post)}, rooms)
        return
    staff = audience.staff_ids(cluster)
    if event != "forum:post":  # members never saw a post held from the start
        rooms = everyone if readers is None else audience.user_rooms(readers - staff)
        audience.emit_to("forum:post_removed", {"thread_id": post.thread_id, "id": post.id},
                         rooms, skip_users=staff if readers is None else ())
    staff_event = "forum:post" if event == "forum:post" else "forum:post_updated"
    audience.emit_to(staff_event, {**payload, "html": render_live_post(post, moderates=True)},
                     audience.user_rooms(staff))


def after_post(actor: User, post: Post, mentioned: list[User], new_thread: bool = False) -> None:
    broadcast_post("forum:post", post)
    notify_mentions(actor, post, mentioned)
    if not new_thread:
        notify_subscribers(actor, post, {user.id for user in mentioned})


def after_edit(actor: User, post: Post, mentioned: list[User]) -> None:
    broadcast_post("forum:post_updated", post)
    notify_mentions(actor, post, mentioned)
