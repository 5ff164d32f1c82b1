"""The chat part of issue 13's benchmark: the product, a bare Flask-SocketIO (the ceiling) and a
plain Node socket.io server (the peer) under the same Node load client (bench/chat/load.js).

Scenarios, each on every server unless said: many 100-member rooms at 10 messages/s overall
(10,000 sockets; memory per idle socket is read as they connect), a big room (1,000 members)
at 5 and at 40 messages/s and closed-loop (deliveries per second), persisted messages per
second into a 10-member room (product), and the big room over two product processes sharing
Redis. `run_chat(quick, database_url)` is what bench/run.py calls; alone:

    .venv/bin/python bench/chat/run.py [--quick] [--database-url URL] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from bench.chat import servers, stats  # noqa: E402
from bench.chat.layout import Layout, RoomPlan, username  # noqa: E402
from bench.chat.report import rows, table  # noqa: E402

CHAT = ROOT / "bench" / "chat"
INSTANCE = ROOT / "instance" / "bench"
BASE_PORT = int(os.environ.get("CHAT_BENCH_PORT", "7210"))  # and the next four
PORTS = {"product": BASE_PORT, "bare": BASE_PORT + 1, "node": BASE_PORT + 2,
         "pair": (BASE_PORT + 3, BASE_PORT + 4)}
REDIS_URL = "redis://127.0.0.1:6379/13"
FANOUT_SENDERS = 4
TIMING = {  # seconds per timed phase, closed-loop phase, drain; load client processes
    True: {"phase": 4.0, "closed": 3.0, "drain": 3.0, "workers_many": 2, "workers_big": 2},
    False: {"phase": 15.0, "closed": 8.0, "drain": 5.0, "workers_many": 4, "workers_big": 3},
}
NOFILE = 65536
# Sockets connecting at once. One server process connects them no faster with more, and the
# product's database pool (5 + 10 connections) times out past about that many in flight.
CONNECT_CONCURRENCY = 16
PARTS = ("product", "bare", "node", "pair")


STARTED = time.monotonic()


def log(message: str) -> None:
    print(f"  chat [{time.monotonic() - STARTED:5.0f}s]: {message}", file=sys.stderr, flush=True)


def default_database_url(quick: bool) -> str:
    name = "icommunity_bench_quick" if quick else "icommunity_bench_full"
    return f"postgresql+psycopg://postgres@127.0.0.1:5432/{name}"


def raise_open_files() -> None:
    """10,000 sockets need as many descriptors in the server and across the client."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    try:
        resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, NOFILE), max(hard, NOFILE)))
    except (ValueError, OSError):
        resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))


def ensure_node_modules() -> None:
    if not (CHAT / "node_modules" / "ws").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=CHAT,
                       check=True)


def prepare_fixtures(database_url: str, quick: bool) -> dict:
    """Users, rooms and tokens in the bench database (bench/chat/fixtures.py, a process of its
    own: the app it builds never touches this process's state)."""
    name = database_url.rsplit("/", 1)[-1]
    out = INSTANCE / f"chat-{name}.json"
    subprocess.run([sys.executable, str(CHAT / "fixtures.py"), "--database-url", database_url,
                    "--out", str(out), *(["--quick"] if quick else [])], cwd=ROOT, check=True)
    return json.loads(out.read_text())


