"""JSON API of the dashboard's numbers: `GET /admin/stats` (`spec/api.md`, Moderation and
administration)."""

from __future__ import annotations

from flask_login import current_user

from community.api import bp
from community.moderation.stats import DEFAULT_DAYS, MAX_DAYS, SiteStats, site_stats
from community.pagination import int_arg
from community.permissions import require_moderator


def per_day_json(series: list) -> list[dict]:
    return [{"date": day.isoformat(), "count": count} for day, count in series]


def stats_json(stats: SiteStats) -> dict:
    return {
        "days": stats.days,
        "members": stats.members,
        "new_members": stats.new_members,
        "active_members": stats.active_members,
        "posts_per_day": per_day_json(stats.posts_per_day),
        "messages_per_day": per_day_json(stats.messages_per_day),
        "open_reports": stats.open_reports,
        "held_posts": stats.held_posts,
        "pending_clusters": stats.pending_clusters,
    }


@bp.get("/admin/stats")
def api_admin_stats():
    """The site's numbers over the last `days` days (1 to 365, default 30; UTC days, today
    included): members (confirmed accounts neither suspended nor deleted), new and active
    members in the window, posts and chat messages per day (every day, zeros included), open
    reports, held posts and pending clusters. Moderators and admins."""
    require_moderator(current_user)  # before the arguments: a member learns nothing more
    days = int_arg("days", DEFAULT_DAYS, minimum=1, maximum=MAX_DAYS)
    return stats_json(site_stats(current_user, days))
