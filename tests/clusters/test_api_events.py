"""The cluster events endpoints (`/api/v1/clusters/<slug>/events…`): list, publish, attend and
take it back, each refused as the permission table says, in the error shape of api.md."""

from __future__ import annotations

import pytest

from tests.factories import make_cluster, make_event, make_user

SLUG = "maroc-numeric-cluster"
EVENT = {"title": "Export workshop", "starts_at": "2030-03-10T09:00:00Z",
         "ends_at": "2030-03-10T12:00:00Z", "location": "Casablanca"}


@pytest.fixture
def manager(app):
    return make_user("manager_events")


@pytest.fixture
def cluster(manager, member):
    return make_cluster(manager, members=[member])


def test_manager_publishes_an_event(api_as, cluster, manager):
    response = api_as(manager).post(f"/clusters/{SLUG}/events", json=EVENT)
    assert response.status_code == 201
    assert response.json["starts_at"] == "2030-03-10T09:00:00Z"


def test_publish_by_a_plain_member_is_403(api_as, cluster, member):
    response = api_as(member).post(f"/clusters/{SLUG}/events", json=EVENT)
    assert (response.status_code, response.json["error"]["code"]) == (403, "forbidden")


def test_publish_by_a_visitor_is_401(anon_api, cluster):
    response = anon_api.post(f"/clusters/{SLUG}/events", json=EVENT)
    assert (response.status_code, response.json["error"]["code"]) == (401, "unauthorized")


def test_publish_without_a_place_is_422_on_location(api_as, cluster, manager):
    response = api_as(manager).post(f"/clusters/{SLUG}/events",
                                    json={**EVENT, "location": ""})
    assert response.status_code == 422
    assert "location" in response.json["error"]["fields"]


def test_list_shows_upcoming_events_to_visitors(anon_api, cluster):
    make_event(cluster)
    make_event(cluster, title="Old", starts_at="2021-01-20T09:00:00Z",
               ends_at="2021-01-20T10:00:00Z")
    response = anon_api.get(f"/clusters/{SLUG}/events")
    assert [item["title"] for item in response.json["items"]] == ["Export workshop"]


def test_member_attends_and_the_count_goes_up(api_as, cluster, member):
    event = make_event(cluster)
    response = api_as(member).post(f"/clusters/{SLUG}/events/{event.id}/attendance")
    assert response.status_code == 200
    assert (response.json["attendee_count"], response.json["attending"]) == (1, True)


def test_member_takes_back_their_answer(api_as, cluster, member):
    event = make_event(cluster)
    api = api_as(member)
    api.post(f"/clusters/{SLUG}/events/{event.id}/attendance")
    response = api.call("DELETE", f"/clusters/{SLUG}/events/{event.id}/attendance")
    assert (response.json["attendee_count"], response.json["attending"]) == (0, False)


def test_visitor_attending_is_401(anon_api, cluster):
    event = make_event(cluster)
    response = anon_api.post(f"/clusters/{SLUG}/events/{event.id}/attendance")
    assert response.status_code == 401


def test_attending_in_a_cluster_one_cannot_see_is_404(api_as, member):
    pending = make_cluster(make_user("proposer"), "Pending Cluster", status="pending")
    event = make_event(pending)
    response = api_as(member).post(f"/clusters/{pending.slug}/events/{event.id}/attendance")
    assert (response.status_code, response.json["error"]["code"]) == (404, "not_found")
