"""The chat benchmark's arithmetic: percentiles, the client-bound flag, memory per socket, the
ratios R2-R4 and the rows that say whether a target was met."""

from array import array

import pytest

from bench.chat import report, stats


@pytest.mark.parametrize(("p", "expected"), [(50, 50.0), (99, 99.0), (100, 100.0), (1, 1.0)])
def test_percentile_is_nearest_rank(p, expected):
    values = [float(v) for v in range(100, 0, -1)]  # unsorted on purpose
    assert stats.percentile(values, p) == expected


def test_percentile_of_nothing_is_none():
    assert stats.percentile([], 99) is None


def test_latency_summary_gives_p50_p99_and_max():
    values = [1.0] * 98 + [50.0, 200.0]
    assert stats.latency_summary(values) == {"count": 100, "p50_ms": 1.0, "p99_ms": 50.0,
                                             "max_ms": 200.0}


def test_samples_are_read_from_every_worker_file(tmp_path):
    files = []
    for index, values in enumerate(([1.5, 2.5], [3.5])):
        path = tmp_path / f"w{index}.f64"
        path.write_bytes(array("d", values).tobytes())
        files.append(path)
    assert stats.read_samples(files) == [1.5, 2.5, 3.5]


@pytest.mark.parametrize(("cpu", "bound"), [([0.3, 0.4], False), ([0.85], True),
                                           ([0.5, 0.5], True), ([], False)])
def test_client_bound_when_a_process_or_all_pass_80_percent_of_a_core(cpu, bound):
    assert stats.client_bound(cpu) is bound


def test_kb_per_socket_is_the_rss_delta_over_the_sockets():
    assert stats.kb_per_socket(100_000, 150_000, 1_000) == 50.0
    assert stats.kb_per_socket(100_000, 150_000, 0) is None


def figures(p99=None, per_second=None, lost=0):
    return {"delivery": {"p50_ms": 1.0, "p99_ms": p99, "max_ms": p99, "count": 10},
            "deliveries_per_second": per_second, "messages_per_second": per_second,
            "lost": lost, "disconnects": 0, "send_errors": 0, "client_bound": False}


def servers(product_p99=20.0, bare_p99=10.0, lost=0):
    product = {"fanout_5": figures(product_p99), "fanout_40": figures(product_p99, lost=lost),
               "many_rooms": figures(12.0), "fanout_max": figures(per_second=10_000.0),
               "persisted": figures(per_second=600.0), "kb_per_socket": 60.0}
    bare = {"fanout_5": figures(bare_p99), "fanout_40": figures(bare_p99),
            "many_rooms": figures(6.0), "fanout_max": figures(per_second=30_000.0),
            "kb_per_socket": 40.0}
    node = {"fanout_max": figures(per_second=40_000.0), "kb_per_socket": 5.0}
    return product, bare, node


def test_ratios_divide_the_product_by_its_references():
    ratios = stats.ratios(*servers())
    assert ratios["R2_fanout_p99_vs_bare"] == {"fanout_5": 2.0, "fanout_40": 2.0,
                                               "many_rooms": 2.0}
    assert ratios["R3_deliveries_vs_node"] == 0.25
    assert ratios["R4_socket_kb_vs_bare"] == 1.5


def test_a_missing_reference_gives_no_ratio():
    product, bare, node = servers()
    del node["fanout_max"]
    assert stats.ratios(product, bare, node)["R3_deliveries_vs_node"] is None


def results(**kwargs):
    product, bare, node = servers(**kwargs)
    out = {"product": product, "bare": bare, "node": node,
           "sizes": {"big_room_members": 1000, "many_rooms_sockets": 10_000,
                     "room_members": 100, "persisted_room_members": 10},
           "redis_pair": {"pair_5": figures(30.0)}}
    out.update(stats.ratios(product, bare, node))
    return out


def met(rows, start):
    return next(row["met"] for row in rows if row["figure"].startswith(start))


def test_rows_flag_the_missed_targets():
    rows = report.rows(results(product_p99=15.0, bare_p99=10.0))  # 1.5 × bare
    assert met(rows, "chat 1,000-member room, 5 msg/s") is False  # ≤ 1.3 × bare
    assert met(rows, "chat 1,000-member room, 40 msg/s") is True  # ≤ 2 × bare
    assert met(rows, "chat 10,000 sockets") is True  # 12 ms ≤ 15 ms
    assert met(rows, "chat persisted") is True  # 600/s ≥ 500/s
    assert met(rows, "chat deliveries") is False  # 0.25 < 0.35 × node
    assert met(rows, "chat memory") is False  # 1.5 > 1.2 × bare


def test_a_lost_message_misses_the_40_per_second_target_whatever_the_latency():
    rows = report.rows(results(product_p99=10.0, bare_p99=10.0, lost=3))
    assert met(rows, "chat 1,000-member room, 40 msg/s") is False
    assert "3 lost" in next(r["product"] for r in rows if "40 msg/s" in r["figure"])


def test_table_has_a_line_per_row():
    rows = report.rows(results())
    assert len(report.table(rows).splitlines()) == len(rows) + 2
