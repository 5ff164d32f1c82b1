"""The statements of one `chat:join`, counted as production runs it: a fresh session per event
(Flask-SocketIO pushes a context per event), the commit included. A join costs the same in a
room of one member as in a room of two hundred."""

from __future__ import annotations

from community.extensions import db
from tests.chat.test_send_statements import StatementCounter
from tests.factories import bulk_users, cluster_room, make_cluster, make_message, make_user


def statements_of_join(app, client, room_id: int) -> tuple[dict, list[str]]:
    """Join in a new app context (a new session, nothing cached from the test's own rows)."""
    with app.app_context(), StatementCounter(db.engine) as counter:
        ack = client.emit("chat:join", {"room_id": room_id}, callback=True)
    return ack, counter.statements


def room_of(size: int, name: str):
    """A cluster room of `size` members (its manager included), with a few messages."""
    manager = make_user(f"{name}mgr", display_name=f"{name} manager")
    cluster = make_cluster(manager, name=f"{name.title()} Cluster")
    bulk_users(name, 1, size, cluster=cluster)
    room = cluster_room(cluster)
    for i in range(3):
        make_message(manager, room, f"Message {i}")
    return manager, room


MAX_STATEMENTS = 7  # the commit included


def test_join_same_statements_in_room_of_one_and_of_two_hundred(app, sio):
    solo_user, solo = room_of(1, "solo")
    crowd_user, crowd = room_of(200, "crowd")
    solo_ack, solo_statements = statements_of_join(app, sio(solo_user), solo.id)
    crowd_ack, crowd_statements = statements_of_join(app, sio(crowd_user), crowd.id)
    assert solo_ack["room"]["member_count"] == 1
    assert crowd_ack["room"]["member_count"] == 200
    assert len(crowd_statements) == len(solo_statements), crowd_statements


def test_join_at_most_seven_statements(app, sio):
    user, room = room_of(3, "trio")
    ack, statements = statements_of_join(app, sio(user), room.id)
    assert ack["ok"] is True
    assert len(ack["messages"]) == 3
    assert len(statements) <= MAX_STATEMENTS, statements


def test_join_with_after_at_most_seven_statements(app, sio):
    user, room = room_of(3, "trio")
    client, room_id = sio(user), room.id
    with app.app_context(), StatementCounter(db.engine) as counter:
        ack = client.emit("chat:join", {"room_id": room_id, "after": 1}, callback=True)
    assert [m["seq"] for m in ack["messages"]] == [2, 3]
    assert len(counter.statements) <= MAX_STATEMENTS, "\n".join(counter.statements)
