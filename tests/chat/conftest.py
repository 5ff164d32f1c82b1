"""Chat fixtures: an approved cluster with a manager and two members, and its room."""

from __future__ import annotations

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
