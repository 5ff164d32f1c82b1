"""The thread page, the thread list and the home feed run a constant number of queries."""

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.models import Post, Reaction, Subscription, Thread, utcnow
from tests.factories import cluster_forum, make_thread


def bulk_fill(thread, authors, count):
    """`count` more posts in `thread` and as many more threads in its category, in bulk."""
    now = utcnow()
    start = thread.post_count
    last_thread = db.session.scalar(sa.select(sa.func.max(Thread.id)))
    db.session.execute(sa.insert(Post), [
        {"thread_id": thread.id, "position": start + n + 1, "author_id": authors[n % 2].id,
         "reply_to_id": None, "body": f"post {n} @karim", "body_html": f"<p>post {n}</p>",
         "created_at": now, "hidden": False} for n in range(count)])
    thread.post_count = start + count
    db.session.execute(sa.insert(Thread), [
        {"category_id": thread.category_id, "author_id": authors[n % 2].id, "title": f"T{n}",
         "created_at": now, "last_post_at": now, "post_count": 1, "pinned": n % 7 == 0,
         "locked": False} for n in range(count)])
    ids = db.session.scalars(sa.select(Post.id).where(Post.thread_id == thread.id,
                                                      Post.position > start)).all()
    db.session.execute(sa.insert(Reaction), [
        {"post_id": pid, "user_id": authors[n % 2].id, "kind": "like", "created_at": now}
        for n, pid in enumerate(ids)])
    new_threads = db.session.scalars(sa.select(Thread.id).where(Thread.id > last_thread)).all()
    db.session.execute(sa.insert(Post), [
        {"thread_id": tid, "position": 1, "author_id": authors[0].id, "reply_to_id": None,
         "body": "x", "body_html": "<p>x</p>", "created_at": now, "hidden": False}
        for tid in new_threads])
    db.session.commit()


def measure(client, count_queries, path):
    client.get(path)  # warm caches (babel, templates) so only the page's own queries count
    with count_queries() as counter:
        assert client.get(path).status_code == 200
    return counter.count


@pytest.fixture
def scenario(member, other_member, manager, closed_cluster):
    thread = make_thread(member, cluster_forum(closed_cluster), "Big", "first @karim")
    db.session.add(Subscription(thread_id=thread.id, user_id=other_member.id))
    db.session.commit()
    return thread


@pytest.mark.parametrize("page", ["thread", "last_page", "list", "feed"])
def test_query_count_constant(client, auth, count_queries, member, manager, scenario, page):
    auth.login(member)
    paths = {"thread": f"/threads/{scenario.id}", "last_page": f"/threads/{scenario.id}?page=9999",
             "list": "/forums/c/secret-lab", "feed": "/"}
    bulk_fill(scenario, [member, manager], 9)
    small = measure(client, count_queries, paths[page])
    bulk_fill(scenario, [member, manager], 491)
    large = measure(client, count_queries, paths[page])
    assert small == large, f"{page}: {small} queries at 10 posts, {large} at 500"
    print(f"{page}: {large} queries")


def test_query_count_api_thread_constant(api_as, count_queries, member, manager, scenario):
    client = api_as(member)
    bulk_fill(scenario, [member, manager], 9)
    with count_queries() as small:
        client.get(f"/threads/{scenario.id}")
    bulk_fill(scenario, [member, manager], 491)
    with count_queries() as large:
        client.get(f"/threads/{scenario.id}")
    assert small.count == large.count
