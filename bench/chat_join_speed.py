"""Connecting and `chat:join` in one process, and the SQL statements of each: sockets
authenticated with `auth={"token": ...}` through Flask-SocketIO's in-process test client (no
network, so this is the server's own cost), each joining one big group room, as the chat
benchmark's clients do.

    .venv/bin/python bench/chat_join_speed.py --database sqlite:////tmp/chat_join.db
    .venv/bin/python bench/chat_join_speed.py --members 1000 --sockets 200 \
        --database postgresql+psycopg://postgres@127.0.0.1/chatjoin_bench

It drops and recreates every table of the database it is given: point it at a scratch one.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import threading
import time
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
    folder = Path(tempfile.mkdtemp(prefix="chat-join-"))
    config.UPLOAD_FOLDER, config.MAIL_OUTBOX = str(folder / "up"), str(folder / "out")
    config.RATELIMIT_ENABLED = False
    config.PASSWORD_HASH_METHOD = "scrypt:1024:8:1"  # nobody signs in: make users quickly
    return create_app(config)


def prepare(members: int, sockets: int, messages: int) -> tuple[list[str], int]:
    """A fresh schema, one group room of `members` (added as programme rooms add them, past
    the 100 a user may invite), `messages` in it; tokens of its first `sockets` members."""
    from community.auth.services import create_user
    from community.chat.rooms import add_members, create_group_room
    from community.models import ApiToken
    from tests.factories import make_message

    db.drop_all()
    db.create_all()
    users = [create_user(f"m{n:05d}", f"m{n:05d}@example.org", "bench password 123",
                         f"Member {n:05d}", country="ES", confirmed=True)
             for n in range(members)]
    db.session.commit()
    room = create_group_room(users[0], "Big room", users[1:100])
    add_members(room, users)
    db.session.commit()
    for n in range(messages):
        make_message(users[n % members], room, f"message {n}")
    tokens = []
    for user in users[:sockets]:
        token, secret = ApiToken.issue(user, days=30, name="bench")
        db.session.add(token)
        tokens.append(secret)
    db.session.commit()
    return tokens, room.id


class Statements:
    """Statements (and commits) this thread runs inside a `with` block."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.thread = threading.get_ident()
        self.count = 0

    def record(self, *_args) -> None:
        if threading.get_ident() == self.thread:
            self.count += 1

    def __enter__(self) -> Statements:
        sa.event.listen(self.engine, "before_cursor_execute", self.record)
        sa.event.listen(self.engine, "commit", self.record)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self.record)
        sa.event.remove(self.engine, "commit", self.record)


def run(app, tokens: list[str], room_id: int) -> dict:
    """Connect every token, then join the room from every socket, back to back."""
    clients = []
    with app.app_context():
        engine = db.engine
    with Statements(engine) as connecting:
        started = time.perf_counter()
        for token in tokens:
            with app.app_context():  # a fresh context per connection, as a server runs it
                clients.append(socketio.test_client(app, auth={"token": token}))
        connect_seconds = time.perf_counter() - started
    with Statements(engine) as joining:
        started = time.perf_counter()
        for client in clients:
            with app.app_context():
                ack = client.emit("chat:join", {"room_id": room_id}, callback=True)
            if not ack or not ack.get("ok"):
                raise SystemExit(f"join refused: {ack}")
        join_seconds = time.perf_counter() - started
    for client in clients:
        client.disconnect()
    n = len(tokens)
    return {"sockets": n,
            "ms_per_connect": round(connect_seconds * 1000 / n, 3),
            "statements_per_connect": round(connecting.count / n, 2),
            "ms_per_join": round(join_seconds * 1000 / n, 3),
            "statements_per_join": round(joining.count / n, 2),
            "ack_members": len(ack["room"]["members"]),
            "ack_messages": len(ack["messages"])}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", required=True)
    parser.add_argument("--members", type=int, default=1000)
    parser.add_argument("--sockets", type=int, default=100)
    parser.add_argument("--messages", type=int, default=60)
    parser.add_argument("--profile", help="write a pstats file of the timed run here")
    args = parser.parse_args()
    app = build_app(args.database)
    with app.app_context():
        tokens, room_id = prepare(args.members, args.sockets, args.messages)
    run(app, tokens[:10], room_id)  # warm-up
    if args.profile:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
        result = run(app, tokens, room_id)
        profiler.disable()
        profiler.dump_stats(args.profile)
    else:
        result = run(app, tokens, room_id)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
