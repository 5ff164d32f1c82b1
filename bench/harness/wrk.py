"""Driving `wrk` (Debian package): random paths from a file, two threads, four connections;
a warm-up, then timed runs, summarised by their medians."""

from __future__ import annotations

import json
import shutil
import statistics
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

LUA_SCRIPT = Path(__file__).with_name("urls.lua")
THREADS, CONNECTIONS = 2, 4
INSTALL_HINT = "wrk is missing: sudo apt-get install wrk (Debian/Ubuntu package `wrk`)"


@dataclass
class Run:
    """One wrk run, as its Lua `done` reported it."""

    requests: int
    seconds: float
    non2xx: int
    first_bad_status: int
    socket_errors: int
    p50_ms: float
    p99_ms: float

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Measure:
    """The medians of the timed runs; `non2xx` and `socket_errors` count every run, the
    warm-up included (a page that errs must not pass because the error came early)."""

    per_second: float
    p50_ms: float
    p99_ms: float
    requests: int = 0  # completed in the timed runs: 0 means no figure at all
    non2xx: int = 0
    first_bad_status: int = 0
    socket_errors: int = 0
    runs: list[dict] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return self.non2xx > 0 or self.socket_errors > 0


def require_wrk() -> str:
    path = shutil.which("wrk")
    if path is None:
        raise SystemExit(INSTALL_HINT)
    return path


def parse_output(stdout: str) -> Run:
    """The `BENCH {...}` line printed by urls.lua."""
    for line in stdout.splitlines():
        if line.startswith("BENCH "):
            data = json.loads(line[len("BENCH "):])
            return Run(requests=data["requests"], seconds=data["duration_us"] / 1e6,
                       non2xx=data["non2xx"], first_bad_status=data["first_bad_status"],
                       socket_errors=data["socket_errors"], p50_ms=data["p50_us"] / 1000,
                       p99_ms=data["p99_us"] / 1000)
    raise RuntimeError(f"wrk printed no BENCH line:\n{stdout}")


def wrk_command(base_url: str, paths_file: Path, seconds: float,
                headers: list[str]) -> list[str]:
    command = [require_wrk(), f"-t{THREADS}", f"-c{CONNECTIONS}", f"-d{seconds:g}s", "--latency",
               "--timeout", "10s", "-s", str(LUA_SCRIPT)]
    for header in headers:
        command += ["-H", header]
    return command + [base_url, "--", str(paths_file)]


def run_once(base_url: str, paths_file: Path, seconds: float, headers: list[str]) -> Run:
    result = subprocess.run(wrk_command(base_url, paths_file, seconds, headers),
                            capture_output=True, text=True, timeout=seconds + 60, check=True)
    return parse_output(result.stdout)


def summarise(warm_up: Run | None, runs: list[Run]) -> Measure:
    every = ([warm_up] if warm_up else []) + runs
    first_bad = next((r.first_bad_status for r in every if r.first_bad_status), 0)
    return Measure(per_second=statistics.median(r.per_second for r in runs),
                   p50_ms=statistics.median(r.p50_ms for r in runs),
                   p99_ms=statistics.median(r.p99_ms for r in runs),
                   requests=sum(r.requests for r in runs),
                   non2xx=sum(r.non2xx for r in every), first_bad_status=first_bad,
                   socket_errors=sum(r.socket_errors for r in every),
                   runs=[{"per_second": round(r.per_second, 1), "p99_ms": round(r.p99_ms, 2)}
                         for r in runs])


def measure(base_url: str, paths_file: Path, *, warm_up: float, seconds: float, runs: int,
            headers: list[str]) -> Measure:
    """A warm-up run (not counted), then `runs` timed runs of `seconds`."""
    first = run_once(base_url, paths_file, warm_up, headers) if warm_up else None
    timed = [run_once(base_url, paths_file, seconds, headers) for _ in range(runs)]
    return summarise(first, timed)
