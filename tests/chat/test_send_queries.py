"""The hot path of sending: a fixed number of queries, whatever the size of the room."""

from community.chat import services
from community.extensions import db
from community.models import Membership, utcnow
from tests.chat.conftest import make_cluster, send
from tests.factories import make_user


def test_send_queries_do_not_grow_with_members(sio, member, other_member, count_queries):
    cluster = make_cluster(members=[member, other_member])
    room = services.cluster_room(cluster)
    client = sio(member)
    send(client, room.id, "warm")
    with count_queries() as few:
        assert send(client, room.id, "one")["ok"]
    for _n in range(5):
        db.session.add(Membership(user=make_user(), cluster=cluster, role="member",
                                  state="active", since=utcnow()))
    db.session.commit()
    send(client, room.id, "warm again")
    with count_queries() as many:
        assert send(client, room.id, "two")["ok"]
    assert many.count == few.count


def test_direct_send_reads_no_member_list(sio, member, other_member, count_queries):
    room, _created = services.start_direct_room(member, other_member)
    client = sio(member)
    send(client, room.id, "first")  # notifies once; later sends of the burst do not
    with count_queries() as queries:
        assert send(client, room.id, "second")["ok"]
    assert not [s for s in queries.statements if "FROM chat_members WHERE" in s
                and "EXISTS" not in s]
