"""Ending a user's live connections when their sessions are revoked."""

from __future__ import annotations

from flask import current_app

from community.extensions import socketio
from community.models import User
from community.realtime.presence import registry
from community.transaction import on_commit


def end_every_session(user: User) -> None:
    """End every session, remember cookie and open connection of the user (password change,
    sign out everywhere, suspension, role change, erasure): the session version moves on and
    the stored sessions are revoked."""
    from community.auth.user_sessions import revoke_sessions

    user.session_version += 1
    revoke_sessions(user.id)
    end_live_sessions(user)


def end_live_sessions(user: User) -> None:
    """Close every open Socket.IO connection of the user once the revocation commits."""
    on_commit(end_live_sessions_of, user.id)


def end_live_sessions_of(user_id: int) -> None:
    """Close every open Socket.IO connection of the user, on every server process. The registry
    lists the user's sids on all processes (Redis when several run); `disconnect` of a sid that
    lives on another process goes to that process through the message queue, within a second."""
    try:
        server = socketio.server
        sids = registry().sids(user_id)
    except (AttributeError, KeyError, RuntimeError):  # no Socket.IO server here (e.g. a script)
        return
    for sid in sids:
        try:
            server.disconnect(sid, namespace="/")
        except Exception:  # one failure must not keep the user's other connections open
            current_app.logger.exception("Could not disconnect socket %s", sid)
