"""Forum actions. Each checks permissions, validates and writes (with the search index); the
caller commits, and notices and broadcasts go out only after that commit."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from community.errors import Conflict, NotFound, PermissionDenied, Unauthorized, ValidationError
from community.extensions import db
from community.forums import notices
from community.forums.following import (  # noqa: F401  (the feature's actions, in one place)
    add_once,
    advance_marker,
    ensure_subscribed,
    first_unread_position,
    is_subscribed,
    mark_read,
    subscribe,
    unsubscribe,
)
from community.forums.validation import BODY, CATEGORY_DESCRIPTION, CATEGORY_NAME, TITLE
from community.markup import find_mentions, render_markdown
from community.models import (
    Category,
    Cluster,
    Post,
    PostMention,
    PostRevision,
    Reaction,
    Report,
    Thread,
    User,
    is_id,
    utcnow,
)
from community.models.forum import CLUSTER_FORUM_PREFIX, REACTION_KINDS
from community.moderation import spam
from community.moderation.audit import record
from community.permissions import (
    can_edit_post,
    can_moderate_thread,
    can_post_in_thread,
    can_read_category,
    can_read_cluster_forum,
    can_read_thread,
    can_see_cluster,
    is_signed_in,
    require_admin,
    require_write,
)
from community.search.index import index_post, index_thread, remove_entry
from community.text import slugify
from community.transaction import savepoint
from community.validation import check_field, validate

# --- reading -------------------------------------------------------------------------------

def find_category(slug: str, viewer: User | None) -> Category:
    """A site category or a cluster's forum (`cluster-<slug>`) the viewer may read; else 404."""
    if slug.startswith(CLUSTER_FORUM_PREFIX):
        return find_cluster_forum(slug[len(CLUSTER_FORUM_PREFIX):], viewer)
    category = db.session.scalar(sa.select(Category).where(
        Category.slug == slug, Category.cluster_id.is_(None)))
    if category is None:
        raise NotFound(_("No such category."))
    return category


def find_cluster_forum(cluster_slug: str, viewer: User | None) -> Category:
    """The forum of a cluster, made on first use. The cluster's page says whether its forum is
    members-only, so an outsider is told why (401 signed out, 403 signed in) rather than 404;
    unlisted clusters stay 404."""
    cluster = db.session.scalar(sa.select(Cluster).where(Cluster.slug == cluster_slug))
    if cluster is None or not can_see_cluster(viewer, cluster):
        raise NotFound(_("No such forum."))
    if not can_read_cluster_forum(viewer, cluster):
        if not is_signed_in(viewer):
            raise Unauthorized(_("You need to sign in first."))
        raise PermissionDenied(_(
            "Members-only forum: only members of %(name)s can read and write there.",
            name=cluster.name))
    return forum_for_cluster(cluster)


def forum_for_cluster(cluster: Cluster) -> Category:
    category = db.session.scalar(sa.select(Category).where(Category.cluster_id == cluster.id))
    if category is None:
        try:
            with savepoint():
                category = Category(slug=f"{CLUSTER_FORUM_PREFIX}{cluster.slug}",
                                    name=cluster.name[:80], cluster=cluster, description="")
                db.session.add(category)
        except sa.exc.IntegrityError:  # made by a concurrent request
            category = db.session.scalar(
                sa.select(Category).where(Category.cluster_id == cluster.id))
    return category


def find_thread(thread_id: int, viewer: User | None) -> Thread:
    if not is_id(thread_id):  # a socket payload's number may be any size
        raise NotFound(_("No such thread."))
    thread = db.session.scalar(sa.select(Thread).where(Thread.id == thread_id).options(
        joinedload(Thread.category).joinedload(Category.cluster), joinedload(Thread.author)))
    if thread is None or not can_read_thread(viewer, thread) or not spam.may_see_thread(
            viewer, thread):
        raise NotFound(_("No such thread."))
    return thread


def find_post(post_id: int, viewer: User | None) -> Post:
    if not is_id(post_id):
        raise NotFound(_("No such post."))
    post = db.session.scalar(sa.select(Post).where(Post.id == post_id).options(
        joinedload(Post.thread).joinedload(Thread.category).joinedload(Category.cluster),
        joinedload(Post.author)))
    if post is None or not can_read_thread(viewer, post.thread) or not spam.may_see_post(
            viewer, post):
        raise NotFound(_("No such post."))
    return post


# --- categories ----------------------------------------------------------------------------

def _category_fields(name: str | None, description: str | None) -> dict:
    """Name and description checked by the forum rules; None leaves a field unchanged."""
    given = {key: value for key, value in (("name", name), ("description", description))
             if value is not None}
    values = validate(given, {"name": CATEGORY_NAME, "description": CATEGORY_DESCRIPTION},
                      partial=True)
    return {"name": values.get("name"), "description": values.get("description")}


