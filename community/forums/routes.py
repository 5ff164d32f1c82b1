"""HTML pages of the forums: the index, category and cluster forums, threads, post actions and
the admins' category page. Every action goes through `community.forums.services`."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy.orm import joinedload

from community.errors import AppError, Conflict, ValidationError
from community.extensions import db, limiter
from community.forums import bp, post_rate_limit, services
from community.forums.following import mark_read_seen, viewer_state
from community.forums.forms import EditPostForm, PostForm, ReportForm, ThreadForm
from community.forums.queries import (
    posts_page,
    thread_list_statement,
    visible_categories,
)
from community.forums.serializers import my_reactions, reactions_and_mine
from community.models import Category, Post, PostRevision, ReadMarker
from community.models.forum import POSTS_PER_PAGE, REACTION_KINDS, THREADS_PER_PAGE
from community.page_cache import member_form
from community.pagination import page_number, parse_int
from community.permissions import (
    can_administer,
    can_moderate_thread,
    can_post_in_thread,
    can_write,
)
from community.ratelimit import user_or_address
from community.validation import discard_refused, show_errors

REACTION_LABELS = {"like": _l("Like"), "thanks": _l("Thanks"), "insightful": _l("Insightful"),
                   "celebrate": _l("Celebrate")}


def viewer():
    return current_user if current_user.is_authenticated else None


@bp.get("/forums")
def index():
    user = viewer()
    site, clusters = visible_categories(user)
    return render_template("forums/index.html", site=site, clusters=clusters,
                           can_manage=can_administer(user))


def show_forum(category: Category):
    user = viewer()
    form = member_form(ThreadForm)
    if request.method == "POST":
        if not can_write(user):
            abort(403)
        if form.validate_on_submit():
            try:
                thread, _post = services.create_thread(user, category, form.title.data,
                                                       form.body.data)
            except AppError as error:
                if error.status != 422:
                    raise
                show_errors(form, error)
            else:
                return redirect(url_for("forums.thread", thread_id=thread.id))
    if form is not None:  # a visitor has none
        discard_refused(form)
    threads = db.paginate(thread_list_statement(user, category), page=page_number(),
                          per_page=THREADS_PER_PAGE, error_out=False)
    markers = read_markers(user, [t.id for t in threads.items])
    return render_template("forums/category.html", category=category, threads=threads,
                           markers=markers, form=form, can_post=can_write(user))


def read_markers(user, thread_ids: list[int]) -> dict[int, int]:
    if user is None or not thread_ids:
        return {}
    rows = db.session.execute(sa.select(ReadMarker.thread_id, ReadMarker.position).where(
        ReadMarker.user_id == user.id, ReadMarker.thread_id.in_(thread_ids)))
    return dict(rows.all())


@bp.route("/forums/<slug>", methods=["GET", "POST"])
@limiter.limit(post_rate_limit, key_func=user_or_address, methods=["POST"])
def category(slug: str):
    return show_forum(services.find_category(slug, viewer()))


@bp.route("/forums/c/<slug>", methods=["GET", "POST"])
@limiter.limit(post_rate_limit, key_func=user_or_address, methods=["POST"])
def cluster_forum(slug: str):
    return show_forum(services.find_cluster_forum(slug, viewer()))


@bp.route("/threads/<int:thread_id>", methods=["GET", "POST"])
@limiter.limit(post_rate_limit, key_func=user_or_address, methods=["POST"])
def thread(thread_id: int):
    user = viewer()
    thread = services.find_thread(thread_id, user)
    form = member_form(PostForm)
    if request.method == "POST":
        if not can_write(user):
            abort(403)
        if form.validate_on_submit():
            try:
                post = services.create_post(user, thread, form.body.data,
                                            parse_int(form.reply_to.data))
            except AppError as error:
                if error.status != 422:
                    raise
                show_errors(form, error)
            else:
                return redirect(url_for("forums.goto_post", post_id=post.id))
    if form is not None:  # a visitor has none
        discard_refused(form)
    page = posts_page(thread, page_number(), viewer=user)
    counts, mine = reactions_and_mine(user, [p.id for p in page.items])
    moderates = can_moderate_thread(user, thread)
    editable = {p.id for p in page.items if user is not None and can_write(user) and (
        moderates or (p.author_id == user.id and not p.hidden and not thread.locked))}
    subscribed, seen = viewer_state(user, thread)
    html = render_template(
        "forums/thread.html", thread=thread, page=page, form=form,
        counts=counts, mine=mine, editable=editable,
        moderates=moderates, can_post=can_post_in_thread(user, thread) and thread.post_count > 0,
        subscribed=subscribed, report_form=member_form(ReportForm),
        reaction_labels=REACTION_LABELS, kinds=REACTION_KINDS,
    )
    if page.items:  # after rendering: the commit expires the page's objects
        mark_read_seen(user, thread, max(post.position for post in page.items), seen)
    return html


def post_location(post) -> str:
    # A held post (waiting position below 1) is listed after the thread's posts.
    position = post.position if post.position > 0 else post.thread.post_count + 1
    page = (position - 1) // POSTS_PER_PAGE + 1
    return url_for("forums.thread", thread_id=post.thread_id, page=page) + f"#post-{post.id}"


@bp.get("/posts/<int:post_id>")
def goto_post(post_id: int):
    """A stable link to a post: the thread page it is on, scrolled to it."""
    return redirect(post_location(services.find_post(post_id, viewer())))


@bp.get("/threads/<int:thread_id>/unread")
def first_unread(thread_id: int):
    """Jump to the first post the member has not seen yet."""
    user = viewer()
    thread = services.find_thread(thread_id, user)
    position = services.first_unread_position(user, thread)
    post = db.session.scalar(sa.select(Post).where(
        Post.thread_id == thread.id, Post.position == position))
    if post is None:
        return redirect(url_for("forums.thread", thread_id=thread.id))
    return redirect(post_location(post))


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
@login_required
def edit_post(post_id: int):
    post = services.find_post(post_id, viewer())
    form = EditPostForm(data={"body": post.body} if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            services.edit_post(viewer(), post, form.body.data)
        except AppError as error:
            if error.status != 422:
                raise
            show_errors(form, error)
        else:
            flash(_("Your changes are saved."), "success")
            return redirect(post_location(post))
    elif request.method == "GET" and not services.can_edit_post(viewer(), post):
        abort(403)
    discard_refused(form)
    return render_template("forums/edit_post.html", post=post, form=form)


@bp.get("/posts/<int:post_id>/revisions")
def revisions(post_id: int):
    user = viewer()
    post = services.find_post(post_id, user)
    if post.is_deleted or (post.hidden and not can_moderate_thread(user, post.thread)):
        abort(404)
    items = db.session.scalars(sa.select(PostRevision).where(PostRevision.post_id == post.id)
                               .options(joinedload(PostRevision.editor))
                               .order_by(PostRevision.replaced_at.desc(),
                                         PostRevision.id.desc())).all()
    return render_template("forums/revisions.html", post=post, revisions=items)


@bp.post("/posts/<int:post_id>/delete")
@login_required
def delete_post(post_id: int):
    post = services.delete_post(viewer(), services.find_post(post_id, viewer()))
    flash(_("The post is deleted."), "info")
    return redirect(post_location(post))


@bp.post("/posts/<int:post_id>/reactions/<kind>")
@login_required
def toggle_reaction(post_id: int, kind: str):
    post = services.find_post(post_id, viewer())
    on = kind not in my_reactions(viewer(), [post.id])[post.id]
    services.set_reaction(viewer(), post, kind, on)
    return redirect(post_location(post))


@bp.post("/posts/<int:post_id>/report")
@login_required
def report_post(post_id: int):
    post = services.find_post(post_id, viewer())
    form = ReportForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.report_post(viewer(), post, form.reason.data, form.note.data or "")
    except (Conflict, ValidationError) as error:
        flash(error.message, "warning")
    else:
        flash(_("Thank you: the moderators will look at this post."), "success")
    return redirect(post_location(post))


@bp.post("/posts/<int:post_id>/visibility")
@login_required
def post_visibility(post_id: int):
    """Hide or restore a post from its thread page (moderators and the cluster's managers);
    its open reports are resolved with it, as from the reports page."""
    from community.moderation.reports import act_on_target

    post = services.find_post(post_id, viewer())
    action = request.form.get("action")
    if action not in ("hide", "restore"):
        abort(400)
    act_on_target(viewer(), "post", post.id, post, action)
    flash(_("The post is hidden from members.") if action == "hide"
          else _("The post is visible again."), "success")
    return redirect(post_location(post))


@bp.post("/threads/<int:thread_id>/subscription")
@login_required
def toggle_subscription(thread_id: int):
    thread = services.find_thread(thread_id, viewer())
    if services.is_subscribed(viewer(), thread):
        services.unsubscribe(viewer(), thread)
        flash(_("You will no longer be notified of replies."), "info")
    else:
        services.subscribe(viewer(), thread)
        flash(_("You will be notified of replies."), "success")
    return redirect(url_for("forums.thread", thread_id=thread.id))


@bp.post("/threads/<int:thread_id>/moderation")
@login_required
def moderate_thread(thread_id: int):
    """Pin, unpin, lock or unlock (moderators and the cluster's managers)."""
    thread = services.find_thread(thread_id, viewer())
    actions = {"pin": {"pinned": True}, "unpin": {"pinned": False},
               "lock": {"locked": True}, "unlock": {"locked": False}}
    change = actions.get(request.form.get("action", ""))
    if change is None:
        abort(400)
    services.update_thread(viewer(), thread, **change)
    return redirect(url_for("forums.thread", thread_id=thread.id))


# --- admins: site categories ---------------------------------------------------------------

@bp.get("/forums/categories")
def manage_categories():
    """Where the categories were managed before the admin pages: kept for old links."""
    return redirect(url_for("admin.categories"), 301)
