"""Socket.IO events of the forums: a thread page watches its thread to receive new posts."""

from __future__ import annotations

from flask_socketio import SocketIO, join_room, leave_room

from community.errors import NotFound
from community.forums.notices import thread_room
from community.realtime.connection import socket_user


def _thread_id(payload) -> int | None:
    if not isinstance(payload, dict):
        return None
    value = payload.get("thread_id")
    if not isinstance(value, int) or isinstance(value, bool) or value < 1:
        return None
    return value


def on_watch(payload=None) -> dict:
    """`forum:watch {"thread_id"}` from a thread page: after a read-permission check the
    connection joins `thread:<id>` and then receives `forum:post` and `forum:post_updated`
    ({"thread_id", "id", "position", "html"}) for every post written there."""
    from community.forums.services import find_thread

    thread_id = _thread_id(payload)
    if thread_id is None:
        return {"ok": False, "error": "bad_request", "message": "Send {\"thread_id\": id}."}
    user = socket_user()
    if user is None:
        return {"ok": False, "error": "unauthorized", "message": "Sign in again."}
    try:
        find_thread(thread_id, user)
    except NotFound as error:
        return {"ok": False, "error": "not_found", "message": error.message}
    try:
        join_room(thread_room(thread_id))
    except KeyError:  # the client left (reload, navigation) while this event was handled
        return {"ok": False, "error": "not_found", "message": "The connection is closed."}
    return {"ok": True}


def on_unwatch(payload=None) -> dict:
    """`forum:unwatch {"thread_id"}`: stop receiving a thread's posts."""
    thread_id = _thread_id(payload)
    if thread_id is None:
        return {"ok": False, "error": "bad_request", "message": "Send {\"thread_id\": id}."}
    try:
        leave_room(thread_room(thread_id))
    except KeyError:
        pass
    return {"ok": True}


def register(socketio: SocketIO) -> None:
    socketio.on_event("forum:watch", on_watch)
    socketio.on_event("forum:unwatch", on_unwatch)
