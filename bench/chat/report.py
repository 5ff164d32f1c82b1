"""The chat part's rows of the benchmark table, in bench/run.py's columns (figure, target,
product, ceiling, ratio, met), and a plain rendering for `bench/chat/run.py` alone."""

from __future__ import annotations

from bench.chat.stats import TARGETS


def number(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def latency(figures: dict | None) -> str:
    """"p50 / p99 ms", with what went wrong: losses, disconnects, a client that set the pace."""
    if not figures:
        return "—"
    delivery = figures["delivery"]
    text = f"{number(delivery['p50_ms'])} / {number(delivery['p99_ms'])} ms"
    notes = []
    if figures["lost"]:
        notes.append(f"{figures['lost']:,} lost")
    if figures["disconnects"]:
        notes.append(f"{figures['disconnects']:,} disconnects")
    if figures["send_errors"]:
        notes.append(f"{figures['send_errors']:,} refused")
    if figures["client_bound"]:
        notes.append("client-bound")
    return text + (f" ({', '.join(notes)})" if notes else "")


def row(figure: str, target: str, product: str, ceiling: str, ratio: float | None,
        met: bool | None) -> dict:
    return {"figure": figure, "target": target, "product": product, "ceiling": ceiling,
            "ratio": number(ratio, digits=2), "met": met}


def clean(figures: dict | None) -> bool:
    return bool(figures) and not figures["lost"] and not figures["disconnects"]


def fanout_rows(results: dict) -> list[dict]:
    product, bare, node = (results.get(name) or {} for name in ("product", "bare", "node"))
    members = results["sizes"]["big_room_members"]
    r2 = results["R2_fanout_p99_vs_bare"]
    out = []
    scenarios = (("fanout_5", 5, TARGETS["fanout_5_p99_vs_bare"], False),
                 ("fanout_40", 40, TARGETS["fanout_40_p99_vs_bare"], True))
    for name, per_second, limit, lossless in scenarios:
        value = r2.get(name)
        met = value is not None and value <= limit and (clean(product.get(name)) or not lossless)
        out.append(row(f"chat {members:,}-member room, {per_second} msg/s, p50 / p99",
                       f"p99 ≤ {limit:g} × bare" + (", nothing lost" if lossless else ""),
                       latency(product.get(name)),
                       f"bare {latency(bare.get(name))}; node {latency(node.get(name))}",
                       value, met))
    sockets = results["sizes"]["many_rooms_sockets"]
    many = product.get("many_rooms")
    p99 = many["delivery"]["p99_ms"] if many else None
    ceilings = f"bare {latency(bare.get('many_rooms'))}; node {latency(node.get('many_rooms'))}"
    out.append(row(f"chat {sockets:,} sockets, {results['sizes']['room_members']}-member rooms, "
                   "10 msg/s", f"p99 ≤ {TARGETS['many_rooms_p99_ms']:g} ms, nothing lost, "
                   "no disconnect", latency(many), ceilings, r2.get("many_rooms"),
                   p99 is not None and p99 <= TARGETS["many_rooms_p99_ms"] and clean(many)))
    return out


def throughput_rows(results: dict) -> list[dict]:
    product, bare, node = (results.get(name) or {} for name in ("product", "bare", "node"))

    def rate(figures: dict | None, key: str) -> str:
        if not figures:
            return "—"
        bound = " (client-bound)" if figures["client_bound"] else ""
        return f"{number(figures[key], '/s', 0)}{bound}"

    persisted = product.get("persisted")
    per_second = persisted["messages_per_second"] if persisted else None
    r3 = results["R3_deliveries_vs_node"]
    return [
        row(f"chat persisted messages per second, {results['sizes']['persisted_room_members']}"
            "-member room", f"≥ {TARGETS['persisted_per_second']:g} per process",
            rate(persisted, "messages_per_second"), "—", None,
            per_second is not None and per_second >= TARGETS["persisted_per_second"]),
        row("chat deliveries per second (big room, closed loop)",
            f"≥ {TARGETS['deliveries_vs_node']:g} × node",
            rate(product.get("fanout_max"), "deliveries_per_second"),
            f"node {rate(node.get('fanout_max'), 'deliveries_per_second')}; "
            f"bare {rate(bare.get('fanout_max'), 'deliveries_per_second')}",
            r3, r3 is not None and r3 >= TARGETS["deliveries_vs_node"]),
    ]


def memory_row(results: dict) -> dict:
    product, bare, node = (results.get(name) or {} for name in ("product", "bare", "node"))
    r4 = results["R4_socket_kb_vs_bare"]
    return row("chat memory per idle socket (RSS delta)",
               f"≤ {TARGETS['socket_kb_vs_bare']:g} × bare",
               number(product.get("kb_per_socket"), " KB"),
               f"bare {number(bare.get('kb_per_socket'), ' KB')}; "
               f"node {number(node.get('kb_per_socket'), ' KB')}",
               r4, r4 is not None and r4 <= TARGETS["socket_kb_vs_bare"])


def pair_rows(results: dict) -> list[dict]:
    pair = results.get("redis_pair") or {}
    members = results["sizes"]["big_room_members"]
    return [row(f"chat two processes + Redis, {members:,}-member room, {name.split('_')[1]} "
                "msg/s", "nothing lost", latency(pair[name]), "—", None, clean(pair[name]))
            for name in ("pair_5", "pair_40") if name in pair]


def rows(results: dict) -> list[dict]:
    return (fanout_rows(results) + throughput_rows(results) + [memory_row(results)]
            + pair_rows(results))


def table(table_rows: list[dict]) -> str:
    """A Markdown table of the rows."""
    header = ("figure", "target", "product", "ceiling", "ratio", "met?")
    met = {True: "yes", False: "NO", None: "—"}
    lines = [header] + [(r["figure"], r["target"], r["product"], r["ceiling"], r["ratio"],
                         met[r["met"]]) for r in table_rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def render(cells) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    return "\n".join([render(lines[0]), render(["-" * w for w in widths]),
                      *(render(line) for line in lines[1:])])
