"""Socket.IO chat events of `spec/realtime.md`. Each handler re-reads the connected user,
checks the payload's shape, calls the service (which checks membership) and returns the
acknowledgement. A refused event acknowledges `{"ok": false, "error", "message"}`, changes
nothing and keeps the connection open."""

from __future__ import annotations

import functools
from typing import Any

from flask import current_app, request
from flask_babel import gettext as _
from flask_socketio import SocketIO, disconnect, emit, join_room, leave_room

from community.chat import services
from community.chat.presence import viewing_chat
from community.chat.serializers import message_json
from community.errors import AppError, BadRequest
from community.extensions import db
from community.models import User
from community.realtime.connection import socket_user
from community.security import contains_unstorable


def refusal(code: str, message: str, fields: dict | None = None) -> dict:
    answer = {"ok": False, "error": code, "message": message}
    if fields:
        answer["fields"] = fields
    return answer


def chat_event(handler):
    """Authenticate, check the payload is one object, turn errors into refusals."""

    @functools.wraps(handler)
    def wrapper(*args):
        try:
            user = socket_user()
            if user is None:  # suspended, signed out elsewhere or deleted since connecting
                db.session.rollback()
                disconnect()
                return refusal("unauthorized", _("Your session has ended. Sign in again."))
            if len(args) != 1 or not isinstance(args[0], dict):
                return refusal("bad_request", _("The payload must be one JSON object."))
            if contains_unstorable(args[0]):  # NUL or a lone surrogate: as the HTTP side does
                return refusal("bad_request",
                               _("The request contains characters that are not allowed."))
            return handler(user, args[0])
        except AppError as error:
            db.session.rollback()
            return refusal(error.code, error.message, error.fields)
        except Exception:
            db.session.rollback()
            current_app.logger.exception("Chat event %s failed", handler.__name__)
            return refusal("server_error", _("Something went wrong on our side. Try again."))

    return wrapper


def integer(payload: dict, key: str, required: bool = True) -> int | None:
    """A non-negative integer field; anything else is a malformed payload (`bad_request`)."""
    value = payload.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        raise BadRequest(_("%(key)s must be a non-negative integer.", key=key))
    return value


def string(payload: dict, key: str, required: bool = True) -> str | None:
    value = payload.get(key)
    if value is None and not required:
        return None
    if not isinstance(value, str):
        raise BadRequest(_("%(key)s must be a string.", key=key))
    return value


@chat_event
def on_join(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member opening a room, or reconnecting: `{"room_id", "after"}` (`after` is
    the last seq it has). Acks the room and the messages after `after` (the latest 50
    without it, at most 200, oldest first); the connection then receives the room's events."""
    room = services.get_room(integer(payload, "room_id"))
    after = integer(payload, "after", required=False)
    if after is None:
        messages, has_more = services.history(user, room)
    else:
        messages, has_more = services.history(user, room, after=after,
                                              limit=services.HISTORY_MAX)
    join_room(services.room_for(room))
    viewing_chat(user, request.sid)
    return {"ok": True, "room": services.rooms_json(user, [room])[0],
            "messages": [message_json(m) for m in messages], "has_more": has_more}


@chat_event
def on_leave(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a client that no longer wants a room's events: `{"room_id"}`. Only this
    connection stops receiving them; membership is unchanged."""
    room = services.get_room(integer(payload, "room_id"))
    services.require_reader(user, room)
    leave_room(services.room_for(room))
    return {"ok": True}


@chat_event
def on_send(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member: `{"room_id", "body", "client_id"}`. The message is stored, then
    `chat:message` goes to every connection of every member; the ack carries the message.
    A repeated `client_id` acks the first message and stores nothing."""
    room = services.get_room(integer(payload, "room_id"))
    body = string(payload, "body")
    client_id = string(payload, "client_id", required=False)
    message, _created = services.send_message(user, room, body, client_id)
    return {"ok": True, "message": message_json(message)}


@chat_event
def on_typing(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member typing in a room: `{"room_id"}`. The room's other connections receive
    `chat:typing` `{"room_id", "username"}`."""
    room = services.get_room(integer(payload, "room_id"))
    services.require_sender(user, room)
    services.check_typing_rate(user)
    emit("chat:typing", {"room_id": room.id, "username": user.username},
         to=services.room_for(room), include_self=False)
    return {"ok": True}


@chat_event
def on_read(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member who has seen a room up to `seq`: `{"room_id", "seq"}`. Acks the new
    unread count, which also goes to the user's other connections as `unread`."""
    room = services.get_room(integer(payload, "room_id"))
    count = services.mark_read(user, room, integer(payload, "seq"))
    return {"ok": True, "unread": count}


@chat_event
def on_edit(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a message's author: `{"message_id", "body"}`. The room receives `chat:updated`."""
    message = services.get_message(integer(payload, "message_id"))
    body = string(payload, "body")
    services.require_reader(user, message.room)
    return {"ok": True, "message": message_json(services.edit_message(user, message, body))}


@chat_event
def on_delete(user: User, payload: dict[str, Any]) -> dict:
    """Sent by the author, a moderator or (cluster rooms) a manager: `{"message_id"}`. The room
    receives `chat:deleted` `{"room_id", "id", "seq"}`."""
    # The permission check is the service's, as for the API: moderators may delete in any room.
    services.delete_message(user, services.get_message(integer(payload, "message_id")))
    return {"ok": True}


EVENTS = {
    "chat:join": on_join,
    "chat:leave": on_leave,
    "chat:send": on_send,
    "chat:typing": on_typing,
    "chat:read": on_read,
    "chat:edit": on_edit,
    "chat:delete": on_delete,
}


def register(socketio: SocketIO) -> None:
    for name, handler in EVENTS.items():
        socketio.on_event(name, handler)

