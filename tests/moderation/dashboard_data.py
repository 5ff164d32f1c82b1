"""Rows the dashboard and audit tests count: reports, held posts, audit entries, and rows moved
back in time. Written as the moderation services will write them, then committed."""

from __future__ import annotations

from datetime import datetime, timedelta

from community.extensions import db
from community.models import Post, Report, User, utcnow
from community.moderation import audit
from tests.factories import make_category, make_direct_room, make_message, make_thread


def a_thread(admin: User, author: User):
    """A thread by `author` in a new site category: two members' worth of activity."""
    return make_thread(author, make_category(admin), "Water", "First")


def a_chat(author: User, other: User, body: str = "Hi"):
    return make_message(author, make_direct_room(author, other), body)


def open_report(reporter: User, post: Post, status: str = "open") -> Report:
    report = Report(target_type="post", target_id=post.id, reason="spam", reporter=reporter,
                    target_user_id=post.author_id, status=status)
    db.session.add(report)
    db.session.commit()
    return report


def hold(post: Post, approved: bool = False, removed: bool = False) -> Post:
    post.held_at, post.held_reason = (None, None) if approved else (utcnow(), "link")
    if removed:
        post.deleted_at = utcnow()
    db.session.commit()
    return post


def move_back(row, days: int = 0, at: datetime | None = None, column: str = "created_at"):
    """Pretend `row` was written `days` ago (or `at`)."""
    setattr(row, column, at or utcnow() - timedelta(days=days))
    db.session.commit()
    return row


def audit_entries(*entries: tuple) -> list:
    """`(actor, action, target_type, target_id, label, reason)` tuples, one second apart,
    oldest first."""
    made = []
    start = utcnow() - timedelta(seconds=len(entries))
    for offset, values in enumerate(entries):
        entry = audit.record(*values)
        entry.created_at = start + timedelta(seconds=offset)
        made.append(entry)
    db.session.commit()
    return made
