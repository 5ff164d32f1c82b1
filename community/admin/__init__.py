"""Administration pages for moderators and admins, under /admin, sharing one layout whose tabs
are `TABS` (each shown when its view exists and the viewer's role allows it)."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, current_app
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from community.permissions import can_administer, can_moderate

bp = Blueprint("admin", __name__, url_prefix="/admin")


@dataclass(frozen=True)
class Tab:
    endpoint: str
    label: object
    admins_only: bool = False


TABS = (
    Tab("admin.dashboard", _l("Dashboard")),
    Tab("admin.reports", _l("Reports")),
    Tab("admin.queue", _l("Approval queue")),
    Tab("admin.clusters", _l("Clusters")),
    Tab("admin.users", _l("Users")),
    Tab("admin.categories", _l("Categories"), admins_only=True),
    Tab("admin.blocked_terms", _l("Blocked terms"), admins_only=True),
    Tab("admin.jobs", _l("Failed jobs"), admins_only=True),
    Tab("admin.audit", _l("Audit log")),
)


def admin_tabs() -> list[tuple[str, str]]:
    """The tabs of the admin layout the current user may open: (endpoint, label)."""
    if not can_moderate(current_user):
        return []
    admin = can_administer(current_user)
    return [(tab.endpoint, str(tab.label)) for tab in TABS
            if tab.endpoint in current_app.view_functions and (admin or not tab.admins_only)]


@bp.app_context_processor
def inject_admin_tabs() -> dict:
    return {"admin_tabs": admin_tabs}


from community.admin import (  # noqa: E402,F401
    categories,
    dashboard,
    jobs,
    queue,
    reports,
    routes,
    terms,
    users,
)
