"""Per-room `seq` under concurrent senders: gapless, unique, in each sender's order."""

from __future__ import annotations

import threading

from community.chat import services
from community.extensions import db
from community.models import ChatMessage, ChatRoom, User
from tests.factories import cluster_room, make_cluster, make_user

SENDERS = 10
EACH = 50


def test_concurrent_senders_get_gapless_sequence(app):
    """10 × 50 on PostgreSQL (row lock); SQLite, the single-process development database,
    serialises writers with its file lock and gets a lighter load (its busy timeout is 5 s)."""
    postgres = db.engine.dialect.name == "postgresql"
    senders, each = (SENDERS, EACH) if postgres else (4, 10)
    users = [make_user(f"sender{n}") for n in range(senders)]
    room = cluster_room(make_cluster(users[0], members=users[1:]))
    user_ids, room_id = [u.id for u in users], room.id
    errors: list[BaseException] = []
    start = threading.Barrier(senders)

    def sender(user_id: int) -> None:
        with app.app_context():
            try:
                user = db.session.get(User, user_id)
                chat_room = db.session.get(ChatRoom, room_id)
                start.wait()
                for n in range(each):
                    services.send_message(user, chat_room, f"{user_id}-{n}",
                                          client_id=f"{user_id}-{n}")
                    db.session.commit()  # each send is one action
            except BaseException as error:  # reported below, not swallowed
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=sender, args=(uid,)) for uid in user_ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert errors == []
    rows = db.session.execute(db.select(ChatMessage.seq, ChatMessage.author_id, ChatMessage.body)
                              .where(ChatMessage.room_id == room_id)
                              .order_by(ChatMessage.seq)).all()
    assert [seq for seq, _a, _b in rows] == list(range(1, senders * each + 1))
    for uid in user_ids:  # each sender's messages keep the order they were sent in
        mine = [int(body.split("-")[1]) for _s, author, body in rows if author == uid]
        assert mine == list(range(each))
    db.session.expire_all()
    assert db.session.get(ChatRoom, room_id).last_seq == senders * each


def test_duplicate_client_id_race_stores_one(app, member):
    room = cluster_room(make_cluster(member))
    member_id, room_id = member.id, room.id
    results: list[int] = []
    start = threading.Barrier(4)

    def sender() -> None:
        with app.app_context():
            start.wait()
            message, _created = services.send_message(
                db.session.get(User, member_id), db.session.get(ChatRoom, room_id), "once",
                client_id="same")
            db.session.commit()
            results.append(message["id"])
            db.session.remove()

    threads = [threading.Thread(target=sender) for _n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert len(set(results)) == 1 and len(results) == 4
    assert db.session.scalar(db.select(db.func.count(ChatMessage.id))) == 1
    db.session.expire_all()
    assert db.session.get(ChatRoom, room_id).last_seq == 1