class Client:
    """Builds the load client's specs and runs it, sampling the servers between phases."""

    def __init__(self, fixtures: dict, timing: dict, work: Path) -> None:
        self.fixtures, self.timing, self.work = fixtures, timing, work
        self.runs = 0

    def sockets(self, plans: list[RoomPlan]) -> list[dict]:
        tokens, rooms = self.fixtures["tokens"], self.fixtures["rooms"]
        return [{"token": tokens[username(n)], "room": rooms[plan.key]}
                for plan in plans for n in plan.users]

    def run(self, targets: list[servers.ChatServer], sockets: list[dict], senders: list[int],
            phases: list[dict], workers: int,
            on_connected: Callable[[], dict] | None = None) -> dict:
        """One load-client run: connect, (`on_connected`), the phases, close. Returns its
        result with each phase's figures and the servers' CPU share during it."""
        self.runs += 1
        out_dir = self.work / f"run{self.runs}"
        spec = {"urls": [s.url for s in targets], "sockets": sockets, "senders": senders,
                "workers": workers, "concurrency": CONNECT_CONCURRENCY, "wait_go": True,
                "drain_seconds": self.timing["drain"], "out_dir": str(out_dir), "phases": phases}
        spec_file = self.work / f"spec{self.runs}.json"
        spec_file.write_text(json.dumps(spec))
        process = subprocess.Popen(["node", str(CHAT / "load.js"), str(spec_file)], cwd=CHAT,
                                   stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        extra, cpu, result = {}, {}, None
        for line in process.stdout:
            event = json.loads(line)
            if event["event"] == "connected":
                if event["failed"]:
                    log(f"{event['failed']} sockets failed to connect: {event['failures']}")
                extra = on_connected() if on_connected else {}
                process.stdin.write("go\n")
                process.stdin.flush()
            elif event["event"] == "phase_start":
                cpu[event["name"]] = (time.monotonic(), [s.cpu_seconds() for s in targets])
            elif event["event"] == "phase_end":
                started, before = cpu[event["name"]]
                spent = time.monotonic() - started
                cpu[event["name"]] = [round((s.cpu_seconds() - b) / spent, 3)
                                      for s, b in zip(targets, before, strict=True)]
            elif event["event"] == "result":
                result = event
            elif event["event"] == "error":
                raise RuntimeError(f"load client: {event['message']}")
        if process.wait() != 0 or result is None:
            raise RuntimeError("the load client failed")
        figures = {phase["name"]: {**stats.phase_figures(phase), "server_cpu": cpu[phase["name"]]}
                   for phase in result["phases"]}
        connect = result["connect"]
        return {"connect": {"sockets": connect["connected"], "failed": connect["failed"],
                            "seconds": round(connect["seconds"], 1)},
                "phases": figures, **extra}


def rate(name: str, per_second: float, seconds: float) -> dict:
    return {"name": name, "mode": "rate", "rate": per_second, "seconds": seconds}


def closed(name: str, seconds: float, window: int) -> dict:
    return {"name": name, "mode": "closed", "seconds": seconds, "window": window}


def measure_server(server: servers.ChatServer, client: Client, layout: Layout, quick: bool,
                   persisted: bool) -> dict:
    """Every single-process scenario on one running server."""
    timing = client.timing
    warm = client.sockets([layout.persist])
    client.run([server], warm, [0], [rate("warm-up", 5, 1)], 1)
    server.settle()
    figures: dict = {"rss_idle_mb": round(server.rss_kb() / 1024, 1)}
    before = server.rss_kb()

    def idle_memory() -> dict:
        settled = server.settle()
        return {"settled_s": round(settled, 1),"rss_connected_mb": round(server.rss_kb() / 1024, 1),
                "rss_after_kb": server.rss_kb()}

    many = client.sockets(layout.small)
    senders = [i * layout.small_size for i in range(layout.small_rooms)]
    log(f"{server.name}: {len(many)} sockets in {layout.small_rooms} rooms")
    run = client.run([server], many, senders, [rate("many_rooms", 10, timing["phase"])],
                     timing["workers_many"], on_connected=idle_memory)
    figures["many_rooms"] = {**run["phases"]["many_rooms"],
                             "connect": {**run["connect"], "settled_s": run["settled_s"]}}
    figures["kb_per_socket"] = stats.kb_per_socket(before, run.pop("rss_after_kb"),
                                                   run["connect"]["sockets"])
    figures["rss_connected_mb"] = run["rss_connected_mb"]
    server.settle()

    log(f"{server.name}: {layout.fanout_size}-member room")
    run = client.run([server], client.sockets([layout.fanout]), list(range(FANOUT_SENDERS)),
                     [rate("fanout_5", 5, timing["phase"]), rate("fanout_40", 40, timing["phase"]),
                      closed("fanout_max", timing["closed"], 4)], timing["workers_big"],
                     on_connected=lambda: {"settled_s": round(server.settle(), 1)})
    figures.update(run["phases"])
    figures["fanout_connect"] = {**run["connect"], "settled_s": run["settled_s"]}
    if persisted:
        server.settle()
        log(f"{server.name}: persisted messages per second")
        run = client.run([server], warm, list(range(len(warm))),
                         [closed("persisted", timing["closed"], 1)], 1)
        figures["persisted"] = run["phases"]["persisted"]
    return figures


def measure_pair(database_url: str, client: Client, layout: Layout, quick: bool) -> dict:
    """The big room over two product processes that meet through Redis: half of the sockets
    (and of the senders) on each, every message crossing to the other process."""
    import redis

    channel = f"chatbench-{int(time.time())}"
    pair = [servers.product(database_url, port, client.work, REDIS_URL, channel)
            for port in PORTS["pair"]]
    log("two product processes with Redis")
    try:
        for server in pair:
            server.start()
        phases = [rate("pair_5", 5, client.timing["phase"])]
        if not quick:
            phases.append(rate("pair_40", 40, client.timing["phase"]))
        run = client.run(pair, client.sockets([layout.fanout]), list(range(FANOUT_SENDERS)),
                         phases, client.timing["workers_big"],
                         on_connected=lambda: {"settled_s": [round(s.settle(), 1) for s in pair]})
        return {**run["phases"], "connect": {**run["connect"], "settled_s": run["settled_s"]}}
    finally:
        try:
            pair[0].stop()
        finally:
            pair[1].stop()
        store = redis.Redis.from_url(REDIS_URL)
        for key in store.scan_iter(f"{channel}:*"):
            store.delete(key)


def run_chat(quick: bool, database_url: str, parts: tuple[str, ...] = PARTS,
             progress: Path | None = None) -> dict:
    """Every chat figure, the ratios R2-R4 and the table rows (bench/run.py's columns);
    `parts` leaves some servers out while developing; `progress` receives the figures so
    far after each server (a run cut short still leaves them)."""
    started = time.monotonic()
    raise_open_files()
    ensure_node_modules()
    layout = Layout.for_run(quick)
    log("users, rooms and tokens")
    fixtures = prepare_fixtures(database_url, quick)
    results: dict = {"quick": quick, "sizes": {
        "many_rooms_sockets": layout.small_rooms * layout.small_size,
        "room_members": layout.small_size, "big_room_members": layout.fanout_size,
        "persisted_room_members": layout.persist_size}}
    with tempfile.TemporaryDirectory(prefix="chatbench-") as work:
        client = Client(fixtures, TIMING[quick], Path(work))
        starts = {"product": lambda: servers.product(database_url, PORTS["product"], Path(work)),
                  "bare": lambda: servers.bare(PORTS["bare"], Path(work)),
                  "node": lambda: servers.node(PORTS["node"], Path(work))}
        for name, make in starts.items():
            if name in parts:
                with make() as server:
                    results[name] = measure_server(server, client, layout, quick,
                                                   name == "product")
                if progress:
                    progress.write_text(json.dumps(results, indent=2) + "\n")
        if "pair" in parts:
            results["redis_pair"] = measure_pair(database_url, client, layout, quick)
    results.update(stats.ratios(*(results.get(name, {}) for name in ("product", "bare", "node"))))
    results["seconds"] = round(time.monotonic() - started, 1)
    results["rows"] = rows(results)
    return results


def main() -> None:
    # A TERM (a timeout, the orchestrator) unwinds like Ctrl-C: the servers are stopped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--database-url")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--only", default=",".join(PARTS), help="servers to measure")
    args = parser.parse_args()
    results = run_chat(args.quick, args.database_url or default_database_url(args.quick),
                       tuple(args.only.split(",")), progress=args.json)
    print(table(results["rows"]))
    if args.json:
        args.json.write_text(json.dumps(results, indent=2) + "\n")


if __name__ == "__main__":
    main()
