"""HTML routes of cluster events: the section of the cluster page, an event's page, the
publish and edit form for managers, and the members' "I'll attend" / "Not going" answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.clusters import bp, events, services
from community.clusters.forms import EventForm
from community.extensions import db
from community.models import Cluster, ClusterEvent, utcnow
from community.permissions import can_manage_cluster, can_write, require_cluster_manager
from community.times import select_timezone
from community.validation import submit_form

UPCOMING_ON_PAGE = 10
PAST_ON_PAGE = 10


def cluster_events(cluster: Cluster) -> dict:
    """What the cluster page's Events section shows (`clusters/_events.html` calls it, so the
    page's own view stays as it is)."""
    upcoming = list(db.session.scalars(events.events_statement(cluster).limit(UPCOMING_ON_PAGE)))
    past = list(db.session.scalars(events.events_statement(cluster, past=True)
                                   .limit(PAST_ON_PAGE)))
    return {"upcoming": upcoming, "past": past,
            "attending": events.attending_ids(current_user, upcoming),
            "can_manage": can_manage_cluster(current_user, cluster),
            "can_answer": can_write(current_user)}


bp.add_app_template_global(cluster_events)


def _event(slug: str, event_id: int) -> tuple[Cluster, ClusterEvent]:
    cluster = services.find_cluster(slug, current_user)
    return cluster, events.find_event(cluster, event_id)


@bp.get("/clusters/<slug>/events/<int:event_id>")
def event(slug: str, event_id: int):
    """An event's page; signed-in members see who attends, visitors only how many."""
    cluster, found = _event(slug, event_id)
    names = events.attendees(found) if current_user.is_authenticated else []
    return render_template("clusters/event.html", cluster=cluster, event=found,
                           attendees=names, attending=events.is_attending(current_user, found),
                           can_manage=can_manage_cluster(current_user, cluster),
                           can_answer=can_write(current_user),
                           over=found.ends_at <= utcnow())


@bp.route("/clusters/<slug>/events/new", methods=["GET", "POST"])
@login_required
def new_event(slug: str):
    cluster = services.find_cluster(slug, current_user)
    require_cluster_manager(current_user, cluster)
    form = EventForm()
    created = []
    if submit_form(form, lambda: created.append(events.publish_event(
            current_user, cluster, **form.values(select_timezone())))):
        flash(_("The event is published."), "success")
        return redirect(events.event_url(created[0]))
    return render_template("clusters/event_form.html", cluster=cluster, form=form, event=None,
                           zone=select_timezone())


@bp.route("/clusters/<slug>/events/<int:event_id>/edit", methods=["GET", "POST"])
@login_required
def edit_event(slug: str, event_id: int):
    cluster, found = _event(slug, event_id)
    require_cluster_manager(current_user, cluster)
    form = EventForm()
    if request.method == "GET":
        form.fill(found, select_timezone())
    if submit_form(form, lambda: events.update_event(current_user, found,
                                                     **form.values(select_timezone()))):
        flash(_("The event is updated."), "success")
        return redirect(events.event_url(found))
    return render_template("clusters/event_form.html", cluster=cluster, form=form, event=found,
                           zone=select_timezone())


@bp.post("/clusters/<slug>/events/<int:event_id>/cancel")
@login_required
def cancel_event(slug: str, event_id: int):
    cluster, found = _event(slug, event_id)
    events.cancel_event(current_user, found)
    flash(_("The event is cancelled."), "success")
    return redirect(url_for("clusters.show", slug=cluster.slug))


@bp.post("/clusters/<slug>/events/<int:event_id>/attendance")
@login_required
def attendance(slug: str, event_id: int):
    """The "I'll attend" / "Not going" button: `going` says which; back where it was pressed."""
    cluster, found = _event(slug, event_id)
    going = request.form.get("going")
    if going not in ("1", "0"):
        abort(400)
    if going == "1":
        events.attend_event(current_user, found)
    else:
        events.unattend_event(current_user, found)
    back = request.form.get("back")
    if back == "event":
        return redirect(events.event_url(found))
    return redirect(url_for("clusters.show", slug=cluster.slug, _anchor="events-heading"))
