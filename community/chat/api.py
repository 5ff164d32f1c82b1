"""JSON API of chat (`spec/api.md`, Chat): rooms, history, sending (broadcast like a Socket.IO
`chat:send`), editing, deleting, read markers, reports."""

from __future__ import annotations

from flask_babel import gettext as _

from community.api import bp
from community.api.helpers import accepts, responds, signed_in_user
from community.chat import services
from community.chat.serializers import message_json
from community.chat.validation import BODY, CLIENT_ID, MAX_GROUP_MEMBERS, ROOM_NAME
from community.errors import ValidationError
from community.models import MAX_ID, isoformat
from community.pagination import int_arg
from community.validation import REPORT_SCHEMA, USERNAME_MAX, Field, check_field

ROOM_SCHEMA = {
    "kind": Field(str, choices=("direct", "group")),
    "members": Field(list, max_items=MAX_GROUP_MEMBERS, item_max=USERNAME_MAX,
                     description="usernames"),
    "name": ROOM_NAME.optional(),
}
MESSAGE_SCHEMA = {"body": BODY, "client_id": CLIENT_ID}
EDIT_SCHEMA = {"body": MESSAGE_SCHEMA["body"]}
RENAME_SCHEMA = {"name": ROOM_NAME}
INVITE_SCHEMA = {"members": ROOM_SCHEMA["members"]}
READ_SCHEMA = {"seq": Field(int, minimum=0, maximum=MAX_ID)}


def room_json(user, room) -> dict:
    return services.rooms_json(user, [room])[0]


@bp.get("/chat/rooms")
def api_chat_rooms():
    """The rooms the caller is in, most recently active first."""
    user = signed_in_user()
    items = services.rooms_json(user, services.rooms_of(user))
    # Every room at once (a member is in few), in the list shape of the API's conventions.
    return {"items": items, "page": 1, "per_page": max(len(items), 1), "total": len(items),
            "pages": 1}


@bp.post("/chat/rooms")
@responds(201, 200)
@accepts(ROOM_SCHEMA)
def api_create_chat_room(data: dict):
    """Start a direct room (or get the existing one) or create a group room."""
    user = signed_in_user()
    members = [services.find_user(name) for name in data["members"]]
    if data["kind"] == "direct":
        if len(members) != 1:
            raise ValidationError(_("Some fields are not valid."),
                                  {"members": _("A direct room has exactly one other member.")})
        room, created = services.start_direct_room(user, members[0])
        return room_json(user, room), 201 if created else 200
    name = check_field("name", ROOM_NAME, data.get("name"))  # a group room needs a name
    room = services.create_group_room(user, name, members)
    return room_json(user, room)


@bp.get("/chat/rooms/<int:room_id>")
def api_chat_room(room_id: int):
    """One room with its members, unread count and last message."""
    user = signed_in_user()
    room = services.get_room(room_id)
    services.require_reader(user, room)
    return room_json(user, room)


@bp.patch("/chat/rooms/<int:room_id>")
@accepts(RENAME_SCHEMA)
def api_rename_chat_room(room_id: int, data: dict):
    """Rename a group room (its members)."""
    user = signed_in_user()
    room = services.rename_room(user, services.get_room(room_id), data["name"])
    return room_json(user, room)


@bp.post("/chat/rooms/<int:room_id>/members")
@accepts(INVITE_SCHEMA)
def api_invite_to_chat_room(room_id: int, data: dict):
    """Invite members to a group room (its members)."""
    user = signed_in_user()
    room = services.get_room(room_id)
    services.require_sender(user, room)
    services.invite_to_room(user, room, [services.find_user(n) for n in data["members"]])
    return room_json(user, room)


@bp.delete("/chat/rooms/<int:room_id>/membership")
@responds(204)
def api_leave_chat_room(room_id: int):
    """Leave a group room."""
    user = signed_in_user()
    services.leave_group_room(user, services.get_room(room_id))
    return ""


@bp.get("/chat/rooms/<int:room_id>/messages")
def api_chat_messages(room_id: int):
    """Messages in `seq` order: `?after=<seq>` or `?before=<seq>` (else the latest), `limit`."""
    user = signed_in_user()
    room = services.get_room(room_id)
    after, before = int_arg("after", minimum=0), int_arg("before", minimum=0)
    limit = int_arg("limit", services.JOIN_LATEST, minimum=0)
    if limit < 1 or limit > services.HISTORY_MAX or (after is not None and before is not None):
        raise ValidationError(_("Some fields are not valid."),
                              {"limit": _("1 to %(n)d; after or before, not both.",
                                          n=services.HISTORY_MAX)})
    messages, has_more = services.history(user, room, after=after, before=before, limit=limit)
    return {"items": [message_json(m) for m in messages], "has_more": has_more}


@bp.post("/chat/rooms/<int:room_id>/messages")
@responds(201, 200)
@accepts(MESSAGE_SCHEMA)
def api_send_chat_message(room_id: int, data: dict):
    """Send a message; it is broadcast like one sent over Socket.IO. A repeated `client_id`
    returns the first message (200)."""
    user = signed_in_user()
    room = services.get_room(room_id)
    message, created = services.send_message(user, room, data["body"], data.get("client_id"))
    return message, 201 if created else 200


@bp.post("/chat/rooms/<int:room_id>/read")
@accepts(READ_SCHEMA)
def api_mark_chat_read(room_id: int, data: dict):
    """Mark the room read up to `seq`; returns the unread count left."""
    user = signed_in_user()
    count = services.mark_read(user, services.get_room(room_id), data["seq"])
    return {"room_id": room_id, "unread": count}


@bp.patch("/chat/messages/<int:message_id>")
@accepts(EDIT_SCHEMA)
def api_edit_chat_message(message_id: int, data: dict):
    """Edit a message (its author)."""
    user = signed_in_user()
    message = services.get_message(message_id)
    services.require_reader(user, message.room)
    return message_json(services.edit_message(user, message, data["body"]))


@bp.delete("/chat/messages/<int:message_id>")
@responds(204)
def api_delete_chat_message(message_id: int):
    """Delete a message (author, moderators, the cluster's managers in its room)."""
    user = signed_in_user()
    services.delete_message(user, services.get_message(message_id))
    return ""


@bp.post("/chat/messages/<int:message_id>/reports")
@responds(201)
@accepts(REPORT_SCHEMA)
def api_report_chat_message(message_id: int, data: dict):
    """Report a chat message to the moderators (`spam`, `abuse`, `off_topic`, `other`)."""
    user = signed_in_user()
    message = services.get_message(message_id)
    report = services.report_message(user, message, data["reason"], data.get("note", ""))
    return {"id": report.id, "target": {"type": "message", "id": message.id},
            "reason": report.reason, "note": report.note, "status": report.status,
            "created_at": isoformat(report.created_at)}
