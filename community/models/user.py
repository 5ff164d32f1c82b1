"""Users, their tags (languages, expertise), browser sessions and API tokens."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship

from community.extensions import db
from community.models.base import Tagged, UTCDateTime, utcnow

ROLES = ("member", "moderator", "admin")
STATUSES = ("active", "suspended", "deleted")
LOCALES = ("en", "fr", "ar")
TAG_KINDS = ("language", "expertise")


class User(UserMixin, Tagged, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(sa.String(30), unique=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(sa.String(256))
    display_name: Mapped[str] = mapped_column(sa.String(80))
    headline: Mapped[str] = mapped_column(sa.String(140), default="")
    bio: Mapped[str] = mapped_column(sa.Text, default="")
    bio_html: Mapped[str] = mapped_column(sa.Text, default="")
    country: Mapped[str | None] = mapped_column(sa.String(2), index=True)
    avatar_filename: Mapped[str | None] = mapped_column(sa.String(80))
    locale: Mapped[str | None] = mapped_column(sa.String(5))
    # An IANA name ("Africa/Tunis"): every time on the member's pages and mails is shown in it.
    timezone: Mapped[str] = mapped_column(sa.String(64), default="UTC", server_default="UTC")
    role: Mapped[str] = mapped_column(sa.String(16), default="member")
    status: Mapped[str] = mapped_column(sa.String(16), default="active")
    suspended_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    suspension_reason: Mapped[str | None] = mapped_column(sa.String(500))
    email_confirmed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    pending_email: Mapped[str | None] = mapped_column(sa.String(254))
    # Bumped on password change, suspension, role change and "sign out everywhere": every
    # session cookie, remember cookie and socket carrying an older version stops working.
    session_version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    tags: Mapped[list[UserTag]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserTag.position"
    )
    tokens: Mapped[list[ApiToken]] = relationship(
        back_populates="user", cascade="all, delete-orphan"
    )

    __table_args__ = (
        sa.CheckConstraint(f"role IN {ROLES}", name="role"),
        sa.CheckConstraint(f"status IN {STATUSES}", name="status"),
    )

    def __repr__(self) -> str:
        return f"<User {self.username}>"

    # Flask-Login: the id carries the session version so old cookies can be revoked.
    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    @property
    def is_confirmed(self) -> bool:
        return self.email_confirmed_at is not None

    @property
    def is_suspended(self) -> bool:
        if self.status != "suspended":
            return False
        return self.suspended_until is None or self.suspended_until > utcnow()

    @property
    def is_active(self) -> bool:
        return self.status != "deleted" and not self.is_suspended

    @property
    def is_moderator(self) -> bool:
        return self.role in ("moderator", "admin")

    @property
    def is_admin(self) -> bool:
        return self.role == "admin"

    @property
    def languages(self) -> list[str]:
        return self.tag_values("language")

    @property
    def expertise(self) -> list[str]:
        return self.tag_values("expertise")


class UserTag(db.Model):
    """A language (ISO 639-1 code) or an expertise tag of a user, indexed for the directory."""

    __tablename__ = "user_tags"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(sa.String(16))
    value: Mapped[str] = mapped_column(sa.String(40))
    position: Mapped[int] = mapped_column(default=0)

    user: Mapped[User] = relationship(back_populates="tags")

    __table_args__ = (
        sa.UniqueConstraint("user_id", "kind", "value", name="uq_user_tags_user_kind_value"),
        sa.Index("ix_user_tags_kind_value", "kind", "value"),
    )


class ApiToken(db.Model):
    """A bearer token; only its SHA-256 is stored, so a database leak reveals no token."""

    __tablename__ = "api_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    name: Mapped[str] = mapped_column(sa.String(80), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    last_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    user: Mapped[User] = relationship(back_populates="tokens")

    @staticmethod
    def hash(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @classmethod
    def issue(cls, user: User, days: int, name: str = "") -> tuple[ApiToken, str]:
        """A new token row and the secret, which is shown once and never stored."""
        secret = secrets.token_urlsafe(32)
        token = cls(user=user, token_hash=cls.hash(secret), name=name,
                    expires_at=utcnow() + timedelta(days=days))
        return token, secret

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None and self.expires_at > utcnow()


class UserSession(db.Model):
    """One signed-in browser. Its random key is the primary key and rides in the signed
    session and remember cookies; a cookie works only while its row is live, so a sign-out
    holds after a restart and on every process (`auth/user_sessions.py`)."""

    __tablename__ = "user_sessions"

    id: Mapped[str] = mapped_column(sa.String(43), primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    device: Mapped[str] = mapped_column(sa.String(80), default="")  # "Firefox · Linux"
    address: Mapped[str] = mapped_column(sa.String(64), default="")  # as the rate limiter sees it
    remember: Mapped[bool] = mapped_column(default=False)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class ReservedName(db.Model):
    """The username or e-mail address of an erased account, kept unavailable for a while so
    that nobody takes over its identity at once. Only a SHA-256 of the value is stored."""

    __tablename__ = "reserved_names"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(sa.String(10))
    digest: Mapped[str] = mapped_column(sa.String(64), index=True)
    until: Mapped[datetime] = mapped_column(UTCDateTime)

    __table_args__ = (sa.CheckConstraint("kind IN ('username', 'email')", name="kind"),)
