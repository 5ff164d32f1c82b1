"""The parts of the benchmark runner (bench/run.py): dataset, servers, wrk, queries, search,
report."""
