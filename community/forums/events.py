"""Socket.IO events of the forums: a thread page watches its thread to receive new posts.
`socket_event` re-reads the connected user, checks the payload and turns errors into refusals."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_socketio import SocketIO, leave_room

from community.forums.notices import thread_room
from community.forums.services import find_thread
from community.models import User
from community.realtime.handlers import integer, join, on_events, socket_event


@socket_event
def on_watch(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a thread page: `{"thread_id"}`. After a read-permission check (`not_found` for a
    thread the user may not read) the connection joins `thread:<id>` and then receives
    `forum:post` and `forum:post_updated` `{"thread_id", "id", "position", "html"}` for every
    post written or changed there."""
    thread = find_thread(integer(payload, "thread_id"), user)
    join(thread_room(thread.id))
    return {"ok": True}


@socket_event
def on_unwatch(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a thread page being left: `{"thread_id"}`. Only this connection stops receiving
    the thread's posts; leaving a room reveals nothing, so there is no read check."""
    leave_room(thread_room(integer(payload, "thread_id")))
    return {"ok": True}


EVENTS = {
    "forum:watch": on_watch,
    "forum:unwatch": on_unwatch,
}


def register(app: Flask, socketio: SocketIO) -> None:
    """The forum events; the forums need nothing on connecting."""
    on_events(socketio, EVENTS)
