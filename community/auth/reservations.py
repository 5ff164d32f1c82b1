"""Usernames and e-mail addresses of erased accounts, unavailable for 30 days after the erasure
so that nobody can take over a departed member's identity (and their mentions) at once."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from community.extensions import db
from community.models import ReservedName, utcnow

RESERVATION_DAYS = 30


def digest(value: str) -> str:
    """What is stored and compared: a SHA-256 of the lower-cased value, never the value."""
    return hashlib.sha256((value or "").strip().lower().encode()).hexdigest()


def reserve(username: str, email: str) -> None:
    """Keep both names of an erased account unavailable until 30 days from now."""
    until = utcnow() + timedelta(days=RESERVATION_DAYS)
    db.session.add_all([ReservedName(kind="username", digest=digest(username), until=until),
                        ReservedName(kind="email", digest=digest(email), until=until)])


def reserved(kind: str, value: str | None) -> bool:
    """Whether `value` (a username or an e-mail address) belonged to an account erased less
    than 30 days ago."""
    if not value:
        return False
    return db.session.scalar(db.select(db.exists().where(
        ReservedName.kind == kind, ReservedName.digest == digest(value),
        ReservedName.until > utcnow()))) or False
