"""Chat latency with many connected clients: N python-socketio clients in one room (spread over
one or more server processes); a few of them send, and we time every delivery, from the
`chat:send` emit to the `chat:message` arriving at each of the N clients, plus the ack time.

Against servers you run yourself (one user, many connections; run them with
`RATELIMIT_ENABLED=false` or the per-user send limit will answer `rate_limited`):

    .venv/bin/python bench/chat_bench.py --url http://127.0.0.1:8001,http://127.0.0.1:8002 \\
        --token TOKEN --room-id 1 --clients 200

Self-contained (`--spawn 2`): makes a throw-away PostgreSQL database with one member, a
group room and a token, starts two gunicorn gevent-websocket processes sharing Redis (the
production set-up of README.md; `--server threading` uses tests/chat/serve.py instead), runs,
and cleans up:

    .venv/bin/python bench/chat_bench.py --spawn 2 --clients 200
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from common import summary  # noqa: E402


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000 if ordered else 0.0


class Bench:
    """One client process: `count` connections; the first `senders` of them send. The send
    time travels in the message body (wall clock of this machine), so a delivery is timed in
    whichever process receives it."""

    def __init__(self, urls: list[str], token: str, room_id: int, count: int,
                 offset: int = 0) -> None:
        self.urls, self.token, self.room_id, self.count = urls, token, room_id, count
        self.offset = offset
        self.deliveries: list[float] = []
        self.acks: list[float] = []
        self.errors = 0
        self.lock = threading.Lock()
        self.delivered = threading.Condition(self.lock)
        self.clients: list[socketio.Client] = []

    def on_message(self, message: dict) -> None:
        now = time.time()
        body = message.get("body", "")
        if body.startswith("bench "):
            with self.lock:
                self.deliveries.append(now - float(body.split()[1]))
                self.delivered.notify_all()

    def connect(self) -> None:
        def open_one(index: int) -> None:
            client = socketio.Client(reconnection=False)
            client.on("chat:message", self.on_message)
            client.connect(self.urls[(self.offset + index) % len(self.urls)],
                           auth={"token": self.token}, transports=["websocket"],
                           wait_timeout=30)
            ack = client.call("chat:join", {"room_id": self.room_id}, timeout=30)
            if not ack or not ack.get("ok"):
                raise SystemExit(f"chat:join refused: {ack}")
            with self.lock:
                self.clients.append(client)

        threads = [threading.Thread(target=open_one, args=(i,)) for i in range(self.count)]
        for start in range(0, len(threads), 20):  # 20 at a time: no thundering herd
            batch = threads[start:start + 20]
            for thread in batch:
                thread.start()
            for thread in batch:
                thread.join()
        if len(self.clients) != self.count:
            raise SystemExit(f"only {len(self.clients)} of {self.count} clients connected")

    def send(self, senders: int, messages: int, interval: float) -> None:
        def send_from(client: socketio.Client) -> None:
            for _n in range(messages):
                started = time.time()
                client_id = uuid.uuid4().hex
                try:
                    ack = client.call("chat:send", {"room_id": self.room_id,
                                                    "body": f"bench {started!r} {client_id}",
                                                    "client_id": client_id}, timeout=30)
                    ok = bool(ack and ack.get("ok"))
                except Exception:
                    ok = False
                with self.lock:
                    if ok:
                        self.acks.append(time.time() - started)
                    else:
                        self.errors += 1
                time.sleep(interval)

        threads = [threading.Thread(target=send_from, args=(c,)) for c in self.clients[:senders]]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()

    def wait(self, expected: int, timeout: float = 60) -> None:
        with self.delivered:
            self.delivered.wait_for(lambda: len(self.deliveries) >= expected, timeout=timeout)

    def close(self) -> None:
        for client in self.clients:
            client.disconnect()


def worker(index: int, args, urls, token, room_id, barrier, results) -> None:
    """A client process: connect its share, wait for all, send its share, collect."""
    share = args.clients // args.workers + (1 if index < args.clients % args.workers else 0)
    senders = args.senders // args.workers + (1 if index < args.senders % args.workers else 0)
    bench = Bench(urls, token, room_id, share, offset=index)
    bench.connect()
    barrier.wait()
    bench.send(senders, args.messages, args.interval)
    bench.wait(args.senders * args.messages * share)
    bench.close()
    results.put({"deliveries": bench.deliveries, "acks": bench.acks, "errors": bench.errors})


def run(args, urls: list[str], token: str, room_id: int) -> dict:
    import multiprocessing

    context = multiprocessing.get_context("fork")
    barrier = context.Barrier(args.workers + 1)
    results = context.Queue()
    processes = [context.Process(target=worker,
                                 args=(i, args, urls, token, room_id, barrier, results))
                 for i in range(args.workers)]
    started = time.perf_counter()
    for process in processes:
        process.start()
    barrier.wait(timeout=300)
    connected = time.perf_counter() - started
    collected = [results.get(timeout=600) for _p in processes]
    for process in processes:
        process.join(30)
    deliveries = [d for r in collected for d in r["deliveries"]]
    acks = [a for r in collected for a in r["acks"]]
    errors = sum(r["errors"] for r in collected)
    print(summary("delivery (send → chat:message at each client)", deliveries, errors))
    print(summary("ack (send → acknowledgement)", acks, errors))
    return {
        "clients": args.clients, "server_processes": len(urls), "client_processes": args.workers,
        "sent": len(acks), "errors": errors, "deliveries": len(deliveries),
        "expected_deliveries": len(acks) * args.clients,
        "delivery_p50_ms": round(percentile(deliveries, 0.50), 1),
        "delivery_p99_ms": round(percentile(deliveries, 0.99), 1),
        "ack_p50_ms": round(percentile(acks, 0.50), 1),
        "ack_p99_ms": round(percentile(acks, 0.99), 1),
        "connect_seconds": round(connected, 1),
    }


# --- the self-contained set-up (--spawn) ---------------------------------------------------

def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def prepare_database(admin_url: str) -> tuple[str, str, int]:
    """A fresh database with the schema, one member, a group room and an API token."""
    import sqlalchemy as sa

    name = f"chat_bench_{uuid.uuid4().hex[:8]}"
    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    url = admin_url.rsplit("/", 1)[0] + "/" + name
    from community import create_app
    from community.chat import services
    from community.extensions import db
    from community.models import ApiToken
    from config import TestingConfig

    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    app = create_app(config)
    with app.app_context():
        db.create_all()
        from community.auth.services import create_user

        user = create_user("bencher", "bencher@example.org", "bench password 1", "Bench",
                           country="ES", confirmed=True)
        room = services.create_group_room(user, "Bench", [])
        token, secret = ApiToken.issue(user, days=1)
        db.session.add(token)
        db.session.commit()
        room_id = room.id
        db.session.remove()
        db.engine.dispose()
    return url, secret, room_id


def drop_database(admin_url: str, url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(admin_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)'))
    engine.dispose()


def spawn(count: int, server: str, database_url: str, redis_url: str) -> list:
    run = uuid.uuid4().hex[:8]
    env = {**os.environ, "DATABASE_URL": database_url, "REDIS_URL": redis_url,
           "SOCKETIO_MESSAGE_QUEUE": redis_url, "SOCKETIO_CHANNEL": f"bench-{run}",
           "CHAT_REDIS_PREFIX": f"bench-{run}:", "RATELIMIT_ENABLED": "false",
           "COMMUNITY_CONFIG": "production", "SECRET_KEY": uuid.uuid4().hex,
           "SERVE_FOLDER": f"/tmp/chat-bench-{run}", "UPLOAD_FOLDER": f"/tmp/chat-bench-{run}"}
    processes = []
    for _n in range(count):
        port = free_port()
        if server == "gunicorn":
            command = [str(Path(sys.executable).with_name("gunicorn")), "-k",
                       "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1",
                       "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "wsgi:app"]
        else:
            command = [sys.executable, str(ROOT / "tests" / "chat" / "serve.py"), str(port)]
        process = subprocess.Popen(command, cwd=ROOT, env=env)
        processes.append((process, f"http://127.0.0.1:{port}"))
    for process, url in processes:
        deadline = time.monotonic() + 30
        while True:
            try:
                if requests.get(f"{url}/socket.io/?EIO=4&transport=polling", timeout=1).ok:
                    break
            except requests.RequestException:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise SystemExit(f"server {url} did not start")
            time.sleep(0.2)
    return processes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", help="server URL(s), comma-separated: clients are spread")
    parser.add_argument("--token", help="API token of a member of the room")
    parser.add_argument("--room-id", type=int)
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument("--senders", type=int, default=10)
    parser.add_argument("--messages", type=int, default=20, help="per sender")
    parser.add_argument("--interval", type=float, default=0.05, help="seconds between sends")
    parser.add_argument("--workers", type=int, default=4,
                        help="client processes (one Python process cannot keep up with 200)")
    parser.add_argument("--spawn", type=int, default=0, help="start this many servers")
    parser.add_argument("--server", choices=("gunicorn", "threading"), default="gunicorn")
    parser.add_argument("--postgres", default="postgresql+psycopg://postgres@127.0.0.1:5432/postgres")
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/14")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()

    processes, database_url = [], None
    try:
        if args.spawn:
            database_url, token, room_id = prepare_database(args.postgres)
            processes = spawn(args.spawn, args.server, database_url, args.redis)
            urls = [url for _p, url in processes]
        else:
            if not (args.url and args.token and args.room_id):
                parser.error("--url, --token and --room-id are needed without --spawn")
            urls, token, room_id = args.url.split(","), args.token, args.room_id
        figures = {**run(args, urls, token, room_id),
                   "server": args.server if args.spawn else "external"}
        print(json.dumps(figures) if args.json else figures)
    finally:
        for process, _url in processes:
            process.send_signal(signal.SIGTERM)
        for process, _url in processes:
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
        if database_url:
            drop_database(args.postgres, database_url)


if __name__ == "__main__":
    main()
