"""Chat side of connecting: a new connection joins the Socket.IO rooms of all the user's chat
rooms (so room lists update live), and the people who share a room with the user learn when
their first connection opens and their last one closes (`presence`)."""

from __future__ import annotations

from flask_socketio import join_room

from community.chat.rooms import ensure_cluster_rooms, room_for, share_a_room_statement
from community.extensions import db, socketio
from community.models import User
from community.realtime.presence import chat_viewers, registry


def user_room_ids(user_id: int) -> list[int]:
    """The ids of every chat room the user reads, whose sockets hear of their presence."""
    return list(db.session.scalars(share_a_room_statement(user_id)))


def broadcast_presence(username: str, online: bool, room_ids: list[int]) -> None:
    """One emit to all the user's rooms at once: each connection receives it once."""
    if room_ids:
        socketio.emit("presence", {"username": username, "online": online},
                      to=[room_for(rid) for rid in room_ids])


def user_connected(user: User, sid: str) -> None:
    """Connection hook: the new connection joins all the user's rooms, so room lists update
    live; the roommates learn the user is online when this is their first connection."""
    ensure_cluster_rooms(user)
    room_ids = user_room_ids(user.id)
    for room_id in room_ids:
        join_room(room_for(room_id), sid=sid)
    if registry().add(user.id, sid) == 1:
        broadcast_presence(user.username, True, room_ids)


def viewing_chat(user: User, sid: str) -> None:
    """The connection opened a room on the chat page (`chat:join`)."""
    chat_viewers().add(user.id, sid)


def user_disconnected(user_id: int, username: str, sid: str) -> None:
    """Connection hook: the roommates learn the user is offline when their last one closed."""
    chat_viewers().remove(user_id, sid)
    if registry().remove(user_id, sid) == 0:
        broadcast_presence(username, False, user_room_ids(user_id))
