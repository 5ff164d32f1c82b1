"""Threads: list, create, read, rename, pin and lock, subscriptions."""

import pytest

from community.models import Subscription
from tests.factories import make_thread


def test_create_thread_in_category(api_as, member, category):
    response = api_as(member).post("/threads", json={
        "title": "  Bonjour  ", "body": "# Title\n\n**bold** and *it*", "category": "general"})
    assert response.status_code == 201
    thread, posts = response.json["thread"], response.json["posts"]
    assert thread["title"] == "Bonjour"
    assert thread["category"] == "general" and thread["cluster"] is None
    assert thread["author"]["username"] == "amina"
    assert thread["post_count"] == 1 and not thread["pinned"] and not thread["locked"]
    post = posts[0]
    assert set(post) >= {"id", "thread_id", "author", "body", "body_html", "reply_to",
                         "created_at", "edited_at", "reactions", "hidden"}
    assert "<strong>bold</strong>" in post["body_html"]
    assert post["reactions"] == {"like": 0, "thanks": 0, "insightful": 0, "celebrate": 0}
    assert post["created_at"].endswith("Z")


def test_create_thread_in_cluster_forum(api_as, member, open_cluster):
    response = api_as(member).post("/threads", json={
        "title": "Hello", "body": "Hi", "cluster": "agrinov"})
    assert response.status_code == 201
    assert response.json["thread"]["cluster"] == "agrinov"
    assert response.json["thread"]["category"] == "cluster-agrinov"


def test_create_thread_subscribes_author(api_as, app, member, category):
    thread_id = api_as(member).post("/threads", json={
        "title": "Hello", "body": "Hi", "category": "general"}).json["thread"]["id"]
    from community.extensions import db
    assert db.session.get(Subscription, (thread_id, member.id)) is not None


def test_create_thread_anonymous_unauthorized(anon_api, category):
    response = anon_api.post("/threads", json={"title": "x", "body": "y", "category": "general"})
    assert response.status_code == 401


def test_create_thread_unconfirmed_forbidden(api_as, unconfirmed, category):
    response = api_as(unconfirmed).post("/threads", json={
        "title": "x", "body": "y", "category": "general"})
    assert response.status_code == 403
    assert "unconfirmed" in response.json["error"]["message"]


def test_create_thread_in_members_only_forum_of_outsider_is_403(api_as, other_member,
                                                                closed_cluster):
    response = api_as(other_member).post("/threads", json={
        "title": "x", "body": "y", "cluster": "secret-lab"})
    assert response.status_code == 403


def test_create_thread_in_members_only_forum_as_member(api_as, member, closed_cluster):
    response = api_as(member).post("/threads", json={
        "title": "x", "body": "y", "cluster": "secret-lab"})
    assert response.status_code == 201


@pytest.mark.parametrize("body, field", [
    ({"title": "", "body": "y", "category": "general"}, "title"),
    ({"title": "x" * 201, "body": "y", "category": "general"}, "title"),
    ({"title": "x", "body": "  ", "category": "general"}, "body"),
    ({"title": "x", "body": "y" * 20_001, "category": "general"}, "body"),
    ({"title": "x", "body": "y"}, "category"),
    ({"title": 3, "body": "y", "category": "general"}, "title"),
])
def test_create_thread_validation(api_as, member, category, body, field):
    response = api_as(member).post("/threads", json=body)
    assert response.status_code == 422
    assert field in response.json["error"]["fields"]


def test_create_thread_unknown_category_not_found(api_as, member, category):
    response = api_as(member).post("/threads", json={"title": "x", "body": "y",
                                                     "category": "nope"})
    assert response.status_code == 404


def test_create_thread_body_not_json_bad_request(api_as, member, category):
    response = api_as(member).post("/threads", data="nope", headers={"Content-Type": "text/plain"})
    assert response.status_code == 400


def test_list_threads_newest_activity_first(api_as, anon_api, member, category):
    first = make_thread(member, category, "First")
    second = make_thread(member, category, "Second")
    api_as(member).post(f"/threads/{first.id}/posts", json={"body": "bump"})
    items = anon_api.get("/threads").json["items"]
    assert [t["id"] for t in items] == [first.id, second.id]
    assert set(items[0]) >= {"id", "title", "category", "author", "post_count", "last_post_at",
                             "pinned", "locked"}


def test_list_threads_filters_by_category_and_cluster(anon_api, member, category, open_cluster):
    from tests.factories import cluster_forum
    make_thread(member, category, "Site")
    make_thread(member, cluster_forum(open_cluster), "Cluster")
    assert [t["title"] for t in anon_api.get("/threads?category=general").json["items"]] == ["Site"]
    assert [t["title"] for t in anon_api.get("/threads?cluster=agrinov").json["items"]] == [
        "Cluster"]


def test_list_threads_hides_members_only(api_as, anon_api, member, other_member, closed_cluster):
    from tests.factories import cluster_forum
    make_thread(member, cluster_forum(closed_cluster), "Secret")
    assert anon_api.get("/threads").json["items"] == []
    assert api_as(other_member).get("/threads").json["total"] == 0
    assert anon_api.get("/threads?cluster=secret-lab").status_code == 401
    assert api_as(member).get("/threads").json["items"][0]["title"] == "Secret"


