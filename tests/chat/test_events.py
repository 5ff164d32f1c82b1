"""Every client → server chat event: acknowledgements, broadcasts, refusals."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import ChatMessage
from tests.chat.conftest import send
from tests.conftest import events
from tests.factories import make_direct_room


def stored_count() -> int:
    return db.session.scalar(db.select(db.func.count(ChatMessage.id)))


def test_join_member_gets_latest_messages(sio, member, other_member, room):
    sender = sio(other_member)
    for n in range(55):
        send(sender, room.id, f"m{n}")
    ack = sio(member).emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack["ok"] is True and ack["has_more"] is True
    assert [m["seq"] for m in ack["messages"]] == list(range(6, 56))
    assert ack["room"]["id"] == room.id and ack["room"]["kind"] == "cluster"


def test_join_after_returns_only_newer(sio, member, other_member, room):
    sender = sio(other_member)
    for n in range(5):
        send(sender, room.id, f"m{n}")
    ack = sio(member).emit("chat:join", {"room_id": room.id, "after": 3}, callback=True)
    assert [m["seq"] for m in ack["messages"]] == [4, 5] and ack["has_more"] is False


def test_join_non_member_forbidden(sio, outsider, room):
    ack = sio(outsider).emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack == {"ok": False, "error": "forbidden", "message": ack["message"]}


def test_join_moderator_may_read_cluster_room(sio, moderator, room):
    assert sio(moderator).emit("chat:join", {"room_id": room.id}, callback=True)["ok"] is True


def test_join_unknown_room_not_found(sio, member, room):
    assert sio(member).emit("chat:join", {"room_id": 9999}, callback=True)["error"] == "not_found"


@pytest.mark.parametrize("payload", [
    None, "room", [1], {}, {"room_id": "1"}, {"room_id": True}, {"room_id": -1},
    {"room_id": 1.5}, {"room_id": 1, "after": "x"},
])
def test_join_malformed_payload_bad_request(sio, member, room, payload):
    client = sio(member)
    args = () if payload is None else (payload,)
    ack = client.emit("chat:join", *args, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"
    assert client.is_connected()


def test_send_stores_then_broadcasts(sio, member, other_member, room):
    listener = sio(other_member)
    listener.get_received()
    ack = send(sio(member), room.id, "**Hello** <script>x</script>", client_id="c-1")
    message = ack["message"]
    assert ack["ok"] is True and message["seq"] == 1 and message["client_id"] == "c-1"
    assert "<strong>Hello</strong>" in message["body_html"]
    assert "<script" not in message["body_html"]
    assert message["author"] == {"username": "amina", "display_name": "Amina Benali"}
    assert events(listener, "chat:message") == [message]
    assert db.session.get(ChatMessage, message["id"]).seq == 1


def test_send_same_client_id_returns_first_and_stores_nothing(sio, member, other_member, room):
    listener = sio(other_member)
    sender = sio(member)
    first = send(sender, room.id, "once", client_id="abc")
    listener.get_received()
    again = send(sender, room.id, "once", client_id="abc")
    assert again == first
    assert stored_count() == 1
    assert events(listener, "chat:message") == []


def test_send_same_client_id_other_author_is_a_new_message(sio, member, other_member, room):
    send(sio(member), room.id, "a", client_id="same")
    ack = send(sio(other_member), room.id, "b", client_id="same")
    assert ack["message"]["seq"] == 2 and stored_count() == 2


@pytest.mark.parametrize("body", ["", "   \n ", "x" * 4001])
def test_send_invalid_body_validation(sio, member, room, body):
    ack = send(sio(member), room.id, body)
    assert ack["ok"] is False and ack["error"] == "validation" and stored_count() == 0


def test_send_body_of_4000_characters_accepted(sio, member, room):
    assert send(sio(member), room.id, "y" * 4000)["ok"] is True


@pytest.mark.parametrize("payload", [
    {"room_id": 1}, {"room_id": 1, "body": 5}, {"room_id": 1, "body": "x", "client_id": 7},
    {"body": "x"},
])
def test_send_malformed_payload_bad_request(sio, member, room, payload):
    payload = {**payload, "room_id": room.id} if "room_id" in payload else payload
    client = sio(member)
    ack = client.emit("chat:send", payload, callback=True)
    assert ack["error"] == "bad_request" and stored_count() == 0 and client.is_connected()


def test_send_client_id_too_long_validation(sio, member, room):
    assert send(sio(member), room.id, "x", client_id="c" * 65)["error"] == "validation"


def test_send_non_member_forbidden(sio, outsider, room):
    ack = send(sio(outsider), room.id, "let me in")
    assert ack["error"] == "forbidden" and stored_count() == 0


def test_send_moderator_not_member_forbidden(sio, moderator, room):
    assert send(sio(moderator), room.id, "hello")["error"] == "forbidden"


def test_typing_reaches_others_not_sender(sio, member, other_member, room):
    listener, typist = sio(other_member), sio(member)
    listener.get_received()
    typist.get_received()
    assert typist.emit("chat:typing", {"room_id": room.id}, callback=True) == {"ok": True}
    assert events(listener, "chat:typing") == [{"room_id": room.id, "username": "amina"}]
    assert events(typist, "chat:typing") == []


def test_typing_non_member_forbidden(sio, member, outsider, room):
    listener = sio(member)
    listener.get_received()
    ack = sio(outsider).emit("chat:typing", {"room_id": room.id}, callback=True)
    assert ack["error"] == "forbidden" and events(listener, "chat:typing") == []


def test_read_updates_unread_and_tells_own_connections(sio, member, other_member, room):
    sender = sio(other_member)
    for n in range(3):
        send(sender, room.id, f"m{n}")
    reader, other_tab = sio(member), sio(member)
    other_tab.get_received()
    ack = reader.emit("chat:read", {"room_id": room.id, "seq": 2}, callback=True)
    assert ack == {"ok": True, "unread": 1}
    assert events(other_tab, "unread") == [{"room_id": room.id, "count": 1}]
    assert events(sender, "unread") == []


def test_read_bad_seq_bad_request(sio, member, room):
    ack = sio(member).emit("chat:read", {"room_id": room.id, "seq": "2"}, callback=True)
    assert ack["error"] == "bad_request"


def test_read_non_member_forbidden(sio, outsider, room):
    ack = sio(outsider).emit("chat:read", {"room_id": room.id, "seq": 0}, callback=True)
    assert ack["error"] == "forbidden"


def test_edit_by_author_broadcasts_update(sio, member, other_member, room):
    author = sio(member)
    message = send(author, room.id, "typo")["message"]
    listener = sio(other_member)
    listener.get_received()
    ack = author.emit("chat:edit", {"message_id": message["id"], "body": "fixed"}, callback=True)
    assert ack["ok"] is True and ack["message"]["body"] == "fixed"
    assert ack["message"]["edited_at"] is not None
    assert events(listener, "chat:updated") == [ack["message"]]


def test_edit_by_other_member_forbidden(sio, member, other_member, room):
    message = send(sio(member), room.id, "mine")["message"]
    ack = sio(other_member).emit("chat:edit", {"message_id": message["id"], "body": "x"},
                                 callback=True)
    assert ack["error"] == "forbidden"
    assert db.session.get(ChatMessage, message["id"]).body == "mine"


def test_edit_too_long_validation(sio, member, room):
    client = sio(member)
    message = send(client, room.id, "short")["message"]
    ack = client.emit("chat:edit", {"message_id": message["id"], "body": "x" * 4001},
                      callback=True)
    assert ack["error"] == "validation"


def test_edit_unknown_message_not_found(sio, member, room):
    ack = sio(member).emit("chat:edit", {"message_id": 404, "body": "x"}, callback=True)
    assert ack["error"] == "not_found"


def test_delete_by_author_broadcasts(sio, member, other_member, room):
    author = sio(member)
    message = send(author, room.id, "oops")["message"]
    listener = sio(other_member)
    listener.get_received()
    assert author.emit("chat:delete", {"message_id": message["id"]}, callback=True) == {"ok": True}
    assert events(listener, "chat:deleted") == [{"room_id": room.id, "id": message["id"],
                                                 "seq": 1}]
    ack = author.emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack["messages"][0]["deleted"] is True and ack["messages"][0]["body"] == ""


def test_delete_by_other_member_forbidden(sio, member, other_member, room):
    message = send(sio(member), room.id, "mine")["message"]
    ack = sio(other_member).emit("chat:delete", {"message_id": message["id"]}, callback=True)
    assert ack["error"] == "forbidden"
    assert db.session.get(ChatMessage, message["id"]).deleted_at is None


@pytest.mark.parametrize("who", ["manager", "moderator"])
def test_delete_by_manager_or_moderator_allowed(sio, member, room, who, request):
    message = send(sio(member), room.id, "spam")["message"]
    remover = sio(request.getfixturevalue(who))
    assert remover.emit("chat:delete", {"message_id": message["id"]}, callback=True)["ok"]


def test_moderator_deletes_in_a_direct_room_as_through_the_api(sio, member, other_member,
                                                                moderator):
    direct = make_direct_room(member, other_member)
    message = send(sio(member), direct.id, "abuse")["message"]
    ack = sio(moderator).emit("chat:delete", {"message_id": message["id"]}, callback=True)
    assert ack == {"ok": True}
    db.session.expire_all()
    assert db.session.get(ChatMessage, message["id"]).deleted_at is not None


def test_leave_stops_room_events_for_that_connection(sio, member, other_member, room):
    listener = sio(member)
    assert listener.emit("chat:leave", {"room_id": room.id}, callback=True) == {"ok": True}
    listener.get_received()
    send(sio(other_member), room.id, "anyone?")
    assert events(listener, "chat:message") == []


def test_reconnect_backfills_missed_messages_exactly_once(sio, member, other_member, room):
    sender = sio(other_member)
    reader = sio(member)
    seen = reader.emit("chat:join", {"room_id": room.id}, callback=True)["messages"]
    send(sender, room.id, "before")
    seen += events(reader, "chat:message")
    reader.disconnect()
    for n in range(3):
        send(sender, room.id, f"missed {n}")
    again = sio(member)
    ack = again.emit("chat:join", {"room_id": room.id, "after": seen[-1]["seq"]}, callback=True)
    seen += ack["messages"]
    assert [m["body"] for m in seen] == ["before", "missed 0", "missed 1", "missed 2"]
    assert [m["seq"] for m in seen] == [1, 2, 3, 4]


@pytest.mark.parametrize("config_overrides", [
    {"CHAT_RATE_LIMIT_ENABLED": True, "CHAT_RATE_LIMIT": "3 per 10 seconds"}])
def test_send_rate_limited(sio, member, room):
    client = sio(member)
    acks = [send(client, room.id, f"m{n}") for n in range(4)]
    assert [a["ok"] for a in acks] == [True, True, True, False]
    assert acks[3]["error"] == "rate_limited" and stored_count() == 3
    assert client.is_connected()


@pytest.mark.parametrize("event", ["chat:join", "chat:leave", "chat:typing", "chat:read",
                                   "chat:send", "chat:edit", "chat:delete"])
def test_every_event_refused_for_non_member(sio, member, outsider, room, event):
    message = send(sio(member), room.id, "members only")["message"]
    payloads = {"chat:read": {"room_id": room.id, "seq": 1},
                "chat:send": {"room_id": room.id, "body": "x"},
                "chat:edit": {"message_id": message["id"], "body": "x"},
                "chat:delete": {"message_id": message["id"]}}
    client = sio(outsider)
    ack = client.emit(event, payloads.get(event, {"room_id": room.id}), callback=True)
    assert ack["ok"] is False and ack["error"] == "forbidden" and ack["message"]
    assert client.is_connected()
    assert [m.body for m in db.session.scalars(db.select(ChatMessage))] == ["members only"]


@pytest.mark.parametrize("event", ["chat:join", "chat:leave", "chat:typing", "chat:read",
                                   "chat:send", "chat:edit", "chat:delete"])
def test_every_event_rejects_a_non_object_payload(sio, member, room, event):
    client = sio(member)
    assert client.emit(event, [room.id], callback=True)["error"] == "bad_request"
    assert client.emit(event, "x" * 10_000, callback=True)["error"] == "bad_request"
    assert client.is_connected()


@pytest.mark.parametrize("config_overrides", [
    {"CHAT_RATE_LIMIT_ENABLED": True, "CHAT_TYPING_RATE_LIMIT": "2 per 10 seconds"}])
def test_typing_flood_rate_limited(sio, member, other_member, room):
    listener, typist = sio(other_member), sio(member)
    listener.get_received()
    acks = [typist.emit("chat:typing", {"room_id": room.id}, callback=True) for _n in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False] and acks[2]["error"] == "rate_limited"
    assert len(events(listener, "chat:typing")) == 2


def test_refusal_in_the_users_language(sio, member, room):
    member.locale = "fr"
    db.session.commit()
    ack = sio(member).emit("chat:join", {"room_id": "x"}, callback=True)
    assert ack["message"] == "room_id doit être un entier positif ou nul."


def test_join_connection_gone_while_handled_not_found(sio, member, room, monkeypatch):
    client = sio(member)

    def gone(name):
        raise KeyError(name)  # what python-socketio raises for a sid it no longer knows

    monkeypatch.setattr("community.realtime.handlers.join_room", gone)
    ack = client.emit("chat:join", {"room_id": room.id}, callback=True)
    assert ack == {"ok": False, "error": "not_found", "message": "The connection is closed."}
