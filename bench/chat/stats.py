"""The chat benchmark's arithmetic: latency percentiles from the load client's files, the
client-bound flag, the ratios R2-R4 of issue 13 and the targets they are held to."""

from __future__ import annotations

import math
from array import array
from collections.abc import Iterable, Sequence
from pathlib import Path

CLIENT_BOUND_CPU = 0.8  # of one core, for one client process or for all of them together
TARGETS = {
    "fanout_5_p99_vs_bare": 1.3,
    "fanout_40_p99_vs_bare": 2.0,
    "many_rooms_p99_ms": 15.0,
    "persisted_per_second": 500.0,
    "deliveries_vs_node": 0.35,
    "socket_kb_vs_bare": 1.2,
}


def read_samples(files: Iterable[str | Path]) -> list[float]:
    """The latencies (ms, float64, native byte order) the load client's workers wrote."""
    values = array("d")
    for file in files:
        values.frombytes(Path(file).read_bytes())
    return values.tolist()


def percentile(values: Sequence[float], p: float) -> float | None:
    """The nearest-rank percentile (`p` in 0..100) of unsorted values; None when empty."""
    if not values:
        return None
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def latency_summary(values: Sequence[float]) -> dict:
    """count, p50, p99 and max in ms (rounded to 0.1 ms)."""
    if not values:
        return {"count": 0, "p50_ms": None, "p99_ms": None, "max_ms": None}
    ordered = sorted(values)

    def rank(p: float) -> float:
        return round(ordered[max(1, math.ceil(p / 100 * len(ordered))) - 1], 1)

    return {"count": len(ordered), "p50_ms": rank(50), "p99_ms": rank(99),
            "max_ms": round(ordered[-1], 1)}


def client_bound(cpu_per_process: Sequence[float]) -> bool:
    """Whether the load client, rather than the server, may have set the pace: one of its
    processes used more than 80% of a core, or all of them together did (the server under
    test needs the other core of this 2-core machine)."""
    return (max(cpu_per_process, default=0.0) > CLIENT_BOUND_CPU
            or sum(cpu_per_process) > CLIENT_BOUND_CPU)


def phase_figures(phase: dict) -> dict:
    """The figures of one phase of the load client's result: latencies, losses, rates."""
    deliveries = latency_summary(read_samples(phase["delivery_files"]))
    acks = latency_summary(read_samples(phase["ack_files"]))
    active = phase.get("active_seconds") or phase["seconds"]
    cpu = phase.get("client_cpu") or []
    return {
        "sent": phase["sent"], "send_errors": phase["send_errors"],
        "expected": phase["expected"], "received": phase["received"],
        "lost": phase["lost"], "duplicated": phase["duplicated"],
        "disconnects": phase["disconnects"],
        "delivery": deliveries, "ack": acks,
        "messages_per_second": round(phase["sent"] / phase["seconds"], 1),
        "deliveries_per_second": round(phase["received"] / active, 1) if active else None,
        "late_sends": phase["late_sends"],
        "client_cpu": [round(c, 3) for c in cpu],
        "client_bound": client_bound(cpu),
    }


def kb_per_socket(rss_before_kb: int, rss_after_kb: int, sockets: int) -> float | None:
    """Memory per idle socket: (RSS after connecting - RSS before) / sockets, in KB."""
    if sockets <= 0:
        return None
    return round((rss_after_kb - rss_before_kb) / sockets, 2)


def ratio(value: float | None, reference: float | None, digits: int = 3) -> float | None:
    if value is None or not reference:
        return None
    return round(value / reference, digits)


def ratios(product: dict, bare: dict, node: dict) -> dict:
    """R2 (product p99 / bare p99, per fan-out scenario), R3 (product deliveries per second /
    Node's, in the closed-loop fan-out) and R4 (product KB per idle socket / bare's), from
    each server's `scenario -> figures` dict."""

    def p99(figures: dict, name: str) -> float | None:
        return (figures.get(name) or {}).get("delivery", {}).get("p99_ms")

    r2 = {name: ratio(p99(product, name), p99(bare, name))
          for name in ("fanout_5", "fanout_40", "many_rooms")}
    r3 = ratio((product.get("fanout_max") or {}).get("deliveries_per_second"),
               (node.get("fanout_max") or {}).get("deliveries_per_second"))
    r4 = ratio(product.get("kb_per_socket"), bare.get("kb_per_socket"))
    return {"R2_fanout_p99_vs_bare": r2, "R3_deliveries_vs_node": r3, "R4_socket_kb_vs_bare": r4}
