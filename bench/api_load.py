"""Concurrent GETs on a few public API endpoints; prints latency percentiles."""

from __future__ import annotations

import argparse
import time
from concurrent.futures import ThreadPoolExecutor

import requests
from common import summary

PATHS = ["/api/v1/openapi.json", "/api/v1/users?page=1", "/api/v1/clusters?page=1", "/healthz"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--url", default="http://127.0.0.1:5000")
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--concurrency", type=int, default=10)
    args = parser.parse_args()
    session = requests.Session()
    samples: list[float] = []
    errors = 0

    def one(i: int) -> tuple[float, bool]:
        started = time.perf_counter()
        try:
            response = session.get(args.url + PATHS[i % len(PATHS)], timeout=30)
            ok = response.status_code < 400
        except requests.RequestException:
            ok = False
        return time.perf_counter() - started, ok

    started = time.perf_counter()
    with ThreadPoolExecutor(args.concurrency) as pool:
        for seconds, ok in pool.map(one, range(args.requests)):
            if ok:
                samples.append(seconds)
            else:
                errors += 1
    elapsed = time.perf_counter() - started
    print(summary("api GET", samples, errors))
    print(f"throughput: {args.requests / elapsed:.0f} requests/s")


if __name__ == "__main__":
    main()
