"""The visitors' page cache against its ceiling: a signed-out thread page served from the cache,
the same page with the cache off, and a bare Flask "hello", each by the production server
command (gunicorn, one gevent-websocket worker), measured back to back with `wrk`.

    .venv/bin/python bench/page_cache_bench.py [--duration 10] [--connections 4]
        [--database-url URL] [--port 7450] [--redis-url redis://127.0.0.1:6379/0]

Without `--database-url` the demo data is loaded into a fresh SQLite file. Prints requests per
second, p50 and p99 for each (medians of `--rounds` rounds taken in turn), and the median of
the rounds' ratios to hello. Run it on an idle machine for figures
worth quoting: other work on the cores shows up in every number (the ratios suffer least)."""

from __future__ import annotations

import argparse
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from flask import Flask

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent
WORKER = "geventwebsocket.gunicorn.workers.GeventWebSocketWorker"

hello = Flask(__name__)  # the ceiling: `gunicorn page_cache_bench:hello`


@hello.get("/")
def say_hello() -> str:
    return "Hello, World!"


def server(app: str, port: int, env: dict, chdir: Path) -> subprocess.Popen:
    command = [str(VENV_BIN / "gunicorn"), "-k", WORKER, "-w", "1", "--bind",
               f"127.0.0.1:{port}", "--chdir", str(chdir), app]
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    process.kill()
    raise RuntimeError(f"{app} did not answer on port {port}")


def wrk(url: str, duration: int, connections: int) -> dict[str, float]:
    """Requests per second, p50 and p99 in ms, as a browser asks (Brotli, English)."""
    output = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{duration}s", "--latency",
         "-H", "Accept-Encoding: gzip, deflate, br", "-H", "Accept-Language: en", url],
        capture_output=True, text=True, check=True).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    return {"rps": rate, "p50": latency(output, "50%"), "p99": latency(output, "99%")}


def latency(output: str, percentile: str) -> float:
    value, unit = re.search(rf"{percentile}\s+([\d.]+)(us|ms|s)", output).groups()
    return float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def demo_database(folder: Path, env: dict) -> str:
    url = f"sqlite:///{folder / 'demo.db'}"
    flask = [str(VENV_BIN / "flask"), "--app", "wsgi"]
    for command in (["db", "upgrade"], ["demo", "load"]):
        subprocess.run(flask + command, env={**env, "DATABASE_URL": url}, cwd=ROOT,
                       check=True, capture_output=True)
    return url


def thread_path(database_url: str) -> str:
    import sqlalchemy as sa

    engine = sa.create_engine(database_url)
    with engine.connect() as connection:
        thread_id = connection.scalar(sa.text(
            "SELECT thread_id FROM forum_posts GROUP BY thread_id ORDER BY count(*) DESC"))
    engine.dispose()
    return f"/threads/{thread_id}"


def measure(args: argparse.Namespace, folder: Path) -> dict[str, dict[str, float]]:
    env = {**os.environ, "COMMUNITY_CONFIG": "production", "SECRET_KEY": "bench-" * 8,
           "RATELIMIT_ENABLED": "false", "PYTHONPATH": str(ROOT),
           "SITE_URL": f"http://127.0.0.1:{args.port}",
           "JOBS_URL": f"sqlite:///{folder / 'jobs.db'}"}
    env.pop("REDIS_URL", None)
    if args.redis_url:
        env["REDIS_URL"] = args.redis_url
    database_url = args.database_url or demo_database(folder, env)
    env["DATABASE_URL"] = database_url
    path = thread_path(database_url)
    runs = [("hello", "page_cache_bench:hello", {}, Path(__file__).parent, "/"),
            ("thread, cached", "wsgi:app", {"PAGE_CACHE_ENABLED": "true"}, ROOT, path),
            ("thread, no cache", "wsgi:app", {"PAGE_CACHE_ENABLED": "false"}, ROOT, path)]
    servers, urls = [], {}
    try:
        for number, (name, app, extra, chdir, target) in enumerate(runs):
            port = args.port + number
            servers.append(server(app, port, {**env, **extra,
                                              "SITE_URL": f"http://127.0.0.1:{port}"}, chdir))
            urls[name] = f"http://127.0.0.1:{port}{target}"
            wrk(urls[name], 2, args.connections)  # warm-up: imports, first render, the cache
        # Rounds in turn, so a burst of other work on the machine hits every server alike.
        rounds = [{name: wrk(url, args.duration, args.connections) for name, url in urls.items()}
                  for _ in range(args.rounds)]
    finally:
        for process in servers:
            process.terminate()
            process.wait(timeout=30)
    return {name: {figure: statistics.median(run[name][figure] for run in rounds)
                   for figure in ("rps", "p50", "p99")} | {
                "ratio": statistics.median(run[name]["rps"] / run["hello"]["rps"]
                                           for run in rounds)}
            for name in urls}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    parser.add_argument("--database-url")
    parser.add_argument("--redis-url")
    parser.add_argument("--port", type=int, default=7450)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="page-cache-bench-") as folder:
        results = measure(args, Path(folder))
    print(f"{'what':<18} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'/ hello':>8}")
    for name, figures in results.items():
        print(f"{name:<18} {figures['rps']:>9.0f} {figures['p50']:>8.2f} {figures['p99']:>8.2f} "
              f"{figures['ratio']:>8.3f}")


if __name__ == "__main__":
    main()
