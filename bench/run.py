"""The benchmark of issue 13 in one command (`make bench`, `make bench QUICK=1`): the dataset,
pages under wrk against a bare Flask "hello", queries per page, search, start-up, memory and
the chat part; prints the table and writes bench/results/latest.json.

    .venv/bin/python bench/run.py [--quick] [--skip-seed] [--no-chat] [--only pages,search…]
"""

from __future__ import annotations

import argparse
import datetime
import logging
import os
import platform
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.harness import dataset, pages, queries, report, sampling, search, servers  # noqa: E402
from bench.harness.wrk import require_wrk  # noqa: E402

RESULTS = ROOT / "bench" / "results"
WORK = RESULTS / "work"  # path files and server logs: not committed
HELLO_PORT, PRODUCT_PORT = 7101, 7102
PARTS = ("queries", "search", "servers", "pages", "chat")
TIMING = {  # wrk: seconds of warm-up, seconds per timed run, timed runs; search passes
    # over the terms; fresh starts of each server (start-up is their median). The full run
    # stays within 20 minutes with the chat part's 8: 17 wrk series of 2 + 3 × 8 s.
    "full": {"warm_up": 2.0, "seconds": 8.0, "runs": 3, "search_rounds": 5, "start_ups": 3},
    "quick": {"warm_up": 1.0, "seconds": 3.0, "runs": 1, "search_rounds": 2, "start_ups": 1},
}


def log(message: str) -> None:
    print(message, flush=True)


def machine() -> dict:
    model = next((line.split(":", 1)[1].strip() for line in
                  Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor())
    return {"nproc": os.cpu_count(), "cpu": model, "python": platform.python_version()}


def commit() -> str:
    return subprocess.run(["git", "rev-parse", "HEAD"], cwd=ROOT, capture_output=True,
                          text=True).stdout.strip()


def datasets(quick: bool, skip_seed: bool) -> dict[str, dataset.Dataset]:
    for backend in ("postgresql", "sqlite"):
        if not skip_seed:
            log(f"dataset ({backend}): flask bench seed{' --quick' if quick else ''}")
            dataset.seed(quick, backend)
    return {backend: dataset.load(quick, backend) for backend in ("postgresql", "sqlite")}


def every_term(data: dataset.Dataset) -> list[str]:
    return [term for group in data.terms.values() for term in group]


def make_servers(data: dataset.Dataset) -> tuple[servers.Server, servers.Server]:
    folder = WORK / "logs"
    hello_env = servers.product_environment(data.database_url, HELLO_PORT)
    hello = servers.Server("hello", servers.HELLO_APP, HELLO_PORT, hello_env, folder)
    product = servers.Server("product", servers.PRODUCT_APP, PRODUCT_PORT,
                             servers.product_environment(data.database_url, PRODUCT_PORT), folder)
    return hello, product


def start_measured(server: servers.Server, starts: int, results: dict) -> None:
    """Starts the server `starts` times (start-up: the median) and leaves the last one running,
    idle memory measured: these starts are the ones the pages run against."""
    seconds = []
    for n in range(starts):
        if n:
            server.stop()
        seconds.append(server.start())
    time.sleep(1)  # idle: what it holds once started, not mid-request
    results.setdefault("start_up_s", {})[server.name] = round(statistics.median(seconds), 3)
    results.setdefault("start_up_samples_s", {})[server.name] = [round(s, 3) for s in seconds]
    results.setdefault("memory_mb", {})[server.name] = round(server.worker_rss_mb(), 1)
    log(f"{server.name}: start-up {results['start_up_s'][server.name]} s, "
        f"idle worker {results['memory_mb'][server.name]} MB")


def run_pages(results: dict, data: dataset.Dataset, timing: dict, with_wrk: bool) -> None:
    """Start-up and memory of hello and of the product; then wrk against hello, and against
    the product signed out and signed in."""
    wrk_timing = {key: timing[key] for key in ("warm_up", "seconds", "runs")}
    hello, product = make_servers(data)
    app = search.create_app(search.bench_config(data.database_url))
    files = sampling.write_path_files(sampling.sample_paths(app, every_term(data)), WORK / "paths")
    hello_file = sampling.write_path_files({"hello": ["/"]}, WORK / "paths")["hello"]
    try:
        start_measured(hello, timing["start_ups"], results)
        if with_wrk:
            results["hello"] = pages.measure_pages(hello.url, {"hello": hello_file}, None,
                                                   wrk_timing, log)["hello"]
    finally:
        hello.stop()
    try:
        start_measured(product, timing["start_ups"], results)
        if with_wrk:
            results["pages"] = product_pages(product, files, data, wrk_timing)
            results["memory_mb_after_pages"] = round(product.worker_rss_mb(), 1)
    finally:
        product.stop()


def product_pages(product: servers.Server, files: dict[str, Path], data: dataset.Dataset,
                  wrk_timing: dict) -> dict:
    paths = {page: f.read_text().split() for page, f in files.items()}
    cookie = pages.sign_in(product.url, data.member, data.password)
    figures = {}
    hot = pages.hot_files(paths, WORK / "paths-hot")
    started = time.monotonic()
    primed = pages.prime(product.url, hot)
    log(f"product: {primed} signed-out paths fetched once in {time.monotonic() - started:.0f} s")
    for mode, mode_cookie, mode_files in (("signed_out", None, hot),
                                          ("signed_in", cookie, files)):
        pages.check_paths(product.url, paths, mode_cookie)
        log(f"product, {mode.replace('_', ' ')}:")
        figures[mode] = pages.measure_pages(product.url, mode_files, mode_cookie, wrk_timing,
                                            log)
    return figures


def run_chat(results: dict, quick: bool, database_url: str) -> None:
    try:
        from bench.chat.run import run_chat as chat
    except ModuleNotFoundError as error:  # only while the chat part is not merged
        if error.name not in ("bench.chat", "bench.chat.run"):
            raise
        log("chat: bench/chat/run.py is not there; skipped")
        results["chat"] = None
        return

    log("chat:")
    results["chat"] = chat(quick=quick, database_url=database_url)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true",
                        default=os.environ.get("QUICK", "") not in ("", "0"),
                        help="1/20 of the data, one short run of each (also QUICK=1)")
    parser.add_argument("--skip-seed", action="store_true",
                        help="use the manifests in instance/bench as they are")
    parser.add_argument("--only", default=",".join(PARTS),
                        help=f"a comma-separated subset of {','.join(PARTS)}")
    parser.add_argument("--no-chat", action="store_true")
    parser.add_argument("--output", type=Path, default=None,
                        help="[results/latest.json; results/work/partial.json with --only]")
    parser.add_argument("--table", action="store_true",
                        help="print the table of the last run (--output) and stop")
    return parser.parse_args()


