"""Posts: reply, reply-to, edit and revisions, soft delete, reactions, reports."""

import pytest

from community.extensions import db
from community.models import Post, Report
from tests.factories import cluster_forum, make_thread


@pytest.fixture
def thread(member, category):
    return make_thread(member, category, "Water", "First post")


def test_reply_in_thread(api_as, other_member, thread):
    response = api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "Hi *all*"})
    assert response.status_code == 201
    post = response.json
    assert post["thread_id"] == thread.id and post["reply_to"] is None
    assert post["body_html"] == "<p>Hi <em>all</em></p>"
    assert post["hidden"] is False and post["edited_at"] is None


def test_reply_to_a_post(api_as, other_member, thread):
    first = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    response = api_as(other_member).post(f"/threads/{thread.id}/posts",
                                         json={"body": "Agreed", "reply_to": first.id})
    assert response.status_code == 201 and response.json["reply_to"] == first.id


def test_reply_to_post_of_other_thread_validation(api_as, member, other_member, category, thread):
    other = make_thread(member, category, "Other")
    foreign = db.session.scalar(db.select(Post).where(Post.thread_id == other.id))
    response = api_as(other_member).post(f"/threads/{thread.id}/posts",
                                         json={"body": "x", "reply_to": foreign.id})
    assert response.status_code == 422 and "reply_to" in response.json["error"]["fields"]


def test_reply_in_locked_thread_forbidden(api_as, moderator, other_member, thread):
    api_as(moderator).patch(f"/threads/{thread.id}", json={"locked": True})
    response = api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "x"})
    assert response.status_code == 403
    assert thread.post_count == 1


def test_reply_in_locked_thread_by_moderator(api_as, moderator, thread):
    api_as(moderator).patch(f"/threads/{thread.id}", json={"locked": True})
    assert api_as(moderator).post(f"/threads/{thread.id}/posts",
                                  json={"body": "closing"}).status_code == 201


def test_reply_anonymous_unauthorized(anon_api, thread):
    assert anon_api.post(f"/threads/{thread.id}/posts", json={"body": "x"}).status_code == 401


def test_reply_in_invisible_thread_not_found(api_as, member, other_member, closed_cluster):
    secret = make_thread(member, cluster_forum(closed_cluster))
    response = api_as(other_member).post(f"/threads/{secret.id}/posts", json={"body": "x"})
    assert response.status_code == 404


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": 5}, {"body": "x" * 20_001},
                                  {"body": "x", "reply_to": "one"}])
def test_reply_validation(api_as, other_member, thread, body):
    assert api_as(other_member).post(f"/threads/{thread.id}/posts",
                                     json=body).status_code == 422


def test_reply_updates_thread_counts(api_as, anon_api, other_member, thread):
    api_as(other_member).post(f"/threads/{thread.id}/posts", json={"body": "x"})
    data = anon_api.get(f"/threads/{thread.id}").json["thread"]
    assert data["post_count"] == 2


def first_post(thread):
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id,
                                                   Post.position == 1))


def test_edit_post_keeps_revision(api_as, anon_api, member, thread):
    post = first_post(thread)
    response = api_as(member).patch(f"/posts/{post.id}", json={"body": "Second version"})
    assert response.status_code == 200
    assert response.json["body"] == "Second version" and response.json["edited_at"]
    revisions = anon_api.get(f"/posts/{post.id}/revisions").json["items"]
    assert [r["body"] for r in revisions] == ["First post"]
    assert revisions[0]["written_at"].endswith("Z")


def test_edit_post_by_other_forbidden(api_as, other_member, thread):
    post = first_post(thread)
    assert api_as(other_member).patch(f"/posts/{post.id}", json={"body": "x"}).status_code == 403


def test_edit_post_by_moderator(api_as, moderator, thread):
    post = first_post(thread)
    assert api_as(moderator).patch(f"/posts/{post.id}", json={"body": "tidy"}).status_code == 200


def test_edit_post_in_locked_thread_by_author_forbidden(api_as, member, moderator, thread):
    api_as(moderator).patch(f"/threads/{thread.id}", json={"locked": True})
    post = first_post(thread)
    assert api_as(member).patch(f"/posts/{post.id}", json={"body": "x"}).status_code == 403


def test_edit_post_validation(api_as, member, thread):
    post = first_post(thread)
    assert api_as(member).patch(f"/posts/{post.id}", json={"body": ""}).status_code == 422


def test_delete_post_by_author_soft(api_as, anon_api, member, thread):
    post = first_post(thread)
    assert api_as(member).delete(f"/posts/{post.id}").status_code == 204
    data = anon_api.get(f"/threads/{thread.id}").json["posts"][0]
    assert data["deleted"] is True and data["body"] == "" and data["body_html"] == ""


