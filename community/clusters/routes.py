"""HTML routes of clusters: the directory, pages, proposal, editing and membership steps."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.clusters import bp, partners, queries, services
from community.clusters.display import logo_initials
from community.clusters.forms import (
    ClusterForm,
    EditClusterForm,
    InviteForm,
    LogoForm,
    NeedsForm,
)
from community.errors import Conflict, NotFound, ValidationError
from community.extensions import db
from community.i18n import isolate_plain
from community.models import Cluster, Membership
from community.pagination import page_number
from community.permissions import (
    can_manage_cluster,
    can_moderate,
    can_read_cluster_forum,
    can_write,
    is_cluster_member,
    require_cluster_manager,
)
from community.transaction import discard_action
from community.validation import discard_refused, show_errors

MEMBERS_PER_PAGE = 24
DIRECTORY_PER_PAGE = 20
PARTNERS_ON_PAGE = 5
PARTNERS_PER_PAGE = 20

bp.add_app_template_global(logo_initials)


@bp.get("/clusters")
def directory():
    filters = queries.DirectoryFilters.from_args(request.args)
    page = db.paginate(queries.directory_statement(filters, for_api=False),
                       page=page_number(), per_page=DIRECTORY_PER_PAGE,
                       max_per_page=DIRECTORY_PER_PAGE, error_out=False)
    return render_template(
        "clusters/directory.html", page=page, filters=filters,
        facets=queries.facet_counts(filters),
        pending=queries.pending_count() if can_moderate(current_user) else None)


@bp.route("/clusters/new", methods=["GET", "POST"])
@login_required
def propose():
    form = ClusterForm()
    if form.validate_on_submit():
        try:
            cluster = services.propose_cluster(current_user, **form.values())
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("Thank you: your cluster waits for a moderator's approval."), "success")
            return redirect(url_for("clusters.show", slug=cluster.slug))
    discard_refused(form)
    return render_template("clusters/form.html", form=form, cluster=None)


@bp.get("/clusters/<slug>")
def show(slug: str):
    cluster = services.find_cluster(slug, current_user, *queries.cluster_page_options(False))
    membership = (services.membership_row(current_user, cluster)
                  if current_user.is_authenticated else None)
    members = db.paginate(queries.members_statement(cluster, for_api=False), page=1,
                          per_page=MEMBERS_PER_PAGE, error_out=False)
    is_member = membership is not None and membership.state == "active"
    last_manager = (is_member and membership.role == "manager"
                    and services.count_managers(cluster) <= 1)
    suggestions = (partners.stored_partners(cluster, for_member=is_member, matches_only=True,
                                            limit=PARTNERS_ON_PAGE, with_tags=False)
                   if cluster.status == "approved" else [])
    can_manage = can_manage_cluster(current_user, cluster)
    requests = db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.cluster_id == cluster.id, Membership.state == "requested")) if can_manage else 0
    return render_template(
        "clusters/show.html", cluster=cluster, membership=membership, is_member=is_member,
        members=members, partners=suggestions, activity=queries.recent_activity(cluster),
        can_manage=can_manage, last_manager=last_manager,
        requests=requests, can_join=can_write(current_user),
        can_read_forum=can_read_cluster_forum(current_user, cluster))


@bp.get("/clusters/<slug>/partners", endpoint="partners")
def partners_page(slug: str):
    cluster = services.find_cluster(slug, current_user, *queries.cluster_page_options(False))
    is_member = is_cluster_member(current_user, cluster)
    page, suggestions = partners.partners_page(cluster, page_number(), PARTNERS_PER_PAGE,
                                               for_member=is_member)
    return render_template("clusters/partners.html", cluster=cluster, is_member=is_member,
                           partners=suggestions, page=page)


@bp.get("/clusters/<slug>/members")
def members(slug: str):
    cluster = services.find_cluster(slug, current_user, *queries.cluster_page_options(False))
    can_manage = can_manage_cluster(current_user, cluster)
    state = request.args.get("state", "active")
    if state not in ("active", "requested", "invited") or (state != "active" and not can_manage):
        state = "active"
    page = db.paginate(queries.members_statement(cluster, state, for_api=False),
                       page=page_number(), per_page=MEMBERS_PER_PAGE,
                       max_per_page=MEMBERS_PER_PAGE, error_out=False)
    counts = dict(db.session.execute(
        db.select(Membership.state, db.func.count(Membership.id))
        .where(Membership.cluster_id == cluster.id).group_by(Membership.state)).all()
    ) if can_manage else {}
    return render_template("clusters/members.html", cluster=cluster, page=page, state=state,
                           can_manage=can_manage, counts=counts,
                           invite_form=InviteForm() if can_manage else None,  # no token for others
                           managers=services.count_managers(cluster) if can_manage else 0)


def _managed(slug: str) -> Cluster:
    cluster = services.find_cluster(slug, current_user, *queries.cluster_page_options(False))
    require_cluster_manager(current_user, cluster)
    return cluster


def _prefill(form: EditClusterForm, cluster: Cluster) -> None:
    form.name.data, form.acronym.data = cluster.name, cluster.acronym
    form.country.data, form.website.data = cluster.country, cluster.website
    form.sectors.data = cluster.sectors
    form.labels.data = ", ".join(cluster.labels)
    form.description.data = cluster.description
    form.forum_visibility.data = cluster.forum_visibility


@bp.route("/clusters/<slug>/edit", methods=["GET", "POST"])
@login_required
def edit(slug: str):
    cluster = _managed(slug)
    form = EditClusterForm()
    if form.validate_on_submit():
        try:
            services.update_cluster(current_user, cluster, **form.values())
        except ValidationError as error:
            show_errors(form, error)
        else:
            flash(_("The cluster page is saved."), "success")
            return redirect(url_for("clusters.show", slug=cluster.slug))
    elif request.method == "GET":
        _prefill(form, cluster)
    discard_refused(form)
    return render_template("clusters/form.html", form=form, cluster=cluster,
                           logo_form=LogoForm())


def _needs_form(cluster: Cluster) -> NeedsForm:
    if request.method == "POST":
        return NeedsForm()
    data = {kind + "s": [{"text": n.text, "tags": ", ".join(n.tags or [])}
                         for n in cluster.need_list(kind)] for kind in ("offer", "seek")}
    form = NeedsForm(data=data)
    for name in ("offers", "seeks"):
        while len(getattr(form, name)) < min(len(data[name]) + 3, 20):
            getattr(form, name).append_entry()
    return form


@bp.route("/clusters/<slug>/needs", methods=["GET", "POST"])
@login_required
def needs(slug: str):
    cluster = _managed(slug)
    form = _needs_form(cluster)
    if form.validate_on_submit():
        try:
            services.update_cluster(current_user, cluster, offers=form.rows("offers"),
                                    seeks=form.rows("seeks"))
        except ValidationError as error:
            discard_action()
            for message in error.fields.values():
                flash(message, "danger")
        else:
            flash(_("Offers and seeks are saved."), "success")
            return redirect(url_for("clusters.show", slug=cluster.slug))
    return render_template("clusters/needs.html", form=form, cluster=cluster)


@bp.post("/clusters/<slug>/logo")
@login_required
def logo(slug: str):
    cluster = _managed(slug)
    form = LogoForm()
    try:
        services.set_logo(current_user, cluster, form.file.data)
    except ValidationError as error:
        discard_action()
        flash(error.fields.get("file", error.message), "danger")
    else:
        flash(_("The logo is saved."), "success")
    return redirect(url_for("clusters.edit", slug=cluster.slug))


def _member_action(slug: str, action, success: str, target: str = "members"):
    """Run a membership step; a conflict or a bad value is shown as a message."""
    cluster = services.find_cluster(slug, current_user)
    try:
        action(cluster)
    except (Conflict, ValidationError) as error:
        discard_action()
        flash(error.message, "danger")
    except NotFound as error:
        discard_action()
        flash(error.message, "warning")
    else:
        flash(success, "success")
    if target == "members":
        return redirect(url_for("clusters.members", slug=cluster.slug,
                                state=request.form.get("state") or None))
    return redirect(url_for("clusters.show", slug=cluster.slug))


@bp.post("/clusters/<slug>/join")
@login_required
def join(slug: str):
    return _member_action(slug, lambda c: services.request_membership(current_user, c),
                          _("Done: the cluster's managers will see your request."), "show")


@bp.post("/clusters/<slug>/leave")
@login_required
def leave(slug: str):
    return _member_action(slug, lambda c: services.leave_cluster(current_user, c),
                          _("You are no longer a member of this cluster."), "show")


@bp.post("/clusters/<slug>/invite")
@login_required
def invite(slug: str):
    username = (request.form.get("username") or "").strip()
    return _member_action(slug, lambda c: services.invite_member(current_user, c, username),
                          _("Invitation sent to %(username)s.", username=isolate_plain(username)))


def _step_on_member(slug: str, username: str, step, success: str, *args):
    """A manager's step on one member (`step(actor, cluster, user, *args)`)."""
    return _member_action(
        slug, lambda c: step(current_user, c, services.find_user(username), *args), success)


@bp.post("/clusters/<slug>/members/<username>/approve")
@login_required
def approve_member(slug: str, username: str):
    return _step_on_member(slug, username, services.approve_member,
                           _("%(username)s is now a member.", username=isolate_plain(username)))


@bp.post("/clusters/<slug>/members/<username>/remove")
@login_required
def remove_member(slug: str, username: str):
    return _step_on_member(slug, username, services.remove_member,
                           _("%(username)s is no longer a member.",
                             username=isolate_plain(username)))


@bp.post("/clusters/<slug>/members/<username>/role")
@login_required
def member_role(slug: str, username: str):
    return _step_on_member(slug, username, services.set_member_role,
                           _("%(username)s's role is changed.", username=isolate_plain(username)),
                           request.form.get("role", ""))
