"""Chat fixtures: an approved cluster with a manager and two members, and its room."""

from __future__ import annotations

import time

import pytest

from tests.factories import cluster_room, make_cluster, make_user


@pytest.fixture
def manager(app):
    return make_user("samir", display_name="Samir Manager", country="TN")


@pytest.fixture
def outsider(app):
    return make_user("olivia", display_name="Olivia Outside", country="FR")


@pytest.fixture
def cluster(member, other_member, manager):
    return make_cluster(manager, members=[member, other_member])


@pytest.fixture
def room(cluster):
    return cluster_room(cluster)


def received(client) -> list[tuple[str, object]]:
    return [(e["name"], e["args"][0] if e["args"] else None) for e in client.get_received()]


def send(client, room_id, body="Hello", client_id=None) -> dict:
    payload = {"room_id": room_id, "body": body}
    if client_id is not None:
        payload["client_id"] = client_id
    return client.emit("chat:send", payload, callback=True)


def wait_for(client, name: str, done, timeout: float = 10.0) -> list:
    """The payloads of the `name` events a test client receives until `done(payloads)` holds
    (events sent by a background task, such as the `unread` rounds); fails after `timeout`."""
    payloads: list = []
    deadline = time.monotonic() + timeout
    while not done(payloads):
        assert time.monotonic() < deadline, f"still waiting for {name}: {payloads}"
        payloads += [e["args"][0] for e in client.get_received() if e["name"] == name]
        time.sleep(0.01)
    return payloads


def rounds_done() -> None:
    """Wait for the pending `unread` rounds, so that a test may assert what was not sent."""
    from flask import current_app

    from tests.conftest import wait_for_unread_rounds

    wait_for_unread_rounds(current_app)
