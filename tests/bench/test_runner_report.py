"""The runner's arithmetic: wrk output read right, ratios computed right, a missed target
flagged, everything in latest.json."""

import json

import pytest

from bench.harness import dataset, report, wrk


def page(per_second, p99_ms, non2xx=0):
    return {"per_second": per_second, "p50_ms": p99_ms / 2, "p99_ms": p99_ms, "non2xx": non2xx,
            "first_bad_status": 500 if non2xx else 0, "socket_errors": 0, "runs": []}


@pytest.fixture
def results():
    return {"hello": page(1000.0, 5.0),
            "pages": {"signed_out": {"thread": page(600.0, 10.0), "home": page(100.0, 30.0)},
                      "signed_in": {"thread": page(200.0, 45.0)}},
            "queries": {"signed_in": {"thread": {"1": 4, "50": 4}, "cluster": {"1": 5, "50": 20}}},
            "search": {"sqlite": {"100": {"p50_ms": 2.0, "p99_ms": 9.0},
                                  "1000000": {"p50_ms": 30.0, "p99_ms": 60.0}}},
            "start_up_s": {"product": 1.2, "hello": 0.6},
            "memory_mb": {"product": 90.0, "hello": 45.0},
            "chat": {"R2_fanout_p99_vs_bare": {"room1000_5": 1.1, "room1000_40": 2.5},
                     "R3_deliveries_vs_node": 0.5, "R4_socket_kb_vs_bare": 1.0}}


def rows_by_figure(results, tmp_path):
    report.finish(results, tmp_path / "latest.json")
    return {row["figure"]: row for row in results["rows"]}


def test_r1_is_page_rate_over_hello_rate(results):
    ratios = report.compute_ratios(results)
    assert ratios["R1_page_vs_hello"] == {"signed_out": {"thread": 0.6, "home": 0.1},
                                          "signed_in": {"thread": 0.2}}


def test_r5_is_statements_at_50_over_statements_at_1(results):
    ratios = report.compute_ratios(results)
    assert ratios["R5_queries_50_vs_1"] == {"signed_in": {"thread": 1.0, "cluster": 4.0}}


def test_chat_ratios_are_taken_as_the_chat_part_gives_them(results):
    ratios = report.compute_ratios(results)
    assert ratios["R2_fanout_p99_vs_bare"] == {"room1000_5": 1.1, "room1000_40": 2.5}
    assert ratios["R3_deliveries_vs_node"] == 0.5


def test_chat_rows_are_taken_as_the_chat_part_writes_them(results, tmp_path):
    results["chat"]["rows"] = [{"figure": "chat 1,000-member room, 5 msg/s", "target": "p99 ≤ 1.3",
                                "product": "20 / 40 ms", "ceiling": "bare 18 / 36 ms",
                                "ratio": "1.11", "met": True}]
    rows = rows_by_figure(results, tmp_path)
    assert rows["chat 1,000-member room, 5 msg/s"]["met"] is True
    assert not any(figure.startswith("chat fan-out") for figure in rows)


def test_met_targets_say_yes(results, tmp_path):
    rows = rows_by_figure(results, tmp_path)
    assert rows["thread page, signed out"]["met"] is True  # 0.6 ≥ 0.5, 10 ms ≤ 25 ms
    assert rows["queries, thread, signed in"]["met"] is True
    assert rows["search ~100 hits, sqlite"]["met"] is True
    assert rows["start-up, exec to first 200"]["met"] is True


def test_missed_targets_are_flagged(results, tmp_path):
    rows = rows_by_figure(results, tmp_path)
    assert rows["home page, signed out"]["met"] is False  # 0.1 < 0.15
    assert rows["thread page, signed in"]["met"] is False  # p99 45 ms > 40 ms
    assert rows["queries, cluster, signed in"]["met"] is False  # grows with the items
    assert rows["search ~1,000,000 hits, sqlite"]["met"] is False
    assert rows["chat fan-out p99 vs bare room1000_40"]["met"] is False  # 2.5 > 2
    assert rows["chat fan-out p99 vs bare room1000_5"]["met"] is True  # 1.1 ≤ 1.3
    assert "home page, signed out" in results["missed"]
    assert "thread page, signed out" not in results["missed"]


def test_a_page_answering_errors_misses_its_target_whatever_its_speed(results, tmp_path):
    results["pages"]["signed_out"]["thread"] = page(900.0, 2.0, non2xx=3)
    rows = rows_by_figure(results, tmp_path)
    assert rows["thread page, signed out"]["met"] is False
    assert "3 non-2xx" in rows["thread page, signed out"]["product"]


def test_a_page_with_no_answer_in_a_run_misses_its_target(results, tmp_path):
    results["pages"]["signed_in"]["thread"] = page(0.0, 0.0) | {"requests": 0}
    rows = rows_by_figure(results, tmp_path)
    assert rows["thread page, signed in"]["met"] is False
    assert rows["thread page, signed in"]["product"] == "no answer within a run"


def test_latest_json_holds_every_figure_and_the_ratios(results, tmp_path):
    results["commit"] = "abc123"
    report.finish(results, tmp_path / "latest.json")
    written = json.loads((tmp_path / "latest.json").read_text())
    assert written["commit"] == "abc123"
    assert written["ratios"]["R1_page_vs_hello"]["signed_out"]["thread"] == 0.6
    assert written["memory_mb"] == {"product": 90.0, "hello": 45.0}
    assert len(written["rows"]) == len(results["rows"])


def test_the_table_has_a_line_per_row_and_the_columns(results, tmp_path):
    table, rows = report.finish(results, tmp_path / "latest.json")
    lines = table.splitlines()
    assert lines[0].split("|")[1].strip() == "figure"
    assert [cell.strip() for cell in lines[0].split("|")[1:-1]] == [
        "figure", "target", "product", "ceiling", "ratio", "met?"]
    assert len(lines) == 2 + len(rows)
    assert "| NO " in table


WRK_OUTPUT = """Running 3s test @ http://127.0.0.1:7102
  Latency Distribution
     50%    1.00ms
BENCH {"requests": 3000, "duration_us": 3000000, "non2xx": 2, "first_bad_status": 404, \
"socket_errors": 0, "p50_us": 1500, "p99_us": 9000, "max_us": 12000}
"""


def test_wrk_output_is_read_from_the_script_line():
    run = wrk.parse_output(WRK_OUTPUT)
    assert run.per_second == 1000.0
    assert (run.p50_ms, run.p99_ms, run.non2xx, run.first_bad_status) == (1.5, 9.0, 2, 404)


def test_wrk_summary_takes_medians_and_counts_the_warm_up_errors():
    def run(rate, p99, bad=0):
        return wrk.Run(requests=rate, seconds=1.0, non2xx=bad, first_bad_status=500 if bad else 0,
                       socket_errors=0, p50_ms=1.0, p99_ms=p99)

    measure = wrk.summarise(run(10, 1.0, bad=1), [run(100, 9.0), run(300, 3.0), run(200, 5.0)])
    assert (measure.per_second, measure.p99_ms) == (200, 5.0)
    assert measure.non2xx == 1 and measure.failed


def test_manifest_terms_are_grouped_by_hits_in_order():
    raw = {"1000": [{"term": "olive", "hits": 1012}], "100": ["eau"]}
    assert dataset.grouped_terms(raw) == {"100": ["eau"], "1000": ["olive"]}
    assert dataset.term_hits(raw) == {"olive": 1012}


def test_the_table_is_printed_again_from_latest_json(results, tmp_path):
    table, _rows = report.finish(results, tmp_path / "latest.json")
    assert report.table_of(tmp_path / "latest.json") == table
