"""Connecting: who is refused, the rooms a connection joins, presence and live-session ends."""

from __future__ import annotations

from community.auth.revocation import end_live_sessions
from community.chat import services
from community.clusters.services import remove_member
from community.extensions import db
from tests.chat.conftest import send
from tests.conftest import events
from tests.factories import add_member, make_cluster, make_user


def test_connect_anonymous_refused(sio):
    assert not sio().is_connected()


def test_connect_bad_token_refused(sio):
    assert not sio(auth={"token": "not-a-token"}).is_connected()


def test_connect_malformed_auth_refused(sio):
    assert not sio(auth={"token": ["x"]}).is_connected()


def test_connect_unconfirmed_refused(sio, unconfirmed):
    assert not sio(unconfirmed).is_connected()


def test_connect_suspended_refused(sio, member):
    member.status = "suspended"
    db.session.commit()
    assert not sio(member).is_connected()


def test_connect_with_session_cookie(sio, client, auth, member):
    auth.login(member)
    assert sio(flask_client=client).is_connected()


def test_connect_token_member_joins_cluster_room(sio, member, other_member, room):
    listener = sio(member)
    sender = sio(other_member)
    ack = send(sender, room.id, "Hi all")
    assert ack["ok"] is True
    assert [m["body"] for m in events(listener, "chat:message")] == ["Hi all"]


def test_presence_online_and_offline_sent_to_roommates(sio, member, other_member, room):
    watcher = sio(member)
    watcher.get_received()
    other = sio(other_member)
    assert {"username": "karim", "online": True} in events(watcher, "presence")
    second = sio(other_member)
    assert events(watcher, "presence") == []  # not the first connection: nothing new
    other.disconnect()
    assert events(watcher, "presence") == []  # still one connection open
    second.disconnect()
    assert events(watcher, "presence") == [{"username": "karim", "online": False}]


def test_presence_not_sent_to_strangers(sio, member, outsider, room):
    stranger = sio(outsider)
    stranger.get_received()
    sio(member)
    assert events(stranger, "presence") == []


def test_end_live_sessions_disconnects_every_connection(sio, member, room):
    first, second = sio(member), sio(member)
    member.status = "suspended"
    member.session_version += 1
    db.session.commit()
    end_live_sessions(member)
    db.session.commit()
    assert not first.is_connected() and not second.is_connected()


def test_event_after_suspension_refused_and_disconnected(sio, member, room):
    client = sio(member)
    member.status = "suspended"
    db.session.commit()
    ack = client.emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack["ok"] is False and ack["error"] == "unauthorized"
    assert not client.is_connected()


def test_removed_member_receives_nothing_more(sio, manager, member, other_member, cluster,
                                              room):
    removed = sio(other_member)
    removed.emit("chat:join", {"room_id": room.id}, callback=True)
    remove_member(manager, cluster, other_member)
    db.session.commit()
    removed.get_received()
    sender = sio(member)
    assert send(sender, room.id, "after removal")["ok"] is True
    assert events(removed, "chat:message") == []
    ack = removed.emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack["error"] == "forbidden"


def test_new_member_joins_room_live(sio, member, outsider, cluster, room):
    newcomer = sio(outsider)
    add_member(cluster, outsider)
    newcomer.get_received()
    send(sio(member), room.id, "welcome")
    assert [m["body"] for m in events(newcomer, "chat:message")] == ["welcome"]


def test_pending_cluster_has_no_room(sio, member):
    cluster = make_cluster(member, status="pending")
    assert services.cluster_room(cluster, create=False) is None
    client = sio(make_user("zoe"))
    assert client.is_connected()


def test_revoked_token_ends_the_connection_at_next_event(sio, member, room):
    from community.models import ApiToken, utcnow

    client = sio(member)
    token = db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == member.id))
    token.revoked_at = utcnow()
    db.session.commit()
    ack = client.emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack["error"] == "unauthorized" and not client.is_connected()
