"""In-app notifications and each user's delivery preference per kind."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.user import User

NOTIFICATION_KINDS = (
    "mention", "reply", "direct_message", "membership_request", "membership_approved",
    "cluster_approved", "cluster_rejected", "report_filed", "report_resolved", "post_held",
    "mentoring_pair", "mentoring_session", "programme_enrolment", "cluster_event",
)
CHANNELS = ("inapp", "instant", "digest", "off")
INSTANT_BY_DEFAULT = ("mention", "direct_message")


def default_channel(kind: str) -> str:
    """Where nothing was chosen: what needs an answer comes at once, the rest in the digest."""
    return "instant" if kind in INSTANT_BY_DEFAULT else "digest"


class Notification(db.Model):
    __tablename__ = "notifications"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(24))
    actor_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    target_url: Mapped[str] = mapped_column(sa.String(300), default="")
    text: Mapped[str] = mapped_column(sa.String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    emailed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    actor: Mapped[User | None] = relationship(foreign_keys=[actor_id])

    __table_args__ = (
        sa.Index("ix_notifications_user_read", "user_id", "read_at", "created_at"),
    )


class NotificationPreference(db.Model):
    """How a user wants one kind delivered: `inapp` (the site only), `instant` (and an e-mail
    about a minute later unless read by then), `digest` (and the daily digest) or `off`."""

    __tablename__ = "notification_preferences"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(24), primary_key=True)
    channel: Mapped[str] = mapped_column(sa.String(8), default="inapp")
