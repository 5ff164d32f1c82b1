"""Worst-case Markdown render times: each pathological pattern of
`tests/security/markdown_pathological.py` at a field's maximum length, next to plain prose of
the same length. Runs offline: `.venv/bin/python bench/markdown_worst_case.py [--field post]`."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.security.markdown_pathological import (  # noqa: E402
    FIELD_MAX,
    PATTERNS,
    plain,
    render_seconds,
)


def cell(name: str) -> str:
    """A pattern's name as a Markdown table cell, its punctuation escaped."""
    return re.sub(r"([\\`*_\[\]()<>|#!-])", r"\\\1", name)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--field", choices=sorted(FIELD_MAX), default="post")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = FIELD_MAX[args.field]
    base = render_seconds(plain(n), args.repeat)
    print(f"{args.field}: {n} characters; plain text {base * 1000:.1f} ms")
    print("| pattern | ms | plain ms | ratio |\n| --- | --- | --- | --- |")
    worst = 0.0
    for name, make in PATTERNS.items():
        took = render_seconds(make(n), args.repeat)
        worst = max(worst, took)
        print(f"| {cell(name)} | {took * 1000:.0f} | {base * 1000:.1f} | {took / base:.0f} |")
    print(f"worst {worst * 1000:.0f} ms, {worst / base:.0f} times plain text")


if __name__ == "__main__":
    main()
