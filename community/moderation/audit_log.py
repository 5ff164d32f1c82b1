"""Reading the audit log: its filters (actor, action, target), the query, newest first, and an
entry's JSON. Entries are only ever written by `audit.record`; nothing here changes one."""

from __future__ import annotations

import re
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from community.errors import ValidationError
from community.extensions import db
from community.models import AuditEntry, is_id, isoformat
from community.text import clean_line

# `post` (every post) or `post:12` (that one).
TARGET = re.compile(r"(?P<type>[a-z_]{1,20})(?::(?P<id>[0-9]{1,18}))?")
ACTOR_MAX = 30
ACTION_MAX = 40


@dataclass(frozen=True)
class AuditFilters:
    actor: str = ""
    action: str = ""
    target_type: str = ""
    target_id: int | None = None

    @property
    def target(self) -> str:
        if not self.target_type:
            return ""
        return self.target_type + ("" if self.target_id is None else f":{self.target_id}")

    @classmethod
    def from_args(cls, args) -> AuditFilters:
        """The filters of an API query string; a 422 naming each argument that is not one."""
        filters, problems = cls.parse(args)
        if problems:
            raise ValidationError(_("Some fields are not valid."), problems)
        return filters

    @classmethod
    def parse(cls, args) -> tuple[AuditFilters, dict[str, str]]:
        """The filters of a query string without the arguments that are not one, and what is
        wrong with those (the page shows it beside the field)."""
        actor = clean_line(args.get("actor", "")).strip().lower()
        action = clean_line(args.get("action", "")).strip().lower()
        target = clean_line(args.get("target", "")).strip().lower()
        problems = {}
        if len(actor) > ACTOR_MAX:
            actor, problems["actor"] = "", _("At most %(n)d characters.", n=ACTOR_MAX)
        if len(action) > ACTION_MAX:
            action, problems["action"] = "", _("At most %(n)d characters.", n=ACTION_MAX)
        match = TARGET.fullmatch(target)
        if match and match["id"] and not is_id(int(match["id"])):  # no row has a larger id
            match = None
        if target and match is None:
            problems["target"] = _("Give a type, like post, or a type and an id, like post:12.")
        return cls(actor=actor, action=action, target_type=match["type"] if match else "",
                   target_id=int(match["id"]) if match and match["id"] else None), problems


def audit_statement(filters: AuditFilters):
    """The entries matching `filters`, newest first. `action` is an exact action
    (`report.hide`) or a family without a dot (`report`: every `report.*`)."""
    statement = (sa.select(AuditEntry).options(selectinload(AuditEntry.actor))
                 .order_by(AuditEntry.created_at.desc(), AuditEntry.id.desc()))
    if filters.actor:
        statement = statement.where(AuditEntry.actor_name == filters.actor)
    if filters.action and "." in filters.action:
        statement = statement.where(AuditEntry.action == filters.action)
    elif filters.action:
        statement = statement.where(sa.or_(
            AuditEntry.action == filters.action,
            AuditEntry.action.startswith(filters.action + ".", autoescape=True)))
    if filters.target_type:
        statement = statement.where(AuditEntry.target_type == filters.target_type)
    if filters.target_id is not None:
        statement = statement.where(AuditEntry.target_id == filters.target_id)
    return statement


def recorded_actions() -> list[str]:
    """Every action the log holds, for the page's filter menu."""
    return list(db.session.scalars(
        sa.select(AuditEntry.action).distinct().order_by(AuditEntry.action)))


def is_system(entry: AuditEntry) -> bool:
    """Written by the system itself (an automatic hide, a suspension that ends)."""
    return entry.actor_id is None and entry.actor_name == "system"


def audit_entry_json(entry: AuditEntry) -> dict:
    """`{"id", "actor", "action", "target", "reason", "created_at"}`; `actor` null for the
    system; an account since deleted keeps the username it had."""
    actor = None
    if not is_system(entry):
        actor = {"username": entry.actor_name,
                 "display_name": entry.actor.display_name if entry.actor else entry.actor_name}
    return {
        "id": entry.id,
        "actor": actor,
        "action": entry.action,
        "target": {"type": entry.target_type, "id": entry.target_id,
                   "label": entry.target_label},
        "reason": entry.reason,
        "created_at": isoformat(entry.created_at),
    }
