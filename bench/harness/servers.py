"""Servers under test, started with the production command of README.md ("Production"):
gunicorn, one gevent-websocket worker, one process per port."""

from __future__ import annotations

import http.client
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
WORKER_FLAGS = ["-k", "geventwebsocket.gunicorn.workers.GeventWebSocketWorker", "-w", "1"]
PRODUCT_APP, HELLO_APP = "wsgi:app", "bench.servers.hello:app"
SECRET_KEY = "bench-secret-key-not-for-production-0123456789abcdef"  # fixed: same cookies
START_TIMEOUT = 60.0


def server_command(app_spec: str, port: int) -> list[str]:
    """The same flags for every server; only the app and the port differ."""
    return [GUNICORN, *WORKER_FLAGS, "--bind", f"127.0.0.1:{port}", app_spec]


def product_environment(database_url: str, port: int) -> dict[str, str]:
    """Production settings, rate limits off (wrk is one client sending thousands of requests)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("REDIS_URL", "SOCKETIO_MESSAGE_QUEUE", "FLASK_DEBUG")}
    env.update(COMMUNITY_CONFIG="production", DATABASE_URL=database_url, SECRET_KEY=SECRET_KEY,
               SITE_URL=f"http://127.0.0.1:{port}", RATELIMIT_ENABLED="false",
               PYTHONUNBUFFERED="1",
               # One worker process and no Redis: production would otherwise turn the page
               # cache off (no shared invalidations), yet one process needs none.
               PAGE_CACHE_ENABLED="true")
    return env


def answers_200(port: int, path: str = "/healthz") -> bool:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
    try:
        connection.request("GET", path)
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


class Server:
    """One gunicorn process tree; `start()` returns the seconds from exec to the first 200."""

    def __init__(self, name: str, app_spec: str, port: int, env: dict[str, str],
                 log_folder: Path) -> None:
        self.name, self.app_spec, self.port, self.env = name, app_spec, port, env
        self.log_path = log_folder / f"{name}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> float:
        if answers_200(self.port):
            raise RuntimeError(f"port {self.port} is already serving: stop that server first")
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        log = self.log_path.open("ab")
        started = time.perf_counter()
        self.process = subprocess.Popen(server_command(self.app_spec, self.port), cwd=ROOT,
                                        env=self.env, stdout=log, stderr=log,
                                        start_new_session=True)
        log.close()
        while not answers_200(self.port):
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited at start-up; see {self.log_path}")
            if time.perf_counter() - started > START_TIMEOUT:
                self.stop()
                raise RuntimeError(f"{self.name} did not answer in {START_TIMEOUT:.0f}s")
            time.sleep(0.005)
        return time.perf_counter() - started

    def stop(self) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def worker_rss_mb(self) -> float:
        """Resident memory of the gunicorn worker (the process that serves), in MB."""
        assert self.process is not None
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        pids = children.read_text().split() or [str(self.process.pid)]
        return rss_mb(int(pids[0]))

    def __enter__(self) -> Server:
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")
