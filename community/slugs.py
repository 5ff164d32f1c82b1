"""Unique slugs for the URLs of things people name (clusters, programmes)."""

from __future__ import annotations

import sqlalchemy as sa

from community.extensions import db
from community.text import slugify

SLUG_MAX = 60  # of the 80 characters of a slug column: room for a `-2`, `-3` … suffix


def unique_slug(column: sa.orm.InstrumentedAttribute, name: str, fallback: str) -> str:
    """A slug for `name`, numbered when another row has it already in `column`."""
    base = slugify(name, SLUG_MAX, fallback=fallback)
    taken = set(db.session.scalars(sa.select(column).where(
        (column == base) | column.like(f"{base}-%"))))
    if base not in taken:
        return base
    number = 2
    while f"{base}-{number}" in taken:
        number += 1
    return f"{base}-{number}"
