"""What a user may read, as SQL conditions, so lists, search and the feed filter in the
database (same rules as `community.permissions.can_read_cluster_forum`); the thread and post
lists that the forum pages and the API share."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.models import Category, Cluster, Membership, Post, Thread, User
from community.models.forum import POSTS_PER_PAGE
from community.moderation import spam
from community.permissions import can_moderate, can_write, is_signed_in


def readable_cluster_ids(user: User | None) -> sa.Select:
    """Ids of the clusters whose forum the user may read."""
    if can_moderate(user):
        return sa.select(Cluster.id)
    public = sa.and_(Cluster.status == "approved", Cluster.forum_visibility == "public")
    if not is_signed_in(user):
        return sa.select(Cluster.id).where(public)
    active = sa.select(Membership.cluster_id).where(
        Membership.user_id == user.id, Membership.state == "active")
    member = sa.and_(Cluster.status == "approved", Cluster.id.in_(active))
    conditions = [public, member]
    if can_write(user):
        managed = sa.select(Membership.cluster_id).where(
            Membership.user_id == user.id, Membership.state == "active",
            Membership.role == "manager")
        conditions.append(Cluster.id.in_(managed))
    return sa.select(Cluster.id).where(sa.or_(*conditions))


def readable_category(user: User | None, category=Category):
    """A condition on a category (or an alias of it): the user may read its threads."""
    return sa.or_(category.cluster_id.is_(None),
                  category.cluster_id.in_(readable_cluster_ids(user)))


def readable_threads(user: User | None) -> sa.Select:
    """Threads the user may read (join on their category)."""
    return (db.select(Thread).join(Category, Thread.category_id == Category.id)
            .where(readable_category(user), Thread.post_count > 0))


def thread_list_statement(viewer: User | None, category: Category | None) -> sa.Select:
    """Threads the viewer may read, newest activity first; within one category pinned ones
    lead. The forum pages and `GET /threads` list the same threads in the same order."""
    statement = (sa.select(Thread).join(Category, Thread.category_id == Category.id)
                 .where(readable_category(viewer), Thread.post_count > 0)  # held ones wait
                 .options(joinedload(Thread.author),
                          joinedload(Thread.category).joinedload(Category.cluster)))
    if category is not None:
        statement = statement.where(Thread.category_id == category.id)
        return statement.order_by(Thread.pinned.desc(), Thread.last_post_at.desc(),
                                  Thread.id.desc())
    return statement.order_by(Thread.last_post_at.desc(), Thread.id.desc())


def posts_page(thread: Thread, page: int, per_page: int = POSTS_PER_PAGE,
               viewer: User | None = None):
    """One page of a thread's posts, with authors and replied-to posts loaded; the held posts
    the viewer may see (their own, or all for staff) come after the others."""
    return db.paginate(
        sa.select(Post).where(Post.thread_id == thread.id, spam.visible_posts(viewer))
        .order_by(Post.held_at.is_not(None), Post.position)
        .options(joinedload(Post.author), joinedload(Post.reply_to)),
        page=page, per_page=per_page, error_out=False)


def site_categories() -> list[Category]:
    """The site-wide categories, in their order."""
    return db.session.scalars(sa.select(Category).where(Category.cluster_id.is_(None))
                              .order_by(Category.position, sa.func.lower(Category.name),
                                        Category.id)).all()


def visible_categories(user: User | None) -> tuple[list, list]:
    """The site categories, and (cluster, its forum or None) for each approved cluster whose
    forum the user may read — the forums index of the pages and of the API."""
    site = site_categories()
    clusters = db.session.execute(
        sa.select(Cluster, Category).outerjoin(Category, Category.cluster_id == Cluster.id)
        .where(Cluster.id.in_(readable_cluster_ids(user)), Cluster.status == "approved")
        .order_by(Cluster.sort_name, Cluster.id)).all()
    return site, clusters
