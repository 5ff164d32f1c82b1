"""The hot path of sending: a fixed number of queries, whatever the size of the room."""

from tests.chat.conftest import send
from tests.factories import add_member, cluster_room, make_cluster, make_direct_room, make_user


def test_send_queries_do_not_grow_with_members(sio, member, other_member, count_queries):
    cluster = make_cluster(member, members=[other_member])
    room = cluster_room(cluster)
    client = sio(member)
    send(client, room.id, "warm")
    with count_queries() as few:
        assert send(client, room.id, "one")["ok"]
    for _n in range(5):
        add_member(cluster, make_user())
    send(client, room.id, "warm again")
    with count_queries() as many:
        assert send(client, room.id, "two")["ok"]
    assert many.count == few.count


def test_direct_send_reads_no_member_list(sio, member, other_member, count_queries):
    room = make_direct_room(member, other_member)
    client = sio(member)
    send(client, room.id, "first")  # notifies once; later sends of the burst do not
    with count_queries() as queries:
        assert send(client, room.id, "second")["ok"]
    assert not [s for s in queries.statements if "FROM chat_members WHERE" in s
                and "EXISTS" not in s]
