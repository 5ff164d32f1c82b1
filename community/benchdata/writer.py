"""Writing rows in bulk: PostgreSQL COPY through psycopg, SQLite `executemany` in batches on a
connection tuned for a load. Values are converted the way SQLAlchemy's column types would, so
the rows read back exactly like ORM-written ones."""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa

from community.benchdata import END

BATCH = 10_000


def default_values(table: sa.Table, given: Sequence[str]) -> tuple[list[str], tuple]:
    """The columns of `table` not in `given` that have a Python-side default, and their values
    (a callable default, a timestamp, gets the seed's fixed instant: same seed, same rows)."""
    names, values = [], []
    for column in table.columns:
        if column.name in given or column.default is None or column.primary_key:
            continue
        default = column.default
        value = END if getattr(default, "is_callable", False) else getattr(default, "arg", None)
        if callable(value):
            value = value(None)
        names.append(column.name)
        values.append(value)
    return names, tuple(values)


class BulkWriter:
    """Appends rows to tables over one SQLAlchemy connection (and its transaction)."""

    def __init__(self, connection: sa.Connection) -> None:
        self.connection = connection
        self.dialect = connection.dialect
        self.postgresql = self.dialect.name == "postgresql"
        self.counts: dict[str, int] = {}

    def prepare(self) -> None:
        """Load-time settings: no journal and no fsync on SQLite (a failed load is rebuilt from
        scratch anyway), more memory for sorting and index builds on PostgreSQL."""
        if self.postgresql:
            self.connection.exec_driver_sql("SET maintenance_work_mem = '256MB'")
            self.connection.exec_driver_sql("SET synchronous_commit = off")
        else:
            for pragma in ("journal_mode = OFF", "synchronous = OFF", "cache_size = -200000",
                           "temp_store = MEMORY"):
                self.connection.exec_driver_sql(f"PRAGMA {pragma}")

    def write(self, table: sa.Table | str, columns: Sequence[str], rows: Iterable[tuple],
              with_defaults: bool = True) -> int:
        """Insert `rows` (tuples in the order of `columns`); the other columns get their
        defaults. Returns how many rows were written."""
        if isinstance(table, sa.Table) and with_defaults:
            extra, values = default_values(table, columns)
            if extra:
                columns = [*columns, *extra]
                rows = (row + values for row in rows)
        name = table.name if isinstance(table, sa.Table) else table
        convert = self._converters(table, columns) if isinstance(table, sa.Table) else None
        if convert:
            rows = (tuple(f(v) if f else v for f, v in zip(convert, row, strict=True))
                    for row in rows)
        written = (self._copy if self.postgresql else self._insert)(name, columns, rows)
        self.counts[name] = self.counts.get(name, 0) + written
        return written

    def _converters(self, table: sa.Table, columns: Sequence[str]) -> list | None:
        """Per column, a function from the Python value to what the driver is given: JSON as
        text for COPY; on SQLite, each type's own bind processing (datetimes as text…)."""
        functions = []
        for name in columns:
            column_type = table.c[name].type
            if self.postgresql:
                functions.append(_json_text if isinstance(column_type, sa.JSON) else None)
            else:
                functions.append(column_type.bind_processor(self.dialect))
        return functions if any(functions) else None

    def _copy(self, name: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        raw = self.connection.connection.driver_connection
        written = 0
        with raw.cursor() as cursor, cursor.copy(
                f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                written += 1
        return written

    def _insert(self, name: str, columns: Sequence[str], rows: Iterable[tuple]) -> int:
        raw = self.connection.connection.driver_connection
        statement = (f"INSERT INTO {name} ({', '.join(columns)}) "  # nosec B608 (our names)
                     f"VALUES ({', '.join('?' * len(columns))})")
        written, batch = 0, []
        cursor = raw.cursor()
        for row in rows:
            batch.append(row)
            if len(batch) >= BATCH:
                cursor.executemany(statement, batch)
                written += len(batch)
                batch.clear()
        if batch:
            cursor.executemany(statement, batch)
            written += len(batch)
        cursor.close()
        return written

    def reset_sequences(self, tables: Iterable[sa.Table]) -> None:
        """Ids were given explicitly: PostgreSQL's sequences continue after the largest."""
        if not self.postgresql:
            return
        for table in tables:
            if "id" in table.c and table.c.id.autoincrement and isinstance(
                    table.c.id.type, sa.Integer):
                # table names of the app's own metadata, never input
                self.connection.exec_driver_sql(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # nosec B608
                    f"coalesce((SELECT max(id) FROM {table.name}), 0) + 1, false)")


def _json_text(value) -> str | None:
    return None if value is None else json.dumps(value)


def timestamps(start: datetime, end: datetime, count: int, rng) -> list[datetime]:
    """`count` sorted random instants between `start` and `end`, to the millisecond."""
    span = (end - start).total_seconds()
    return sorted(start + timedelta(milliseconds=int(rng.random() * span * 1000))
                  for _ in range(count))
