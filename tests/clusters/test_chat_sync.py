"""Membership changes move the member's open connections into or out of the cluster's chat room
at once (through chat's `on_membership_changed`)."""

from __future__ import annotations

from community.chat.rooms import cluster_room
from community.extensions import socketio
from tests.factories import add_member, make_cluster, make_token


def chat_messages(client) -> list[dict]:
    return [e["args"][0] for e in client.get_received() if e["name"] == "chat:message"]


def test_approved_member_receives_the_cluster_room_live(app, api_as, member, other_member):
    cluster = make_cluster(member)
    room = cluster_room(cluster)
    add_member(cluster, other_member, state="requested")
    live = socketio.test_client(app, auth={"token": make_token(other_member)})
    live.get_received()
    manager = api_as(member)
    assert manager.post("/clusters/maroc-numeric-cluster/members/karim/approve").status_code == 200
    manager.post(f"/chat/rooms/{room.id}/messages", json={"body": "Welcome!", "client_id": "c1"})
    assert [m["body"] for m in chat_messages(live)] == ["Welcome!"]

    assert manager.delete("/clusters/maroc-numeric-cluster/members/karim").status_code == 204
    manager.post(f"/chat/rooms/{room.id}/messages", json={"body": "Bye", "client_id": "c2"})
    assert chat_messages(live) == []
    live.disconnect()