def create_category(actor: User | None, name: str, description: str = "") -> Category:
    """A site-wide category (admins)."""
    require_admin(actor)
    fields = _category_fields(name, description or "")
    base = slugify(fields["name"], fallback="category")
    if base.startswith(CLUSTER_FORUM_PREFIX.rstrip("-")) or base in ("categories", "c"):
        base = f"forum-{base}"
    slug, n = base, 2
    while db.session.scalar(sa.select(Category.id).where(Category.slug == slug)) is not None:
        slug, n = f"{base}-{n}", n + 1
    position = db.session.scalar(sa.select(sa.func.coalesce(sa.func.max(Category.position), 0)))
    category = Category(slug=slug, name=fields["name"], description=fields["description"],
                        position=position + 1)
    db.session.add(category)
    db.session.flush()
    record(actor, "category.create", "category", category.id, category.name)
    return category


def update_category(actor: User | None, category: Category, name: str | None = None,
                    description: str | None = None) -> Category:
    require_admin(actor)
    if category.cluster_id is not None:
        raise PermissionDenied(_("A cluster's forum is managed from the cluster."))
    fields = _category_fields(name, description)
    if fields["name"] is not None:
        category.name = fields["name"]
    if fields["description"] is not None:
        category.description = fields["description"]
    record(actor, "category.update", "category", category.id, category.name)
    return category


def delete_category(actor: User | None, category: Category) -> None:
    """Remove an empty site category; one holding threads is refused (409)."""
    require_admin(actor)
    if category.cluster_id is not None:
        raise PermissionDenied(_("A cluster's forum is managed from the cluster."))
    if db.session.scalar(sa.select(Thread.id).where(Thread.category_id == category.id).limit(1)):
        raise Conflict(_("This category still holds threads: move or delete them first."))
    record(actor, "category.delete", "category", category.id, category.name)
    db.session.delete(category)


# --- writing -------------------------------------------------------------------------------

def clean_title(title) -> str:
    return check_field("title", TITLE, title)


def clean_body(body) -> str:
    return check_field("body", BODY, body)


def render_body(body: str) -> tuple[str, list[User]]:
    """The sanitised HTML of a body and the existing, active users it mentions."""
    names = find_mentions(body)
    users = list(db.session.scalars(sa.select(User).where(
        User.username.in_(names), User.status != "deleted"))) if names else []
    known = {user.username for user in users}
    return render_markdown(body, is_user=known.__contains__), users


def _mention_targets(post: Post, users: list[User], thread: Thread) -> list[User]:
    """Mentioned users not yet notified for this post who can read the thread; recorded now."""
    if not users:
        return []
    already = set(db.session.scalars(sa.select(PostMention.user_id).where(
        PostMention.post_id == post.id)))
    targets = [u for u in users if u.id not in already and u.id != post.author_id
               and u.is_active and can_read_thread(u, thread)]
    for user in targets:
        db.session.add(PostMention(post_id=post.id, user_id=user.id))
    return targets


def _add_post(actor: User, thread: Thread, body: str, reply_to: Post | None) -> tuple[Post, list]:
    html, mentioned = render_body(body)
    # Serialise writers of one thread so positions stay 1, 2, 3 … (PostgreSQL row lock).
    db.session.refresh(thread, ["post_count"], with_for_update=True)
    post = Post(thread=thread, author=actor, body=body, body_html=html, reply_to=reply_to,
                created_at=utcnow())
    ensure_subscribed(actor, thread)
    held = spam.hold_reason(actor, body, html)
    if held:  # mentions and replies are announced when a moderator approves it
        spam.hold_post(post, held)
        return post, []
    return post, publish_post(post, mentioned)


def publish_post(post: Post, mentioned: list[User] | None = None) -> list[User]:
    """Put a post in place at the end of its thread (on writing, or on approval when it was
    held; the caller holds the thread's row lock) and index it: the first post also lists its
    thread. Returns the mentioned users to notify."""
    thread = post.thread
    post.position = thread.post_count + 1
    thread.post_count += 1
    thread.last_post_at = post.created_at if post.held_at is None else utcnow()
    post.held_at = post.held_reason = None
    db.session.add(post)
    db.session.flush()
    if post.position == 1:
        thread.category.thread_count = Category.thread_count + 1
        index_thread(thread)
    index_post(post)
    if mentioned is None:
        _html, mentioned = render_body(post.body)
    targets = _mention_targets(post, mentioned, thread)
    if post.author is not None:
        advance_marker(post.author, thread, post.position)
    return targets


def create_thread(actor: User | None, category: Category, title, body) -> tuple[Thread, Post]:
    """Start a thread with its first post; the author is subscribed to it."""
    require_write(actor)
    if not can_read_category(actor, category):
        raise NotFound(_("No such forum."))
    title, body = clean_title(title), clean_body(body)
    spam.refuse_blocked_words(title=title, body=body)
    thread = Thread(category=category, author=actor, title=title)
    db.session.add(thread)
    db.session.flush()
    post, mentioned = _add_post(actor, thread, body, None)
    if not spam.is_held(post):
        notices.after_post(actor, post, mentioned, new_thread=True)
    return thread, post


