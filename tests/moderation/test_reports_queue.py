"""`GET /moderation/reports`: who sees which reports, filters, and the shape of an item."""

import pytest

from community.extensions import db
from community.models import Report
from tests.moderation.conftest import report


@pytest.fixture
def filed(api_as, member, other_member, reporters, cluster_post, room_message, post):
    """A report on a cluster's post, one on its chat message, two on a site post, one on a
    profile."""
    report(api_as(other_member), "post", cluster_post, "abuse", "Rude")
    report(api_as(other_member), "message", room_message)
    report(api_as(reporters[0]), "post", post, "spam", "Pills")
    report(api_as(reporters[1]), "post", post)
    report(api_as(reporters[2]), "user", member, "other", "Fake name")


def listed(response) -> list[tuple[str, int]]:
    assert response.status_code == 200
    return [(item["target"]["type"], item["target"]["id"]) for item in response.json["items"]]


def test_queue_anonymous_unauthorized(anon_api):
    assert anon_api.get("/moderation/reports").status_code == 401


def test_queue_member_forbidden(api_as, member, filed):
    response = api_as(member).get("/moderation/reports")
    assert response.status_code == 403 and response.json["error"]["code"] == "forbidden"


def test_queue_moderator_sees_every_open_report(api_as, moderator, filed, cluster_post,
                                                room_message, post, member):
    assert listed(api_as(moderator).get("/moderation/reports")) == [
        ("post", cluster_post.id), ("message", room_message.id), ("post", post.id),
        ("post", post.id), ("user", member.id)]


def test_queue_manager_sees_own_cluster_only(api_as, manager, filed, cluster_post, room_message):
    assert listed(api_as(manager).get("/moderation/reports")) == [
        ("post", cluster_post.id), ("message", room_message.id)]


def test_queue_manager_of_another_cluster_sees_nothing(api_as, other_manager, filed):
    assert listed(api_as(other_manager).get("/moderation/reports")) == []


def test_queue_manager_filter_on_another_cluster_forbidden(api_as, other_manager, filed,
                                                           cluster):
    response = api_as(other_manager).get(f"/moderation/reports?cluster={cluster.slug}")
    assert response.status_code == 403


def test_queue_filter_by_cluster(api_as, moderator, filed, cluster, cluster_post, room_message):
    response = api_as(moderator).get(f"/moderation/reports?cluster={cluster.slug}")
    assert listed(response) == [("post", cluster_post.id), ("message", room_message.id)]


def test_queue_unknown_cluster_not_found(api_as, moderator, filed):
    assert api_as(moderator).get("/moderation/reports?cluster=nope").status_code == 404


def test_queue_filter_by_type(api_as, moderator, filed, member):
    assert listed(api_as(moderator).get("/moderation/reports?type=user")) == [("user", member.id)]


def test_queue_filter_resolved(api_as, moderator, filed, room_message):
    report_id = db.session.scalar(db.select(Report.id).where(Report.target_type == "message"))
    api_as(moderator).post(f"/moderation/reports/{report_id}", json={"action": "dismiss"})
    assert listed(api_as(moderator).get("/moderation/reports?status=resolved")) == [
        ("message", room_message.id)]
    assert ("message", room_message.id) not in listed(api_as(moderator).get("/moderation/reports"))


@pytest.mark.parametrize("query", ["status=closed", "type=thread", "page=0", "per_page=x"])
def test_queue_bad_filter_validation(api_as, moderator, query):
    assert api_as(moderator).get(f"/moderation/reports?{query}").status_code == 422


def test_queue_item_shape(api_as, moderator, filed, post, member, reporters):
    items = api_as(moderator).get("/moderation/reports?type=post").json["items"]
    item = next(i for i in items if i["target"]["id"] == post.id and i["note"] == "Pills")
    assert item["target"] == {"type": "post", "id": post.id, "url": f"/posts/{post.id}",
                              "excerpt": "Buy cheap pills",
                              "author": {"username": "amina", "display_name": "Amina Benali"}}
    assert (item["reason"], item["reporter"]["username"], item["report_count"],
            item["status"], item["resolution"]) == ("spam", "reporter0", 2, "open", None)
    assert item["created_at"].endswith("Z")


def test_queue_resolved_item_has_resolution(api_as, moderator, filed, member):
    report_id = db.session.scalar(db.select(Report.id).where(Report.target_type == "user"))
    api_as(moderator).post(f"/moderation/reports/{report_id}",
                           json={"action": "dismiss", "note": "A real name"})
    [item] = api_as(moderator).get("/moderation/reports?status=resolved").json["items"]
    assert item["resolution"]["action"] == "dismiss" and item["report_count"] == 0
    assert item["resolution"]["note"] == "A real name"
    assert item["resolution"]["by"]["username"] == "moussa"


def test_queue_paginated(api_as, moderator, filed):
    body = api_as(moderator).get("/moderation/reports?per_page=2&page=2").json
    assert (len(body["items"]), body["total"], body["pages"], body["page"]) == (2, 5, 3, 2)


def test_queue_query_count_does_not_grow(api_as, moderator, filed, count_queries):
    api = api_as(moderator)
    with count_queries() as few:
        api.get("/moderation/reports?per_page=1")
    with count_queries() as many:
        api.get("/moderation/reports")
    assert many.count == few.count + 2  # one more kind of target to load: message, user
