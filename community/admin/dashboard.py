"""The admin dashboard (/admin/: the site's numbers and a chart of its activity) and the audit
log page (/admin/audit), for moderators and admins."""

from __future__ import annotations

from flask import current_app, render_template, request, url_for
from flask_babel import format_number
from flask_login import current_user, login_required

from community.admin import bp
from community.charts import activity_chart
from community.extensions import db
from community.moderation.audit_log import (
    AuditFilters,
    audit_statement,
    is_system,
    recorded_actions,
)
from community.moderation.stats import DEFAULT_DAYS, site_stats
from community.pagination import PER_PAGE, page_number
from community.permissions import require_moderator

# Where each card of the dashboard leads, when that page exists.
CARD_LINKS = {"open_reports": "admin.reports", "held_posts": "admin.queue",
              "pending_clusters": "admin.clusters", "members": "admin.users"}


def card_links() -> dict[str, str]:
    return {card: url_for(endpoint) for card, endpoint in CARD_LINKS.items()
            if endpoint in current_app.view_functions}


@bp.get("/")
@login_required
def dashboard():
    """Members, new this week, active in 30 days, the queues, and posts and chat messages per
    day over 30 days as a chart with its table."""
    stats = site_stats(current_user, DEFAULT_DAYS)
    chart = activity_chart({"posts": stats.posts_per_day, "messages": stats.messages_per_day})
    rows = [(day, posts, messages) for (day, posts), (_same, messages)
            in zip(stats.posts_per_day, stats.messages_per_day, strict=True)][::-1]
    totals = {"posts": sum(row[1] for row in rows), "messages": sum(row[2] for row in rows)}
    return render_template("admin/dashboard.html", stats=stats, chart=chart, rows=rows,
                           totals=totals, links=card_links(), number=format_number)


@bp.get("/audit")
@login_required
def audit():
    """The audit log, newest first, filtered by actor, action and target."""
    require_moderator(current_user)
    filters, problems = AuditFilters.parse(request.args)
    page = db.paginate(audit_statement(filters), page=page_number(), per_page=PER_PAGE,
                       max_per_page=PER_PAGE, error_out=False)
    return render_template("admin/audit.html", page=page, filters=filters, problems=problems,
                           actions=recorded_actions(), is_system=is_system,
                           filtered=bool(filters.actor or filters.action or filters.target))
