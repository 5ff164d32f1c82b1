"""Chat rooms, their explicit members, messages numbered by a per-room sequence, read markers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import UTCDateTime, utcnow
from community.models.cluster import Cluster, Membership
from community.models.user import User

ROOM_KINDS = ("cluster", "direct", "group", "programme")
MAX_BODY = 4000


class ChatRoom(db.Model):
    """A room. Cluster rooms take their members from the cluster's active memberships; the
    other kinds list them in `chat_members`. `last_seq` is the room's message counter: a sender
    locks the row while it takes the next number, so numbers are gapless on every database."""

    __tablename__ = "chat_rooms"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10), index=True)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    cluster_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("clusters.id", ondelete="CASCADE"), unique=True)
    # "<smaller user id>:<larger user id>" for direct rooms: one room per pair.
    direct_key: Mapped[str | None] = mapped_column(sa.String(40), unique=True)
    programme_id: Mapped[int | None] = mapped_column(unique=True)
    created_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seq: Mapped[int] = mapped_column(default=0)
    last_message_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    cluster: Mapped[Cluster | None] = relationship()
    members: Mapped[list[ChatMember]] = relationship(
        back_populates="room", cascade="all, delete-orphan")

    __table_args__ = (sa.CheckConstraint(f"kind IN {ROOM_KINDS}", name="kind"),)

    def __repr__(self) -> str:
        return f"<ChatRoom {self.id} {self.kind}>"

    def member_ids_statement(self):
        """SELECT of the ids of the room's members, from the source of truth for its kind."""
        if self.kind == "cluster":
            return sa.select(Membership.user_id).where(
                Membership.cluster_id == self.cluster_id, Membership.state == "active")
        return sa.select(ChatMember.user_id).where(ChatMember.room_id == self.id)

    def has_member(self, user: User | None) -> bool:
        """One EXISTS query (asked on every chat event); a cluster room has members only while
        its cluster is approved."""
        if user is None or getattr(user, "id", None) is None:
            return False
        if self.kind == "cluster":
            statement = self.member_ids_statement().join(Cluster).where(
                Membership.user_id == user.id, Cluster.status == "approved")
        else:
            statement = self.member_ids_statement().where(ChatMember.user_id == user.id)
        return db.session.scalar(sa.select(sa.exists(statement))) or False

    @staticmethod
    def has_member_clause(user_id: int) -> sa.ColumnElement[bool]:
        """`has_member` as a condition on a `chat_rooms` row, for a statement that checks
        membership while it writes (sending a message) instead of asking first."""
        in_cluster = sa.exists(sa.select(Membership.user_id).join(Cluster).where(
            Membership.cluster_id == ChatRoom.cluster_id, Membership.user_id == user_id,
            Membership.state == "active", Cluster.status == "approved"))
        listed = sa.exists(sa.select(ChatMember.user_id).where(
            ChatMember.room_id == ChatRoom.id, ChatMember.user_id == user_id))
        return sa.or_(sa.and_(ChatRoom.kind == "cluster", in_cluster),
                      sa.and_(ChatRoom.kind != "cluster", listed))


class ChatMember(db.Model):
    """An explicit member of a direct, group or programme room."""

    __tablename__ = "chat_members"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    room: Mapped[ChatRoom] = relationship(back_populates="members")
    user: Mapped[User] = relationship()

    __table_args__ = (sa.UniqueConstraint("room_id", "user_id", name="uq_chat_members_room_user"),)


class ChatMessage(db.Model):
    """A message: raw `body` and `body_html` rendered once when written."""

    __tablename__ = "chat_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    room_id: Mapped[int] = mapped_column(sa.ForeignKey("chat_rooms.id", ondelete="CASCADE"))
    seq: Mapped[int]
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    client_id: Mapped[str | None] = mapped_column(sa.String(64))
    body: Mapped[str] = mapped_column(sa.Text, default="")
    body_html: Mapped[str] = mapped_column(sa.Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Set when a moderator hides the message after a report; it then reads as deleted.
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    room: Mapped[ChatRoom] = relationship()
    author: Mapped[User | None] = relationship()

    __table_args__ = (
        sa.UniqueConstraint("room_id", "seq", name="uq_chat_messages_room_seq"),
        sa.UniqueConstraint("room_id", "author_id", "client_id",
                            name="uq_chat_messages_room_author_client"),
    )

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None or self.hidden_at is not None


class ChatReadMarker(db.Model):
    """How far a user has read in a room, and whether they were already notified of the
    messages since (one notification per unread burst)."""

    __tablename__ = "chat_read_markers"

    room_id: Mapped[int] = mapped_column(
        sa.ForeignKey("chat_rooms.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    last_read_seq: Mapped[int] = mapped_column(default=0)
    notified: Mapped[bool] = mapped_column(default=False)
