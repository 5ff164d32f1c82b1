"""NUL bytes, lone surrogates and other control characters: refused (`bad_request`, as the HTTP
side refuses them with 400) or stripped, never a 5xx or a dropped connection."""

from __future__ import annotations

import pytest

from tests.chat.conftest import send
from tests.factories import make_message


@pytest.mark.parametrize("payload", [
    {"body": "a\x00b"}, {"body": "\ud800"}, {"body": "x", "client_id": "a\x00"},
    {"body": "x", "\x00": 1},
])
def test_socket_unstorable_characters_refused(sio, member, room, payload):
    client = sio(member)
    ack = client.emit("chat:send", {"room_id": room.id, **payload}, callback=True)
    assert ack["error"] == "bad_request" and client.is_connected()


def test_socket_other_controls_are_stripped(sio, member, room):
    ack = send(sio(member), room.id, "a\x07b\x1bc")
    assert ack["ok"] is True and ack["message"]["body"] == "abc"


def test_socket_body_of_only_controls_is_refused(sio, member, room):
    assert send(sio(member), room.id, "\x01\x02")["error"] == "validation"


def test_socket_client_id_with_control_is_refused(sio, member, room):
    assert send(sio(member), room.id, "hi", client_id="a\x01")["error"] == "validation"


def test_socket_edit_with_unstorable_refused(sio, member, room):
    client = sio(member)
    message = send(client, room.id, "x")["message"]
    ack = client.emit("chat:edit", {"message_id": message["id"], "body": "y\x00z"}, callback=True)
    assert ack["error"] == "bad_request"


@pytest.mark.parametrize("method, path, body, status", [
    ("post", "/chat/rooms", {"kind": "direct", "members": ["kar\x00im"]}, 400),
    ("post", "/chat/rooms", {"kind": "direct", "members": ["kar\x01im"]}, 404),
    ("post", "/chat/rooms", {"kind": "group", "name": "\x01", "members": []}, 422),
    ("post", "/chat/rooms", {"kind": "group", "name": "A\x01B", "members": ["karim"]}, 201),
    ("post", "/chat/rooms/{room}/messages", {"body": "x", "client_id": "\x01"}, 422),
    ("post", "/chat/rooms/{room}/messages", {"body": "o\x00k"}, 400),
    ("post", "/chat/rooms/{room}/messages", {"body": "o\x07k"}, 201),
    ("get", "/chat/rooms/{room}/messages?after=%00", None, 400),
    ("get", "/chat/rooms/{room}/messages?before=1%01", None, 422),
])
def test_api_with_control_characters_is_not_an_error(api_as, member, other_member, room,
                                                      method, path, body, status):
    api = api_as(member)
    call = getattr(api, method)
    url = path.format(room=room.id)
    response = call(url, json=body) if body is not None else call(url)
    assert response.status_code == status


def test_report_note_with_control_characters(api_as, member, other_member, room):
    message = make_message(other_member, room, "x")
    response = api_as(member).post(f"/chat/messages/{message.id}/reports",
                                   json={"reason": "other", "note": "a\x01b"})
    assert response.status_code == 201 and response.json["note"] == "ab"


def test_message_button_with_nul_username(client, auth, member):
    auth.login(member)
    assert client.post("/chat/direct/a%00b").status_code == 400
    assert client.post("/chat/direct/a%01b").status_code == 404


@pytest.mark.parametrize(("method", "path"), [
    ("get", "/chat/rooms/99999999999999999999999/messages"),
    ("delete", "/chat/messages/99999999999999999999"),
    ("get", "/chat/rooms/99999999999999999999"),
])
def test_api_huge_ids_not_found(api_as, member, method, path):
    response = getattr(api_as(member), method)(path)
    assert response.status_code == 404 and response.json["error"]["code"] == "not_found"


@pytest.mark.parametrize(("query", "status"), [
    ("after=99999999999999999999", 200),  # beyond any seq a room can reach: nothing after
    ("before=99999999999", 200),
    ("after=%D9%A3", 422),  # an Arabic-Indic digit is not an ASCII integer
])
def test_api_history_with_huge_or_odd_seq(api_as, member, room, query, status):
    response = api_as(member).get(f"/chat/rooms/{room.id}/messages?{query}")
    assert response.status_code == status
    if status == 422:
        assert list(response.json["error"]["fields"]) == [query.split("=")[0]]
    else:
        assert response.json == {"items": [], "has_more": False}


def test_socket_join_huge_room_id_not_found(sio, member, room):
    ack = sio(member).emit("chat:join", {"room_id": 10**30}, callback=True)
    assert ack["ok"] is False and ack["error"] == "not_found"


def test_socket_join_after_huge_seq_returns_no_messages(sio, member, room):
    """`after` beyond the last seq is not an error: there is nothing newer yet."""
    ack = sio(member).emit("chat:join", {"room_id": room.id, "after": 10**30}, callback=True)
    assert ack["ok"] is True and ack["messages"] == [] and ack["has_more"] is False
