"""Socket.IO `forum:watch` and the live `forum:post` broadcast."""

import pytest

from tests.conftest import events
from tests.factories import cluster_forum, make_thread


def test_watch_then_receive_new_post(sio, api_as, member, other_member, category):
    thread = make_thread(member, category, "Live", "first")
    reader = sio(other_member)
    assert reader.emit("forum:watch", {"thread_id": thread.id}, callback=True) == {"ok": True}
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "**live** news"})
    [payload] = events(reader, "forum:post")
    assert payload["thread_id"] == thread.id and payload["position"] == 2
    assert "<strong>live</strong>" in payload["html"]
    assert f'id="post-{payload["id"]}"' in payload["html"]


def test_edit_broadcasts_update(sio, api_as, member, other_member, category):
    thread = make_thread(member, category, "Live", "first")
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    post_id = api_as(member).get(f"/threads/{thread.id}").json["posts"][0]["id"]
    api_as(member).patch(f"/posts/{post_id}", json={"body": "changed"})
    [payload] = events(reader, "forum:post_updated")
    assert payload["id"] == post_id and "changed" in payload["html"]


def test_watch_invisible_thread_refused(sio, api_as, member, other_member, closed_cluster):
    thread = make_thread(member, cluster_forum(closed_cluster), "Secret", "first")
    outsider = sio(other_member)
    ack = outsider.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_found"
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "psst"})
    assert events(outsider, "forum:post") == []


@pytest.mark.parametrize("payload", [None, "x", {}, {"thread_id": "1"}, {"thread_id": True},
                                     {"thread_id": -1}])
def test_watch_bad_payload(sio, member, payload):
    ack = sio(member).emit("forum:watch", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"


def test_watch_unknown_thread_not_found(sio, member):
    ack = sio(member).emit("forum:watch", {"thread_id": 999}, callback=True)
    assert ack == {"ok": False, "error": "not_found", "message": ack["message"]}


def test_unwatch_stops_updates(sio, api_as, member, other_member, category):
    thread = make_thread(member, category, "Live", "first")
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    assert reader.emit("forum:unwatch", {"thread_id": thread.id}, callback=True) == {"ok": True}
    api_as(member).post(f"/threads/{thread.id}/posts", json={"body": "x"})
    assert events(reader, "forum:post") == []


def test_mention_pushes_notification_live(sio, api_as, member, other_member, category):
    listener = sio(other_member)
    api_as(member).post("/threads", json={"title": "Hi", "body": "@karim look",
                                          "category": "general"})
    [payload] = events(listener, "notification")
    assert payload["kind"] == "mention"


def test_hiding_a_post_replaces_it_live(sio, member, other_member, moderator, category):
    from community.extensions import db
    from community.forums import services
    from community.models import Post
    thread = make_thread(member, category, "Live", "rude words")
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    services.set_post_hidden(moderator, post)
    db.session.commit()
    [payload] = events(reader, "forum:post_updated")
    assert "rude words" not in payload["html"] and "hidden by the moderators" in payload["html"]


def test_hiding_a_post_refused_for_members(member, other_member, category):
    import pytest as _pytest

    from community.errors import PermissionDenied
    from community.extensions import db
    from community.forums import services
    from community.models import Post
    thread = make_thread(member, category, "Live", "x")
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    with _pytest.raises(PermissionDenied):
        services.set_post_hidden(other_member, post)
    assert post.hidden is False
