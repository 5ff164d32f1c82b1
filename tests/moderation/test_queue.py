"""The approval queue: `GET /moderation/queue` and `POST /moderation/queue/<id>` (approve or
reject a held post), each decision audited, told to the author, in one transaction."""

from unittest import mock

import pytest

from community.extensions import db
from community.models import AuditEntry, Category, Notification, Post, Thread
from tests.conftest import events
from tests.factories import (
    add_member,
    cluster_forum,
    make_category,
    make_cluster,
    make_post,
    make_thread,
    make_user,
)

LINK = "Offer at https://spam.example/deal"


@pytest.fixture
def thread(admin):
    """A thread by an admin in a site category: its replies are the held posts."""
    return make_thread(admin, make_category(admin, "General"), "Welcome", "Say hello")


@pytest.fixture
def held(member, thread):
    return make_post(member, thread, LINK)


def notices_of(user, kind="post_held"):
    return db.session.scalars(db.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == kind)
        .order_by(Notification.id)).all()


def post_entries():
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.target_type == "post")).all()


# --- listing ---------------------------------------------------------------------------------

def test_queue_anonymous_401(anon_api):
    assert anon_api.get("/moderation/queue").status_code == 401


def test_queue_member_403(api_as, member):
    assert api_as(member).get("/moderation/queue").status_code == 403


def test_queue_cluster_manager_403(api_as, other_member):
    make_cluster(other_member, "Agrinov")
    assert api_as(other_member).get("/moderation/queue").status_code == 403


def test_queue_moderator_lists_held_posts(api_as, moderator, member, held):
    response = api_as(moderator).get("/moderation/queue")
    assert response.status_code == 200
    [item] = response.json["items"]
    assert {key: item[key] for key in ("id", "type", "reason", "url", "excerpt")} == {
        "id": held.id, "type": "post", "reason": "links", "url": f"/posts/{held.id}",
        "excerpt": LINK}
    assert item["author"]["username"] == member.username and item["created_at"].endswith("Z")


def test_queue_marks_held_first_post_as_thread(api_as, moderator, member, thread):
    make_thread(member, thread.category, "Deals", LINK)
    assert api_as(moderator).get("/moderation/queue").json["items"][0]["type"] == "thread"


def test_queue_leaves_out_rejected_and_deleted_posts(api_as, admin, member, thread, held):
    api_as(admin).post(f"/moderation/queue/{held.id}", json={"action": "reject"})
    other = make_post(member, thread, "again https://spam.example")
    api_as(member).delete(f"/posts/{other.id}")
    assert api_as(admin).get("/moderation/queue").json["total"] == 0


# --- deciding: refusals ----------------------------------------------------------------------

def test_decide_anonymous_401(anon_api, held):
    assert anon_api.post(f"/moderation/queue/{held.id}", json={"action": "approve"}
                         ).status_code == 401


def test_decide_member_403_changes_nothing(api_as, other_member, held):
    response = api_as(other_member).post(f"/moderation/queue/{held.id}",
                                         json={"action": "approve"})
    assert response.status_code == 403
    assert db.session.get(Post, held.id).held_at is not None


def test_decide_manager_of_the_cluster_403(api_as, member, other_member):
    cluster = make_cluster(other_member, "Agrinov")
    thread = make_thread(other_member, cluster_forum(cluster), "Ours", "hello")
    post = make_post(member, thread, LINK)
    response = api_as(other_member).post(f"/moderation/queue/{post.id}",
                                         json={"action": "approve"})
    assert response.status_code == 403


def test_decide_post_not_held_404(api_as, moderator, thread):
    post_id = db.session.scalar(db.select(Post.id).where(Post.thread_id == thread.id))
    assert api_as(moderator).post(f"/moderation/queue/{post_id}", json={"action": "approve"}
                                  ).status_code == 404


@pytest.mark.parametrize("body", [{}, {"action": "hide"}, {"action": "approve", "note": 3},
                                  {"action": "reject", "note": "x" * 1001}])
def test_decide_invalid_body_422(api_as, moderator, held, body):
    response = api_as(moderator).post(f"/moderation/queue/{held.id}", json=body)
    assert response.status_code == 422
    assert post_entries() == []


def test_decide_twice_409(api_as, moderator, held):
    api = api_as(moderator)
    assert api.post(f"/moderation/queue/{held.id}", json={"action": "reject"}).status_code == 200
    assert api.post(f"/moderation/queue/{held.id}", json={"action": "approve"}).status_code == 409


# --- approving -------------------------------------------------------------------------------

def test_approve_puts_post_in_place(api_as, moderator, other_member, thread, held):
    response = api_as(moderator).post(f"/moderation/queue/{held.id}", json={"action": "approve"})
    assert response.status_code == 200 and response.json["status"] == "approved"
    posts = api_as(other_member).get(f"/threads/{thread.id}").json["posts"]
    assert [(p["id"], p["position"], p["held"]) for p in posts][-1] == (held.id, 2, False)
    assert db.session.get(Thread, thread.id).post_count == 2


