"""The search index of the bench data: `search_entries` rows (and the FTS5 mirror on SQLite, the
tsvector on PostgreSQL) holding what `community.search.index` would write."""

from __future__ import annotations

import itertools
from collections.abc import Iterable

import sqlalchemy as sa

from community.benchdata.writer import BulkWriter
from community.markup import plain_text
from community.models import SearchEntry
from community.search.normalise import normalise_for_search, with_stems
from community.search.schema import FTS_TABLE, PG_DOCUMENT, PG_INDEX, ensure_search_schema
from community.sectors import sector_search_text

ENTRY_COLUMNS = ("id", "kind", "ref_id", "title", "body")
PG_STAGING = "bench_search_staging"


def indexed(text: str) -> str:
    return with_stems(normalise_for_search(text))


def user_entry(display_name: str, username: str, headline: str, expertise: list[str],
               bio_html: str) -> tuple[str, str]:
    """(title, body) of a member, as `index_user` makes them."""
    body = " ".join([headline or "", " ".join(expertise), plain_text(bio_html)])
    return indexed(f"{display_name} {username}"), indexed(body)


def cluster_entry(name: str, acronym: str, sectors: list[str], labels: list[str],
                  description_html: str) -> tuple[str, str]:
    """(title, body) of a cluster, as `index_cluster` makes them."""
    body = " ".join([sector_search_text(sectors), " ".join(labels),
                     plain_text(description_html)])
    return indexed(f"{name} {acronym or ''}"), indexed(body)


class SearchWriter:
    """Hands out entry ids and writes entries: on SQLite to the table and its FTS5 mirror (same
    rowid); on PostgreSQL to a staging table, moved with its tsvector at the end."""

    def __init__(self, writer: BulkWriter) -> None:
        self.writer = writer
        self.ids = itertools.count(1)
        if writer.postgresql:
            writer.connection.exec_driver_sql(f"DROP INDEX IF EXISTS {PG_INDEX}")
            writer.connection.exec_driver_sql(
                f"CREATE UNLOGGED TABLE {PG_STAGING} (id integer, kind varchar(8), "
                "ref_id integer, title text, body text)")

    def next_id(self) -> int:
        return next(self.ids)

    def write(self, rows: Iterable[tuple]) -> None:
        rows = list(rows)
        if self.writer.postgresql:
            self.writer.write(PG_STAGING, ENTRY_COLUMNS, rows)
            return
        self.writer.write(SearchEntry.__table__, ENTRY_COLUMNS, rows)
        self.writer.write(FTS_TABLE, ("rowid", "title", "body"),
                          ((row[0], row[3], row[4]) for row in rows))

    def finish(self) -> None:
        """PostgreSQL: the entries with their tsvector (the expression of the schema), then
        the GIN index built once over all of them."""
        if not self.writer.postgresql:
            return
        connection = self.writer.connection
        connection.exec_driver_sql(
            f"INSERT INTO search_entries (id, kind, ref_id, title, body, document) "  # nosec B608
            f"SELECT id, kind, ref_id, title, body, {PG_DOCUMENT} FROM {PG_STAGING} ORDER BY id")
        connection.exec_driver_sql(f"DROP TABLE {PG_STAGING}")
        self.writer.counts.pop(PG_STAGING, None)
        ensure_search_schema(connection)
        self.writer.counts["search_entries"] = connection.scalar(
            sa.select(sa.func.count()).select_from(SearchEntry.__table__))
