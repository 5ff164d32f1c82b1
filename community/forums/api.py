"""JSON API of the Forums section: categories, threads, posts, reactions, subscriptions, reports."""

from __future__ import annotations

import sqlalchemy as sa
from flask import request
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.orm import joinedload

from community.api import bp
from community.api.helpers import accepts, responds
from community.errors import NotFound, ValidationError
from community.extensions import limiter
from community.forums import post_rate_limit, services
from community.forums.queries import posts_page, thread_list_statement, visible_categories
from community.forums.serializers import (
    category_json,
    my_reactions,
    post_json,
    reaction_counts,
    thread_json,
)
from community.forums.validation import BODY, CATEGORY_DESCRIPTION, CATEGORY_NAME, TITLE
from community.models import Post, PostRevision, isoformat
from community.pagination import page_args, paginated
from community.permissions import can_moderate_thread
from community.ratelimit import user_or_address
from community.validation import ID, REPORT_SCHEMA, Field

CATEGORY_SCHEMA = {"name": CATEGORY_NAME, "description": CATEGORY_DESCRIPTION}
THREAD_SCHEMA = {"title": TITLE, "body": BODY,
                 "category": Field(str, required=False, max_length=100),
                 "cluster": Field(str, required=False, max_length=80)}
THREAD_PATCH_SCHEMA = {"title": TITLE, "pinned": Field(bool), "locked": Field(bool)}
POST_SCHEMA = {"body": BODY, "reply_to": ID.optional()}
EDIT_SCHEMA = {"body": BODY}


def user():
    return current_user if current_user.is_authenticated else None


# --- categories ----------------------------------------------------------------------------

@bp.get("/categories")
def list_categories():
    """Site categories and the forums of the clusters the caller may read."""
    site, clusters = visible_categories(user())
    items = [category_json(c) for c in site]
    items += [category_json(category, cluster=cluster) for cluster, category in clusters]
    return {"items": items, "page": 1, "per_page": len(items), "total": len(items), "pages": 1}


@bp.post("/categories")
@responds(201)
@accepts(CATEGORY_SCHEMA)
def create_category(data: dict):
    """Create a site-wide category (admins)."""
    category = services.create_category(user(), data["name"], data.get("description", ""))
    return category_json(category)


@bp.patch("/categories/<slug>")
@accepts(CATEGORY_SCHEMA, partial=True)
def update_category(slug: str, data: dict):
    """Rename or describe a site-wide category (admins)."""
    category = services.find_category(slug, user())
    services.update_category(user(), category, data.get("name"), data.get("description"))
    return category_json(category)


@bp.delete("/categories/<slug>")
@responds(204)
def delete_category(slug: str):
    """Delete an empty site-wide category (admins); 409 while it holds threads."""
    services.delete_category(user(), services.find_category(slug, user()))
    return ""


# --- threads -------------------------------------------------------------------------------

@bp.get("/threads")
def list_threads():
    """Threads the caller may read, newest activity first (pinned first within a category)."""
    viewer = user()
    category = None
    if request.args.get("cluster"):
        category = services.find_cluster_forum(request.args["cluster"], viewer)
    elif request.args.get("category"):
        category = services.find_category(request.args["category"], viewer)
    return paginated(thread_list_statement(viewer, category), thread_json)


@bp.post("/threads")
@responds(201)
@limiter.limit(post_rate_limit, key_func=user_or_address, methods=["POST"])
@accepts(THREAD_SCHEMA)
def create_thread(data: dict):
    """Start a thread in a site category (`category`) or a cluster's forum (`cluster`)."""
    viewer = user()
    if bool(data.get("category")) == bool(data.get("cluster")):
        raise ValidationError(_("Give either a category or a cluster."),
                              {"category": _("Give either a category or a cluster.")})
    if data.get("cluster"):
        category = services.find_cluster_forum(data["cluster"], viewer)
    else:
        category = services.find_category(data["category"], viewer)
    thread, post = services.create_thread(viewer, category, data["title"], data["body"])
    return {"thread": thread_json(thread), "posts": [post_json(post, viewer)]}


@bp.get("/threads/<int:thread_id>")
def get_thread(thread_id: int):
    """A thread and one page of its posts (`?page=`, `per_page` up to 100)."""
    viewer = user()
    thread = services.find_thread(thread_id, viewer)
    page, per_page = page_args()
    result = posts_page(thread, page, per_page, viewer=viewer)
    ids = [p.id for p in result.items]
    counts = reaction_counts(ids)
    moderates = can_moderate_thread(viewer, thread)
    data = thread_json(thread)
    data["subscribed"] = services.is_subscribed(viewer, thread)
    return {"thread": data,
            "posts": [post_json(p, viewer, counts[p.id], moderates) for p in result.items],
            "page": page, "per_page": per_page, "total": result.total, "pages": result.pages}


