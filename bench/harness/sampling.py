"""Random valid URLs for each benchmarked page, picked from the bench database and built with
the app's own `url_for`, so wrk requests pages that exist (a 404 is not a page)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from pathlib import Path

import sqlalchemy as sa
from flask import Flask, url_for

from community.extensions import db
from community.models import Category, Cluster, Thread, User

# The feature packages import each other in the order of the app factory: their functions
# are imported inside the functions below, which run once an app exists.

PAGES = ("thread", "thread_list", "cluster", "partners", "members", "profile", "home",
         "search")
PER_PAGE_KIND = 1000


def _ids(statement: sa.Select) -> list:
    return list(db.session.scalars(statement))


def _pick(rng: random.Random, values: list, count: int) -> list:
    if not values:
        raise RuntimeError("the bench database has nothing to sample for a page")
    return rng.sample(values, min(count, len(values)))


def _threads(rng: random.Random, count: int) -> list[str]:
    from community.forums.queries import readable_threads

    ids = _ids(readable_threads(None).with_only_columns(Thread.id).order_by(Thread.id))
    return [url_for("forums.thread", thread_id=i) for i in _pick(rng, ids, count)]


def _thread_lists(rng: random.Random, count: int) -> list[str]:
    """Site categories and the public cluster forums, those with threads."""
    from community.forums.queries import readable_category

    rows = db.session.execute(
        sa.select(Category.slug, Cluster.slug).outerjoin(Cluster, Category.cluster_id == Cluster.id)
        .where(readable_category(None), Category.thread_count > 0).order_by(Category.id)).all()
    return [url_for("forums.category", slug=category) if cluster is None
            else url_for("forums.cluster_forum", slug=cluster)
            for category, cluster in _pick(rng, rows, count)]


def _clusters(rng: random.Random, count: int, endpoint: str) -> list[str]:
    slugs = _ids(sa.select(Cluster.slug).where(Cluster.status == "approved")
                 .order_by(Cluster.id))
    return [url_for(endpoint, slug=slug) for slug in _pick(rng, slugs, count)]


def _members(rng: random.Random, count: int) -> list[str]:
    from community.profiles.services import PER_PAGE, directory_query

    listed = db.session.scalar(sa.select(sa.func.count()).select_from(
        directory_query().order_by(None).subquery()))
    pages = max(1, math.ceil(listed / PER_PAGE))
    return [url_for("profiles.directory", page=rng.randint(1, pages)) for _ in range(count)]


def _profiles(rng: random.Random, count: int) -> list[str]:
    from community.profiles.services import directory_query

    names = _ids(directory_query().with_only_columns(User.username).order_by(User.id))
    return [url_for("profiles.show", username=name) for name in _pick(rng, names, count)]


def sample_paths(app: Flask, search_terms: list[str], count: int = PER_PAGE_KIND,
                 seed: int = 13) -> dict[str, list[str]]:
    """Up to `count` paths per page of PAGES; the same seed gives the same paths."""
    rng = random.Random(seed)
    makers: dict[str, Callable[[], list[str]]] = {
        "thread": lambda: _threads(rng, count),
        "thread_list": lambda: _thread_lists(rng, count),
        "cluster": lambda: _clusters(rng, count, "clusters.show"),
        "partners": lambda: _clusters(rng, count, "clusters.partners"),
        "members": lambda: _members(rng, count),
        "profile": lambda: _profiles(rng, count),
        "home": lambda: [url_for("home.index")],
        "search": lambda: [url_for("search.page", q=term) for term in search_terms],
    }
    with app.test_request_context():
        paths = {page: makers[page]() for page in PAGES}
    if not paths["search"]:
        raise RuntimeError("no search term to benchmark the search page with")
    return paths


def write_path_files(paths: dict[str, list[str]], folder: Path) -> dict[str, Path]:
    """One file per page, a path a line: what urls.lua reads."""
    folder.mkdir(parents=True, exist_ok=True)
    files = {}
    for page, page_paths in paths.items():
        files[page] = folder / f"{page}.txt"
        files[page].write_text("\n".join(page_paths) + "\n")
    return files
