"""Mentoring programmes (coordinators, participants, mentor–mentee pairs, sessions with their
attendance and progress notes), each member's private calendar feed, and cluster events."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.cluster import Cluster
from community.models.user import User

PARTICIPANT_ROLES = ("mentor", "mentee")
PARTICIPANT_STATES = ("applied", "accepted", "declined")
SESSION_KINDS = ("bilateral", "group", "joint_meeting")


class Programme(db.Model):
    """A mentoring programme ("Cluster Mentoring Reloaded"): made by an admin, run by its
    coordinators."""

    __tablename__ = "programmes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    starts_on: Mapped[date] = mapped_column(sa.Date)
    ends_on: Mapped[date] = mapped_column(sa.Date)
    lead_organisation: Mapped[str] = mapped_column(sa.String(160), default="")
    # Funders as the report names them, one per line ("European Union (ENI CBC Med)").
    funders: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    created_by: Mapped[User | None] = relationship()
    coordinators: Mapped[list[User]] = relationship(
        secondary="programme_coordinators", order_by="User.id", viewonly=True)
    participants: Mapped[list[Participant]] = relationship(
        back_populates="programme", cascade="all, delete-orphan", order_by="Participant.id")

    __table_args__ = (sa.CheckConstraint("ends_on >= starts_on", name="dates"),)

    def __repr__(self) -> str:
        return f"<Programme {self.slug}>"


class ProgrammeCoordinator(db.Model):
    __tablename__ = "programme_coordinators"

    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Participant(db.Model):
    """A member's enrolment in a programme as a mentor or a mentee: applied, then accepted or
    declined by a coordinator. Languages and expertise are copied from the application (they
    may differ from the profile); `capacity` is how many mentees a mentor takes."""

    __tablename__ = "programme_participants"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(6))
    state: Mapped[str] = mapped_column(sa.String(8), default="applied")
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="SET NULL"))
    languages: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    expertise: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    goals: Mapped[str] = mapped_column(sa.Text, default="")
    capacity: Mapped[int] = mapped_column(default=1)
    applied_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    decided_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))

    programme: Mapped[Programme] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(foreign_keys=[user_id])
    cluster: Mapped[Cluster | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("programme_id", "user_id"),
        sa.CheckConstraint(f"role IN {PARTICIPANT_ROLES}", name="role"),
        sa.CheckConstraint(f"state IN {PARTICIPANT_STATES}", name="state"),
        sa.CheckConstraint("capacity BETWEEN 1 AND 20", name="capacity"),
    )


class Pair(db.Model):
    """A mentor and a mentee of one programme, with the direct chat room opened for them and,
    when it came from the suggestion, its score and reasons. A mentee has one pair at most."""

    __tablename__ = "programme_pairs"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    mentor_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_participants.id", ondelete="CASCADE"), index=True)
    mentee_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_participants.id", ondelete="CASCADE"), unique=True)
    score: Mapped[float | None] = mapped_column(sa.Float)
    reasons: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    room_id: Mapped[int | None] = mapped_column(sa.ForeignKey("chat_rooms.id", ondelete="SET NULL"))
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    mentor: Mapped[Participant] = relationship(foreign_keys=[mentor_id])
    mentee: Mapped[Participant] = relationship(foreign_keys=[mentee_id])


class ProgrammeSession(db.Model):
    """A bilateral session (one pair), a group session or a joint meeting (the whole
    programme), online (a link) or in person (a place); reminded by e-mail a day before."""

    __tablename__ = "programme_sessions"

    id: Mapped[int] = mapped_column(primary_key=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(13))
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    pair_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("programme_pairs.id", ondelete="CASCADE"), index=True)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # iCalendar SEQUENCE: raised on every change so calendar apps replace their copy.
    sequence: Mapped[int] = mapped_column(default=0)

    programme: Mapped[Programme] = relationship()
    pair: Mapped[Pair | None] = relationship()
    attendees: Mapped[list[SessionAttendee]] = relationship(
        back_populates="session", cascade="all, delete-orphan")

    __table_args__ = (
        sa.CheckConstraint(f"kind IN {SESSION_KINDS}", name="kind"),
        sa.CheckConstraint("ends_at > starts_at", name="times"),
        sa.CheckConstraint("(kind = 'bilateral') = (pair_id IS NOT NULL)", name="pair"),
    )


class SessionAttendee(db.Model):
    """Who a group session invites, and who attended a session (coordinators record
    attendance at joint meetings; `attended` is None until recorded)."""

    __tablename__ = "programme_session_attendees"

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_sessions.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    attended: Mapped[bool | None] = mapped_column()

    session: Mapped[ProgrammeSession] = relationship(back_populates="attendees")
    user: Mapped[User] = relationship()


class SessionNote(db.Model):
    """What a mentor or a mentee logs after a session: notes and the goals reached, seen by
    the pair and the coordinators. One note per author and session (edited in place)."""

    __tablename__ = "programme_session_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programme_sessions.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    goals_reached: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[ProgrammeSession] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (sa.UniqueConstraint("session_id", "author_id"),)


class CalendarFeed(db.Model):
    """A member's private calendar address: the token is the secret in the URL (a calendar
    app cannot sign in), kept as a SHA-256 digest; resetting it makes the old address fail."""

    __tablename__ = "calendar_feeds"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    token_digest: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ClusterEvent(db.Model):
    """An event a cluster's managers publish on its page; members say they will attend."""

    __tablename__ = "cluster_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(sa.String(160))
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    location: Mapped[str] = mapped_column(sa.String(300), default="")
    online_url: Mapped[str] = mapped_column(sa.String(500), default="")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    attendee_count: Mapped[int] = mapped_column(default=0)
    sequence: Mapped[int] = mapped_column(default=0)

    cluster: Mapped[Cluster] = relationship()

    __table_args__ = (sa.CheckConstraint("ends_at > starts_at", name="times"),)


class EventAttendance(db.Model):
    __tablename__ = "cluster_event_attendance"

    event_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cluster_events.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
