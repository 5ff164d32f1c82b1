"""Reports: a member flags a post, a chat message or a profile for the moderators."""

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


class Report(db.Model):
    __tablename__ = "reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    target_type: Mapped[str] = mapped_column(sa.String(10))
    target_id: Mapped[int] = mapped_column()
    reason: Mapped[str] = mapped_column(sa.String(10))
    note: Mapped[str] = mapped_column(sa.String(1000), default="")
    reporter_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    status: Mapped[str] = mapped_column(sa.String(10), default="open")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    action: Mapped[str | None] = mapped_column(sa.String(10))
    resolution_note: Mapped[str] = mapped_column(sa.String(1000), default="")

    reporter: Mapped[User | None] = relationship(foreign_keys=[reporter_id])
    resolved_by: Mapped[User | None] = relationship(foreign_keys=[resolved_by_id])

    __table_args__ = (
        sa.CheckConstraint(f"target_type IN {REPORT_TARGETS}", name="target_type"),
        sa.CheckConstraint(f"reason IN {REPORT_REASONS}", name="reason"),
        sa.CheckConstraint(f"status IN {REPORT_STATUSES}", name="status"),
        sa.Index("ix_reports_status_created", "status", "created_at"),
        sa.Index("ix_reports_target", "target_type", "target_id"),
    )
