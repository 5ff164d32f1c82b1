"""Chat fixtures: an approved cluster with members, rooms, and Socket.IO test clients."""

from __future__ import annotations

import itertools

import pytest

from community.chat import services
from community.extensions import db, socketio
from community.models import Cluster, Membership, utcnow
from tests.factories import make_token, make_user

_slugs = itertools.count(1)


def make_cluster(members=(), managers=(), status: str = "approved", name: str | None = None):
    number = next(_slugs)
    cluster = Cluster(slug=f"cluster-{number}", name=name or f"Cluster {number}", country="MA",
                      shore="south", status=status)
    db.session.add(cluster)
    for user in members:
        db.session.add(Membership(user=user, cluster=cluster, role="member", state="active",
                                  since=utcnow()))
    for user in managers:
        db.session.add(Membership(user=user, cluster=cluster, role="manager", state="active",
                                  since=utcnow()))
    db.session.commit()
    return cluster


@pytest.fixture
def manager(app):
    return make_user("samir", display_name="Samir Manager", country="TN")


@pytest.fixture
def outsider(app):
    return make_user("olivia", display_name="Olivia Outside", country="FR")


@pytest.fixture
def cluster(member, other_member, manager):
    return make_cluster(members=[member, other_member], managers=[manager])


@pytest.fixture
def room(cluster):
    room = services.cluster_room(cluster)
    db.session.commit()
    return room


@pytest.fixture
def sio(app):
    """`sio(user)`: a connected Flask-SocketIO test client authenticated with an API token
    (`sio(flask_client=c)` uses the session cookie of a signed-in test client instead)."""
    clients = []

    def connect(user=None, flask_client=None, auth=None, **kwargs):
        if user is not None:
            auth = {"token": make_token(user)}
        client = socketio.test_client(app, auth=auth, flask_test_client=flask_client, **kwargs)
        clients.append(client)
        return client

    yield connect
    for client in clients:
        if client.is_connected():
            client.disconnect()


def events(client, name: str) -> list:
    """The payloads of every `name` event the client received since the last call."""
    return [e["args"][0] for e in client.get_received() if e["name"] == name]


def received(client) -> list[tuple[str, object]]:
    return [(e["name"], e["args"][0] if e["args"] else None) for e in client.get_received()]


def send(client, room_id, body="Hello", client_id=None) -> dict:
    payload = {"room_id": room_id, "body": body}
    if client_id is not None:
        payload["client_id"] = client_id
    return client.emit("chat:send", payload, callback=True)
