"""JSON API of chat: rooms, history, sending, editing, deleting, read markers, reports."""

from __future__ import annotations

import pytest

from community.chat import services
from community.extensions import db
from community.models import ChatMessage, Notification
from tests.conftest import events
from tests.factories import (
    cluster_room,
    make_cluster,
    make_direct_room,
    make_message,
    make_user,
)


def test_rooms_anonymous_unauthorized(anon_api):
    assert anon_api.get("/chat/rooms").status_code == 401


def test_rooms_lists_cluster_room_with_unread_and_last_message(api_as, member, other_member,
                                                                room):
    make_message(other_member, room, "first")
    make_message(other_member, room, "second")
    response = api_as(member).get("/chat/rooms")
    assert response.status_code == 200
    [item] = response.json["items"]
    assert item["id"] == room.id and item["kind"] == "cluster"
    assert item["cluster"]["slug"] == room.cluster.slug
    assert item["unread_count"] == 2 and item["last_message"]["body"] == "second"
    assert {m["username"] for m in item["members"]} == {"amina", "karim", "samir"}


def test_rooms_list_constant_queries(api_as, member, count_queries):
    api = api_as(member)
    make_cluster(member)
    make_direct_room(member, make_user("bob"))
    api.get("/chat/rooms")
    with count_queries() as few:
        api.get("/chat/rooms")
    for _n in range(3):
        make_cluster(member, members=[make_user()])
        make_direct_room(member, make_user())
    api.get("/chat/rooms")
    with count_queries() as many:
        assert len(api.get("/chat/rooms").json["items"]) == 8
    assert many.count == few.count


def test_rooms_exclude_pending_cluster(api_as, member):
    make_cluster(member, status="pending")
    assert api_as(member).get("/chat/rooms").json["items"] == []


def test_direct_room_created_then_reused(api_as, member, other_member):
    api = api_as(member)
    first = api.post("/chat/rooms", json={"kind": "direct", "members": ["karim"]})
    assert first.status_code == 201 and first.json["kind"] == "direct"
    assert first.json["name"] == "Karim Haddad"
    again = api_as(other_member).post("/chat/rooms", json={"kind": "direct", "members": ["amina"]})
    assert again.status_code == 200 and again.json["id"] == first.json["id"]


@pytest.mark.parametrize("body, status", [
    ({"kind": "direct", "members": ["amina"]}, 422),
    ({"kind": "direct", "members": ["nobody"]}, 404),
    ({"kind": "direct", "members": ["karim", "laura"]}, 422),
    ({"kind": "direct", "members": "karim"}, 422),
    ({"kind": "cluster", "members": []}, 422),
    ({"kind": "group", "members": ["karim"]}, 422),
])
def test_create_room_invalid(api_as, member, other_member, admin, body, status):
    assert api_as(member).post("/chat/rooms", json=body).status_code == status


def test_create_room_unconfirmed_forbidden(api_as, unconfirmed, member):
    response = api_as(unconfirmed).post("/chat/rooms", json={"kind": "direct",
                                                              "members": ["amina"]})
    assert response.status_code == 403


def test_group_room_create_rename_invite_leave(api_as, member, other_member, admin, outsider):
    api = api_as(member)
    created = api.post("/chat/rooms", json={"kind": "group", "name": "Agritech",
                                            "members": ["karim"]})
    assert created.status_code == 201 and created.json["name"] == "Agritech"
    room_id = created.json["id"]
    assert api.patch(f"/chat/rooms/{room_id}", json={"name": "Agri"}).json["name"] == "Agri"
    invited = api.post(f"/chat/rooms/{room_id}/members", json={"members": ["laura"]})
    assert {m["username"] for m in invited.json["members"]} == {"amina", "karim", "laura"}
    outsider_api = api_as(outsider)
    assert outsider_api.patch(f"/chat/rooms/{room_id}", json={"name": "x"}).status_code == 403
    assert outsider_api.get(f"/chat/rooms/{room_id}/messages").status_code == 403
    karim = api_as(other_member)
    assert karim.delete(f"/chat/rooms/{room_id}/membership").status_code == 204
    assert karim.get(f"/chat/rooms/{room_id}").status_code == 403


def test_leave_cluster_room_refused(api_as, member, room):
    assert api_as(member).delete(f"/chat/rooms/{room.id}/membership").status_code == 403


def test_messages_history_after_before_limit(api_as, member, other_member, room):
    for n in range(1, 8):
        make_message(other_member, room, f"m{n}")
    api = api_as(member)
    latest = api.get(f"/chat/rooms/{room.id}/messages?limit=3").json
    assert [m["seq"] for m in latest["items"]] == [5, 6, 7] and latest["has_more"] is True
    older = api.get(f"/chat/rooms/{room.id}/messages?before=5&limit=3").json
    assert [m["seq"] for m in older["items"]] == [2, 3, 4]
    newer = api.get(f"/chat/rooms/{room.id}/messages?after=5").json
    assert [m["seq"] for m in newer["items"]] == [6, 7] and newer["has_more"] is False


@pytest.mark.parametrize("query", ["limit=201", "limit=0", "after=x", "after=1&before=3",
                                   "before=-1"])
def test_messages_bad_query_validation(api_as, member, room, query):
    assert api_as(member).get(f"/chat/rooms/{room.id}/messages?{query}").status_code == 422


def test_messages_non_member_forbidden_unknown_not_found(api_as, outsider, room):
    api = api_as(outsider)
    assert api.get(f"/chat/rooms/{room.id}/messages").status_code == 403
    assert api.get("/chat/rooms/999/messages").status_code == 404


