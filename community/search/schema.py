"""Search schema objects that `db.create_all()` cannot make. Call `ensure_search_schema` after
creating the tables (the test fixtures do; the migration does the same). Idempotent."""

from __future__ import annotations

import sqlalchemy as sa

FTS_TABLE = "search_fts"
# How PostgreSQL's `search_entries.document` is computed from the normalised text: the
# language-agnostic `simple` configuration (no stemming, no stop words), title above body.
PG_DOCUMENT = ("setweight(to_tsvector('simple'::regconfig, coalesce(title, '')), 'A') || "
               "setweight(to_tsvector('simple'::regconfig, coalesce(body, '')), 'B')")
PG_INDEX = "ix_search_entries_document"


def ensure_search_schema(connection: sa.Connection) -> None:
    """Create the FTS5 table (SQLite) or the GIN index on `document` (PostgreSQL)."""
    dialect = connection.dialect.name
    if dialect == "sqlite":
        connection.exec_driver_sql(
            f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
            "title, body, tokenize = 'unicode61 remove_diacritics 0')")
    elif dialect == "postgresql":
        connection.exec_driver_sql(
            f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON search_entries USING gin (document)")
