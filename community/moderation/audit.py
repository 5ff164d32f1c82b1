"""The audit log: one entry per moderator or admin action, in the action's own transaction."""

from __future__ import annotations

from community.extensions import db
from community.models import AuditEntry, User

LABEL_MAX = 200
REASON_MAX = 1000


def record(actor: User | None, action: str, target_type: str, target_id: int | None,
           label: str = "", reason: str = "") -> AuditEntry:
    """Write the entry of `action` (e.g. `report.hide`, `user.suspend`) on a target; flushed
    with the action, so a rollback of either removes both. `actor` None is the system (an
    automatic hide, a suspension that ends, the command line)."""
    entry = AuditEntry(actor_id=actor.id if actor else None,
                       actor_name=actor.username if actor else "system", action=action,
                       target_type=target_type, target_id=target_id,
                       target_label=(label or "")[:LABEL_MAX], reason=(reason or "")[:REASON_MAX])
    db.session.add(entry)
    db.session.flush()
    return entry
