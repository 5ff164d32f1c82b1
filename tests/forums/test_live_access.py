"""Live content follows read access at delivery time (issue 10, finding 1): a member removed from
a members-only cluster, or an outsider watching a forum made members-only, receives no later
post, update or notification from it; nor does a removed member receive chat messages. A
public thread still costs one emit to its room, whatever the number of watchers."""

from __future__ import annotations

import pytest

from community.extensions import db, socketio
from community.models import Cluster, Post
from tests.chat.conftest import send
from tests.conftest import events
from tests.factories import (
    add_member,
    cluster_forum,
    cluster_room,
    make_cluster,
    make_post,
    make_thread,
    make_user,
)


def forum_names(client) -> list[str]:
    return [e["name"] for e in client.get_received() if e["name"].startswith("forum:")]


def watching(sio, user, thread):
    client = sio(user)
    assert client.emit("forum:watch", {"thread_id": thread.id}, callback=True) == {"ok": True}
    return client


@pytest.fixture
def private_thread(member, closed_cluster):
    return make_thread(member, cluster_forum(closed_cluster), "Members only", "first")


@pytest.fixture
def removed(sio, api_as, manager, other_member, closed_cluster, private_thread):
    """Karim, a member watching the members-only thread, removed through the API."""
    add_member(closed_cluster, other_member)
    client = watching(sio, other_member, private_thread)
    response = api_as(manager).delete(f"/clusters/{closed_cluster.slug}/members/karim")
    assert response.status_code == 204
    client.get_received()
    return client


def first_post(thread) -> Post:
    return db.session.scalar(db.select(Post).where(Post.thread_id == thread.id,
                                                   Post.position == 1))


def test_removed_member_receives_no_new_post(removed, api_as, member, private_thread):
    response = api_as(member).post(f"/threads/{private_thread.id}/posts", json={"body": "psst"})
    assert response.status_code == 201
    assert forum_names(removed) == []


def test_removed_member_receives_no_post_update(removed, api_as, member, private_thread):
    post = first_post(private_thread)
    assert api_as(member).patch(f"/posts/{post.id}", json={"body": "new"}).status_code == 200
    assert forum_names(removed) == []


def test_removed_member_receives_no_post_removal(removed, api_as, member, private_thread):
    post = make_post(member, private_thread, "soon gone")
    removed.get_received()
    assert api_as(member).delete(f"/posts/{post.id}").status_code == 204
    assert forum_names(removed) == []


def test_staying_member_still_receives_new_post(sio, removed, member, manager, private_thread):
    staying = watching(sio, member, private_thread)
    make_post(manager, private_thread, "still here")
    assert forum_names(staying) == ["forum:post"]


def test_member_who_left_receives_no_new_post(sio, api_as, member, manager, other_member,
                                              closed_cluster, private_thread):
    add_member(closed_cluster, other_member)
    client = watching(sio, other_member, private_thread)
    assert api_as(other_member).delete(
        f"/clusters/{closed_cluster.slug}/membership").status_code == 204
    make_post(manager, private_thread, "after leaving")
    assert forum_names(client) == []


def test_removed_subscriber_gets_no_reply_notification(sio, api_as, member, manager,
                                                       other_member, closed_cluster,
                                                       private_thread):
    add_member(closed_cluster, other_member)
    make_post(other_member, private_thread, "I subscribe by replying")
    client = sio(other_member)
    api_as(manager).delete(f"/clusters/{closed_cluster.slug}/members/karim")
    make_post(member, private_thread, "a reply karim may not read")
    assert events(client, "notification") == []


def test_removed_member_gets_no_mention_notification(removed, member, private_thread):
    make_post(member, private_thread, "@karim are you there?")
    assert [e for e in removed.get_received() if e["name"] == "notification"] == []


@pytest.fixture
def public_thread(manager, open_cluster):
    return make_thread(manager, cluster_forum(open_cluster), "Open talk", "first")


@pytest.fixture
def outsider_watching(sio, api_as, manager, open_cluster, public_thread):
    """An outsider watching a public cluster thread, then the forum made members-only."""
    client = watching(sio, make_user("visitor"), public_thread)
    response = api_as(manager).patch(f"/clusters/{open_cluster.slug}",
                                     json={"forum_visibility": "members"})
    assert response.status_code == 200
    client.get_received()
    return client


def test_forum_made_members_only_outsider_gets_no_new_post(outsider_watching, manager,
                                                           public_thread):
    make_post(manager, public_thread, "now private")
    assert forum_names(outsider_watching) == []


def test_forum_made_members_only_outsider_gets_no_update(outsider_watching, api_as, manager,
                                                         public_thread):
    post = first_post(public_thread)
    assert api_as(manager).patch(f"/posts/{post.id}", json={"body": "edited"}).status_code == 200
    assert forum_names(outsider_watching) == []


def test_cluster_rejected_outsider_gets_no_new_post(sio, api_as, moderator, manager,
                                                    open_cluster, public_thread):
    client = watching(sio, make_user("visitor"), public_thread)
    response = api_as(moderator).post(f"/admin/clusters/{open_cluster.slug}/reject",
                                      json={"reason": "Not a real cluster"})
    assert response.status_code == 200
    client.get_received()
    make_post(manager, public_thread, "after the rejection")
    assert forum_names(client) == []


def test_public_thread_post_is_one_emit_to_the_thread_room(sio, monkeypatch, member,
                                                           other_member, category):
    thread = make_thread(member, category, "Public", "first")
    for name in ("reader1", "reader2", "reader3"):
        watching(sio, make_user(name), thread)
    sent = []
    real = socketio.emit
    monkeypatch.setattr(socketio, "emit",
                        lambda event, *a, **k: (sent.append((event, k.get("to"))),
                                                real(event, *a, **k)))
    make_post(other_member, thread, "to everyone")
    assert [s for s in sent if s[0] == "forum:post"] == [("forum:post", f"thread:{thread.id}")]


# --- chat ----------------------------------------------------------------------------------

@pytest.fixture
def chat_cluster(manager, member, other_member) -> Cluster:
    return make_cluster(manager, "Chat Lab", members=[member, other_member])


def joined(sio, user, room):
    client = sio(user)
    assert client.emit("chat:join", {"room_id": room.id}, callback=True)["ok"] is True
    return client


@pytest.mark.parametrize("how", ["removed", "left"])
def test_former_member_receives_no_chat_message(sio, api_as, manager, member, other_member,
                                                chat_cluster, how):
    room = cluster_room(chat_cluster)
    client = joined(sio, other_member, room)
    path = (f"/clusters/{chat_cluster.slug}/members/karim" if how == "removed"
            else f"/clusters/{chat_cluster.slug}/membership")
    actor = manager if how == "removed" else other_member
    assert api_as(actor).delete(path).status_code == 204
    assert send(sio(member), room.id, "after the removal")["ok"] is True
    assert events(client, "chat:message") == []


def test_rejected_cluster_member_leaves_chat_room_live(sio, api_as, moderator, member,
                                                       chat_cluster):
    room = cluster_room(chat_cluster)
    client = joined(sio, member, room)
    response = api_as(moderator).post(f"/admin/clusters/{chat_cluster.slug}/reject",
                                      json={"reason": "Not a real cluster"})
    assert response.status_code == 200
    manager = socketio.server.manager
    assert f"chat:{room.id}" not in manager.get_rooms(
        manager.sid_from_eio_sid(client.eio_sid, "/"), "/")
