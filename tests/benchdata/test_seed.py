"""The bench seed stores what the real write path would: counters equal to the rows, the
renderer's HTML, the indexer's search entries; a second run finds it cached."""

from __future__ import annotations

import sqlalchemy as sa

from community.auth.passwords import verify_password
from community.benchdata import ADMIN_USERNAME, PASSWORD
from community.extensions import db
from community.forums.services import clean_body, create_post
from community.markup import render_markdown
from community.models import (
    Category,
    ChatMember,
    ChatMessage,
    ChatReadMarker,
    ChatRoom,
    Cluster,
    ClusterNeed,
    Membership,
    Post,
    ReadMarker,
    SearchEntry,
    Subscription,
    Thread,
    User,
)
from community.search.index import index_cluster, index_post, index_thread, index_user
from community.search.schema import FTS_TABLE
from community.search.services import search
from tests.benchdata.conftest import run_seed

SAMPLE = 40


def scalar(statement) -> int:
    return db.session.scalar(statement) or 0


def test_seed_writes_the_counts_of_the_scale(bench, seeded):
    sizes = seeded[1]["sizes"]
    assert scalar(sa.select(sa.func.count(Post.id))) == sizes["posts"]
    assert scalar(sa.select(sa.func.count(Thread.id))) == sizes["threads"]
    assert scalar(sa.select(sa.func.count(Cluster.id))) == sizes["clusters"]
    assert scalar(sa.select(sa.func.count(User.id))) == sizes["users"] + 1
    assert scalar(sa.select(sa.func.count(ChatMessage.id))) == sizes["chat_messages"]


def test_seed_thread_counters_equal_their_posts(bench):
    posts = (sa.select(Post.thread_id, sa.func.count().label("n"),
                       sa.func.max(Post.position).label("last"),
                       sa.func.max(Post.created_at).label("at"))
             .group_by(Post.thread_id).subquery())
    rows = db.session.execute(sa.select(Thread.post_count, posts.c.n, posts.c.last,
                                        Thread.last_post_at, posts.c.at)
                              .join(posts, posts.c.thread_id == Thread.id)).all()
    assert len(rows) == scalar(sa.select(sa.func.count(Thread.id)))
    for post_count, count, last_position, last_post_at, newest in rows:
        assert post_count == count == last_position
        assert last_post_at == newest


def test_seed_category_and_cluster_counters_equal_their_rows(bench):
    for category in db.session.scalars(sa.select(Category)):
        assert category.thread_count == scalar(sa.select(sa.func.count(Thread.id)).where(
            Thread.category_id == category.id))
    for cluster in db.session.scalars(sa.select(Cluster)):
        assert cluster.member_count == scalar(sa.select(sa.func.count(Membership.id)).where(
            Membership.cluster_id == cluster.id, Membership.state == "active"))
        assert cluster.status == "approved"
    shores = set(db.session.scalars(sa.select(Cluster.shore)))
    assert shores == {"north", "south"}


def test_seed_stores_partners_across_the_sea(bench):
    from community.clusters.partners import stored_partners

    cluster = db.session.get(Cluster, 1)
    partners = stored_partners(cluster, matches_only=True, for_member=True)
    assert partners and all(p.cluster.shore != cluster.shore for p in partners)
    languages = set(db.session.scalars(sa.select(ClusterNeed.language)))
    assert languages == {"en", "fr", "ar"}


def test_seed_room_counters_equal_their_messages(bench, seeded):
    for room in db.session.scalars(sa.select(ChatRoom)):
        count, last, newest = db.session.execute(sa.select(
            sa.func.count(), sa.func.max(ChatMessage.seq), sa.func.max(ChatMessage.created_at))
            .where(ChatMessage.room_id == room.id)).one()
        assert room.last_seq == count == (last or 0)
        assert room.last_message_at == newest
    big = db.session.get(ChatRoom, seeded[1]["ids"]["big_room_id"])
    assert db.session.get(Cluster, big.cluster_id).member_count == \
        seeded[1]["sizes"]["big_room_members"]


def test_seed_authors_are_subscribed_and_marked_read(bench):
    authored = db.session.execute(sa.select(Post.thread_id, Post.author_id,
                                            sa.func.max(Post.position))
                                  .group_by(Post.thread_id, Post.author_id)).all()
    markers = {(m.thread_id, m.user_id): m.position
               for m in db.session.scalars(sa.select(ReadMarker))}
    subscribed = {tuple(row) for row in db.session.execute(
        sa.select(Subscription.thread_id, Subscription.user_id))}
    assert markers == {(thread, author): last for thread, author, last in authored}
    assert subscribed == set(markers)


def test_seed_chat_members_have_read_markers(bench):
    markers = {(m.room_id, m.user_id): m.last_read_seq
               for m in db.session.scalars(sa.select(ChatReadMarker))}
    for room in db.session.scalars(sa.select(ChatRoom)):
        for user_id in db.session.scalars(room.member_ids_statement()):
            assert 0 <= markers.pop((room.id, user_id)) <= room.last_seq
    assert markers == {}  # nobody outside a room has a marker in it
    sent = db.session.execute(sa.select(ChatMessage.room_id, ChatMessage.author_id,
                                        sa.func.max(ChatMessage.seq))
                              .group_by(ChatMessage.room_id, ChatMessage.author_id)).all()
    for room_id, author_id, last in sent:
        marker = db.session.get(ChatReadMarker, (room_id, author_id))
        assert marker.last_read_seq >= last
    assert scalar(sa.select(sa.func.count(ChatMember.id))) > 0


