"""Deeply nested JSON, in an HTTP body or a Socket.IO payload, is refused like any malformed
input (400 / `bad_request`), never a 500 from a `RecursionError`."""

from __future__ import annotations

import pytest
from socketio import packet

from community.extensions import socketio
from community.security import MAX_JSON_DEPTH, contains_unstorable, nesting_exceeds

TOO_DEEP = "The JSON is nested too deeply."
DEPTHS = [100_000, 5_000, 900, 200]


def nested_list(depth: int) -> str:
    return "[" * depth + "]" * depth


def nested_object(depth: int) -> str:
    return '{"a":' * depth + "1" + "}" * depth


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", [nested_list, nested_object])
def test_nested_json_body_is_400(api_as, member, depth, shape):
    response = api_as(member).post("/notifications/read", data=shape(depth),
                                   headers={"Content-Type": "application/json"})
    assert (response.status_code, response.get_json()) == (
        400, {"error": {"code": "bad_request", "message": TOO_DEEP}})


@pytest.mark.parametrize("depth", DEPTHS)
def test_nested_json_inside_a_field_is_400(api_as, member, depth):
    response = api_as(member).post("/notifications/read",
                                   data='{"ids": ' + nested_list(depth) + "}",
                                   headers={"Content-Type": "application/json"})
    assert response.status_code == 400


def test_json_nested_within_the_limit_is_checked_as_usual(api_as, member):
    response = api_as(member).post("/notifications/read", data='{"ids": [[[1]]]}',
                                   headers={"Content-Type": "application/json"})
    assert response.status_code == 422


def raw_event(client, event: str, payload_json: str) -> dict:
    """Send an event whose payload is already-encoded JSON (the test client cannot encode a
    deeply nested payload itself) and return its acknowledgement."""
    client.callback_counter += 1
    encoded = f'{packet.EVENT}{client.callback_counter}["{event}",{payload_json}]'
    socketio.server._handle_eio_message(client.eio_sid, encoded)
    ack, client.acks = client.acks, None
    return ack and ack["args"][0]


@pytest.mark.parametrize("depth", DEPTHS)
@pytest.mark.parametrize("shape", [nested_list, nested_object])
def test_nested_socket_payload_is_bad_request(sio, member, depth, shape):
    client = sio(member)
    ack = raw_event(client, "forum:watch", shape(depth))
    assert ack == {"ok": False, "error": "bad_request", "message": TOO_DEEP}


@pytest.mark.parametrize("depth", DEPTHS)
def test_nested_socket_field_is_bad_request(sio, member, depth):
    client = sio(member)
    ack = raw_event(client, "chat:send", '{"room_id": 1, "body": ' + nested_list(depth) + "}")
    assert ack == {"ok": False, "error": "bad_request", "message": TOO_DEEP}


def test_connection_survives_a_nested_payload(sio, member):
    client = sio(member)
    raw_event(client, "forum:watch", nested_list(100_000))
    assert client.emit("forum:watch", {"thread_id": 999}, callback=True)["error"] == "not_found"


def deep_python_list(depth: int, leaf="x") -> list:
    value = [leaf]
    for _level in range(depth - 1):
        value = [value]
    return value


def test_contains_unstorable_walks_any_depth_without_recursion():
    assert contains_unstorable(deep_python_list(100_000, "a\x00b")) is True


def test_contains_unstorable_clean_deep_value_is_false():
    assert contains_unstorable({"k": deep_python_list(100_000)}) is False


@pytest.mark.parametrize(("depth", "exceeds"), [(MAX_JSON_DEPTH, False),
                                                (MAX_JSON_DEPTH + 1, True),
                                                (100_000, True)])
def test_nesting_exceeds_counts_levels(depth, exceeds):
    assert nesting_exceeds(deep_python_list(depth)) is exceeds
