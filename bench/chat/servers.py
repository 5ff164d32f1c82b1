"""The three chat servers under test, started and stopped by the chat benchmark, and what it
reads of them in /proc: the worker's RSS and CPU time. The product and the bare Flask-SocketIO
run the production command of README.md (gunicorn, one gevent-websocket worker, the same flags);
the Node peer is `node bench/chat/node_server.js PORT`."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHAT = ROOT / "bench" / "chat"
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
# gunicorn's gevent worker serves at most --worker-connections clients at once (1,000 by
# default): the 10,000-socket scenario needs more, for the product and the ceiling alike.
WORKER_FLAGS = ["-k", "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1",
                "--worker-connections", "20000", "--log-level", "warning"]
SECRET_KEY = "chatbench-secret-key-not-for-production-0123456789"
START_TIMEOUT = 90.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def answers_200(port: int, path: str = "/healthz") -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def product_environment(database_url: str, port: int, redis_url: str | None = None,
                        channel: str | None = None) -> dict[str, str]:
    """Production settings with rate limits off (a few senders send hundreds of messages);
    with `redis_url` the processes share rooms through Redis (`SOCKETIO_MESSAGE_QUEUE`)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "SOCKETIO_MESSAGE_QUEUE", "FLASK_DEBUG", "JOBS_URL")}
    env.update(COMMUNITY_CONFIG="production", DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY,
               SITE_URL=f"http://127.0.0.1:{port}", RATELIMIT_ENABLED="false",
               JOBS_URL="memory://", PYTHONUNBUFFERED="1")
    if redis_url:
        channel = channel or f"chatbench-{uuid.uuid4().hex[:8]}"
        env.update(REDIS_URL=redis_url, SOCKETIO_MESSAGE_QUEUE=redis_url,
                   SOCKETIO_CHANNEL=channel, CHAT_REDIS_PREFIX=f"{channel}:")
    return env


def product(database_url: str, port: int, log_folder: Path, redis_url: str | None = None,
            channel: str | None = None) -> ChatServer:
    return ChatServer("product" if not redis_url else f"product-{port}",
                      [GUNICORN, *WORKER_FLAGS, "--bind", f"127.0.0.1:{port}", "wsgi:app"],
                      port, product_environment(database_url, port, redis_url, channel),
                      log_folder)


def bare(port: int, log_folder: Path) -> ChatServer:
    env = {key: value for key, value in os.environ.items() if key != "FLASK_DEBUG"}
    return ChatServer("bare", [GUNICORN, *WORKER_FLAGS, "--bind", f"127.0.0.1:{port}",
                               "bench.servers.bare_socketio:app"], port, env, log_folder)


def node(port: int, log_folder: Path) -> ChatServer:
    return ChatServer("node", [shutil.which("node") or "node", str(CHAT / "node_server.js"),
                               str(port)], port, dict(os.environ), log_folder)


class ChatServer:
    """One server process tree; the figures are read from the process that serves: the
    gunicorn worker (the master's only child) or the Node process itself."""

    def __init__(self, name: str, command: list[str], port: int, env: dict[str, str],
                 log_folder: Path) -> None:
        self.name, self.command, self.port, self.env = name, command, port, env
        self.log_path = log_folder / f"chat-{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> None:
        if answers_200(self.port):
            raise RuntimeError(f"port {self.port} is already serving: stop that server first")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(self.command, cwd=ROOT, env=self.env, stdout=log,
                                            stderr=log, start_new_session=True)
        started = time.monotonic()
        while not answers_200(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up; see {self.log_path}")
            if time.monotonic() - started > START_TIMEOUT:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer in {START_TIMEOUT:.0f}s")
            time.sleep(0.05)

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        # gunicorn's quick shutdown (INT): a graceful TERM waits 30 s for open websockets.
        os.killpg(self.process.pid, signal.SIGINT)
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(5)

    def __enter__(self) -> ChatServer:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()

    def serving_pid(self) -> int:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return int(children[0]) if self.command[0] == GUNICORN and children else pid

    def rss_kb(self) -> int:
        for line in Path(f"/proc/{self.serving_pid()}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
        raise RuntimeError(f"no VmRSS for {self.name}")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the serving process so far."""
        fields = Path(f"/proc/{self.serving_pid()}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS

    def settle(self, quiet: float = 0.05, interval: float = 0.5, timeout: float = 60.0) -> float:
        """Wait until the server is idle (under `quiet` of a core over `interval`): presence
        broadcasts and disconnects of the previous step are over. Returns the seconds waited."""
        started = time.monotonic()
        while time.monotonic() - started < timeout:
            before = self.cpu_seconds()
            time.sleep(interval)
            if (self.cpu_seconds() - before) / interval < quiet:
                break
        return time.monotonic() - started
