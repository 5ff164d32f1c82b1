"""Moderation: reports on posts, chat messages and profiles; suspensions; blocked terms; the
append-only audit log of every moderator and admin action."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.user import User

REPORT_REASONS = ("spam", "abuse", "off_topic", "other")
REPORT_TARGETS = ("post", "message", "user")
REPORT_STATUSES = ("open", "resolved")
REPORT_ACTIONS = ("dismiss", "hide", "restore", "delete")
BLOCKED_KINDS = ("word", "domain")
# Reports from this many distinct members hide a post until a moderator reviews it.
AUTO_HIDE_REPORTS = 3


class Report(db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(sa.String(10))
    target_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str] = mapped_column(sa.String(1000), default="")
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    # Precomputed when filed: whose content it is, and the cluster it lives in (its managers
    # see and act on the report), so the queue needs no per-row lookups.
    target_user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"), index=True)
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str | None] = mapped_column(sa.String(10))
    resolution_note: Mapped[str] = mapped_column(sa.String(1000), default="")

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])
    target_user: Mapped[User | None] = relationship(foreign_keys=[target_user_id])

    __table_args__ = (
        sa.CheckConstraint(f"target_type IN {REPORT_TARGETS}", name="target_type"),
        sa.CheckConstraint(f"reason IN {REPORT_REASONS}", name="reason"),
        sa.CheckConstraint(f"status IN {REPORT_STATUSES}", name="status"),
        sa.UniqueConstraint("reporter_id", "target_type", "target_id",
                            name="uq_reports_reporter_target"),
        sa.Index("ix_reports_status_created", "status", "created_at"),
        sa.Index("ix_reports_target", "target_type", "target_id"),
    )


class Suspension(db.Model):
    """A user's suspension: until a time or indefinite (`until` NULL), lifted by hand or when
    `until` passes. `User.status`/`suspended_until` hold the current one for fast checks."""

    __tablename__ = "suspensions"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"),
                                         index=True)
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    reason: Mapped[str] = mapped_column(sa.String(1000))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])


class BlockedTerm(db.Model):
    """A word (posts and messages containing it are refused) or a domain (held for approval),
    stored with its search-normalised form, which is what is matched."""

    __tablename__ = "blocked_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    value: Mapped[str] = mapped_column(sa.String(100))
    normalised: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {BLOCKED_KINDS}", name="kind"),
        sa.UniqueConstraint("kind", "normalised", name="uq_blocked_terms_kind_normalised"),
    )


class AuditEntry(db.Model):
    """One moderator or admin action: who, what, on what, why, when. Written in the same
    transaction as the action (`community/moderation/audit.py`); nothing edits or deletes it."""

    __tablename__ = "audit_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    actor_name: Mapped[str] = mapped_column(sa.String(30))  # kept if the account goes
    action: Mapped[str] = mapped_column(sa.String(40), index=True)
    target_type: Mapped[str] = mapped_column(sa.String(20))
    target_id: Mapped[int | None] = mapped_column()
    target_label: Mapped[str] = mapped_column(sa.String(200), default="")
    reason: Mapped[str] = mapped_column(sa.String(1000), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)

    actor: Mapped[User | None] = relationship()

    __table_args__ = (sa.Index("ix_audit_entries_target", "target_type", "target_id"),)
