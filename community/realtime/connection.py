"""Socket.IO connect and disconnect: who may connect, and the room each user joins."""

from __future__ import annotations

from flask import session
from flask_login import current_user
from flask_socketio import SocketIO, join_room

from community.auth.sessions import user_for_token
from community.extensions import db
from community.models import User
from community.realtime import user_room


def authenticate_socket(auth: dict | None) -> User | None:
    """The user behind a new connection: an API token in `auth`, else the session cookie."""
    if isinstance(auth, dict) and auth.get("token"):
        found = user_for_token(str(auth["token"]))
        return found[0] if found else None
    if current_user.is_authenticated:
        return current_user._get_current_object()
    return None


def socket_user() -> User | None:
    """The connected user, re-read so a suspension or revoked session takes effect at once."""
    user_id = session.get("socket_user_id")
    version = session.get("socket_session_version")
    if user_id is None:
        return None
    user = db.session.get(User, user_id)
    if user is None or not user.is_active or user.session_version != version:
        return None
    return user


def on_connect(auth: dict | None = None) -> bool:
    """Any client connecting. Anonymous, unconfirmed and suspended users are refused."""
    user = authenticate_socket(auth)
    if user is None or not user.is_active or not user.is_confirmed:
        return False
    session["socket_user_id"] = user.id
    session["socket_session_version"] = user.session_version
    join_room(user_room(user.id))
    return True


def register(socketio: SocketIO) -> None:
    socketio.on_event("connect", on_connect)