def test_send_api_broadcasts_and_is_idempotent(api_as, sio, member, other_member, room):
    listener = sio(other_member)
    listener.get_received()
    api = api_as(member)
    first = api.post(f"/chat/rooms/{room.id}/messages", json={"body": "hi", "client_id": "k1"})
    assert first.status_code == 201 and first.json["seq"] == 1
    assert events(listener, "chat:message") == [first.json]
    again = api.post(f"/chat/rooms/{room.id}/messages", json={"body": "hi", "client_id": "k1"})
    assert again.status_code == 200 and again.json == first.json
    assert events(listener, "chat:message") == []
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 1


@pytest.mark.parametrize("body", [{}, {"body": ""}, {"body": "x" * 4001}, {"body": 3},
                                  {"body": "x", "client_id": ""}])
def test_send_api_invalid_body(api_as, member, room, body):
    response = api_as(member).post(f"/chat/rooms/{room.id}/messages", json=body)
    assert response.status_code == 422 and response.json["error"]["code"] == "validation"


def test_send_api_non_member_forbidden(api_as, outsider, room):
    response = api_as(outsider).post(f"/chat/rooms/{room.id}/messages", json={"body": "x"})
    assert response.status_code == 403


def test_edit_and_delete_api(api_as, member, other_member, room):
    message = make_message(member, room, "draft")
    api = api_as(member)
    other = api_as(other_member)
    assert other.patch(f"/chat/messages/{message.id}", json={"body": "x"}).status_code == 403
    edited = api.patch(f"/chat/messages/{message.id}", json={"body": "final"})
    assert edited.status_code == 200 and edited.json["body"] == "final"
    assert other.delete(f"/chat/messages/{message.id}").status_code == 403
    assert api.delete(f"/chat/messages/{message.id}").status_code == 204
    assert api.patch(f"/chat/messages/{message.id}", json={"body": "x"}).status_code == 403


def test_read_api_returns_unread(api_as, member, other_member, room):
    for n in range(3):
        make_message(other_member, room, f"m{n}")
    response = api_as(member).post(f"/chat/rooms/{room.id}/read", json={"seq": 1})
    assert response.json == {"room_id": room.id, "unread": 2}
    assert api_as(member).get("/chat/rooms").json["items"][0]["unread_count"] == 2


def test_report_message(api_as, member, other_member, outsider, room):
    message = make_message(other_member, room, "spam spam")
    url = f"/chat/messages/{message.id}/reports"
    assert api_as(outsider).post(url, json={"reason": "spam"}).status_code == 403
    assert api_as(member).post(url, json={"reason": "nonsense"}).status_code == 422
    response = api_as(member).post(url, json={"reason": "spam", "note": "ads"})
    assert response.status_code == 201 and response.json["target"] == {"type": "message",
                                                                        "id": message.id}


def test_direct_message_notifies_offline_recipient_once_per_burst(member, other_member):
    room = make_direct_room(member, other_member)
    for n in range(3):
        make_message(member, room, f"m{n}")

    def notifications():
        return db.session.scalar(db.select(db.func.count(Notification.id)).where(
            Notification.user_id == other_member.id, Notification.kind == "direct_message"))

    assert notifications() == 1
    services.mark_read(other_member, room, 3)
    db.session.commit()
    make_message(member, room, "again")
    assert notifications() == 2


def test_direct_message_not_notified_when_chat_open(sio, member, other_member):
    room = make_direct_room(member, other_member)
    sio(other_member).emit("chat:join", {"room_id": room.id}, callback=True)
    make_message(member, room, "you there?")
    assert db.session.scalar(db.select(db.func.count(Notification.id))) == 0


def test_hidden_message_disappears_live(sio, member, other_member, room):
    message = make_message(member, room, "bad")
    listener = sio(other_member)
    listener.get_received()
    services.hide_message(message)
    db.session.commit()
    assert events(listener, "chat:deleted") == [{"room_id": room.id, "id": message.id, "seq": 1}]
    assert services.history(member, room)[0][0].is_deleted


def test_chat_page_requires_sign_in(client):
    response = client.get("/chat")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_chat_page_signed_in(client, auth, member):
    auth.login(member)
    response = client.get("/chat")
    assert response.status_code == 200 and b"js/chat." in response.data


def test_message_button_starts_direct_room(client, auth, member, other_member):
    auth.login(member)
    response = client.post("/chat/direct/karim")
    assert response.status_code == 302 and "/chat?room=" in response.headers["Location"]
    again = client.post("/chat/direct/karim")
    assert again.headers["Location"] == response.headers["Location"]


def test_profile_shows_message_button_to_other_members(client, auth, member, other_member):
    auth.login(member)
    assert b"/chat/direct/karim" in client.get("/u/karim").data
    assert b"/chat/direct/amina" not in client.get("/u/amina").data


def test_chat_page_unconfirmed_asks_to_confirm(client, auth, unconfirmed):
    auth.login(unconfirmed)
    response = client.get("/chat")
    assert response.status_code == 200 and b"js/chat." not in response.data


def test_room_lists_at_most_50_members_with_full_count(api_as, member, other_member):
    crowd = [make_user(f"crowd{n:02d}") for n in range(55)]
    room = cluster_room(make_cluster(member, members=crowd))
    item = api_as(member).get(f"/chat/rooms/{room.id}").json
    assert item["member_count"] == 56 and len(item["members"]) == 50
    names = [m["display_name"] for m in item["members"]]
    assert names == sorted(names)
