"""Keeping the search index up to date. Services call these inside their own transaction, before
committing, so the index never disagrees with what was written (no ORM events)."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.markup import plain_text
from community.models import Cluster, Post, SearchEntry, Thread, User
from community.search.normalise import normalise_for_search, with_stems
from community.search.schema import FTS_TABLE, ensure_search_schema
from community.sectors import sector_search_text

# The table name is our own constant and every value a bound parameter: not the SQL injection
# bandit's B608 looks for in SQL built from strings (false positives, marked nosec).
DELETE_FTS_ROW = sa.text(f"DELETE FROM {FTS_TABLE} WHERE rowid = :id")  # nosec B608
FTS_COLUMNS = "(rowid, title, body) VALUES (:id, :title, :body)"
INSERT_FTS_ROW = sa.text(f"INSERT INTO {FTS_TABLE} {FTS_COLUMNS}")  # nosec B608


_READY: set[str] = set()


def uses_fts() -> bool:
    """True on SQLite, after making sure its FTS5 table exists (once per database): a database
    made by `create_all` or an old migration still gets one, so writes never fail on it."""
    bind = db.session.get_bind()
    if bind.dialect.name != "sqlite":
        return False
    key = str(bind.url)
    if key not in _READY:
        ensure_search_schema(db.session.connection())
        _READY.add(key)
    return True


def index_entry(kind: str, ref_id: int, title: str, body: str) -> None:
    """Insert or replace the entry of one thing; `title` and `body` are raw text."""
    title_n = with_stems(normalise_for_search(title))
    body_n = with_stems(normalise_for_search(body))
    entry = db.session.scalar(sa.select(SearchEntry).where(
        SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))
    if entry is None:
        entry = SearchEntry(kind=kind, ref_id=ref_id)
        db.session.add(entry)
    entry.title, entry.body = title_n, body_n
    if db.session.get_bind().dialect.name == "postgresql":
        entry.document = pg_document(title_n, body_n)
    db.session.flush()
    if uses_fts():
        # The FTS5 table mirrors the entry under the same rowid; ids can be reused after a
        # delete, so the old row is always removed first.
        db.session.execute(DELETE_FTS_ROW, {"id": entry.id})
        db.session.execute(INSERT_FTS_ROW, {"id": entry.id, "title": title_n, "body": body_n})


def pg_document(title: str, body: str):
    """The weighted tsvector of normalised text (SQL, evaluated by PostgreSQL at flush)."""
    simple = sa.literal_column("'simple'::regconfig")

    def weighted(text: str, weight: str):
        return sa.func.setweight(sa.func.to_tsvector(simple, sa.cast(text, sa.Text)),
                                 sa.literal_column(f"'{weight}'::\"char\""))

    return weighted(title, "A").op("||")(weighted(body, "B"))


def remove_entry(kind: str, ref_id: int) -> None:
    entry = db.session.scalar(sa.select(SearchEntry).where(
        SearchEntry.kind == kind, SearchEntry.ref_id == ref_id))
    if entry is None:
        return
    if uses_fts():
        db.session.execute(DELETE_FTS_ROW, {"id": entry.id})
    db.session.delete(entry)


def index_post(post: Post) -> None:
    if post.is_deleted or post.held_at is not None:  # held: indexed once approved
        remove_entry("post", post.id)
    else:
        index_entry("post", post.id, "", plain_text(post.body_html))


def index_thread(thread: Thread) -> None:
    if thread.post_count == 0:  # its first post waits for approval: indexed with it
        remove_entry("thread", thread.id)
        return
    index_entry("thread", thread.id, thread.title, "")


def index_user(user: User) -> None:
    """Call after creating or editing a user (profiles and accounts services)."""
    if user.status == "deleted":
        remove_entry("user", user.id)
        return
    title = f"{user.display_name} {user.username}"
    body = " ".join([user.headline or "", " ".join(user.expertise), plain_text(user.bio_html)])
    index_entry("user", user.id, title, body)


def index_cluster(cluster: Cluster) -> None:
    """Call after creating, editing, approving or rejecting a cluster (clusters services)."""
    title = f"{cluster.name} {cluster.acronym or ''}"
    body = " ".join([sector_search_text(cluster.sectors), " ".join(cluster.labels),
                     plain_text(cluster.description_html)])
    index_entry("cluster", cluster.id, title, body)


def reindex_all(batch: int = 500) -> int:
    """Rebuild every entry from the data (the `flask search reindex` command); returns a count."""
    count = 0
    for model, index in ((Thread, index_thread), (Post, index_post),
                         (User, index_user), (Cluster, index_cluster)):
        last_id = 0
        while True:
            rows = db.session.scalars(sa.select(model).where(model.id > last_id)
                                      .order_by(model.id).limit(batch)).all()
            if not rows:
                break
            for row in rows:
                index(row)
                count += 1
            last_id = rows[-1].id
            db.session.commit()
    return count