def test_list_threads_paginates(anon_api, member, category):
    for n in range(3):
        make_thread(member, category, f"T{n}")
    page = anon_api.get("/threads?per_page=2&page=2").json
    assert page["total"] == 3 and page["pages"] == 2 and len(page["items"]) == 1


def test_list_threads_bad_page_validation(anon_api, category):
    assert anon_api.get("/threads?page=zero").status_code == 422


def test_get_thread_with_posts(anon_api, member, category):
    thread = make_thread(member, category)
    data = anon_api.get(f"/threads/{thread.id}").json
    assert data["thread"]["id"] == thread.id
    assert [p["body"] for p in data["posts"]] == ["First"]


def test_get_thread_paginates_posts_by_20(api_as, anon_api, member, category):
    thread = make_thread(member, category)
    client = api_as(member)
    for n in range(21):
        client.post(f"/threads/{thread.id}/posts", json={"body": f"reply {n}"})
    first = anon_api.get(f"/threads/{thread.id}").json
    assert len(first["posts"]) == 20 and first["pages"] == 2
    second = anon_api.get(f"/threads/{thread.id}?page=2").json
    assert [p["body"] for p in second["posts"]] == ["reply 19", "reply 20"]


def test_get_members_only_thread_not_found_for_outsiders(api_as, anon_api, member, other_member,
                                                         closed_cluster):
    from tests.factories import cluster_forum
    thread = make_thread(member, cluster_forum(closed_cluster))
    assert anon_api.get(f"/threads/{thread.id}").status_code == 404
    assert api_as(other_member).get(f"/threads/{thread.id}").status_code == 404
    assert api_as(member).get(f"/threads/{thread.id}").status_code == 200


def test_get_members_only_thread_readable_by_moderator(api_as, member, moderator, closed_cluster):
    from tests.factories import cluster_forum
    thread = make_thread(member, cluster_forum(closed_cluster))
    assert api_as(moderator).get(f"/threads/{thread.id}").status_code == 200


def test_get_unknown_thread_not_found(anon_api):
    response = anon_api.get("/threads/999")
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


def test_rename_thread_by_author(api_as, member, category):
    thread = make_thread(member, category)
    response = api_as(member).patch(f"/threads/{thread.id}", json={"title": "Renamed"})
    assert response.status_code == 200 and response.json["title"] == "Renamed"


def test_rename_thread_by_other_forbidden(api_as, member, other_member, category):
    thread = make_thread(member, category)
    assert api_as(other_member).patch(f"/threads/{thread.id}",
                                      json={"title": "Mine"}).status_code == 403


def test_pin_and_lock_by_moderator(api_as, member, moderator, category):
    thread = make_thread(member, category)
    response = api_as(moderator).patch(f"/threads/{thread.id}",
                                       json={"pinned": True, "locked": True})
    assert response.status_code == 200
    assert response.json["pinned"] and response.json["locked"]


def test_pin_by_author_forbidden(api_as, member, category):
    thread = make_thread(member, category)
    response = api_as(member).patch(f"/threads/{thread.id}", json={"pinned": True})
    assert response.status_code == 403


def test_lock_by_cluster_manager(api_as, member, manager, open_cluster):
    from tests.factories import cluster_forum
    thread = make_thread(member, cluster_forum(open_cluster))
    assert api_as(manager).patch(f"/threads/{thread.id}", json={"locked": True}).status_code == 200


def test_lock_by_manager_of_another_cluster_forbidden(api_as, member, manager, category):
    thread = make_thread(member, category)
    assert api_as(manager).patch(f"/threads/{thread.id}", json={"locked": True}).status_code == 403


def test_patch_thread_validation(api_as, moderator, member, category):
    thread = make_thread(member, category)
    response = api_as(moderator).patch(f"/threads/{thread.id}", json={"pinned": "yes"})
    assert response.status_code == 422


def test_pinned_threads_first_in_category(anon_api, api_as, moderator, member, category):
    old = make_thread(member, category, "Old")
    make_thread(member, category, "New")
    api_as(moderator).patch(f"/threads/{old.id}", json={"pinned": True})
    titles = [t["title"] for t in anon_api.get("/threads?category=general").json["items"]]
    assert titles == ["Old", "New"]


def test_subscribe_and_unsubscribe(api_as, member, other_member, category):
    from community.extensions import db
    thread = make_thread(member, category)
    client = api_as(other_member)
    assert client.put(f"/threads/{thread.id}/subscription").status_code == 204
    assert db.session.get(Subscription, (thread.id, other_member.id)) is not None
    assert client.put(f"/threads/{thread.id}/subscription").status_code == 204
    assert client.delete(f"/threads/{thread.id}/subscription").status_code == 204
    assert db.session.get(Subscription, (thread.id, other_member.id)) is None


def test_subscribe_anonymous_unauthorized(anon_api, member, category):
    thread = make_thread(member, category)
    assert anon_api.put(f"/threads/{thread.id}/subscription").status_code == 401


def test_subscribe_invisible_thread_not_found(api_as, member, other_member, closed_cluster):
    from tests.factories import cluster_forum
    thread = make_thread(member, cluster_forum(closed_cluster))
    assert api_as(other_member).put(f"/threads/{thread.id}/subscription").status_code == 404
