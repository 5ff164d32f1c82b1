"""Scale-out with real server processes: two `tests/chat/serve.py` processes on PostgreSQL and a
Redis message queue, real `python-socketio` clients. Also the origin check, on one process."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import pytest
import requests
import socketio as socketio_client

from community.extensions import db
from community.models import User
from tests.conftest import unavailable
from tests.factories import cluster_room, make_cluster, make_token, make_user

SERVE = Path(__file__).with_name("serve.py")
ROOT = SERVE.parents[2]
REDIS = "redis://127.0.0.1:6379"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def redis_reachable() -> bool:
    try:
        import redis

        return bool(redis.Redis.from_url(REDIS, socket_connect_timeout=1).ping())
    except Exception:
        return False


class Server:
    """A server process on a free port; stopped (or killed) by the test."""

    def __init__(self, env: dict, folder: Path, kind: str = "threading") -> None:
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(folder / f"server-{self.port}.log", "w")  # noqa: SIM115
        if kind == "gevent":  # the production server: gunicorn, one gevent-websocket worker
            command = [str(Path(sys.executable).with_name("gunicorn")), "-k",
                       "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1",
                       "--bind", f"127.0.0.1:{self.port}", "tests.chat.serve:build_app()"]
        else:
            command = [sys.executable, str(SERVE), str(self.port)]
        self.process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=self.log,
                                        stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"server exited: {(folder / self.log.name).read_text()}")
            try:
                if requests.get(f"{self.url}/socket.io/?EIO=4&transport=polling",
                                timeout=1).status_code == 200:
                    return
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError("server did not start")

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(10)

    def stop(self) -> None:
        self.kill()  # nothing to save: the test is over
        self.log.close()


@pytest.fixture
def servers(app, database_url, tmp_path, clients):
    """`servers(n)`: n processes sharing the test database, one Redis db and one channel.
    (It depends on `clients` so the servers go first at teardown: clients then close at once.)"""
    if not database_url.startswith("postgresql"):
        pytest.skip("the multi-process tests run on PostgreSQL")
    if not redis_reachable():
        unavailable(f"Redis is not reachable at {REDIS}")
    run = uuid.uuid4().hex[:10]
    redis_url = f"{REDIS}/{int(run, 16) % 15 + 1}"
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SOCKETIO_MESSAGE_QUEUE": redis_url, "SOCKETIO_CHANNEL": f"test-{run}",
           "CHAT_REDIS_PREFIX": f"test-{run}:", "SERVE_FOLDER": str(tmp_path),
           "COMMUNITY_CONFIG": "testing"}
    started: list[Server] = []

    def start(count: int = 1, kind: str = "threading") -> list[Server]:
        fresh = [Server(env, tmp_path, kind) for _n in range(count)]
        started.extend(fresh)
        return fresh

    db.session.commit()  # the servers must see the data the test made
    yield start
    for server in started:
        server.stop()


class Client:
    """A python-socketio client that records every event it receives."""

    def __init__(self, server: Server, token: str, headers: dict | None = None,
                 transport: str = "websocket") -> None:
        self.sio = socketio_client.Client(reconnection=False)
        self.received: list[tuple[str, object]] = []
        self.changed = threading.Condition()
        self.disconnected = threading.Event()
        self.sio.on("*", self.record)
        self.sio.on("disconnect", lambda *a: self.disconnected.set())
        self.sio.connect(server.url, auth={"token": token}, headers=headers or {},
                         transports=[transport], wait_timeout=10)

    def record(self, event, data=None) -> None:
        with self.changed:
            self.received.append((event, data))
            self.changed.notify_all()

    def wait_for(self, event: str, count: int = 1, timeout: float = 10) -> list:
        def matching():
            return [data for name, data in self.received if name == event]

        with self.changed:
            self.changed.wait_for(lambda: len(matching()) >= count, timeout=timeout)
            return matching()

    def call(self, event: str, payload: dict) -> dict:
        return self.sio.call(event, payload, timeout=10)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


@pytest.fixture
def people(app):
    """Two members of one approved cluster with tokens, and its room."""
    alice, bruno = make_user("alice"), make_user("bruno")
    room = cluster_room(make_cluster(alice, members=[bruno]))
    return {"alice": make_token(alice), "bruno": make_token(bruno), "room": room.id}


@pytest.fixture
def clients():
    opened: list[Client] = []

    def connect(server, token, **kwargs) -> Client:
        client = Client(server, token, **kwargs)
        opened.append(client)
        return client

    yield connect
    for client in opened:
        client.close()


@pytest.mark.redis
@pytest.mark.postgres_only
@pytest.mark.parametrize("kind", ["threading", "gevent"])
def test_message_sent_on_one_process_reaches_the_other(servers, people, clients, kind):
    one, two = servers(2, kind)
    sender, receiver = clients(one, people["alice"]), clients(two, people["bruno"])
    ack = sender.call("chat:send", {"room_id": people["room"], "body": "across", "client_id": "x1"})
    assert ack["ok"] is True and ack["message"]["seq"] == 1
    [message] = receiver.wait_for("chat:message")
    assert message == ack["message"]


@pytest.mark.redis
@pytest.mark.postgres_only
def test_killed_process_reconnect_backfills_exactly_once(servers, people, clients):
    one, two = servers(2)
    room = people["room"]
    sender = clients(two, people["bruno"])
    reader = clients(one, people["alice"])
    seen = reader.call("chat:join", {"room_id": room})["messages"]
    for n in range(3):
        sender.call("chat:send", {"room_id": room, "body": f"live {n}", "client_id": f"l{n}"})
    seen += reader.wait_for("chat:message", 3)
    one.kill()  # SIGKILL: no goodbye, its connections simply vanish
    assert reader.disconnected.wait(10)
    for n in range(4):
        sender.call("chat:send", {"room_id": room, "body": f"missed {n}", "client_id": f"m{n}"})
    again = clients(two, people["alice"])
    ack = again.call("chat:join", {"room_id": room, "after": seen[-1]["seq"]})
    seen += ack["messages"]
    seen += [m for m in again.wait_for("chat:message", 0, timeout=0.5)
             if m["seq"] > seen[-1]["seq"]]
    assert [m["seq"] for m in seen] == list(range(1, 8))
    assert [m["body"] for m in seen][3:] == [f"missed {n}" for n in range(4)]


@pytest.mark.redis
@pytest.mark.postgres_only
@pytest.mark.parametrize("kind", ["threading", "gevent"])
def test_suspension_on_one_process_disconnects_on_the_other(servers, people, clients, kind):
    one, two = servers(2, kind)
    victim = clients(two, people["alice"])
    watcher = clients(two, people["bruno"])
    started = time.monotonic()
    assert requests.post(f"{one.url}/__test__/suspend/alice", timeout=5).status_code == 200
    assert victim.disconnected.wait(1.5)
    assert time.monotonic() - started < 1.5
    assert watcher.sio.connected
    offline = {"username": "alice", "online": False}
    deadline = time.monotonic() + 5
    while offline not in watcher.wait_for("presence", 1) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert offline in watcher.wait_for("presence", 1)
    db.session.expire_all()
    assert db.session.scalar(db.select(User.status).where(User.username == "alice")) == "suspended"


@pytest.mark.redis
@pytest.mark.postgres_only
def test_concurrent_senders_on_two_processes_gapless(servers, app, clients):
    senders = [make_user(f"fast{n}") for n in range(10)]
    room = cluster_room(make_cluster(senders[0], members=senders[1:])).id
    tokens = [make_token(u) for u in senders]
    db.session.commit()
    one, two = servers(2)
    connections = [clients(one if n % 2 else two, token) for n, token in enumerate(tokens)]
    errors: list = []

    def send_all(index: int, client: Client) -> None:
        for n in range(50):
            ack = client.call("chat:send", {"room_id": room, "body": f"{index}-{n}",
                                            "client_id": f"{index}-{n}"})
            if not ack.get("ok"):
                errors.append(ack)

    threads = [threading.Thread(target=send_all, args=(i, c)) for i, c in enumerate(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    history, seqs = [], []
    api = requests.Session()
    api.headers["Authorization"] = f"Bearer {tokens[0]}"
    after = 0
    while True:
        page = api.get(f"{one.url}/api/v1/chat/rooms/{room}/messages?after={after}&limit=200",
                       timeout=10).json()
        history += page["items"]
        if not page["has_more"]:
            break
        after = page["items"][-1]["seq"]
    seqs = [m["seq"] for m in history]
    assert seqs == list(range(1, 501))


def test_foreign_origin_refused_at_connect(tmp_path):
    """One process on SQLite, no Redis: a browser page from another site cannot connect."""
    database = tmp_path / "origin.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "CREATE_TABLES": "1",
           "SERVE_FOLDER": str(tmp_path), "COMMUNITY_CONFIG": "testing"}
    env.pop("REDIS_URL", None)
    env.pop("SOCKETIO_MESSAGE_QUEUE", None)
    server = Server(env, tmp_path)
    try:
        from sqlalchemy import create_engine
        from sqlalchemy.orm import Session

        engine = create_engine(f"sqlite:///{database}")
        with Session(engine) as session:
            token = issue_token(session)
        engine.dispose()
        # Polling sends exactly the headers given (websocket-client would add its own Origin).
        with pytest.raises(socketio_client.exceptions.ConnectionError):
            Client(server, token, headers={"Origin": "http://evil.example"}, transport="polling")
        same = Client(server, token, headers={"Origin": server.url}, transport="polling")
        assert same.sio.connected
        same.close()
        with pytest.raises(socketio_client.exceptions.ConnectionError):
            Client(server, "wrong-token")
    finally:
        server.stop()


def issue_token(session) -> str:
    """A confirmed user and a token, written straight into the server's own database."""
    from community.auth.passwords import hash_password
    from community.models import ApiToken, utcnow
    from tests.factories import PASSWORD

    user = User(username="oscar", email="oscar@example.org", password_hash=hash_password(PASSWORD),
                display_name="Oscar", email_confirmed_at=utcnow())
    session.add(user)
    token, secret = ApiToken.issue(user, days=1)
    session.add(token)
    session.commit()
    return secret
