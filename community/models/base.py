"""Column types and helpers shared by every model."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy.types import TypeDecorator

# Ids, seqs and the like are integer columns: PostgreSQL refuses to compare a larger number with
# one (an error, not an empty result), so a number from a request above this names nothing.
MAX_ID = 2**31 - 1


def is_id(value: object) -> bool:
    """Whether `value` (from a request) can be the id of a row: an int from 1 to MAX_ID."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value <= MAX_ID


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(TypeDecorator):
    """An aware UTC datetime on every database: SQLite forgets the zone, so it is put back."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTCDateTime column")
        return value.astimezone(UTC)

    def process_result_value(self, value: datetime | None, dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=UTC)
        return value.astimezone(UTC)


def isoformat(value: datetime | None) -> str | None:
    """ISO 8601 in UTC with `Z`, as the API promises."""
    if value is None:
        return None
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


class Tagged:
    """A model with ordered `(kind, value)` tag rows in `tags` (users: languages, expertise;
    clusters: sectors, labels): one way to read and to replace them."""

    def tag_values(self, kind: str) -> list[str]:
        """The values of one kind, in their order."""
        return [tag.value for tag in self.tags if tag.kind == kind]

    def set_tags(self, kind: str, values: list[str]) -> None:
        """Replace the values of one kind, keeping the rows of values that stay: the unit of
        work inserts before it deletes, so a re-added row would break the unique key."""
        tag_class = self.__mapper__.relationships["tags"].mapper.class_
        existing = {tag.value: tag for tag in self.tags if tag.kind == kind}
        kept = [tag for tag in self.tags if tag.kind != kind]
        for position, value in enumerate(values):
            tag = existing.get(value) or tag_class(kind=kind, value=value)
            tag.position = position
            kept.append(tag)
        self.tags = kept
