"""JSON API of cluster events (not in `spec/api.md` yet): list and publish a cluster's events,
say you will attend or take it back."""

from __future__ import annotations

from typing import Any

from flask import request
from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts, responds
from community.clusters import events, services
from community.models import ClusterEvent, User, isoformat
from community.pagination import paginated


def event_json(event: ClusterEvent, viewer: User | None) -> dict[str, Any]:
    """`{"id", "cluster", "title", "description", "description_html", "starts_at", "ends_at",
    "location", "online_url", "attendee_count", "attending", "sequence", "created_at"}`."""
    return {
        "id": event.id, "cluster": event.cluster.slug, "title": event.title,
        "description": event.description, "description_html": event.description_html,
        "starts_at": isoformat(event.starts_at), "ends_at": isoformat(event.ends_at),
        "location": event.location, "online_url": event.online_url,
        "attendee_count": event.attendee_count,
        "attending": events.is_attending(viewer, event),
        "sequence": event.sequence, "created_at": isoformat(event.created_at),
    }


@bp.get("/clusters/<slug>/events")
def api_cluster_events(slug: str):
    """A cluster's upcoming events, soonest first; `?past=1` for past ones, latest first.
    Query: `past`, `page`, `per_page`."""
    cluster = services.find_cluster(slug, current_user)
    statement = events.events_statement(cluster, past=request.args.get("past") == "1")
    return paginated(statement, lambda event: event_json(event, current_user))


@bp.post("/clusters/<slug>/events")
@responds(201)
@accepts(events.EVENT_SCHEMA)
def api_publish_event(slug: str, data: dict):
    """Publish an event (the cluster's managers, moderators and admins): `title`, `starts_at`,
    `ends_at` (ISO 8601 with an offset), `location` or `online_url`, `description`."""
    cluster = services.find_cluster(slug, current_user)
    return event_json(events.publish_event(current_user, cluster, **data), current_user)


@bp.post("/clusters/<slug>/events/<int:event_id>/attendance")
@responds(200)
def api_attend_event(slug: str, event_id: int):
    """Say you will attend (any confirmed member who may see the cluster); the event back."""
    event = events.find_event(services.find_cluster(slug, current_user), event_id)
    return event_json(events.attend_event(current_user, event), current_user)


@bp.delete("/clusters/<slug>/events/<int:event_id>/attendance")
@responds(200)
def api_unattend_event(slug: str, event_id: int):
    """Take back your answer; the event back."""
    event = events.find_event(services.find_cluster(slug, current_user), event_id)
    return event_json(events.unattend_event(current_user, event), current_user)
