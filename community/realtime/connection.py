"""Socket.IO connect and disconnect: who may connect, the room each user joins, and the hooks
through which features act on connecting (chat: its rooms and presence) without realtime
importing them."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Flask, current_app, g, request, session
from flask_login import current_user
from flask_socketio import SocketIO, join_room

from community.auth.sessions import stored_session_user, user_for_token
from community.extensions import db
from community.models import ApiToken, User, UserSession, utcnow
from community.realtime import user_room
from community.realtime.audience import in_good_standing
from community.realtime.presence import start_refresher

HOOKS = "socket_connection_hooks"  # app.extensions key: {"connected": [...], "disconnected": [...]}


def register_connection_hooks(app: Flask,
                              connected: Callable[[User, str], None] | None = None,
                              disconnected: Callable[[int, str, str], None] | None = None) -> None:
    """Let a feature act when a connection opens, `connected(user, sid)`, and when it closes,
    `disconnected(user_id, username, sid)`; hooks run in the order features registered them."""
    hooks = app.extensions.setdefault(HOOKS, {"connected": [], "disconnected": []})
    if connected is not None:
        hooks["connected"].append(connected)
    if disconnected is not None:
        hooks["disconnected"].append(disconnected)


def connection_hooks(kind: str) -> list[Callable]:
    """The hooks of this app for `kind` ("connected" or "disconnected")."""
    return current_app.extensions.get(HOOKS, {}).get(kind, [])


def authenticate_socket(auth: dict | None) -> User | None:
    """The user behind a new connection: an API token in `auth`, else the session cookie.
    A token's id is kept with the connection, so revoking the token ends it too."""
    if isinstance(auth, dict) and auth.get("token"):
        found = user_for_token(str(auth["token"]))
        if found is None:
            return None
        session["socket_token_id"] = found[1].id
        return found[0]
    if current_user.is_authenticated:
        session["socket_session_key"] = g.get("user_session_key")  # its stored session
        return current_user._get_current_object()
    return None


def socket_user() -> User | None:
    """The connected user, re-read so a suspension or revoked session takes effect at once
    (a cookie's connection: with its stored session, in the same one query)."""
    user_id = session.get("socket_user_id")
    version = session.get("socket_session_version")
    if user_id is None:
        return None
    key, token_id = session.get("socket_session_key"), session.get("socket_token_id")
    if key is not None:
        user = stored_session_user(key)
    elif token_id is not None:
        user = live_token_user(token_id)
    else:
        user = db.session.get(User, user_id)
    if user is None or user.id != user_id or not user.is_active or user.session_version != version:
        return None
    return user


def live_token_user(token_id: int) -> User | None:
    """The user of a token that is still valid, read with the token in one query."""
    row = db.session.execute(sa.select(User, ApiToken).join(
        ApiToken, ApiToken.user_id == User.id).where(ApiToken.id == token_id)).first()
    return row[0] if row is not None and row[1].is_valid else None


def may_still_write() -> sa.ColumnElement[bool] | None:
    """`socket_user()` and `permissions.can_write` of this connection as one SQL condition, so
    a hot event (`chat:send`) checks them inside its own write instead of re-reading the user:
    the same user, session version, live token or stored session, confirmed and in good
    standing. None for a connection that never authenticated."""
    user_id = session.get("socket_user_id")
    if user_id is None:
        return None
    same_user = sa.exists(sa.select(User.id).where(
        User.id == user_id, User.session_version == session.get("socket_session_version"),
        in_good_standing()))
    token_id, key = session.get("socket_token_id"), session.get("socket_session_key")
    if token_id is not None:
        credential = sa.exists(sa.select(ApiToken.id).where(
            ApiToken.id == token_id, ApiToken.user_id == user_id,
            ApiToken.revoked_at.is_(None), ApiToken.expires_at > utcnow()))
    elif key is not None:
        credential = sa.exists(sa.select(UserSession.id).where(
            UserSession.id == key, UserSession.user_id == user_id,
            UserSession.revoked_at.is_(None)))
    else:
        credential = sa.true()
    return sa.and_(same_user, credential)


def socket_locale() -> str | None:
    """The language the user had when connecting, for the refusals of events that do not
    re-read the user."""
    return session.get("socket_locale")


def on_connect(auth: dict | None = None) -> bool:
    """Any client connecting. Anonymous, unconfirmed and suspended users and bad tokens are
    refused (`connect_error`); foreign origins never get here (python-engineio refuses them)."""
    try:
        user = authenticate_socket(auth)
    except Exception:  # never let an error reach Flask-SocketIO's retry-without-auth fallback
        current_app.logger.exception("Socket authentication failed")
        db.session.rollback()
        user = None
    if user is None:
        raise ConnectionRefusedError("unauthorized")
    if not user.is_active or not user.is_confirmed:
        raise ConnectionRefusedError("forbidden")
    session["socket_user_id"] = user.id
    session["socket_username"] = user.username
    session["socket_session_version"] = user.session_version
    session["socket_locale"] = user.locale
    join_room(user_room(user.id))
    start_refresher(current_app._get_current_object(), current_app.extensions["socketio"])
    for hook in connection_hooks("connected"):
        hook(user, request.sid)
    db.session.commit()  # the entry point commits what the hooks wrote (rooms made on demand)
    return True


def on_disconnect(reason=None) -> None:
    """A connection closed (by the client, the network, or `end_live_sessions`)."""
    user_id = session.get("socket_user_id")
    if user_id is None:
        return
    try:
        for hook in connection_hooks("disconnected"):
            hook(user_id, session.get("socket_username", ""), request.sid)
        db.session.commit()
    except Exception:  # Redis or the database briefly away: the registry entry expires anyway
        current_app.logger.exception("Socket disconnect bookkeeping failed")
        db.session.rollback()


def register(socketio: SocketIO) -> None:
    """Connecting and disconnecting; the features' parts run as hooks from these two."""
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
