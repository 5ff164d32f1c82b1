"""The chat benchmark's ceiling (bench/servers/bare_socketio.py) answers the scenario's events
as the product does: the same event names, acknowledgements and `chat:message` shape."""

import pytest

from bench.servers.bare_socketio import create_app
from tests.conftest import events
from tests.factories import make_group_room


@pytest.fixture
def bare():
    app, socketio = create_app()
    client = socketio.test_client(app, auth={"token": "any-token"})
    yield client
    if client.is_connected():
        client.disconnect()


def scenario(client, room_id: int) -> tuple[dict, dict, dict]:
    """The load client's conversation: join, send with an ack, receive the broadcast."""
    joined = client.emit("chat:join", {"room_id": room_id}, callback=True)
    client.get_received()  # presence and the like: not part of the scenario
    sent = client.emit("chat:send", {"room_id": room_id, "body": "bnch 12.5 7",
                                     "client_id": "c-1"}, callback=True)
    return joined, sent, events(client, "chat:message")[-1]


def shape(value):
    """The keys of a JSON value, recursively (lists by their first item)."""
    if isinstance(value, dict):
        return {key: shape(item) for key, item in value.items()}
    if isinstance(value, list):
        return [shape(value[0])] if value else []
    return None


def test_bare_server_answers_the_scenario_as_the_product_does(sio, member, other_member, bare):
    room = make_group_room(member, "Bench", [other_member])
    product = scenario(sio(member), room.id)
    ceiling = scenario(bare, room.id)
    assert product[1]["ok"] and ceiling[1]["ok"]
    assert product[0].keys() == ceiling[0].keys()  # join: ok, room, messages, has_more
    assert shape(product[1]) == shape(ceiling[1])  # send ack: ok, message
    assert shape(product[2]) == shape(ceiling[2])  # chat:message
    assert ceiling[2]["body"] == "bnch 12.5 7" and ceiling[2]["seq"] == 1


def test_bare_server_broadcasts_to_the_room_only():
    app, socketio = create_app()
    inside, outside = (socketio.test_client(app, auth={"token": t}) for t in ("a", "b"))
    inside.emit("chat:join", {"room_id": 1}, callback=True)
    outside.emit("chat:join", {"room_id": 2}, callback=True)
    inside.emit("chat:send", {"room_id": 1, "body": "hello"}, callback=True)
    assert [m["body"] for m in events(inside, "chat:message")] == ["hello"]
    assert events(outside, "chat:message") == []


def test_bare_server_refuses_a_connection_without_token():
    app, socketio = create_app()
    assert not socketio.test_client(app, auth={}).is_connected()


@pytest.mark.parametrize("payload", [{"room_id": "1", "body": "x"}, {"room_id": 1},
                                     {"room_id": 1, "body": ""}, ["not", "an", "object"]])
def test_bare_server_refuses_a_malformed_send(bare, payload):
    ack = bare.emit("chat:send", payload, callback=True)
    assert ack["ok"] is False and ack["error"] == "bad_request"