def selected_parts(args: argparse.Namespace) -> set[str]:
    parts = set(args.only.split(",")) - ({"chat"} if args.no_chat else set())
    if parts - set(PARTS):
        raise SystemExit(f"--only: unknown part(s) {', '.join(sorted(parts - set(PARTS)))}")
    return parts


def run_parts(results: dict, parts: set[str], data: dict[str, dataset.Dataset], quick: bool,
              timing: dict) -> None:
    pg = data["postgresql"]
    if "queries" in parts:
        log("queries per page (SQLite, 1 and 50 items)…")
        results["queries"] = queries.queries_per_page()
    if "search" in parts:
        results["search"] = {}
        for backend, d in data.items():
            log(f"search ({backend})…")
            results["search"][backend] = search.search_timings(
                d.database_url, d.terms, timing["search_rounds"], d.hits)
    if parts & {"servers", "pages"}:
        run_pages(results, pg, timing, with_wrk="pages" in parts)
    if "chat" in parts:
        run_chat(results, quick, pg.database_url)


def main() -> int:
    args = parse_args()
    # Before any create_app: its INFO logging would bury the progress lines and the table.
    logging.basicConfig(level=logging.WARNING)
    # Stopped (timeout, kill): unwind, so every server started is stopped by its `finally`.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parts = selected_parts(args)
    # latest.json is committed: a partial run must not replace it.
    output = args.output or (RESULTS / "latest.json" if parts >= set(PARTS) - {"chat"}
                             else WORK / "partial.json")
    if args.table:
        log(report.table_of(args.output or RESULTS / "latest.json"))
        return 0
    require_wrk()
    timing = TIMING["quick" if args.quick else "full"]
    started = time.perf_counter()
    results: dict = {"commit": commit(), "date": datetime.datetime.now(datetime.UTC).isoformat(
        timespec="seconds"), "machine": machine(), "quick": args.quick, "settings": timing
        | {"wrk": "-t2 -c4", "server": " ".join(servers.WORKER_FLAGS)}}
    data = datasets(args.quick, args.skip_seed)
    results["dataset"] = {b: {"database_url": d.database_url, "counts": d.counts}
                          for b, d in data.items()}
    try:
        run_parts(results, parts, data, args.quick, timing)
    except BaseException:
        # Minutes of figures are not thrown away with the part that broke.
        report.finish(results, WORK / "crashed.json")
        log(f"the run broke; the figures so far are in {WORK / 'crashed.json'}")
        raise
    results["elapsed_s"] = round(time.perf_counter() - started, 1)
    table, _rows = report.finish(results, output)
    log("\n" + table + f"\n\n{output} written in {results['elapsed_s']:.0f} s")
    return 1 if failed_pages(results) else 0


def failed_pages(results: dict) -> list[str]:
    """Pages that answered anything but 2xx: the run fails loudly, whatever the speed."""
    failed = [f"{page} ({mode}): {figures['non2xx']} non-2xx, first {figures['first_bad_status']}"
              for mode, figures_by_page in results.get("pages", {}).items()
              for page, figures in figures_by_page.items()
              if figures["non2xx"] or figures["socket_errors"]]
    for line in failed:
        log(f"FAILED: {line}")
    return failed


if __name__ == "__main__":
    sys.exit(main())