def test_seed_stores_the_renderers_html(bench):
    posts = db.session.scalars(sa.select(Post).order_by(Post.id).limit(SAMPLE)).all()
    messages = db.session.scalars(sa.select(ChatMessage).limit(SAMPLE)).all()
    for post in posts:
        assert clean_body(post.body) == post.body
        assert render_markdown(post.body, is_user=lambda name: False) == post.body_html
    for message in messages:
        assert render_markdown(message.body, is_user=None) == message.body_html
    for user in db.session.scalars(sa.select(User).limit(SAMPLE)):
        assert render_markdown(user.bio) == user.bio_html
    for cluster in db.session.scalars(sa.select(Cluster).limit(SAMPLE)):
        assert render_markdown(cluster.description) == cluster.description_html


def stored_entry(kind: str, ref_id: int) -> tuple:
    """The entry's title, body, tsvector (PostgreSQL) and FTS5 mirror (SQLite)."""
    entry = db.session.execute(sa.select(
        SearchEntry.id, SearchEntry.title, SearchEntry.body,
        sa.cast(SearchEntry.document, sa.Text)).where(
        SearchEntry.kind == kind, SearchEntry.ref_id == ref_id)).one()
    mirror = None
    if db.engine.dialect.name == "sqlite":
        mirror = db.session.execute(sa.text(
            f"SELECT title, body FROM {FTS_TABLE} WHERE rowid = :id"),  # noqa: S608
            {"id": entry.id}).one()
        mirror = tuple(mirror)
    return tuple(entry), mirror


def test_seed_search_entries_equal_the_indexers(bench):
    things = [("post", index_post, Post), ("thread", index_thread, Thread),
              ("user", index_user, User), ("cluster", index_cluster, Cluster)]
    for kind, index, model in things:
        for row in db.session.scalars(sa.select(model).order_by(model.id).limit(SAMPLE)):
            seeded = stored_entry(kind, row.id)
            index(row)
            db.session.flush()
            assert stored_entry(kind, row.id) == seeded, (kind, row.id)
    db.session.rollback()


def test_search_finds_the_manifests_terms(bench, seeded):
    terms = [term for group in seeded[1]["search_terms"].values() for term in group]
    assert terms
    for term in terms:
        assert term["hits"] > 0
    result = search(None, terms[0]["term"])
    assert result.total > 0 and result.items


def test_real_replies_continue_the_seeded_thread(bench):
    thread = db.session.scalar(sa.select(Thread).join(Category)
                               .where(Category.cluster_id.is_(None)).order_by(Thread.id))
    author = db.session.scalar(sa.select(User).where(User.username == "bench00001"))
    before = thread.post_count
    post = create_post(author, thread, "A new reply after the seed.")
    db.session.flush()
    assert post.position == before + 1 and thread.post_count == before + 1
    assert post.id > scalar(sa.select(sa.func.max(Post.id)).where(Post.id != post.id))
    db.session.rollback()


def test_bench_users_sign_in_with_the_bench_password(bench, seeded):
    admin = db.session.scalar(sa.select(User).where(User.username == ADMIN_USERNAME))
    member = db.session.scalar(sa.select(User).where(User.username == "bench00001"))
    assert admin.role == "admin" and member.role == "member" and member.is_confirmed
    assert verify_password(member.password_hash, PASSWORD)
    assert seeded[1]["credentials"]["password"] == PASSWORD


def test_second_seed_is_cached(seeded):
    url, manifest, first_output, tmp = seeded
    assert "seeding" in first_output
    again = run_seed(url, tmp / "again.json", tmp)
    assert "cached" in again and "seeding" not in again
    assert (tmp / "again.json").read_text() == (tmp / "manifest.json").read_text()


def test_cached_seed_gets_the_partners_a_later_commit_stores(seeded, tmp_path):
    from community import create_app
    from community.models import ClusterPartner
    from tests.conftest import make_config

    url, _manifest, _output, tmp = seeded
    app = create_app(make_config(url, tmp_path))
    with app.app_context():
        before = db.session.scalar(sa.select(sa.func.count()).select_from(ClusterPartner))
        db.session.execute(sa.delete(ClusterPartner))  # as a data set seeded before the table
        db.session.commit()
        db.session.remove()
        db.engine.dispose()
    again = run_seed(url, tmp / "partners.json", tmp)
    assert "cached" in again and f"stored partners: {before} pairs" in again


def test_seed_refuses_a_database_holding_other_data(tmp_path):
    from community import create_app
    from tests.conftest import make_config

    url = f"sqlite:///{tmp_path / 'real.db'}"
    real = create_app(make_config(url, tmp_path))
    with real.app_context():
        db.create_all()  # a product database: the app's tables, no seed marker
        db.engine.dispose()
    other = create_app(make_config(f"sqlite:///{tmp_path / 'cli.db'}", tmp_path))
    result = other.test_cli_runner().invoke(args=[
        "bench", "seed", "--scale", "0.001", "--database-url", url, "--force"])
    assert result.exit_code != 0 and "not a bench seed" in result.output
    assert (tmp_path / "real.db").exists()


def test_seed_refuses_the_apps_own_database(tmp_path):
    from community import create_app
    from tests.conftest import make_config

    url = f"sqlite:///{tmp_path / 'own.db'}"
    app = create_app(make_config(url, tmp_path))
    result = app.test_cli_runner().invoke(args=[
        "bench", "seed", "--scale", "0.001", "--database-url", url])
    assert result.exit_code != 0 and "own database" in result.output
