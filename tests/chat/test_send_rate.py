"""The `chat:send` rate limit counts accepted sends only: never a resent `client_id`, a
refused send, or the same send twice on the slow path."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import BlockedTerm, ChatMessage
from tests.chat.conftest import send
from tests.factories import add_member

LIMITED = {"CHAT_RATE_LIMIT_ENABLED": True, "CHAT_RATE_LIMIT": "3 per 10 seconds"}


def stored_count() -> int:
    return db.session.scalar(db.select(db.func.count(ChatMessage.id)))


@pytest.mark.parametrize("config_overrides", [LIMITED])
def test_resent_client_ids_get_their_first_messages_not_rate_limited(sio, member, room):
    phone = sio(member)
    first = [send(phone, room.id, f"m{n}", client_id=f"c{n}")["message"] for n in range(3)]
    phone.disconnect()
    again = sio(member)  # reconnected: resends everything it has no ack for
    acks = [send(again, room.id, f"m{n}", client_id=f"c{n}") for n in range(3)]
    assert [a["ok"] for a in acks] == [True, True, True]
    assert [a["message"]["id"] for a in acks] == [m["id"] for m in first]
    assert stored_count() == 3


@pytest.mark.parametrize("config_overrides", [LIMITED])
def test_a_resend_in_a_full_window_does_not_take_a_place(sio, member, room):
    client = sio(member)
    send(client, room.id, "first", client_id="c0")
    for _n in range(5):
        assert send(client, room.id, "first", client_id="c0")["ok"] is True
    acks = [send(client, room.id, f"new {n}") for n in range(3)]
    assert [a["ok"] for a in acks] == [True, True, False]
    assert acks[2]["error"] == "rate_limited" and stored_count() == 3


@pytest.mark.parametrize("config_overrides", [LIMITED])
def test_refused_sends_of_an_outsider_do_not_count(sio, outsider, room):
    client = sio(outsider)
    acks = [send(client, room.id, f"m{n}") for n in range(5)]
    assert [a["error"] for a in acks] == ["forbidden"] * 5
    assert stored_count() == 0


@pytest.mark.parametrize("config_overrides", [LIMITED])
def test_a_send_settled_on_the_slow_path_counts_once(sio, moderator, cluster, room):
    add_member(cluster, moderator)
    db.session.add(BlockedTerm(kind="domain", value="spam.example", normalised="spam.example"))
    db.session.commit()
    client = sio(moderator)  # staff may link a blocked domain: settled by send_message
    acks = [send(client, room.id, f"see https://spam.example/{n}") for n in range(4)]
    assert [a["ok"] for a in acks] == [True, True, True, False]
    assert acks[3]["error"] == "rate_limited" and stored_count() == 3
