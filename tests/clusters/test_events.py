"""Cluster events through their services and pages: who may publish, change, cancel and
attend, what the count and the attendees are told, and what the cluster page shows."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from community.clusters import events
from community.errors import Conflict, PermissionDenied, Unauthorized, ValidationError
from community.extensions import db
from community.models import ClusterEvent, EventAttendance, Notification
from tests.factories import (
    attend,
    make_cluster,
    make_event,
    make_user,
    reload,
)


@pytest.fixture
def manager(app):
    return make_user("manager_events", display_name="Salma Manager")


@pytest.fixture
def cluster(manager, member):
    return make_cluster(manager, members=[member])


@pytest.fixture
def event(cluster):
    return make_event(cluster)


def notices_of(user) -> list[str]:
    return list(db.session.scalars(db.select(Notification.kind).where(
        Notification.user_id == user.id, Notification.kind == "cluster_event")))


def test_publish_renders_the_description_and_keeps_utc_times(cluster):
    published = make_event(cluster, description="Bring *samples*.",
                           starts_at="2030-03-10T10:00:00+01:00",
                           ends_at="2030-03-10T12:00:00+01:00")
    assert "<em>samples</em>" in published.description_html
    assert reload(published).starts_at == datetime(2030, 3, 10, 9, tzinfo=UTC)


def test_publish_by_a_plain_member_is_refused(app, cluster, member):
    with app.test_request_context(), pytest.raises(PermissionDenied):
        events.publish_event(member, cluster, title="Mine", starts_at="2030-01-01T10:00:00Z",
                             ends_at="2030-01-01T11:00:00Z", location="Rabat")


@pytest.mark.parametrize(("fields", "problem"), [
    ({"ends_at": "2030-03-10T08:00:00Z"}, "ends_at"),
    ({"location": "", "online_url": ""}, "location"),
    ({"starts_at": "2030-03-10T09:00:00"}, "starts_at"),
])
def test_publish_refuses_bad_times_or_no_place(app, cluster, manager, fields, problem):
    data = {"title": "Workshop", "starts_at": "2030-03-10T09:00:00Z",
            "ends_at": "2030-03-10T12:00:00Z", "location": "Tunis", **fields}
    with app.test_request_context(), pytest.raises(ValidationError) as refused:
        events.publish_event(manager, cluster, **data)
    assert problem in refused.value.fields


def test_attending_twice_counts_once(event, member):
    attend(event, member)
    attend(event, member)
    assert reload(event).attendee_count == 1


def test_unattending_lowers_the_count(app, event, member):
    attend(event, member)
    with app.test_request_context():
        events.unattend_event(member, event)
    db.session.commit()
    assert reload(event).attendee_count == 0


def test_a_visitor_cannot_attend(app, event):
    with app.test_request_context(), pytest.raises(Unauthorized):
        events.attend_event(None, event)


def test_a_non_member_cannot_attend_in_a_cluster_they_cannot_see(app, member):
    pending = make_cluster(make_user("proposer"), "Pending Cluster", status="pending")
    hidden = make_event(pending)
    with app.test_request_context(), pytest.raises(PermissionDenied):
        events.attend_event(member, hidden)


def test_a_finished_event_takes_no_more_answers(app, cluster, member):
    old = make_event(cluster, starts_at="2021-01-20T09:00:00Z", ends_at="2021-01-20T10:00:00Z")
    with app.test_request_context(), pytest.raises(Conflict):
        events.attend_event(member, old)


def test_a_change_raises_the_sequence_and_tells_the_attendees(app, event, manager, member):
    attend(event, member)
    with app.test_request_context():
        events.update_event(manager, event, location="Rabat")
    db.session.commit()
    assert (reload(event).sequence, notices_of(member)) == (1, ["cluster_event"])


def test_cancelling_deletes_the_event_and_tells_the_attendees(app, event, manager, member):
    attend(event, member)
    with app.test_request_context():
        events.cancel_event(manager, event)
    db.session.commit()
    assert notices_of(member) == ["cluster_event"]
    assert db.session.scalar(db.select(db.func.count()).select_from(ClusterEvent)) == 0
    assert db.session.scalar(db.select(db.func.count()).select_from(EventAttendance)) == 0


# --- pages -----------------------------------------------------------------------------------

def test_cluster_page_lists_upcoming_and_folds_past_events(client, cluster):
    make_event(cluster, title="Next workshop")
    make_event(cluster, title="Kick-off of 2021", starts_at="2021-01-20T09:00:00Z",
               ends_at="2021-01-20T10:00:00Z")
    page = client.get(f"/clusters/{cluster.slug}").get_data(as_text=True)
    upcoming, past = page.split('class="past-events"')
    assert "Next workshop" in upcoming and "Kick-off of 2021" in past


def test_attend_button_raises_the_count_on_the_page(client, auth, cluster, event, member):
    auth.login(member)
    client.post(f"/clusters/{cluster.slug}/events/{event.id}/attendance", data={"going": "1"})
    page = client.get(f"/clusters/{cluster.slug}").get_data(as_text=True)
    assert "1 attending" in page and "Not going" in page


def test_event_page_shows_attendee_names_to_members_only(client, auth, cluster, event, member):
    attend(event, member)
    path = f"/clusters/{cluster.slug}/events/{event.id}"
    assert member.display_name not in client.get(path).get_data(as_text=True)
    auth.login(member)
    assert member.display_name in client.get(path).get_data(as_text=True)


def test_new_event_form_is_refused_to_a_plain_member(client, auth, cluster, member):
    auth.login(member)
    assert client.get(f"/clusters/{cluster.slug}/events/new").status_code == 403


def test_new_event_form_sends_a_visitor_to_sign_in(client, cluster):
    response = client.get(f"/clusters/{cluster.slug}/events/new")
    assert response.status_code == 302 and "/login" in response.location


def test_manager_publishes_with_local_times_in_their_zone(client, auth, cluster, manager):
    manager.timezone = "Africa/Casablanca"
    db.session.commit()
    auth.login(manager)
    client.post(f"/clusters/{cluster.slug}/events/new", data={
        "title": "Textile fair", "starts_at": "2030-07-01T10:00", "ends_at": "2030-07-01T12:00",
        "location": "Casablanca", "online_url": "", "description": ""})
    published = db.session.scalar(db.select(ClusterEvent))
    assert published.starts_at == datetime(2030, 7, 1, 9, tzinfo=UTC)  # Morocco is UTC+1


def test_manager_edits_an_event(client, auth, cluster, event, manager):
    auth.login(manager)
    form = client.get(f"/clusters/{cluster.slug}/events/{event.id}/edit")
    assert 'value="Export workshop"' in form.get_data(as_text=True)
    client.post(f"/clusters/{cluster.slug}/events/{event.id}/edit", data={
        "title": "Export workshop II", "starts_at": "2030-03-10T09:00",
        "ends_at": "2030-03-10T12:00", "location": "Tangier", "online_url": "",
        "description": ""})
    assert reload(event).title == "Export workshop II"


def test_form_shows_an_end_before_the_start_and_publishes_nothing(client, auth, cluster,
                                                                  manager):
    auth.login(manager)
    response = client.post(f"/clusters/{cluster.slug}/events/new", data={
        "title": "Backwards", "starts_at": "2030-07-01T12:00", "ends_at": "2030-07-01T10:00",
        "location": "Rabat", "online_url": "", "description": ""})
    assert "Must end after it starts." in response.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(ClusterEvent)) == 0


def test_event_of_another_cluster_is_404(client, cluster, event):
    other = make_cluster(make_user("other_manager"), "Cluster Marbre", country="TN")
    assert client.get(f"/clusters/{other.slug}/events/{event.id}").status_code == 404
