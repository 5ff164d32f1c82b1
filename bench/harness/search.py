"""Search timings in process: `community.search.services.search`, the code behind
`GET /api/v1/search` and `/search`, as a visitor, for the manifest's terms grouped by their
number of hits (10² to 10⁶), on each bench database."""

from __future__ import annotations

import statistics
import time

from community import create_app
from community.extensions import db
from config import Config

PER_PAGE = 20  # the API's default page


def percentile(samples: list[float], fraction: float) -> float:
    """Nearest-rank percentile (the value below which `fraction` of the samples fall)."""
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, max(0, round(fraction * len(ordered)) - 1))]


def bench_config(database_url: str) -> Config:
    config = Config()
    config.SQLALCHEMY_DATABASE_URI = database_url
    config.SECRET_KEY = "bench"
    config.RATELIMIT_ENABLED = False
    return config


def time_terms(terms: dict[str, list[str]], rounds: int,
               hits_of: dict[str, int] | None = None) -> dict[str, dict]:
    """{hits: {p50_ms, p99_ms, samples, terms, hits}}; one untimed pass first (connections,
    caches). `hits_of`: each term's real number of hits, as the seed counted them."""
    from community.search.services import search  # after the factory's imports

    for group in terms.values():
        for term in group:
            search(None, term, None, 1, PER_PAGE)
    figures = {}
    for hits, group in terms.items():
        samples = []
        for _ in range(rounds):
            for term in group:
                started = time.perf_counter()
                search(None, term, None, 1, PER_PAGE)
                samples.append((time.perf_counter() - started) * 1000)
                db.session.rollback()  # a request ends its transaction
        figures[hits] = {"p50_ms": round(statistics.median(samples), 2),
                         "p99_ms": round(percentile(samples, 0.99), 2),
                         "samples": len(samples), "terms": group,
                         "hits": [(hits_of or {}).get(term) for term in group]}
    return figures


def search_timings(database_url: str, terms: dict[str, list[str]], rounds: int,
                   hits: dict[str, int] | None = None) -> dict:
    app = create_app(bench_config(database_url))
    with app.test_request_context("/api/v1/search"):
        figures = time_terms(terms, rounds, hits)
        db.session.remove()
        db.engine.dispose()
    return figures
