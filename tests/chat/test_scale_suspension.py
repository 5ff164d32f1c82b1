"""A suspension made through one server process's API closes the user's socket connected to
another process within a second (PostgreSQL + Redis, real processes and clients)."""

from __future__ import annotations

import time

import pytest
import requests
import socketio as socketio_client

from tests.chat.test_scale import Client, clients, people, servers  # noqa: F401 (fixtures)
from tests.factories import make_token, make_user


@pytest.mark.redis
@pytest.mark.postgres_only
@pytest.mark.parametrize("kind", ["threading", "gevent"])
def test_suspension_through_api_closes_socket_on_other_process(servers, people,  # noqa: F811
                                                                clients, kind):  # noqa: F811
    staff = make_token(make_user("mona", role="moderator"))
    one, two = servers(2, kind)
    victim, watcher = clients(two, people["alice"]), clients(two, people["bruno"])
    response = requests.post(f"{one.url}/api/v1/moderation/users/alice/suspension",
                             json={"reason": "Spam across clusters"}, timeout=5,
                             headers={"Authorization": f"Bearer {staff}"})
    answered = time.monotonic()
    assert response.status_code == 201
    assert victim.disconnected.wait(1.0)
    assert time.monotonic() - answered < 1.0
    assert watcher.sio.connected
    with pytest.raises(socketio_client.exceptions.ConnectionError):
        Client(two, people["alice"])  # and they cannot come back