@bp.patch("/threads/<int:thread_id>")
@accepts(THREAD_PATCH_SCHEMA, partial=True)
def update_thread(thread_id: int, data: dict):
    """Rename a thread; pin or lock it (moderators and the cluster's managers)."""
    thread = services.find_thread(thread_id, user())
    services.update_thread(user(), thread, **data)
    return thread_json(thread)


@bp.post("/threads/<int:thread_id>/posts")
@responds(201)
@limiter.limit(post_rate_limit, key_func=user_or_address)
@accepts(POST_SCHEMA)
def create_post(thread_id: int, data: dict):
    """Reply in a thread, optionally to one of its posts (`reply_to`); 403 when locked."""
    thread = services.find_thread(thread_id, user())
    post = services.create_post(user(), thread, data["body"], data.get("reply_to"))
    return post_json(post, user())


@bp.put("/threads/<int:thread_id>/subscription")
@responds(204)
def subscribe(thread_id: int):
    """Be notified of every reply in a thread."""
    services.subscribe(user(), services.find_thread(thread_id, user()))
    return ""


@bp.delete("/threads/<int:thread_id>/subscription")
@responds(204)
def unsubscribe(thread_id: int):
    """Stop reply notifications of a thread."""
    services.unsubscribe(user(), services.find_thread(thread_id, user()))
    return ""


# --- posts ---------------------------------------------------------------------------------

@bp.get("/posts/<int:post_id>")
def get_post(post_id: int):
    """One post."""
    return post_json(services.find_post(post_id, user()), user())


@bp.patch("/posts/<int:post_id>")
@accepts(EDIT_SCHEMA)
def edit_post(post_id: int, data: dict):
    """Edit a post (author or moderators); the old body is kept as a revision."""
    post = services.edit_post(user(), services.find_post(post_id, user()), data["body"])
    return post_json(post, user())


@bp.delete("/posts/<int:post_id>")
@responds(204)
def delete_post(post_id: int):
    """Delete a post (author or moderators): it stays in the thread, shown as deleted."""
    services.delete_post(user(), services.find_post(post_id, user()))
    return ""


@bp.get("/posts/<int:post_id>/revisions")
def list_revisions(post_id: int):
    """Earlier bodies of a post, newest first, with the time each was written."""
    post = services.find_post(post_id, user())
    if post.is_deleted or (post.hidden and not can_moderate_thread(user(), post.thread)):
        raise NotFound(_("No revisions to show."))
    statement = (sa.select(PostRevision).where(PostRevision.post_id == post.id)
                 .options(joinedload(PostRevision.editor))
                 .order_by(PostRevision.replaced_at.desc(), PostRevision.id.desc()))
    return paginated(statement, lambda r: {
        "id": r.id, "body": r.body, "body_html": r.body_html,
        "written_at": isoformat(r.written_at), "replaced_at": isoformat(r.replaced_at),
        "editor": r.editor.username if r.editor else None})


def reactions_reply(post: Post):
    viewer = user()
    return {"reactions": reaction_counts([post.id])[post.id],
            "mine": sorted(my_reactions(viewer, [post.id])[post.id])}


@bp.put("/posts/<int:post_id>/reactions/<kind>")
def add_reaction(post_id: int, kind: str):
    """React to a post (`like`, `thanks`, `insightful`, `celebrate`), once per kind."""
    post = services.find_post(post_id, user())
    services.set_reaction(user(), post, kind, True)
    return reactions_reply(post)


@bp.delete("/posts/<int:post_id>/reactions/<kind>")
def remove_reaction(post_id: int, kind: str):
    """Take back a reaction."""
    post = services.find_post(post_id, user())
    services.set_reaction(user(), post, kind, False)
    return reactions_reply(post)


@bp.post("/posts/<int:post_id>/reports")
@responds(201)
@accepts(REPORT_SCHEMA)
def report_post(post_id: int, data: dict):
    """Report a post to the moderators (`spam`, `abuse`, `off_topic`, `other`)."""
    post = services.find_post(post_id, user())
    report = services.report_post(user(), post, data["reason"], data.get("note", ""))
    return {"id": report.id, "target": {"type": "post", "id": post.id},
            "reason": report.reason, "note": report.note, "status": report.status,
            "created_at": isoformat(report.created_at)}
