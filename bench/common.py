"""Helpers shared by the load scripts: an API token, percentiles."""

from __future__ import annotations

import statistics

import requests


def api_token(url: str, username: str, password: str) -> str:
    """A fresh API token through `POST /api/v1/auth/tokens` (see spec/api.md)."""
    response = requests.post(f"{url}/api/v1/auth/tokens",
                             json={"login": username, "password": password}, timeout=10)
    response.raise_for_status()
    return response.json()["token"]


def summary(name: str, seconds: list[float], errors: int) -> str:
    if not seconds:
        return f"{name}: no successful sample, {errors} errors"
    ordered = sorted(seconds)

    def pct(p: float) -> float:
        return ordered[min(len(ordered) - 1, int(p * len(ordered)))] * 1000

    mean = statistics.fmean(ordered) * 1000
    return (f"{name}: n={len(ordered)} errors={errors} mean={mean:.1f}ms "
            f"p50={pct(0.50):.1f}ms p95={pct(0.95):.1f}ms p99={pct(0.99):.1f}ms "
            f"max={ordered[-1] * 1000:.1f}ms")