def test_delete_post_by_other_forbidden(api_as, other_member, thread):
    post = first_post(thread)
    assert api_as(other_member).delete(f"/posts/{post.id}").status_code == 403
    assert post.deleted_at is None


def test_delete_post_by_cluster_manager(api_as, member, manager, open_cluster):
    thread = make_thread(member, cluster_forum(open_cluster))
    assert api_as(manager).delete(f"/posts/{first_post(thread).id}").status_code == 204


def test_delete_post_anonymous_unauthorized(anon_api, thread):
    assert anon_api.delete(f"/posts/{first_post(thread).id}").status_code == 401


def test_revisions_of_invisible_post_not_found(api_as, member, other_member, closed_cluster):
    secret = make_thread(member, cluster_forum(closed_cluster))
    response = api_as(other_member).get(f"/posts/{first_post(secret).id}/revisions")
    assert response.status_code == 404


def test_hidden_post_body_only_for_moderators(api_as, member, moderator, other_member, thread):
    post = first_post(thread)
    post.hidden = True
    db.session.commit()
    as_member = api_as(other_member).get(f"/posts/{post.id}").json
    assert as_member["hidden"] is True and as_member["body"] == ""
    assert api_as(moderator).get(f"/posts/{post.id}").json["body"] == "First post"


def test_react_once_per_kind(api_as, other_member, thread):
    post = first_post(thread)
    client = api_as(other_member)
    client.put(f"/posts/{post.id}/reactions/like")
    response = client.put(f"/posts/{post.id}/reactions/like")
    assert response.status_code == 200
    assert response.json["reactions"]["like"] == 1 and response.json["mine"] == ["like"]
    response = client.put(f"/posts/{post.id}/reactions/thanks")
    assert response.json["mine"] == ["like", "thanks"]


def test_react_counts_every_user(api_as, member, other_member, thread):
    post = first_post(thread)
    api_as(member).put(f"/posts/{post.id}/reactions/celebrate")
    response = api_as(other_member).put(f"/posts/{post.id}/reactions/celebrate")
    assert response.json["reactions"]["celebrate"] == 2


def test_remove_reaction(api_as, other_member, thread):
    post = first_post(thread)
    client = api_as(other_member)
    client.put(f"/posts/{post.id}/reactions/insightful")
    response = client.delete(f"/posts/{post.id}/reactions/insightful")
    assert response.status_code == 200
    assert response.json["reactions"]["insightful"] == 0 and response.json["mine"] == []


def test_react_unknown_kind_not_found(api_as, other_member, thread):
    assert api_as(other_member).put(
        f"/posts/{first_post(thread).id}/reactions/angry").status_code == 404


def test_react_anonymous_unauthorized(anon_api, thread):
    assert anon_api.put(f"/posts/{first_post(thread).id}/reactions/like").status_code == 401


def test_react_unconfirmed_forbidden(api_as, unconfirmed, thread):
    assert api_as(unconfirmed).put(
        f"/posts/{first_post(thread).id}/reactions/like").status_code == 403


def test_react_to_deleted_post_forbidden(api_as, member, other_member, thread):
    post = first_post(thread)
    api_as(member).delete(f"/posts/{post.id}")
    assert api_as(other_member).put(f"/posts/{post.id}/reactions/like").status_code == 403


def test_report_post(api_as, other_member, thread):
    post = first_post(thread)
    response = api_as(other_member).post(f"/posts/{post.id}/reports",
                                         json={"reason": "spam", "note": "Ads"})
    assert response.status_code == 201
    report = db.session.scalar(db.select(Report))
    assert (report.target_type, report.target_id, report.reason, report.note, report.status) == (
        "post", post.id, "spam", "Ads", "open")
    assert report.reporter_id == other_member.id


@pytest.mark.parametrize("body", [{}, {"reason": "boring"}, {"reason": "spam", "note": "x" * 1001}])
def test_report_post_validation(api_as, other_member, thread, body):
    response = api_as(other_member).post(f"/posts/{first_post(thread).id}/reports", json=body)
    assert response.status_code == 422


def test_report_anonymous_unauthorized(anon_api, thread):
    response = anon_api.post(f"/posts/{first_post(thread).id}/reports", json={"reason": "spam"})
    assert response.status_code == 401


def test_report_invisible_post_not_found(api_as, member, other_member, closed_cluster):
    secret = make_thread(member, cluster_forum(closed_cluster))
    response = api_as(other_member).post(f"/posts/{first_post(secret).id}/reports",
                                         json={"reason": "spam"})
    assert response.status_code == 404


def test_get_unknown_post_not_found(anon_api):
    assert anon_api.get("/posts/12345").status_code == 404
