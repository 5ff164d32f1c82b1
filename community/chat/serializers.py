"""The JSON shapes of chat rooms and messages, shared by the API and the Socket.IO events."""

from __future__ import annotations

from community.auth.serializers import shown_name, shown_username
from community.models import ChatMessage, ChatRoom, User, isoformat


def author_json(user: User | None) -> dict | None:
    if user is None:
        return None
    return {"username": shown_username(user), "display_name": shown_name(user)}


def message_json(message: ChatMessage, show_hidden: bool = False) -> dict:
    """The message of `spec/realtime.md`; a deleted or hidden one keeps its place, not its text.
    `show_hidden` (the room's moderators): a hidden one keeps its text, with `"hidden": true`."""
    hidden = message.hidden_at is not None and message.deleted_at is None
    deleted = message.deleted_at is not None or (hidden and not show_hidden)
    shown = {
        "id": message.id,
        "room_id": message.room_id,
        "seq": message.seq,
        "author": author_json(message.author),
        "body": "" if deleted else message.body,
        "body_html": "" if deleted else message.body_html,
        "client_id": message.client_id,
        "created_at": isoformat(message.created_at),
        "edited_at": isoformat(message.edited_at),
        "deleted": deleted,
    }
    if hidden and show_hidden:
        shown["hidden"] = True
    return shown


def member_json(user: User, online: set[int]) -> dict:
    return {"username": shown_username(user), "display_name": shown_name(user),
            "online": user.id in online}


def room_name(room: ChatRoom, viewer: User | None, members: list[User]) -> str:
    """Cluster rooms are named after the cluster, direct rooms after the other person."""
    if room.kind == "cluster" and room.cluster is not None:
        return room.cluster.name
    if room.kind == "direct" and viewer is not None:
        others = [m for m in members if m.id != viewer.id]
        if others:
            return shown_name(others[0])
    return room.name


def room_json(room: ChatRoom, viewer: User | None, members: list[User], member_count: int,
              online: set[int], unread: int = 0, last: ChatMessage | None = None) -> dict:
    return {
        "id": room.id,
        "kind": room.kind,
        "name": room_name(room, viewer, members),
        "cluster": ({"slug": room.cluster.slug, "name": room.cluster.name}
                    if room.kind == "cluster" and room.cluster is not None else None),
        "members": [member_json(m, online) for m in members],
        "member_count": member_count,
        "unread_count": unread,
        "last_seq": room.last_seq,
        "last_message": message_json(last) if last is not None else None,
    }
