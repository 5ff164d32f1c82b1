"""Forums: categories (site-wide, or one per cluster), threads, posts and what hangs on posts
(revisions, reactions, mentions), plus each member's subscriptions and read markers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.cluster import Cluster
from community.models.user import User

REACTION_KINDS = ("like", "thanks", "insightful", "celebrate")
POSTS_PER_PAGE = 20
THREADS_PER_PAGE = 20
BODY_MAX = 20_000
TITLE_MAX = 200
# Site categories may not use this prefix: it names the forums of clusters.
CLUSTER_FORUM_PREFIX = "cluster-"


class Category(db.Model):
    """A place for threads: a site-wide category (`cluster_id` is NULL) or a cluster's forum,
    which takes its visibility from the cluster."""

    __tablename__ = "forum_categories"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(100), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80))
    description: Mapped[str] = mapped_column(sa.String(500), default="")
    # The language the name and description are written in (BCP 47), for the pages' `lang`.
    language: Mapped[str | None] = mapped_column(sa.String(8))
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), unique=True)
    position: Mapped[int] = mapped_column(default=0)
    thread_count: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    cluster: Mapped[Cluster | None] = relationship()

    def __repr__(self) -> str:
        return f"<Category {self.slug}>"

    @property
    def display_name(self) -> str:
        return self.cluster.name if self.cluster is not None else self.name


class Thread(db.Model):
    __tablename__ = "forum_threads"

    id: Mapped[int] = mapped_column(primary_key=True)
    category_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_categories.id", ondelete="CASCADE"))
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    title: Mapped[str] = mapped_column(sa.String(TITLE_MAX))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_post_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    post_count: Mapped[int] = mapped_column(default=0)
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)

    category: Mapped[Category] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.Index("ix_forum_threads_category_activity", "category_id", "pinned", "last_post_at"),
        sa.Index("ix_forum_threads_last_post_at", "last_post_at"),
    )

    def __repr__(self) -> str:
        return f"<Thread {self.id}>"

    @property
    def cluster(self) -> Cluster | None:
        return self.category.cluster


class Post(db.Model):
    __tablename__ = "forum_posts"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(sa.ForeignKey("forum_threads.id", ondelete="CASCADE"))
    # 1, 2, 3 … within the thread, so a page and "first unread" are simple range lookups.
    position: Mapped[int] = mapped_column()
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reply_to_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("forum_posts.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Set by moderation (a report acted on): the post stays, its body is shown to moderators only.
    hidden: Mapped[bool] = mapped_column(default=False)
    # Held for approval (spam defences): invisible to members until a moderator approves it.
    held_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    held_reason: Mapped[str | None] = mapped_column(sa.String(20))

    thread: Mapped[Thread] = relationship()
    author: Mapped[User | None] = relationship(foreign_keys=[author_id])
    reply_to: Mapped[Post | None] = relationship(remote_side=[id])

    __table_args__ = (
        sa.UniqueConstraint("thread_id", "position", name="uq_forum_posts_thread_position"),
        sa.Index("ix_forum_posts_author_created", "author_id", "created_at"),
        sa.Index("ix_forum_posts_created_at", "created_at"),
    )

    def __repr__(self) -> str:
        return f"<Post {self.id}>"

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None


class PostRevision(db.Model):
    """An earlier body of an edited post, with the time it was written."""

    __tablename__ = "forum_post_revisions"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_posts.id", ondelete="CASCADE"), index=True)
    body: Mapped[str] = mapped_column(sa.Text)
    body_html: Mapped[str] = mapped_column(sa.Text)
    written_at: Mapped[datetime] = mapped_column(UTCDateTime)
    replaced_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    editor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    editor: Mapped[User | None] = relationship()


class Reaction(db.Model):
    __tablename__ = "forum_reactions"

    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(12), primary_key=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (sa.CheckConstraint(f"kind IN {REACTION_KINDS}", name="kind"),)


class PostMention(db.Model):
    """Who a post has notified of a mention, so an edit never notifies the same user twice."""

    __tablename__ = "forum_post_mentions"

    post_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_posts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)


class Subscription(db.Model):
    __tablename__ = "forum_subscriptions"

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadMarker(db.Model):
    """The last post position a member has seen in a thread."""

    __tablename__ = "forum_read_markers"

    thread_id: Mapped[int] = mapped_column(
        sa.ForeignKey("forum_threads.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
