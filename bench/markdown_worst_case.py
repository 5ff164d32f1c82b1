"""Worst-case Markdown render times: each pathological pattern of
`tests/security/markdown_pathological.py` at a field's maximum length, next to plain prose of
the same length. Runs offline: `.venv/bin/python bench/markdown_worst_case.py [--field post]`."""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from community.markup import render_markdown  # noqa: E402
from tests.security.markdown_pathological import FIELD_MAX, PATTERNS, plain  # noqa: E402


def cell(name: str) -> str:
    """A pattern's name as a Markdown table cell, its punctuation escaped."""
    return re.sub(r"([\\`*_\[\]()<>|#!-])", r"\\\1", name)


def seconds(text: str, repeat: int = 3) -> float:
    """The best of `repeat` renders: the least disturbed by other processes."""
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        render_markdown(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--field", choices=sorted(FIELD_MAX), default="post")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = FIELD_MAX[args.field]
    base = seconds(plain(n), args.repeat)
    print(f"{args.field}: {n} characters; plain text {base * 1000:.1f} ms")
    print("| pattern | ms | plain ms | ratio |\n| --- | --- | --- | --- |")
    worst = 0.0
    for name, make in PATTERNS.items():
        took = seconds(make(n), args.repeat)
        worst = max(worst, took)
        print(f"| {cell(name)} | {took * 1000:.0f} | {base * 1000:.1f} | {took / base:.0f} |")
    print(f"worst {worst * 1000:.0f} ms, {worst / base:.0f} times plain text")


if __name__ == "__main__":
    main()
