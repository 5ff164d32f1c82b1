"""What Alembic compares: the models' tables, less the search objects that only raw DDL makes
(the SQLite FTS5 table and its shadow tables, PostgreSQL's GIN index)."""

from __future__ import annotations

from community.search.schema import FTS_TABLE, PG_INDEX


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    if type_ == "table" and name and name.startswith(FTS_TABLE):
        return False
    if type_ == "index" and name == PG_INDEX:
        return False
    return True
