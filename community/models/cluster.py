"""Clusters, their memberships, tags (sectors, labels) and partnership needs (offers, seeks)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import Tagged, UTCDateTime, utcnow
from community.models.user import User

CLUSTER_STATUSES = ("pending", "approved", "rejected")
FORUM_VISIBILITIES = ("public", "members")
MEMBERSHIP_ROLES = ("manager", "member")
MEMBERSHIP_STATES = ("requested", "invited", "active")


class Cluster(Tagged, db.Model):
    __tablename__ = "clusters"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(80), unique=True)
    name: Mapped[str] = mapped_column(sa.String(160))
    # The name folded (case, accents): lists sort by it in SQL, the same on both databases.
    sort_name: Mapped[str] = mapped_column(sa.String(160), default="", index=True)
    acronym: Mapped[str] = mapped_column(sa.String(20), default="")
    country: Mapped[str] = mapped_column(sa.String(2), index=True)
    shore: Mapped[str] = mapped_column(sa.String(5), index=True)
    website: Mapped[str] = mapped_column(sa.String(300), default="")
    description: Mapped[str] = mapped_column(sa.Text, default="")
    description_html: Mapped[str] = mapped_column(sa.Text, default="")
    logo_filename: Mapped[str | None] = mapped_column(sa.String(80))
    status: Mapped[str] = mapped_column(sa.String(10), default="pending", index=True)
    rejection_reason: Mapped[str | None] = mapped_column(sa.String(500))
    forum_visibility: Mapped[str] = mapped_column(sa.String(10), default="public")
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    member_count: Mapped[int] = mapped_column(default=0)

    created_by: Mapped[User | None] = relationship()
    memberships: Mapped[list[Membership]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan")
    tags: Mapped[list[ClusterTag]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterTag.position")
    needs: Mapped[list[ClusterNeed]] = relationship(
        back_populates="cluster", cascade="all, delete-orphan", order_by="ClusterNeed.position")
    # The active managers only, for pages and lists that show them (read-only).
    manager_memberships: Mapped[list[Membership]] = relationship(
        primaryjoin="and_(Membership.cluster_id == Cluster.id, Membership.role == 'manager', "
                    "Membership.state == 'active')",
        viewonly=True, order_by="Membership.id")

    __table_args__ = (
        sa.CheckConstraint(f"status IN {CLUSTER_STATUSES}", name="status"),
        sa.CheckConstraint(f"forum_visibility IN {FORUM_VISIBILITIES}", name="forum_visibility"),
        sa.CheckConstraint("shore IN ('north', 'south')", name="shore"),
    )

    def __repr__(self) -> str:
        return f"<Cluster {self.slug}>"

    @property
    def sectors(self) -> list[str]:
        return self.tag_values("sector")

    @property
    def labels(self) -> list[str]:
        return self.tag_values("label")

    def need_list(self, kind: str) -> list[ClusterNeed]:
        return [need for need in self.needs if need.kind == kind]


class ClusterTag(db.Model):
    """A sector or a label of a cluster, indexed for the directory's filters and facets."""

    __tablename__ = "cluster_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(sa.ForeignKey("clusters.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(10))
    value: Mapped[str] = mapped_column(sa.String(60))
    position: Mapped[int] = mapped_column(default=0)

    cluster: Mapped[Cluster] = relationship(back_populates="tags")

    __table_args__ = (
        sa.UniqueConstraint("cluster_id", "kind", "value",
                            name="uq_cluster_tags_cluster_kind_value"),
        sa.Index("ix_cluster_tags_kind_value", "kind", "value"),
    )


class ClusterNeed(db.Model):
    """What a cluster offers or seeks: a short text with tags, matched across the sea."""

    __tablename__ = "cluster_needs"

    id: Mapped[int] = mapped_column(primary_key=True)
    cluster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(sa.String(5))
    text: Mapped[str] = mapped_column(sa.String(300))
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    position: Mapped[int] = mapped_column(default=0)
    # The language the text is written in (BCP 47), for the pages' `lang`; None: unknown.
    language: Mapped[str | None] = mapped_column(sa.String(8))

    cluster: Mapped[Cluster] = relationship(back_populates="needs")

    __table_args__ = (sa.CheckConstraint("kind IN ('offer', 'seek')", name="kind"),)


class Membership(db.Model):
    __tablename__ = "memberships"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    cluster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(sa.String(10), default="member")
    state: Mapped[str] = mapped_column(sa.String(10), default="requested")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    since: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship()
    cluster: Mapped[Cluster] = relationship(back_populates="memberships")

    __table_args__ = (
        sa.UniqueConstraint("user_id", "cluster_id", name="uq_memberships_user_cluster"),
        sa.CheckConstraint(f"role IN {MEMBERSHIP_ROLES}", name="role"),
        sa.CheckConstraint(f"state IN {MEMBERSHIP_STATES}", name="state"),
    )


class ClusterPartner(db.Model):
    """A stored "partner across the sea": how well `partner` suits `cluster` (one row per
    direction, since the score is not symmetric), refreshed when either side changes what
    matching reads. `reasons` holds what was matched (kinds, need texts, sector codes), not
    sentences: the pages word them for each reader and language."""

    __tablename__ = "cluster_partners"

    cluster_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True)
    partner_id: Mapped[int] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), primary_key=True, index=True)
    score: Mapped[float] = mapped_column(sa.Float)
    reasons: Mapped[list[dict]] = mapped_column(sa.JSON, default=list)

    partner: Mapped[Cluster] = relationship(foreign_keys=[partner_id], viewonly=True)

    __table_args__ = (sa.Index("ix_cluster_partners_cluster_score", "cluster_id", "score"),)
