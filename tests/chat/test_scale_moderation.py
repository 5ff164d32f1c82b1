"""A chat message hidden through one server process's API disappears at once for a member
connected to another process, and reaches a moderator there marked hidden (PostgreSQL + Redis,
real processes and clients)."""

from __future__ import annotations

import pytest
import requests

from tests.chat.test_scale import clients, people, servers  # noqa: F401 (fixtures)
from tests.factories import make_token, make_user


@pytest.mark.redis
@pytest.mark.postgres_only
@pytest.mark.parametrize("kind", ["threading", "gevent"])
def test_hidden_message_disappears_on_the_other_process(servers, people,  # noqa: F811
                                                        clients, kind):  # noqa: F811
    staff = make_token(make_user("mona", role="moderator"))
    one, two = servers(2, kind)
    sender = clients(one, people["alice"])
    reader, watching_moderator = clients(two, people["bruno"]), clients(two, staff)
    sent = sender.call("chat:send", {"room_id": people["room"], "body": "buy cheap followers",
                                     "client_id": "spam-1"})["message"]
    reader.wait_for("chat:message")
    filed = requests.post(f"{two.url}/api/v1/chat/messages/{sent['id']}/reports",
                          json={"reason": "spam"}, timeout=5,
                          headers={"Authorization": f"Bearer {people['bruno']}"})
    assert filed.status_code == 201
    acted = requests.post(f"{one.url}/api/v1/moderation/reports/{filed.json()['id']}",
                          json={"action": "hide", "note": "Spam"}, timeout=5,
                          headers={"Authorization": f"Bearer {staff}"})
    assert acted.status_code == 200
    [removed] = reader.wait_for("chat:deleted", timeout=1.0)
    assert removed == {"room_id": people["room"], "id": sent["id"], "seq": sent["seq"]}
    [marked] = watching_moderator.wait_for("chat:updated", timeout=1.0)
    assert (marked["id"], marked["hidden"]) == (sent["id"], True)
