"""Socket.IO `forum:watch` and the live `forum:post` broadcast."""

import pytest

from community.extensions import db
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


def test_watch_invisible_thread_not_found_message(sio, member, other_member, closed_cluster):
    thread = make_thread(member, cluster_forum(closed_cluster), "Secret", "first")
    ack = sio(other_member).emit("forum:watch", {"thread_id": thread.id}, callback=True)
    assert ack == {"ok": False, "error": "not_found", "message": "No such thread."}


@pytest.mark.parametrize("event", ["forum:watch", "forum:unwatch"])
@pytest.mark.parametrize("payload", [None, "x", [1], {}, {"thread_id": "1"},
                                     {"thread_id": True}, {"thread_id": -1},
                                     {"thread_id": 1.5}])
def test_bad_payload_bad_request(sio, member, event, payload):
    client = sio(member)
    ack = client.emit(event, payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"
    assert client.is_connected()


@pytest.mark.parametrize("event", ["forum:watch", "forum:unwatch"])
def test_no_payload_bad_request(sio, member, event):
    ack = sio(member).emit(event, callback=True)
    assert ack == {"ok": False, "error": "bad_request",
                   "message": "The payload must be one JSON object."}


@pytest.mark.parametrize("event", ["forum:watch", "forum:unwatch"])
@pytest.mark.parametrize("text", ["nul\x00byte", "lone \ud800 surrogate"])
def test_unstorable_text_bad_request(sio, member, category, event, text):
    thread = make_thread(member, category, "Live", "first")
    ack = sio(member).emit(event, {"thread_id": thread.id, "note": text}, callback=True)
    assert ack == {"ok": False, "error": "bad_request",
                   "message": "The request contains characters that are not allowed."}


def end_session(user, how: str) -> None:
    """End the user's sessions behind the socket's back, as another tab or an admin would."""
    if how == "suspended":
        user.status = "suspended"
    else:
        user.session_version += 1
    db.session.commit()


@pytest.mark.parametrize("how", ["session_ended", "suspended"])
@pytest.mark.parametrize("event", ["forum:watch", "forum:unwatch"])
def test_event_after_session_end_unauthorized(sio, member, category, event, how):
    thread = make_thread(member, category, "Live", "first")
    client = sio(member)
    end_session(member, how)
    ack = client.emit(event, {"thread_id": thread.id}, callback=True)
    assert ack == {"ok": False, "error": "unauthorized",
                   "message": "Your session has ended. Sign in again."}


@pytest.mark.parametrize("event", ["forum:watch", "forum:unwatch"])
def test_event_after_session_end_disconnects(sio, member, category, event):
    thread = make_thread(member, category, "Live", "first")
    client = sio(member)
    end_session(member, "session_ended")
    client.emit(event, {"thread_id": thread.id}, callback=True)
    assert not client.is_connected()


@pytest.mark.parametrize(("payload", "message"), [
    ({"thread_id": 999}, "Ce fil de discussion n'existe pas."),
    ({"thread_id": "x"}, "thread_id doit être un entier positif ou nul."),
    ("x", "Les données envoyées doivent former un seul objet JSON."),
])
def test_watch_refusal_in_the_users_language(sio, member, payload, message):
    member.locale = "fr"
    db.session.commit()
    ack = sio(member).emit("forum:watch", payload, callback=True)
    assert ack["message"] == message


def test_watch_connection_gone_while_handled_not_found(sio, member, category, monkeypatch):
    thread = make_thread(member, category, "Live", "first")
    client = sio(member)

    def gone(room):
        raise KeyError(room)  # what python-socketio raises for a sid it no longer knows

    monkeypatch.setattr("community.realtime.handlers.join_room", gone)
    ack = client.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    assert ack == {"ok": False, "error": "not_found", "message": "The connection is closed."}


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


def test_hiding_a_post_removes_it_live(sio, member, other_member, moderator, category):
    from community.extensions import db
    from community.forums import services
    from community.models import Post
    thread = make_thread(member, category, "Live", "rude words")
    reader = sio(other_member)
    reader.emit("forum:watch", {"thread_id": thread.id}, callback=True)
    post = db.session.scalar(db.select(Post).where(Post.thread_id == thread.id))
    services.set_post_hidden(moderator, post)
    db.session.commit()
    received = reader.get_received()
    assert [(e["name"], e["args"][0]) for e in received if e["name"].startswith("forum:")] == [
        ("forum:post_removed", {"thread_id": thread.id, "id": post.id})]


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
