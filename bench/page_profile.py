"""In-process cost of the signed-in pages: SQL statements and milliseconds per request through
the app's test client, on the demo data grown to a realistic size, with a pyinstrument profile
of one page on demand. For finding what to fix, not the published figures (see bench/README).

    python -m bench.page_profile [--db sqlite:///bench/.cache/pagespeed.db] [--clusters 1000]
                                 [--requests 200] [--profile cluster]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from community import create_app
from community.extensions import db
from config import TestingConfig

CACHE = Path(__file__).resolve().parent / ".cache"
VIEWER = "salma_benjelloun"


class ProfileConfig(TestingConfig):
    """The test configuration (forms without CSRF tokens, so the client can sign in) with a
    file database."""

    TESTING = False


def seed(clusters: int, members_each: int) -> None:
    """The demo data, `clusters` bulk clusters with members and a 50-post thread."""
    from community.demo import load_demo
    from community.models import Category, Post, Thread, User, utcnow
    from community.search.schema import ensure_search_schema
    from tests.factories import bulk_clusters

    db.create_all()
    with db.engine.begin() as connection:
        ensure_search_schema(connection)
    load_demo()
    db.session.commit()
    with current_app.test_request_context():
        bulk_clusters(clusters, members_each=members_each)
    viewer = db.session.scalar(sa.select(User).where(User.username == VIEWER))
    category = db.session.scalars(sa.select(Category).where(Category.cluster_id.is_(None))).first()
    now = utcnow()
    thread = Thread(category_id=category.id, author_id=viewer.id, title="Bench thread",
                    created_at=now, last_post_at=now, post_count=50)
    db.session.add(thread)
    db.session.flush()
    db.session.execute(sa.insert(Post), [
        {"thread_id": thread.id, "position": n + 1, "author_id": viewer.id, "reply_to_id": None,
         "body": f"post {n}", "body_html": f"<p>post {n} about olive oil</p>",
         "created_at": now, "hidden": False} for n in range(50)])
    db.session.commit()


def pages() -> dict[str, str]:
    from community.models import Category, Thread

    thread = db.session.scalar(sa.select(Thread.id).where(Thread.title == "Bench thread"))
    category = db.session.scalar(sa.select(Category.slug).where(Category.cluster_id.is_(None)))
    return {"thread": f"/threads/{thread}", "list": f"/forums/{category}",
            "cluster": "/clusters/maroc-numeric-cluster",
            "partners": "/clusters/maroc-numeric-cluster/partners", "members": "/members",
            "profile": "/u/omar_tazi", "home": "/", "search": "/search?q=olive"}


def measure(client, path: str, requests: int, show_sql: bool = False) -> tuple[int, float, float]:
    """(statements, median CPU ms, p99 CPU ms) of `requests` GETs of `path` after a warm-up."""
    statements = []

    def record(*args) -> None:
        statements.append(args[2])

    for _ in range(3):
        assert client.get(path).status_code == 200, path
    sa.event.listen(db.engine, "before_cursor_execute", record)
    client.get(path)
    sa.event.remove(db.engine, "before_cursor_execute", record)
    count = len(statements)
    if show_sql:
        print("\n".join(f"  {' '.join(s.split())[:160]}" for s in statements))
    times = []
    for _ in range(requests):
        start = time.process_time()  # CPU time: other processes on the machine do not count
        client.get(path)
        times.append((time.process_time() - start) * 1000)
    times.sort()
    return count, statistics.median(times), times[min(len(times) - 1, int(0.99 * len(times)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"sqlite:///{CACHE / 'pagespeed.db'}")
    parser.add_argument("--clusters", type=int, default=1000)
    parser.add_argument("--members-each", type=int, default=5)
    parser.add_argument("--requests", type=int, default=100)
    parser.add_argument("--profile", help="a page name: print its pyinstrument profile")
    parser.add_argument("--sql", action="store_true", help="print each page's statements")
    parser.add_argument("--only", help="comma-separated page names")
    args = parser.parse_args()
    CACHE.mkdir(exist_ok=True)
    config = ProfileConfig()
    config.SQLALCHEMY_DATABASE_URI = args.db
    config.UPLOAD_FOLDER = str(CACHE / "uploads")
    config.MAIL_OUTBOX = str(CACHE / "outbox")
    app = create_app(config)
    with app.app_context():
        if not sa.inspect(db.engine).has_table("users"):
            seed(args.clusters, args.members_each)
        targets = pages()
    client = app.test_client()
    from community.demo.data import DEMO_PASSWORD

    assert client.post("/login", data={"login": VIEWER, "password": DEMO_PASSWORD}
                       ).status_code == 302
    wanted = args.only.split(",") if args.only else list(targets)
    if args.profile:
        from pyinstrument import Profiler

        path = targets[args.profile]
        client.get(path)
        with Profiler(interval=0.0005) as profiler:
            for _ in range(args.requests):
                client.get(path)
        print(profiler.output_text(unicode=True, color=False, show_all=False))
        return
    with app.app_context():
        for name in wanted:
            count, median, p99 = measure(client, targets[name], args.requests, args.sql)
            print(f"{name:10} {count:3} statements  CPU median {median:7.2f} ms  p99 {p99:7.2f} ms")


if __name__ == "__main__":
    main()
