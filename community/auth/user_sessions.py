"""Browser sessions stored in the database, the source of truth for signing out: each sign-in
gets a row whose random key rides in the signed session and remember cookies, and a cookie
works only while its row is live. Nothing is cached across processes, so a sign-out holds after
a restart and on every process, with or without Redis."""

from __future__ import annotations

import ipaddress
import secrets
from datetime import timedelta
from typing import Any

from flask import request
from flask_babel import gettext as _

from community.errors import NotFound
from community.extensions import db
from community.models import User, UserSession, isoformat, utcnow
from community.ratelimit import client_address

KEY_LENGTH = 43  # secrets.token_urlsafe(32)
SEEN_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often per session

BROWSERS = (("Edg/", "Edge"), ("OPR/", "Opera"), ("Firefox/", "Firefox"), ("FxiOS/", "Firefox"),
            ("CriOS/", "Chrome"), ("Chrome/", "Chrome"), ("Safari/", "Safari"))
SYSTEMS = (("Windows", "Windows"), ("Android", "Android"), ("iPhone", "iOS"), ("iPad", "iOS"),
           ("CrOS", "ChromeOS"), ("Mac OS X", "macOS"), ("Linux", "Linux"))


def device_summary(user_agent: str) -> str:
    """The browser and system of a User-Agent, parsed simply: "Firefox · Linux" ("" if
    neither is recognised)."""
    browser = next((name for marker, name in BROWSERS if marker in user_agent), "")
    system = next((name for marker, name in SYSTEMS if marker in user_agent), "")
    return " · ".join(part for part in (browser, system) if part)


def masked_place(address: str) -> str:
    """An address with its host part hidden: 192.168.1.x, 2001:db8:85a3::x ("" if unknown)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return ""
    if ip.version == 4:
        return ".".join(str(ip).split(".")[:3]) + ".x"
    network = ipaddress.ip_network(f"{ip}/48", strict=False).network_address
    return f"{network}x" if str(network).endswith("::") else f"{network}::x"


def open_session(user: User, remember: bool) -> UserSession:
    """A new live session for this request's browser."""
    row = UserSession(id=secrets.token_urlsafe(32), user_id=user.id, remember=remember,
                      device=device_summary(request.headers.get("User-Agent", ""))[:80],
                      address=client_address()[:64])
    db.session.add(row)
    db.session.flush()
    return row


def is_key(key: Any) -> bool:
    return isinstance(key, str) and 0 < len(key) <= KEY_LENGTH


def live_session(key: str) -> tuple[UserSession, User] | None:
    """The live session of a key and its user, in one indexed query; None once it is ended."""
    if not is_key(key):
        return None
    found = db.session.execute(
        db.select(UserSession, User).join(User, User.id == UserSession.user_id)
        .where(UserSession.id == key, UserSession.revoked_at.is_(None))).first()
    return (found[0], found[1]) if found is not None else None


def mark_seen(row: UserSession) -> None:
    """Move last_seen_at on, at most once a minute (written when the request commits)."""
    now = utcnow()
    if now - row.last_seen_at >= SEEN_EVERY:
        row.last_seen_at = now


def revoke_session(key: str) -> None:
    db.session.execute(db.update(UserSession)
                       .where(UserSession.id == key, UserSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def revoke_sessions(user_id: int, keep: str | None = None) -> None:
    """End every live session of the user (but `keep`, the caller's own, when given)."""
    query = db.update(UserSession).where(UserSession.user_id == user_id,
                                         UserSession.revoked_at.is_(None))
    if keep is not None:
        query = query.where(UserSession.id != keep)
    db.session.execute(query.values(revoked_at=utcnow()))


def active_sessions(user: User) -> list[UserSession]:
    """The user's live sessions, the most recently seen first."""
    return list(db.session.scalars(
        db.select(UserSession)
        .where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
        .order_by(UserSession.last_seen_at.desc(), UserSession.created_at.desc())))


def end_user_session(user: User, key: Any) -> None:
    """End one of the user's own sessions: 404 for an unknown, ended or someone else's key.
    Its open connections close once this commits."""
    row = db.session.get(UserSession, key) if is_key(key) else None
    if row is None or row.user_id != user.id or row.revoked_at is not None:
        raise NotFound(_("No such session."))
    row.revoked_at = utcnow()
    from community.auth.revocation import end_live_sessions

    end_live_sessions(user)  # the user's other sockets reconnect with their live cookies


def session_json(row: UserSession, current: str | None) -> dict[str, Any]:
    return {"id": row.id, "device": row.device, "place": masked_place(row.address),
            "created_at": isoformat(row.created_at), "last_seen_at": isoformat(row.last_seen_at),
            "remember": row.remember, "current": row.id == current}