def test_approve_broadcasts_the_post(sio, api_as, moderator, other_member, thread, held):
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    api_as(moderator).post(f"/moderation/queue/{held.id}", json={"action": "approve"})
    [payload] = events(reader, "forum:post")
    assert (payload["id"], payload["position"]) == (held.id, 2)


def test_approve_notifies_mentions_and_subscribers(api_as, moderator, admin, member, thread):
    mentioned = make_user("karim")
    post = make_post(member, thread, f"@karim {LINK}")
    api_as(moderator).post(f"/moderation/queue/{post.id}", json={"action": "approve"})
    assert [n.kind for n in notices_of(mentioned, "mention")] == ["mention"]
    assert [n.kind for n in notices_of(admin, "reply")] == ["reply"]  # the thread's author


def test_approve_tells_the_author(api_as, moderator, member, held):
    api_as(moderator).post(f"/moderation/queue/{held.id}", json={"action": "approve"})
    assert "approved" in notices_of(member)[-1].text


def test_approve_writes_audit_entry(api_as, moderator, held):
    api_as(moderator).post(f"/moderation/queue/{held.id}",
                           json={"action": "approve", "note": "fine"})
    [entry] = post_entries()
    assert (entry.action, entry.actor_id, entry.target_type, entry.target_id, entry.reason) == (
        "post.approve", moderator.id, "post", held.id, "fine")


def test_approve_held_thread_lists_and_indexes_it(api_as, moderator, member, other_member,
                                                  thread):
    category = thread.category
    make_thread(member, category, "Quokka deals", LINK)
    post_id = api_as(moderator).get("/moderation/queue").json["items"][0]["id"]
    api_as(moderator).post(f"/moderation/queue/{post_id}", json={"action": "approve"})
    other = api_as(other_member)
    assert other.get(f"/threads?category={category.slug}").json["total"] == 2
    assert other.get("/search?q=quokka&type=threads").json["total"] == 1
    assert db.session.get(Category, category.id).thread_count == 2


def test_approved_posts_make_a_member_trusted(api_as, moderator, member, thread):
    for _n in range(3):
        post = make_post(member, thread, LINK)
        api_as(moderator).post(f"/moderation/queue/{post.id}", json={"action": "approve"})
    response = api_as(member).post(f"/threads/{thread.id}/posts", json={"body": LINK})
    assert response.json["held"] is False


# --- rejecting -------------------------------------------------------------------------------

def test_reject_keeps_post_invisible(api_as, admin, other_member, member, held):
    response = api_as(admin).post(f"/moderation/queue/{held.id}",
                                  json={"action": "reject", "note": "Advertising"})
    assert response.json["status"] == "rejected"
    assert api_as(other_member).get(f"/posts/{held.id}").status_code == 404
    assert db.session.get(Post, held.id).held_reason == "rejected"


def test_reject_tells_the_author_with_the_note(api_as, admin, member, held):
    api_as(admin).post(f"/moderation/queue/{held.id}",
                       json={"action": "reject", "note": "Advertising"})
    text = notices_of(member)[-1].text
    assert "not approved" in text and "Advertising" in text


def test_reject_writes_audit_entry(api_as, admin, held):
    api_as(admin).post(f"/moderation/queue/{held.id}", json={"action": "reject", "note": "Ads"})
    [entry] = post_entries()
    assert (entry.action, entry.reason) == ("post.reject", "Ads")


def test_decision_failing_midway_leaves_nothing(api_as, moderator, member, held):
    count = len(notices_of(member))
    with mock.patch("community.moderation.queue.record", side_effect=RuntimeError("boom")):
        response = api_as(moderator).post(f"/moderation/queue/{held.id}",
                                          json={"action": "approve"})
    assert response.status_code == 500
    db.session.expire_all()
    post = db.session.get(Post, held.id)
    assert (post.held_at is not None, post.position < 1) == (True, True)
    assert db.session.get(Thread, post.thread_id).post_count == 1
    assert len(notices_of(member)) == count


def test_member_of_cluster_sees_own_held_post(api_as, member, other_member):
    cluster = make_cluster(other_member, "Agrinov")
    add_member(cluster, member)
    thread = make_thread(other_member, cluster_forum(cluster), "Ours", "hello")
    post = make_post(member, thread, LINK)
    assert api_as(member).get(f"/posts/{post.id}").json["held"] is True


def test_rejected_post_leaves_the_dashboard_count(api_as, admin, held):
    api_as(admin).post(f"/moderation/queue/{held.id}", json={"action": "reject"})
    assert api_as(admin).get("/admin/stats").json["held_posts"] == 0
