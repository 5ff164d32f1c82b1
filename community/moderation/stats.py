"""The dashboard's numbers (`GET /admin/stats`, the /admin/ page) and the admin menu badge, each
in a fixed number of SQL queries whatever the window or the size of the site."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from community.extensions import db
from community.models import (
    ApiToken,
    ChatMessage,
    Cluster,
    Post,
    Reaction,
    ReadMarker,
    Report,
    User,
    utcnow,
)
from community.moderation.queue import waiting
from community.permissions import can_moderate, require_moderator

DEFAULT_DAYS = 30
MAX_DAYS = 365
WEEK = 7  # the page's "new this week" card


class utc_day(FunctionElement):  # noqa: N801 (reads as the SQL function it compiles to)
    """The UTC calendar day of a timestamp as `YYYY-MM-DD` text, on both databases."""

    type = sa.String()
    inherit_cache = True
    name = "utc_day"


@compiles(utc_day)
def _utc_day_sqlite(element, compiler, **kw) -> str:
    # SQLite holds the UTC time as text (UTCDateTime converts before storing).
    return f"date({compiler.process(element.clauses, **kw)})"


@compiles(utc_day, "postgresql")
def _utc_day_postgresql(element, compiler, **kw) -> str:
    # The session's time zone may be anything: name UTC, or days shift at midnight.
    return f"to_char({compiler.process(element.clauses, **kw)} AT TIME ZONE 'UTC', 'YYYY-MM-DD')"


@dataclass(frozen=True)
class SiteStats:
    """The numbers of one window of `days` days ending today (UTC), today included."""

    days: int
    members: int
    new_members: int
    new_this_week: int
    active_members: int
    posts_per_day: list[tuple[date, int]]
    messages_per_day: list[tuple[date, int]]
    open_reports: int
    held_posts: int
    pending_clusters: int

    @property
    def has_activity(self) -> bool:
        return any(count for _day, count in self.posts_per_day + self.messages_per_day)


def counted_member():
    """Who counts as a member: a confirmed account, neither suspended nor deleted."""
    return sa.and_(User.status == "active", User.email_confirmed_at.is_not(None))


def window_start(days: int, now: datetime | None = None) -> datetime:
    """Midnight UTC at the start of the window: `days` calendar days, today the last."""
    today = (now or utcnow()).astimezone(UTC).date()
    return datetime.combine(today - timedelta(days=days - 1), time.min, tzinfo=UTC)


def site_stats(actor: User, days: int = DEFAULT_DAYS, now: datetime | None = None) -> SiteStats:
    """The dashboard for moderators and admins, in five queries: members, active members, posts
    per day, messages per day, and the three queues."""
    require_moderator(actor)
    since = window_start(days, now)
    members, new_members, new_this_week = _member_counts(since, window_start(WEEK, now))
    open_reports, held_posts, pending_clusters = _queue_counts()
    return SiteStats(
        days=days, members=members, new_members=new_members, new_this_week=new_this_week,
        active_members=_active_members(since),
        posts_per_day=_per_day(Post.created_at, since, days),
        messages_per_day=_per_day(ChatMessage.created_at, since, days),
        open_reports=open_reports, held_posts=held_posts, pending_clusters=pending_clusters)


def _member_counts(since: datetime, week: datetime) -> tuple[int, int, int]:
    row = db.session.execute(sa.select(
        sa.func.count(User.id),
        sa.func.count(User.id).filter(User.created_at >= since),
        sa.func.count(User.id).filter(User.created_at >= week),
    ).where(counted_member())).one()
    return row[0], row[1], row[2]


def _active_members(since: datetime) -> int:
    """Members who did something stored within the window: posted, chatted, reacted, read a
    thread, filed a report or used an API token (sign-ins themselves are not recorded)."""
    doers = sa.union(
        sa.select(Post.author_id.label("user_id")).where(Post.created_at >= since),
        sa.select(ChatMessage.author_id).where(ChatMessage.created_at >= since),
        sa.select(Reaction.user_id).where(Reaction.created_at >= since),
        sa.select(ReadMarker.user_id).where(ReadMarker.updated_at >= since),
        sa.select(Report.reporter_id).where(Report.created_at >= since),
        sa.select(ApiToken.user_id).where(ApiToken.last_used_at >= since),
    ).subquery()
    return db.session.scalar(sa.select(sa.func.count(User.id)).where(
        counted_member(), User.id.in_(sa.select(doers.c.user_id)))) or 0


def _per_day(column, since: datetime, days: int) -> list[tuple[date, int]]:
    """Rows created per UTC day, every day of the window listed, zeros included."""
    day = utc_day(column).label("day")
    counts = dict(db.session.execute(
        sa.select(day, sa.func.count()).where(column >= since).group_by(day)).all())
    first = since.date()
    return [(first + timedelta(days=i), counts.get((first + timedelta(days=i)).isoformat(), 0))
            for i in range(days)]


def _queue_counts() -> tuple[int, int, int]:
    row = db.session.execute(sa.select(
        _open_reports().scalar_subquery(), _held_posts().scalar_subquery(),
        sa.select(sa.func.count(Cluster.id)).where(Cluster.status == "pending")
        .scalar_subquery())).one()
    return row[0], row[1], row[2]


def _open_reports():
    return sa.select(sa.func.count(Report.id)).where(Report.status == "open")


def _held_posts():
    return sa.select(sa.func.count(Post.id)).where(waiting())


def waiting_for_review(user: User) -> int:
    """The admin menu badge: open reports plus held posts, in one query; 0 for non-staff."""
    if not can_moderate(user):
        return 0
    return db.session.scalar(sa.select(
        _open_reports().scalar_subquery() + _held_posts().scalar_subquery())) or 0
