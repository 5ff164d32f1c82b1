"""The job worker as it runs in production, in real processes (issue 14, "Done means"): a web
process and a worker process sharing a file SQLite database and a SqliteHuey queue file in the
test's own folder, and an aiosmtpd SMTP server in the test. SQLite only: what is tested is the
queue, not the database."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests
from aiosmtpd.controller import Controller

SERVE = Path(__file__).with_name("serve.py")
ROOT = SERVE.parents[2]
NEW_MEMBER = {"username": "salma", "email": "salma@example.org",
              "password": "olive grove at dawn", "display_name": "Salma", "country": "MA"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FlakySmtp:
    """An SMTP handler that answers 451 (try again later) to the first `refusals` messages."""

    def __init__(self, refusals: int = 0) -> None:
        self.refusals = refusals
        self.attempts = 0
        self.received: list[bytes] = []
        self.arrived = threading.Event()
        self.port = 0

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 (aiosmtpd's name)
        self.attempts += 1
        if self.attempts <= self.refusals:
            return "451 Try again later"
        self.received.append(envelope.content)
        self.arrived.set()
        return "250 Message accepted for delivery"


class Processes:
    """The processes a test starts, each killed at the end even when the test fails."""

    def __init__(self, folder: Path, env: dict) -> None:
        self.folder, self.env, self.started = folder, env, []

    def start(self, *arguments: str, **env: str) -> subprocess.Popen:
        log = open(self.folder / f"{arguments[0]}-{len(self.started)}.log", "w")  # noqa: SIM115
        process = subprocess.Popen([sys.executable, str(SERVE), *arguments], cwd=ROOT,
                                   env={**self.env, **env}, stdout=log, stderr=subprocess.STDOUT)
        self.started.append((process, log))
        return process

    def web(self) -> str:
        port = free_port()
        process = self.start("web", str(port), CREATE_TABLES="1")
        url = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and process.poll() is None:
            try:
                requests.get(f"{url}/login", timeout=1)
                return url
            except requests.RequestException:
                time.sleep(0.1)
        raise RuntimeError(f"web did not start: {self.logs()}")

    def logs(self) -> str:
        return "\n".join(Path(log.name).read_text() for _, log in self.started)

    def stop(self) -> None:
        for process, log in self.started:
            if process.poll() is None:
                process.send_signal(signal.SIGKILL)
                process.wait(10)
            log.close()


@pytest.fixture
def smtp(request):
    handler = FlakySmtp(getattr(request, "param", 0))
    handler.port = free_port()
    controller = Controller(handler, hostname="127.0.0.1", port=handler.port)
    controller.start()
    yield handler
    controller.stop()


@pytest.fixture
def processes(tmp_path, smtp):
    env = {**os.environ, "SERVE_FOLDER": str(tmp_path), "MAIL_PORT": str(smtp.port),
           "JOBS_RETRY_DELAYS": "0.3,0.3,0.3"}
    started = Processes(tmp_path, env)
    yield started
    started.stop()


def register_then_kill_web(processes: Processes) -> None:
    """Register on a web process, then SIGKILL it the moment it has answered."""
    web = processes.web()
    response = requests.post(f"{web}/register", data=NEW_MEMBER, allow_redirects=False,
                             timeout=10)
    processes.started[-1][0].send_signal(signal.SIGKILL)
    assert response.status_code == 302


def test_confirmation_mail_arrives_though_web_process_killed(processes, smtp):
    register_then_kill_web(processes)
    processes.start("worker")
    assert smtp.arrived.wait(15), processes.logs()
    assert b"salma@example.org" in smtp.received[0]


@pytest.mark.parametrize("smtp", [2], indirect=True)
def test_mail_refused_twice_goes_out_on_third_try(processes, smtp):
    register_then_kill_web(processes)
    processes.start("worker")
    assert smtp.arrived.wait(15), processes.logs()
    assert smtp.attempts == 3
