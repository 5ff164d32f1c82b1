"""Building the home feed with a constant number of queries, whatever the amount of activity."""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.forums.queries import readable_threads
from community.models import Category, Cluster, Membership, Post, Subscription, Thread, User
from community.permissions import is_signed_in

FEED_THREADS = 15
NEW_CLUSTERS = 6


@dataclass
class Feed:
    personal: bool
    threads: list[Thread] = field(default_factory=list)
    last_posts: dict[int, Post] = field(default_factory=dict)
    clusters: list[Cluster] = field(default_factory=list)


def _threads(statement) -> list[Thread]:
    return list(db.session.scalars(
        statement.options(joinedload(Thread.author),
                          joinedload(Thread.category).joinedload(Category.cluster))
        .order_by(Thread.last_post_at.desc(), Thread.id.desc()).limit(FEED_THREADS)).unique())


def _last_posts(threads: list[Thread]) -> dict[int, Post]:
    """The newest post of each thread, in one query."""
    if not threads:
        return {}
    condition = sa.or_(*(sa.and_(Post.thread_id == t.id, Post.position == t.post_count)
                         for t in threads))
    posts = db.session.scalars(sa.select(Post).where(condition)
                               .options(joinedload(Post.author))).all()
    return {post.thread_id: post for post in posts}


def feed_for(user: User | None) -> Feed:
    """A member: recent threads of their clusters' forums and of the threads they follow (the
    latest public discussions when they have neither). A visitor: the latest public
    discussions and the newest clusters."""
    if is_signed_in(user):
        my_clusters = sa.select(Membership.cluster_id).where(
            Membership.user_id == user.id, Membership.state == "active")
        followed = sa.select(Subscription.thread_id).where(Subscription.user_id == user.id)
        threads = _threads(readable_threads(user).where(sa.or_(
            Category.cluster_id.in_(my_clusters), Thread.id.in_(followed))))
        if threads:
            return Feed(personal=True, threads=threads, last_posts=_last_posts(threads))
    threads = _threads(readable_threads(None))
    clusters = list(db.session.scalars(sa.select(Cluster).where(Cluster.status == "approved")
                                       .order_by(Cluster.created_at.desc(), Cluster.id.desc())
                                       .limit(NEW_CLUSTERS)))
    return Feed(personal=False, threads=threads, last_posts=_last_posts(threads),
                clusters=clusters)
