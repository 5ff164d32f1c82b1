"""JSON API of the audit log: `GET /moderation/audit` (`spec/api.md`, Moderation and
administration). Append-only: no route edits or deletes an entry."""

from __future__ import annotations

from flask import request
from flask_login import current_user

from community.api import bp
from community.moderation.audit_log import AuditFilters, audit_entry_json, audit_statement
from community.pagination import paginated
from community.permissions import require_moderator


@bp.get("/moderation/audit")
def api_audit_log():
    """Every moderator and admin action, newest first. Moderators and admins. Query: `actor`
    (a username, or `system`), `action` (`report.hide`, or `report` for every report action),
    `target` (a type, `post`, or a type and an id, `post:12`), `page`, `per_page`."""
    require_moderator(current_user)
    return paginated(audit_statement(AuditFilters.from_args(request.args)), audit_entry_json)
