"""The search index: one row per searchable thing, holding its text already normalised
(`community.search.normalise.normalise_for_search`). SQLite mirrors it into an FTS5 table;
on PostgreSQL `document` holds its tsvector (title weighted A, body B), under a GIN index.
The FTS5 table and the GIN index are made by `community.search.schema.ensure_search_schema`."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import TSVECTOR
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db

SEARCH_KINDS = ("post", "thread", "user", "cluster")


class SearchEntry(db.Model):
    __tablename__ = "search_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(8))
    ref_id: Mapped[int] = mapped_column()
    title: Mapped[str] = mapped_column(sa.Text, default="")
    body: Mapped[str] = mapped_column(sa.Text, default="")
    # PostgreSQL only (always NULL on SQLite): kept by the index services, so ranking reads a
    # stored vector instead of parsing every matching text again.
    document: Mapped[str | None] = mapped_column(sa.Text().with_variant(TSVECTOR(), "postgresql"))

    __table_args__ = (
        sa.UniqueConstraint("kind", "ref_id", name="uq_search_entries_kind_ref"),
        sa.CheckConstraint(f"kind IN {SEARCH_KINDS}", name="kind"),
    )