def create_post(actor: User | None, thread: Thread, body, reply_to_id=None) -> Post:
    """Reply in a thread (403 when locked); mentions and subscribers are notified."""
    require_write(actor)
    if not can_read_thread(actor, thread):
        raise NotFound(_("No such thread."))
    if not can_post_in_thread(actor, thread) or spam.thread_waits(thread):
        raise PermissionDenied(_("This thread waits for approval.") if spam.thread_waits(thread)
                               else _("This thread is locked."))
    body = clean_body(body)
    spam.refuse_blocked_words(body=body)
    reply_to = None
    if reply_to_id is not None:
        if not isinstance(reply_to_id, int) or isinstance(reply_to_id, bool):
            raise ValidationError(_("Some fields are not valid."),
                                  {"reply_to": _("Must be an integer.")})
        reply_to = db.session.get(Post, reply_to_id) if is_id(reply_to_id) else None
        if reply_to is None or reply_to.thread_id != thread.id or spam.is_held(reply_to):
            raise ValidationError(_("Some fields are not valid."),
                                  {"reply_to": _("Not a post of this thread.")})
    post, mentioned = _add_post(actor, thread, body, reply_to)
    if not spam.is_held(post):
        notices.after_post(actor, post, mentioned)
    return post


def edit_post(actor: User | None, post: Post, body) -> Post:
    """Replace a post's body, keeping the old one as a revision; new mentions are notified."""
    require_write(actor)
    if not can_edit_post(actor, post):
        raise PermissionDenied(_("You cannot edit this post."))
    body = clean_body(body)
    if body == post.body:
        return post
    html, mentioned = render_body(body)
    spam.refuse_blocked_text(actor, body, html)
    db.session.add(PostRevision(post_id=post.id, body=post.body, body_html=post.body_html,
                                written_at=post.edited_at or post.created_at, editor=actor))
    post.body, post.body_html, post.edited_at = body, html, utcnow()
    index_post(post)
    # A held post's mentions wait for its approval, which notifies them all at once.
    targets = [] if spam.is_held(post) else _mention_targets(post, mentioned, post.thread)
    notices.after_edit(actor, post, targets)
    return post


def delete_post(actor: User | None, post: Post) -> Post:
    """Soft delete: the post stays in place, shown as deleted; its text leaves the index."""
    require_write(actor)
    if not can_edit_post(actor, post):
        raise PermissionDenied(_("You cannot delete this post."))
    post.deleted_at = utcnow()
    post.deleted_by_id = actor.id
    remove_entry("post", post.id)
    notices.after_edit(actor, post, [])
    return post


def set_post_hidden(actor: User | None, post: Post, hidden: bool = True) -> Post:
    """Hide a post from members (or show it again): moderators and the cluster's managers, for
    instance when acting on a report. Open thread pages replace it at once."""
    require_write(actor)
    if not can_moderate_thread(actor, post.thread):
        raise PermissionDenied(_("Only moderators and the cluster's managers can hide posts."))
    post.hidden = hidden
    notices.after_edit(actor, post, [])
    return post


def update_thread(actor: User | None, thread: Thread, title=None, pinned=None,
                  locked=None) -> Thread:
    """Rename (author or moderators), pin and lock (the thread's moderators)."""
    require_write(actor)
    moderates = can_moderate_thread(actor, thread)
    if (pinned is not None or locked is not None) and not moderates:
        raise PermissionDenied(_("Only moderators and the cluster's managers can pin or lock."))
    if title is not None:
        if not moderates and (thread.author_id != actor.id or thread.locked):
            raise PermissionDenied(_("You cannot rename this thread."))
        thread.title = clean_title(title)
        spam.refuse_blocked_words(title=thread.title)
        index_thread(thread)
    for name, value in (("pinned", pinned), ("locked", locked)):
        if value is not None:
            if not isinstance(value, bool):
                raise ValidationError(_("Some fields are not valid."),
                                      {name: _("Must be true or false.")})
            setattr(thread, name, value)
    return thread


def set_reaction(actor: User | None, post: Post, kind: str, on: bool) -> None:
    """Add (once per user and kind) or remove a reaction."""
    require_write(actor)
    if kind not in REACTION_KINDS:
        raise NotFound(_("No such reaction."))
    if post.is_deleted or post.hidden:
        raise PermissionDenied(_("You cannot react to this post."))
    existing = db.session.get(Reaction, (post.id, actor.id, kind))
    if on and existing is None:
        add_once(Reaction(post_id=post.id, user_id=actor.id, kind=kind))
    elif not on and existing is not None:
        db.session.delete(existing)


def report_post(actor: User | None, post: Post, reason, note="") -> Report:
    """Flag a post for the moderators."""
    from community.moderation.services import file_report

    require_write(actor)
    return file_report(actor, "post", post, reason, note)
