"""Cluster events: a cluster's managers publish, change and cancel them; any confirmed member
who may see the cluster says they will attend. The calendar feeds read `ClusterEvent` as it is
(UTC times, `sequence` raised on each change), so these services are its only writers."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from community.errors import Conflict, NotFound, PermissionDenied, ValidationError
from community.extensions import db
from community.i18n import in_language, isolate_plain
from community.markup import render_markdown
from community.models import Cluster, ClusterEvent, EventAttendance, User, utcnow
from community.notifications.services import notify_many
from community.permissions import can_see_cluster, require_cluster_manager, require_write
from community.scheduling import SCHEDULED
from community.transaction import savepoint
from community.validation import validate

# An event's times, place and link follow the rules of a programme session.
EVENT_SCHEMA = SCHEDULED
EVENT_FIELDS = ("title", "starts_at", "ends_at", "location", "online_url")


def event_url(event: ClusterEvent) -> str:
    return url_for("clusters.event", slug=event.cluster.slug, event_id=event.id)


def find_event(cluster: Cluster, event_id: int) -> ClusterEvent:
    """The cluster's event (the caller found the cluster with `find_cluster`, which hides
    clusters the viewer may not see)."""
    event = db.session.get(ClusterEvent, event_id)
    if event is None or event.cluster_id != cluster.id:
        raise NotFound(_("No such event."))
    return event


def events_statement(cluster: Cluster, past: bool = False) -> sa.Select:
    """Upcoming events soonest first (still running ones included), or past ones latest
    first."""
    now = utcnow()
    statement = sa.select(ClusterEvent).where(ClusterEvent.cluster_id == cluster.id)
    if past:
        return statement.where(ClusterEvent.ends_at <= now).order_by(
            ClusterEvent.starts_at.desc(), ClusterEvent.id.desc())
    return statement.where(ClusterEvent.ends_at > now).order_by(
        ClusterEvent.starts_at, ClusterEvent.id)


def _checked(data: dict[str, Any], partial: bool = False) -> dict[str, Any]:
    """The schema's values; times the API's `accepts` already turned into instants are
    checked again as the ISO text they came from."""
    raw = {name: value.isoformat() if isinstance(value, datetime) else value
           for name, value in data.items()}
    return validate(raw, EVENT_SCHEMA, partial=partial)


def _check(values: dict[str, Any]) -> None:
    problems = {}
    if values["ends_at"] <= values["starts_at"]:
        problems["ends_at"] = _("Must end after it starts.")
    if not values["location"] and not values["online_url"]:
        problems["location"] = _("Give a place, or a link for an online event.")
    if problems:
        raise ValidationError(_("Some fields are not valid."), problems)


def _apply(event: ClusterEvent, values: dict[str, Any]) -> bool:
    """Set what changed; True when anything did."""
    changed = False
    for name in EVENT_FIELDS:
        if name in values and getattr(event, name) != values[name]:
            setattr(event, name, values[name])
            changed = True
    if "description" in values and values["description"] != event.description:
        event.description = values["description"]
        event.description_html = render_markdown(values["description"])
        changed = True
    return changed


def publish_event(actor: User | None, cluster: Cluster, **data: Any) -> ClusterEvent:
    """A manager of the cluster (or a moderator) publishes an event on its page."""
    require_cluster_manager(actor, cluster)
    values = _checked(data)
    _check(values)
    event = ClusterEvent(cluster=cluster, created_by_id=actor.id, description="",
                         description_html="", attendee_count=0, sequence=0)
    _apply(event, values)
    db.session.add(event)
    db.session.flush()
    return event


def update_event(actor: User | None, event: ClusterEvent, **data: Any) -> ClusterEvent:
    """A manager changes an event; its `sequence` goes up (calendars replace their copy) and
    the members who attend are told."""
    require_cluster_manager(actor, event.cluster)
    values = _checked(data, partial=True)
    _check({name: values.get(name, getattr(event, name))
            for name in ("starts_at", "ends_at", "location", "online_url")})
    if _apply(event, values):
        event.sequence += 1
        _tell_attendees(event, actor, cancelled=False)
    return event


def cancel_event(actor: User | None, event: ClusterEvent) -> None:
    """A manager cancels (deletes) an event; the members who attended are told first."""
    require_cluster_manager(actor, event.cluster)
    _tell_attendees(event, actor, cancelled=True)
    # The rows go explicitly: SQLite enforces no ON DELETE CASCADE unless told to.
    db.session.execute(sa.delete(EventAttendance).where(EventAttendance.event_id == event.id))
    db.session.delete(event)
    db.session.flush()


def _tell_attendees(event: ClusterEvent, actor: User, cancelled: bool) -> None:
    def text() -> str:
        if cancelled:
            return _("The event %(title)s of %(cluster)s is cancelled.",
                     title=isolate_plain(event.title), cluster=isolate_plain(event.cluster.name))
        return _("The event %(title)s of %(cluster)s has changed.",
                 title=isolate_plain(event.title), cluster=isolate_plain(event.cluster.name))

    target = (url_for("clusters.show", slug=event.cluster.slug) if cancelled
              else event_url(event))
    notify_many([(user, in_language(user, text)) for user in attendees(event)],
                "cluster_event", actor, target)


def attendees(event: ClusterEvent) -> list[User]:
    """Who said they will attend, in the order they said it."""
    return list(db.session.scalars(
        sa.select(User).join(EventAttendance, EventAttendance.user_id == User.id)
        .where(EventAttendance.event_id == event.id)
        .order_by(EventAttendance.created_at, User.id)))


def is_attending(user: User | None, event: ClusterEvent) -> bool:
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return db.session.get(EventAttendance, (event.id, user.id)) is not None


def attending_ids(user: User | None, events: list[ClusterEvent]) -> set[int]:
    """Which of these events the user attends, in one query (the cluster page's list)."""
    if user is None or not getattr(user, "is_authenticated", False) or not events:
        return set()
    return set(db.session.scalars(sa.select(EventAttendance.event_id).where(
        EventAttendance.user_id == user.id,
        EventAttendance.event_id.in_([event.id for event in events]))))


def _recount(event: ClusterEvent) -> None:
    """Counted again rather than incremented: two answers at once cannot skew it."""
    event.attendee_count = db.session.scalar(
        sa.select(sa.func.count()).select_from(EventAttendance)
        .where(EventAttendance.event_id == event.id))


def attend_event(actor: User | None, event: ClusterEvent) -> ClusterEvent:
    """A confirmed member who may see the cluster says they will attend; saying it twice is
    saying it once. A finished event takes no more answers."""
    require_write(actor)
    if not can_see_cluster(actor, event.cluster):
        raise PermissionDenied(_("You cannot see this cluster."))
    if event.ends_at <= utcnow():
        raise Conflict(_("This event is over."))
    if not is_attending(actor, event):
        try:
            with savepoint():
                db.session.add(EventAttendance(event_id=event.id, user_id=actor.id))
                db.session.flush()
        except IntegrityError:  # nosec B110
            pass  # said twice at the same moment: once is what was meant
    _recount(event)
    return event


def unattend_event(actor: User | None, event: ClusterEvent) -> ClusterEvent:
    """A member takes back their answer ("Not going")."""
    require_write(actor)
    db.session.execute(sa.delete(EventAttendance).where(
        EventAttendance.event_id == event.id, EventAttendance.user_id == actor.id))
    _recount(event)
    return event
