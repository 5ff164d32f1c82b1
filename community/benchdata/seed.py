"""Seeding a bench database in one transaction: people, clusters, forums, chat, the search
index, then the counters recounted in SQL from the rows themselves."""

from __future__ import annotations

import random
import time
from collections.abc import Callable

import sqlalchemy as sa

from community.auth.passwords import hash_password
from community.benchdata import PASSWORD, RANDOM_SEED, Sizes, chat, forums, people
from community.benchdata.forums import ForumBuilder, TermCounter
from community.benchdata.search_rows import SearchWriter, cluster_entry, user_entry
from community.benchdata.terms import candidates
from community.benchdata.texts import IndexText
from community.benchdata.words import vocabularies
from community.benchdata.writer import BulkWriter
from community.extensions import db
from community.models import (
    Category,
    ChatMember,
    ChatMessage,
    ChatReadMarker,
    ChatRoom,
    Cluster,
    ClusterNeed,
    ClusterTag,
    Membership,
    Post,
    ReadMarker,
    Subscription,
    Thread,
    User,
    UserTag,
)

Report = Callable[[str], None]


def _write_people(writer: BulkWriter, found: people.People) -> None:
    rows = found.rows
    writer.write(User.__table__, people.USER_COLUMNS, rows["users"])
    writer.write(UserTag.__table__, ("id", "user_id", "kind", "value", "position"),
                 rows["user_tags"])
    writer.write(Cluster.__table__, people.CLUSTER_COLUMNS, rows["clusters"])
    writer.write(ClusterTag.__table__, ("id", "cluster_id", "kind", "value", "position"),
                 rows["cluster_tags"])
    writer.write(ClusterNeed.__table__, ("id", "cluster_id", "kind", "text", "tags", "position",
                                         "language"), rows["cluster_needs"])
    writer.write(Membership.__table__, ("id", "user_id", "cluster_id", "role", "state",
                                        "created_at", "since"), rows["memberships"])


def _people_entries(search: SearchWriter, found: people.People) -> None:
    """Members and clusters in the index, as the profile and cluster services leave them."""
    expertise: dict[int, list[str]] = {}
    for _id, user_id, kind, value, _position in found.rows["user_tags"]:
        if kind == "expertise":
            expertise.setdefault(user_id, []).append(value)
    rows = []
    for user in found.rows["users"]:
        user_id, name, _email, _hash, display_name, headline, _bio, bio_html = user[:8]
        title, body = user_entry(display_name, name, headline, expertise.get(user_id, []),
                                 bio_html)
        rows.append((search.next_id(), "user", user_id, title, body))
    tags: dict[tuple[int, str], list[str]] = {}
    for _id, cluster_id, kind, value, _position in found.rows["cluster_tags"]:
        tags.setdefault((cluster_id, kind), []).append(value)
    for cluster in found.rows["clusters"]:
        cluster_id, _slug, name, _sort, acronym = cluster[:5]
        title, body = cluster_entry(name, acronym, tags.get((cluster_id, "sector"), []),
                                    tags.get((cluster_id, "label"), []), cluster[9])
        rows.append((search.next_id(), "cluster", cluster_id, title, body))
    search.write(rows)


def _write_forums(writer: BulkWriter, search: SearchWriter, builder: ForumBuilder,
                  report: Report) -> None:
    writer.write(Category.__table__, forums.CATEGORY_COLUMNS, forums.categories(builder.people))
    for chunk in builder.chunks():
        writer.write(Thread.__table__, forums.THREAD_COLUMNS, chunk.threads)
        writer.write(Post.__table__, forums.POST_COLUMNS, chunk.posts)
        writer.write(Subscription.__table__, ("thread_id", "user_id", "created_at"),
                     chunk.subscriptions)
        writer.write(ReadMarker.__table__, ("thread_id", "user_id", "position", "updated_at"),
                     chunk.markers)
        search.write(chunk.search)
        report(f"  {writer.counts['forum_posts']:,} posts")


def _write_chat(writer: BulkWriter, rows: chat.ChatRows) -> None:
    writer.write(ChatRoom.__table__, chat.ROOM_COLUMNS, rows.rooms)
    writer.write(ChatMember.__table__, chat.MEMBER_COLUMNS, rows.members)
    writer.write(ChatMessage.__table__, chat.MESSAGE_COLUMNS, rows.messages)
    writer.write(ChatReadMarker.__table__, chat.MARKER_COLUMNS, rows.markers)


def recount(connection: sa.Connection) -> None:
    """The denormalised counters the services keep, from the rows (as `refresh_member_count`
    does; a category counts its threads whose first post is published)."""
    active = sa.select(sa.func.count(Membership.id)).where(
        Membership.cluster_id == Cluster.id, Membership.state == "active").scalar_subquery()
    connection.execute(sa.update(Cluster).values(member_count=active))
    threads = sa.select(sa.func.count(Thread.id)).where(
        Thread.category_id == Category.id, Thread.post_count > 0).scalar_subquery()
    connection.execute(sa.update(Category).values(thread_count=threads))


def seed(sizes: Sizes, report: Report) -> tuple[dict[str, int], dict[str, int], dict[str, str]]:
    """Fill the (empty, current-schema) database of the app; returns the rows written per table
    the number of posts holding each candidate search term, and the language of each term."""
    rng = random.Random(RANDOM_SEED)
    words = vocabularies(rng)
    found = people.People()
    people.make_users(sizes, words, rng, hash_password(PASSWORD), found)
    people.make_clusters(sizes, words, rng, found)
    people.make_memberships(sizes, rng, found)
    index_text = IndexText()
    counter = TermCounter(candidates(words, index_text), index_text)
    started = time.monotonic()
    with db.engine.connect() as connection:
        writer = BulkWriter(connection)
        writer.prepare()
        search = SearchWriter(writer)
        _write_people(writer, found)
        _people_entries(search, found)
        report(f"people and clusters: {time.monotonic() - started:.0f} s")
        builder = ForumBuilder(sizes, found, words, rng, search.next_id, index_text, counter)
        _write_forums(writer, search, builder, report)
        report(f"forums: {time.monotonic() - started:.0f} s")
        _write_chat(writer, chat.build_chat(sizes, found, words, rng))
        search.finish()
        recount(connection)
        writer.reset_sequences(db.metadata.sorted_tables)
        connection.commit()
        if writer.postgresql:  # what autovacuum would do soon: plans see the real sizes
            connection.exec_driver_sql("ANALYZE")
            connection.commit()
        report(f"chat, index and counters: {time.monotonic() - started:.0f} s")
    return writer.counts, dict(counter.counts), counter.candidates
