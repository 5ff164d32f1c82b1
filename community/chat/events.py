"""Socket.IO chat events of `spec/realtime.md`. `socket_event` re-reads the connected user,
checks the payload's shape and turns errors into refusals; each handler reads its fields, calls
the service (which checks membership) and returns the acknowledgement."""

from __future__ import annotations

from typing import Any

from flask import Flask, request, session
from flask_socketio import SocketIO, emit, leave_room

from community.chat import services
from community.chat.member_lists import install_member_lists
from community.chat.presence import user_connected, user_disconnected, viewing_chat
from community.chat.serializers import message_json
from community.models import User
from community.realtime.connection import may_still_write, register_connection_hooks
from community.realtime.handlers import (
    hot_socket_event,
    integer,
    join,
    on_events,
    socket_event,
    socket_user_or_end,
    string,
    user_locale,
)


@socket_event
def on_join(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member opening a room, or reconnecting: `{"room_id", "after"}` (`after` is
    the last seq it has). Acks the room and the messages after `after` (the latest 50
    without it, at most 200, oldest first); the connection then receives the room's events."""
    room = services.get_room(integer(payload, "room_id"), with_cluster=True)
    after = integer(payload, "after", required=False)
    services.require_reader(user, room)
    # Join before reading: a message stored in between then arrives live as well as in the
    # history (the client keeps one per seq) instead of in neither.
    join(services.room_for(room))
    if after is None:
        messages, has_more = services.read_history(room)
    else:
        messages, has_more = services.read_history(room, after=after,
                                                   limit=services.HISTORY_MAX)
    viewing_chat(user, request.sid)
    # The room's moderators see hidden messages marked; asked only when there is one.
    staff = (any(m.hidden_at for m in messages)
             and user.id in services.moderates_room(room))
    return {"ok": True, "room": services.joined_room_json(user, room, messages),
            "messages": [message_json(m, show_hidden=staff) for m in messages],
            "has_more": has_more}


@socket_event
def on_leave(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a client that no longer wants a room's events: `{"room_id"}`. Only this
    connection stops receiving them; membership is unchanged."""
    room = services.get_room(integer(payload, "room_id"))
    services.require_reader(user, room)
    leave_room(services.room_for(room))
    return {"ok": True}


@hot_socket_event
def on_send(payload: dict[str, Any]) -> dict:
    """Sent by a member: `{"room_id", "body", "client_id"}`. The message is stored, then
    `chat:message` goes to every connection of every member; the ack carries the message.
    A repeated `client_id` acks the first message and stores nothing. The user is checked
    inside the write (`post_message`); only an unusual send re-reads it."""
    room_id = integer(payload, "room_id")
    body = string(payload, "body")
    client_id = string(payload, "client_id", required=False)
    allowed = may_still_write()
    message = (services.post_message(session["socket_user_id"], room_id, body, client_id,
                                     allowed) if allowed is not None else None)
    if message is None:  # refused, repeated, or no such room: the reading path says which
        user = socket_user_or_end()
        with user_locale(user):
            message, _created = services.send_message(user, services.get_room(room_id), body,
                                                      client_id)
    return {"ok": True, "message": message}


@socket_event
def on_typing(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member typing in a room: `{"room_id"}`. The room's other connections receive
    `chat:typing` `{"room_id", "username"}`."""
    room = services.get_room(integer(payload, "room_id"))
    services.require_sender(user, room)
    services.check_typing_rate(user)
    emit("chat:typing", {"room_id": room.id, "username": user.username},
         to=services.room_for(room), include_self=False)
    return {"ok": True}


@socket_event
def on_read(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a member who has seen a room up to `seq`: `{"room_id", "seq"}`. Acks the new
    unread count, which also goes to the user's other connections as `unread`."""
    room = services.get_room(integer(payload, "room_id"))
    count = services.mark_read(user, room, integer(payload, "seq"))
    return {"ok": True, "unread": count}


@socket_event
def on_edit(user: User, payload: dict[str, Any]) -> dict:
    """Sent by a message's author: `{"message_id", "body"}`. The room receives `chat:updated`."""
    message = services.get_message(integer(payload, "message_id"))
    body = string(payload, "body")
    services.require_reader(user, message.room)
    return {"ok": True, "message": message_json(services.edit_message(user, message, body))}


@socket_event
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


def register(app: Flask, socketio: SocketIO) -> None:
    """The chat events, and chat's part of connecting: a new connection joins the user's rooms
    and their roommates learn who comes online and goes offline (`chat.presence`); the
    rooms' member lists are kept in memory (`chat.member_lists`)."""
    install_member_lists(app)
    register_connection_hooks(app, connected=user_connected, disconnected=user_disconnected)
    on_events(socketio, EVENTS)

