"""JSON shapes of the Forums section of `spec/api.md`, and the batched lookups they need so a
page of posts costs a constant number of queries."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import url_for

from community.auth.serializers import avatar_url, shown_name, shown_username
from community.extensions import db
from community.models import Category, Cluster, Post, Reaction, Thread, User, isoformat
from community.models.forum import REACTION_KINDS as KINDS
from community.permissions import can_moderate_thread


def author_json(user: User | None) -> dict[str, Any] | None:
    if user is None:
        return None
    return {"username": shown_username(user), "display_name": shown_name(user),
            "avatar_url": avatar_url(user)}


def category_json(category: Category | None, cluster: Cluster | None = None,
                  thread_count: int | None = None) -> dict[str, Any]:
    """A site category, or a cluster's forum (given the cluster, with or without its row)."""
    cluster = cluster if cluster is not None else (category.cluster if category else None)
    if cluster is not None:
        return {"slug": f"cluster-{cluster.slug}", "name": cluster.name,
                "description": category.description if category else "",
                "cluster": cluster.slug,
                "thread_count": category.thread_count if category else 0,
                "url": url_for("forums.cluster_forum", slug=cluster.slug)}
    return {"slug": category.slug, "name": category.name, "description": category.description,
            "cluster": None,
            "thread_count": category.thread_count if thread_count is None else thread_count,
            "url": url_for("forums.category", slug=category.slug)}


def thread_json(thread: Thread) -> dict[str, Any]:
    cluster = thread.category.cluster
    return {
        "id": thread.id,
        "title": thread.title,
        "category": f"cluster-{cluster.slug}" if cluster is not None else thread.category.slug,
        "cluster": cluster.slug if cluster is not None else None,
        "author": author_json(thread.author),
        "post_count": thread.post_count,
        "created_at": isoformat(thread.created_at),
        "last_post_at": isoformat(thread.last_post_at),
        "pinned": thread.pinned,
        "locked": thread.locked,
        "url": url_for("forums.thread", thread_id=thread.id),
    }


def reaction_counts(post_ids: list[int]) -> dict[int, dict[str, int]]:
    """`{post_id: {"like": n, ...}}` for many posts in one query, every kind present."""
    counts = {pid: dict.fromkeys(KINDS, 0) for pid in post_ids}
    if post_ids:
        rows = db.session.execute(
            sa.select(Reaction.post_id, Reaction.kind, sa.func.count())
            .where(Reaction.post_id.in_(post_ids))
            .group_by(Reaction.post_id, Reaction.kind))
        for post_id, kind, n in rows:
            counts[post_id][kind] = n
    return counts


def reactions_and_mine(user: User | None, post_ids: list[int]
                       ) -> tuple[dict[int, dict[str, int]], dict[int, set[str]]]:
    """`reaction_counts` and `my_reactions` in one query, for a page of posts."""
    counts = {pid: dict.fromkeys(KINDS, 0) for pid in post_ids}
    mine: dict[int, set[str]] = {pid: set() for pid in post_ids}
    if not post_ids:
        return counts, mine
    me = user.id if user is not None and getattr(user, "is_authenticated", False) else None
    rows = db.session.execute(
        sa.select(Reaction.post_id, Reaction.kind, sa.func.count(),
                  sa.func.sum(sa.case((Reaction.user_id == me, 1), else_=0)))
        .where(Reaction.post_id.in_(post_ids)).group_by(Reaction.post_id, Reaction.kind))
    for post_id, kind, n, by_me in rows:
        counts[post_id][kind] = n
        if by_me:
            mine[post_id].add(kind)
    return counts, mine


def my_reactions(user: User | None, post_ids: list[int]) -> dict[int, set[str]]:
    mine: dict[int, set[str]] = {pid: set() for pid in post_ids}
    if post_ids and user is not None and getattr(user, "is_authenticated", False):
        rows = db.session.execute(sa.select(Reaction.post_id, Reaction.kind).where(
            Reaction.post_id.in_(post_ids), Reaction.user_id == user.id))
        for post_id, kind in rows:
            mine[post_id].add(kind)
    return mine


def body_visible(post: Post, viewer: User | None, moderates: bool) -> bool:
    """Deleted posts show no body; hidden ones only to the thread's moderators."""
    if post.is_deleted:
        return False
    return not post.hidden or moderates


def post_json(post: Post, viewer: User | None = None,
              reactions: dict[str, int] | None = None, moderates: bool | None = None) -> dict:
    if moderates is None:
        moderates = can_moderate_thread(viewer, post.thread)
    shown = body_visible(post, viewer, moderates)
    return {
        "id": post.id,
        "thread_id": post.thread_id,
        "position": post.position,
        "author": author_json(post.author),
        "body": post.body if shown else "",
        "body_html": post.body_html if shown else "",
        "reply_to": post.reply_to_id,
        "created_at": isoformat(post.created_at),
        "edited_at": isoformat(post.edited_at),
        "reactions": reactions if reactions is not None else reaction_counts([post.id])[post.id],
        "hidden": post.hidden,
        "held": post.held_at is not None,
        "deleted": post.is_deleted,
    }
