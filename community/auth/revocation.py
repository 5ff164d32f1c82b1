"""Ending a user's live connections when their sessions are revoked."""

from __future__ import annotations

from community.extensions import socketio
from community.models import User
from community.realtime import user_room


def end_live_sessions(user: User) -> None:
    """Close every open Socket.IO connection of the user, on every server process: closing
    the user's room goes through the message queue when one is configured."""
    try:
        socketio.emit("session_ended", {}, to=user_room(user.id))
        socketio.close_room(user_room(user.id))
    except Exception:  # no Socket.IO server in this process (e.g. the CLI): nothing is open here
        pass
