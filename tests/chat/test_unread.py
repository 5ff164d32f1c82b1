"""Unread chat messages across rooms: the site menu's Chat badge (one query, every room kind)
and the live `unread` event a new message sends to the connected members but its author."""

from __future__ import annotations

import json
import re

import pytest

from community.chat.unread import UNREAD_CAP, unread_by_room
from community.extensions import db, socketio
from community.models import User
from tests.chat.conftest import rounds_done, send, wait_for
from tests.conftest import events
from tests.factories import (
    add_member,
    cluster_room,
    leave_group_room,
    make_cluster,
    make_direct_room,
    make_group_room,
    make_message,
    make_user,
    reload,
)


def room_of_kind(kind: str, reader: User, writer: User):
    if kind == "cluster":
        return cluster_room(make_cluster(writer, members=[reader]))
    if kind == "direct":
        return make_direct_room(writer, reader)
    return make_group_room(writer, "Exporters", [reader])


def chat_badge(html: str) -> tuple[str, dict]:
    """The Chat badge's number and the per-room counts the page seeds for its script."""
    badge = re.search(r'js-chat-badge[^"]*">(\d+)<', html).group(1)
    seed = re.search(r'class="js-chat-unread">([^<]*)</script>', html).group(1)
    return badge, {int(k): v for k, v in json.loads(seed).items()}


def test_unread_by_room_counts_every_room_kind(member, other_member):
    rooms = [room_of_kind(kind, member, other_member) for kind in ("cluster", "direct", "group")]
    for n, room in enumerate(rooms):
        make_message(member, room, "mine")  # one's own messages are never unread
        for i in range(n + 1):
            make_message(other_member, room, f"m{i}")
    assert unread_by_room(reload(member)) == {rooms[0].id: 1, rooms[1].id: 2, rooms[2].id: 3}


def test_unread_by_room_leaves_out_read_rooms(sio, member, other_member):
    room = make_direct_room(other_member, member)
    make_message(other_member, room, "one")
    sio(member).emit("chat:read", {"room_id": room.id, "seq": 1}, callback=True)
    assert unread_by_room(reload(member)) == {}


def test_unread_by_room_costs_one_query_whatever_the_rooms(member, other_member, count_queries):
    make_message(other_member, room_of_kind("direct", member, other_member))
    member = reload(member)
    with count_queries() as few:
        unread_by_room(member)
    for kind in ("cluster", "group"):
        make_message(other_member, room_of_kind(kind, member, other_member))
    member = reload(member)
    with count_queries() as many:
        assert sum(unread_by_room(member).values()) == 3
    assert few.count == many.count == 1


def test_every_page_shows_the_chat_badge_with_its_rooms(client, auth, member, other_member):
    room = room_of_kind("group", member, other_member)
    make_message(other_member, room, "one")
    make_message(other_member, room, "two")
    auth.login(member)
    assert chat_badge(client.get("/members").get_data(as_text=True)) == ("2", {room.id: 2})


def test_page_queries_do_not_grow_with_unread_rooms(client, auth, member, other_member,
                                                    count_queries):
    make_message(other_member, room_of_kind("direct", member, other_member))
    auth.login(member)
    client.get("/")
    with count_queries() as few:
        client.get("/")
    for kind in ("cluster", "group"):
        make_message(other_member, room_of_kind(kind, member, other_member))
    client.get("/")
    with count_queries() as many:
        html = client.get("/").get_data(as_text=True)
    assert chat_badge(html)[0] == "3"
    assert many.count == few.count


@pytest.mark.parametrize("kind", ["cluster", "direct", "group"])
def test_new_message_sends_unread_to_the_other_members(sio, member, other_member, kind):
    room = room_of_kind(kind, member, other_member)
    reader, author = sio(member), sio(other_member)
    send(author, room.id, "one")
    send(author, room.id, "two")
    # Announced in rounds (at once, then the latest count): 1 then 2, or 2 alone.
    counts = wait_for(reader, "unread", lambda got: got and got[-1]["count"] == 2)
    assert {c["room_id"] for c in counts} == {room.id}
    assert [c["count"] for c in counts] in ([1, 2], [2])


def test_burst_of_messages_is_announced_in_one_round(sio, member, other_member, monkeypatch):
    room = room_of_kind("cluster", member, other_member)
    reader, author = sio(member), sio(other_member)
    rounds = []
    monkeypatch.setattr(socketio, "start_background_task", rounds.append)
    for n in range(5):
        send(author, room.id, f"m{n}")
    assert len(rounds) == 1  # the first message started a round; the others joined it
    rounds[0]()
    assert events(reader, "unread") == [{"room_id": room.id, "count": 5}]


def test_new_message_sends_no_unread_to_its_author(sio, member, other_member):
    room = room_of_kind("cluster", member, other_member)
    author, other_tab = sio(other_member), sio(other_member)
    send(author, room.id, "one")
    rounds_done()
    assert events(author, "unread") == [] and events(other_tab, "unread") == []


def test_new_message_sends_no_unread_to_a_non_member(sio, member, other_member):
    room = room_of_kind("cluster", member, other_member)
    outsider = sio(make_user("olivia"))
    send(sio(other_member), room.id, "one")
    rounds_done()
    assert events(outsider, "unread") == []


def test_new_message_sends_no_unread_to_a_member_who_left(sio, member, other_member):
    room = room_of_kind("group", member, other_member)
    reader = sio(member)
    leave_group_room(member, room)
    send(sio(other_member), room.id, "one")
    rounds_done()
    assert events(reader, "unread") == []


def test_new_message_sends_no_unread_to_a_suspended_member(sio, member, other_member):
    room = room_of_kind("cluster", member, other_member)
    reader = sio(member)
    # Suspended behind the connection's back: the event's own filter must hold on its own.
    db.session.execute(db.update(User).where(User.id == member.id).values(status="suspended"))
    db.session.commit()
    send(sio(other_member), room.id, "one")
    rounds_done()
    assert events(reader, "unread") == []


def test_send_queries_do_not_grow_with_connected_members(sio, member, other_member,
                                                         count_queries):
    cluster = make_cluster(other_member, members=[member])
    room = cluster_room(cluster)
    author = sio(other_member)
    sio(member)
    send(author, room.id, "warm")
    with count_queries() as few:
        assert send(author, room.id, "one")["ok"]
    readers = [make_user() for _n in range(4)]
    for reader in readers:
        add_member(cluster, reader)
        sio(reader)
    send(author, room.id, "warm again")
    with count_queries() as many:
        assert send(author, room.id, "two")["ok"]
    assert many.count == few.count


def test_unread_count_stops_at_the_cap(member, other_member):
    room = make_direct_room(other_member, member)
    for number in range(UNREAD_CAP + 5):
        make_message(other_member, room, f"Message {number}")
    assert unread_by_room(reload(member)) == {room.id: UNREAD_CAP}
