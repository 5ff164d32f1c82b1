"""Dead letters: background jobs that failed every attempt, kept for an admin to see and retry
(`/admin/jobs`). The queue itself lives in Huey's storage; only the failures need to outlast it."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from community.extensions import db
from community.models.base import UTCDateTime, utcnow


class DeadJob(db.Model):
    __tablename__ = "dead_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    # The job's arguments as JSON: what "Retry" enqueues again.
    arguments: Mapped[list] = mapped_column(sa.JSON, default=list)
    error: Mapped[str] = mapped_column(sa.Text, default="")
    attempts: Mapped[int] = mapped_column(default=1)
    failed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
