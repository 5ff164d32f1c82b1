"""Persisted chat messages per second in one process, and the SQL statements of each send:
`chat:send` through Flask-SocketIO's in-process test client (no network, so this is the
server's own cost: the handler, the service, the database), into a 10-member cluster room.

    .venv/bin/python bench/chat_send_speed.py --database postgresql+psycopg://postgres@127.0.0.1/chatspeed_bench
    .venv/bin/python bench/chat_send_speed.py --database sqlite:////tmp/chat_send.db --messages 500

It drops and recreates every table of the database it is given: point it at a scratch one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
import uuid
from pathlib import Path

import sqlalchemy as sa

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from community import create_app  # noqa: E402
from community.extensions import db, socketio  # noqa: E402
from config import TestingConfig  # noqa: E402


def build_app(url: str):
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    folder = Path(tempfile.mkdtemp(prefix="chat-send-"))
    config.UPLOAD_FOLDER, config.MAIL_OUTBOX = str(folder / "up"), str(folder / "out")
    config.RATELIMIT_ENABLED = False
    config.CHAT_UNREAD_INTERVAL = 1.0  # production's default
    return create_app(config)


def prepare(members: int) -> tuple[str, int]:
    """A fresh schema, a cluster room of `members` members; the sender's token and the room."""
    from tests.factories import add_member, cluster_room, make_cluster, make_token, make_user

    db.drop_all()
    db.create_all()
    sender = make_user("sender")
    cluster = make_cluster(sender, name="Bench Cluster")
    for n in range(members - 1):
        add_member(cluster, make_user(f"reader{n}"))
    return make_token(sender), cluster_room(cluster).id


def run(app, token: str, room_id: int, messages: int) -> dict:
    client = socketio.test_client(app, auth={"token": token})
    statements = []

    thread = threading.get_ident()

    def record(*_args) -> None:  # the sends' own statements, not the background unread rounds
        if threading.get_ident() == thread:
            statements.append(1)

    sa.event.listen(db.engine, "before_cursor_execute", record)
    sa.event.listen(db.engine, "commit", record)
    started = time.perf_counter()
    for n in range(messages):
        with app.app_context():  # a fresh context per event, as a real server runs each one
            ack = client.emit("chat:send", {"room_id": room_id, "body": f"message {n}",
                                            "client_id": uuid.uuid4().hex}, callback=True)
        if not ack or not ack.get("ok"):
            raise SystemExit(f"send refused: {ack}")
        client.get_received()
    elapsed = time.perf_counter() - started
    sa.event.remove(db.engine, "before_cursor_execute", record)
    sa.event.remove(db.engine, "commit", record)
    client.disconnect()
    return {"messages": messages, "seconds": round(elapsed, 3),
            "sends_per_second": round(messages / elapsed, 1),
            "ms_per_send": round(elapsed * 1000 / messages, 3),
            "statements_per_send": round(len(statements) / messages, 2)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--messages", type=int, default=1000)
    parser.add_argument("--members", type=int, default=10)
    args = parser.parse_args()
    app = build_app(args.database)
    with app.app_context():
        token, room_id = prepare(args.members)
        run(app, token, room_id, min(100, args.messages))  # warm-up
        print(json.dumps(run(app, token, room_id, args.messages)))


if __name__ == "__main__":
    main()
