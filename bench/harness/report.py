"""The ratios, the targets of issue 13, the table printed on stdout and latest.json."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

# (R1 at least, p99 at most in ms) for a page; the thread page signed out has its own.
PAGE_TARGET = (0.15, 40.0)
PAGE_TARGETS = {("signed_out", "thread"): (0.5, 25.0)}
MAX_QUERIES = 6
SEARCH_P50_MS, SEARCH_P99_MS = 10.0, 50.0
START_UP_S = 1.5
R2_MAX = {"5": 1.3, "40": 2.0}  # 1,000-member room at 5 and at 40 msg/s
R3_MIN, R4_MAX = 0.35, 1.2
MODES = {"signed_out": "signed out", "signed_in": "signed in"}


@dataclass
class Row:
    figure: str
    target: str
    product: str
    ceiling: str
    ratio: str
    met: bool | None  # None: a figure without a target


def ratio(value: float | None, ceiling: float | None) -> float | None:
    if value is None or not ceiling:
        return None
    return round(value / ceiling, 3)


def compute_ratios(results: dict) -> dict:
    """R1 per page (req/s over hello's) and R5 per page (statements at 50 items over at 1),
    signed out and in; R2-R4 come from the chat part as it computed them."""
    hello = results.get("hello", {}).get("per_second")
    r1 = {mode: {page: ratio(figures["per_second"], hello) for page, figures in pages.items()}
          for mode, pages in results.get("pages", {}).items()}
    r5 = {mode: {page: ratio(counts.get("50"), counts.get("1")) for page, counts in pages.items()}
          for mode, pages in results.get("queries", {}).items()}
    chat = results.get("chat") or {}
    return {"R1_page_vs_hello": r1, "R2_fanout_p99_vs_bare": chat.get("R2_fanout_p99_vs_bare"),
            "R3_deliveries_vs_node": chat.get("R3_deliveries_vs_node"),
            "R4_socket_kb_vs_bare": chat.get("R4_socket_kb_vs_bare"), "R5_queries_50_vs_1": r5}


def _number(value: float | None, unit: str = "", digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}{unit}"


def page_rows(results: dict, r1: dict) -> list[Row]:
    if not results.get("pages"):
        return []
    hello = results["hello"]
    ceiling = f"{_number(hello['per_second'], '/s', 0)} p99 {_number(hello['p99_ms'], ' ms')}"
    rows = []
    for mode, pages in results.get("pages", {}).items():
        for page, figures in pages.items():
            least, most = PAGE_TARGETS.get((mode, page), PAGE_TARGET)
            value = r1[mode][page]
            answered = figures.get("requests", 1) > 0  # none: p99 would read 0 ms
            met = (answered and value is not None and value >= least
                   and figures["p99_ms"] <= most
                   and not figures.get("non2xx") and not figures.get("socket_errors"))
            product = (f"{_number(figures['per_second'], '/s', 0)} "
                       f"p99 {_number(figures['p99_ms'], ' ms')}" if answered
                       else "no answer within a run")
            if figures.get("non2xx"):
                product += f" ({figures['non2xx']} non-2xx!)"
            rows.append(Row(f"{page} page, {MODES[mode]}", f"≥ {least} × hello, p99 ≤ {most:g} ms",
                            product, ceiling, _number(value, digits=3), met))
    return rows


def query_rows(results: dict, r5: dict) -> list[Row]:
    rows = []
    for mode, pages in results.get("queries", {}).items():
        for page, counts in pages.items():
            value = r5[mode][page]
            met = value == 1.0 and counts["50"] <= MAX_QUERIES
            rows.append(Row(f"queries, {page}, {MODES[mode]}", f"R5 = 1, ≤ {MAX_QUERIES}",
                            f"{counts['1']} at 1, {counts['50']} at 50", "—",
                            _number(value, digits=2), met))
    return rows


def search_rows(results: dict) -> list[Row]:
    rows = []
    for backend, groups in results.get("search", {}).items():
        for hits, figures in groups.items():
            met = figures["p50_ms"] <= SEARCH_P50_MS and figures["p99_ms"] <= SEARCH_P99_MS
            rows.append(Row(f"search ~{int(float(hits)):,} hits, {backend}",
                            f"p50 ≤ {SEARCH_P50_MS:g} ms, p99 ≤ {SEARCH_P99_MS:g} ms",
                            f"p50 {_number(figures['p50_ms'], ' ms')} "
                            f"p99 {_number(figures['p99_ms'], ' ms')}", "—", "—", met))
    return rows


def server_rows(results: dict) -> list[Row]:
    rows = []
    start = results.get("start_up_s")
    if start:
        rows.append(Row("start-up, exec to first 200", f"≤ {START_UP_S:g} s",
                        _number(start["product"], " s", 2), _number(start["hello"], " s", 2),
                        _number(ratio(start["product"], start["hello"]), digits=2),
                        start["product"] <= START_UP_S))
    memory = results.get("memory_mb")
    if memory:
        rows.append(Row("idle server memory (worker RSS)", "—", _number(memory["product"], " MB"),
                        _number(memory["hello"], " MB"),
                        _number(ratio(memory["product"], memory["hello"]), digits=2), None))
    return rows


def _r2_items(r2) -> list[tuple[str, float]]:
    if isinstance(r2, dict):
        return [(str(name), value) for name, value in r2.items()]
    return [("", r2)] if r2 is not None else []


def chat_rows(results: dict, ratios: dict) -> list[Row]:
    """The chat part's own rows (its `rows`, same columns) or, without them, its ratios."""
    chat = results.get("chat") or {}
    if chat.get("rows"):
        return [Row(**{key: row.get(key) for key in Row.__dataclass_fields__})
                for row in chat["rows"]]
    rows = []
    for name, value in _r2_items(ratios["R2_fanout_p99_vs_bare"]):
        limit = R2_MAX["40"] if "40" in name else R2_MAX["5"]
        rows.append(Row(f"chat fan-out p99 vs bare {name}".rstrip(), f"≤ {limit:g} × bare", "—",
                        "—", _number(value, digits=2), value is not None and value <= limit))
    r3, r4 = ratios["R3_deliveries_vs_node"], ratios["R4_socket_kb_vs_bare"]
    if r3 is not None:
        rows.append(Row("chat deliveries/s vs Node", f"≥ {R3_MIN:g} × Node", "—", "—",
                        _number(r3, digits=2), r3 >= R3_MIN))
    if r4 is not None:
        rows.append(Row("memory per idle socket vs bare", f"≤ {R4_MAX:g} × bare", "—", "—",
                        _number(r4, digits=2), r4 <= R4_MAX))
    return rows


def build_rows(results: dict) -> list[Row]:
    ratios = results["ratios"]
    return (page_rows(results, ratios["R1_page_vs_hello"])
            + query_rows(results, ratios["R5_queries_50_vs_1"]) + search_rows(results)
            + server_rows(results) + chat_rows(results, ratios))


def met_text(met: bool | None) -> str:
    return {True: "yes", False: "NO", None: "—"}[met]


def format_table(rows: list[Row]) -> str:
    """A Markdown table (readable as is, and pasted as is into the README)."""
    header = ("figure", "target", "product", "ceiling", "ratio", "met?")
    lines = [header] + [(r.figure, r.target, r.product, r.ceiling, r.ratio, met_text(r.met))
                        for r in rows]
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]

    def render(cells) -> str:
        return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

    rule = "| " + " | ".join("-" * w for w in widths) + " |"
    return "\n".join([render(lines[0]), rule] + [render(line) for line in lines[1:]])


def finish(results: dict, path: Path) -> tuple[str, list[Row]]:
    """Adds the ratios and the rows to `results`, writes the JSON; returns the table."""
    results["ratios"] = compute_ratios(results)
    rows = build_rows(results)
    results["rows"] = [asdict(row) for row in rows]
    results["missed"] = [row.figure for row in rows if row.met is False]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    return format_table(rows), rows


def table_of(path: Path) -> str:
    """The table of a written latest.json."""
    return format_table([Row(**row) for row in json.loads(path.read_text())["rows"]])
