"""SQL statements per page, counted in process (test client) on a small database made through
the services (tests/factories.py): once with 1 item on each page, once with 50. A page whose
count grows with its items runs a query per item (an N+1)."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa
from flask import Flask

from community import create_app
from community.extensions import db
from config import TestingConfig

SIZES = (1, 50)
SEARCH_WORD = "quagga"
PASSWORD = "bench password 123"


@dataclass
class World:
    """The rows each page shows `size` of."""

    viewer: str
    thread_id: int
    cluster_slug: str

    def paths(self) -> dict[str, str]:
        return {"thread": f"/threads/{self.thread_id}",
                "thread_list": f"/forums/c/{self.cluster_slug}",
                "cluster": f"/clusters/{self.cluster_slug}",
                "partners": f"/clusters/{self.cluster_slug}/partners",
                "members": "/members", "profile": f"/u/{self.viewer}", "home": "/",
                "search": f"/search?q={SEARCH_WORD}"}


class StatementCounter:
    """Counts the SQL statements run inside a `with` block."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine, self.count = engine, 0

    def _record(self, *_args) -> None:
        self.count += 1

    def __enter__(self) -> StatementCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)


def build_world(size: int) -> World:
    """`size` members in a cluster, threads in its forum, posts in its first thread (all
    with the search word), partner clusters across the sea; the viewer is a member who wrote
    the thread, so the home feed shows `size` threads (up to its length)."""
    from tests import factories as f

    manager = f.make_user("qmanager", password=PASSWORD, country="MA")
    viewer = f.make_user("qviewer", password=PASSWORD, country="MA")
    cluster = f.make_cluster(manager, "Query Cluster", country="MA", members=[viewer])
    f.bulk_users("qmember", 0, size - 1, cluster)
    forum = f.cluster_forum(cluster)
    thread = f.make_thread(viewer, forum, "Topic 0", f"First {SEARCH_WORD}")
    for n in range(1, size):
        f.make_post(viewer, thread, f"Reply {n} {SEARCH_WORD}")
        f.make_thread(viewer, forum, f"Topic {n}", "Body")
    f.bulk_clusters(size)
    db.session.commit()
    return World(viewer=viewer.username, thread_id=thread.id, cluster_slug=cluster.slug)


def page_counts(app: Flask, world: World, signed_in: bool) -> dict[str, int]:
    client = app.test_client()
    if signed_in:
        client.post("/login", data={"login": world.viewer, "password": PASSWORD})
    counts = {}
    for page, path in world.paths().items():
        client.get(path)  # warm caches (templates, locale data): only the page's own queries
        with StatementCounter(db.engine) as counter:
            status = client.get(path).status_code
        if status != 200:
            raise RuntimeError(f"queries: {path} answered {status}")
        counts[page] = counter.count
    return counts


def make_app(url: str, folder: Path) -> Flask:
    config = TestingConfig()
    config.SQLALCHEMY_DATABASE_URI = url
    config.UPLOAD_FOLDER = str(folder / "uploads")
    config.MAIL_OUTBOX = str(folder / "outbox")
    return create_app(config)


def counts_at(size: int, folder: Path) -> dict[str, dict[str, int]]:
    """{"signed_out": {page: statements}, "signed_in": {…}} with `size` items per page."""
    app = make_app("sqlite://", folder)  # in memory: one connection, no fsync per commit
    from community.search.schema import ensure_search_schema  # after the factory's imports

    with app.app_context():
        db.create_all()
        with db.engine.begin() as connection:
            ensure_search_schema(connection)
        world = build_world(size)
        result = {"signed_out": page_counts(app, world, False),
                  "signed_in": page_counts(app, world, True)}
        db.session.remove()
        db.engine.dispose()
    return result


def queries_per_page(sizes: tuple[int, ...] = SIZES) -> dict[str, dict[str, dict[str, int]]]:
    """{mode: {page: {size: statements}}}, on SQLite."""
    by_size = {}
    with tempfile.TemporaryDirectory(prefix="bench-queries-") as tmp:
        for size in sizes:
            by_size[size] = counts_at(size, Path(tmp))
    return {mode: {page: {str(size): by_size[size][mode][page] for size in sizes}
                   for page in by_size[sizes[0]][mode]}
            for mode in ("signed_out", "signed_in")}
