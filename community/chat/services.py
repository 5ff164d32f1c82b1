"""Chat actions: send, edit, delete, hide, history, read markers. Each checks, writes, and
queues one broadcast to the room (never member by member) for after the commit, so nothing is
announced that is not stored; each connected reader also gets its new unread count
(`unread.py`). Room actions live in `rooms.py` and are re-exported here."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _

from community.chat.rooms import (  # noqa: F401  (the feature's public actions, in one place)
    cluster_room,
    create_group_room,
    find_user,
    get_room,
    invite_to_room,
    leave_group_room,
    members_by_room,
    on_membership_changed,
    programme_room,
    rename_room,
    require_reader,
    require_sender,
    room_for,
    rooms_of,
    start_direct_room,
)
from community.chat.sending import dialect_insert, find_sent, store_message
from community.chat.serializers import message_json, room_json
from community.chat.unread import unread_changed, unread_counts
from community.chat.validation import BODY, CLIENT_ID
from community.errors import NotFound, PermissionDenied, RateLimited, ValidationError
from community.extensions import db
from community.markup import render_markdown
from community.models import MAX_ID, ChatMessage, ChatReadMarker, ChatRoom, User, is_id, utcnow
from community.models.chat import MAX_BODY
from community.moderation.spam import (
    cached_blocked_terms,
    has_blocked_domain,
    has_blocked_word,
    hosts_in,
    refuse_blocked_text,
)
from community.permissions import (
    can_delete_chat_message,
    can_edit_chat_message,
    require_write,
)
from community.realtime import user_room
from community.realtime.presence import registry
from community.transaction import emit_on_commit, on_commit
from community.validation import check_field

JOIN_LATEST = 50
HISTORY_MAX = 200


# --- Validation and limits -----------------------------------------------------------------

def clean_body(body) -> str:
    """A message body as stored (`validation.BODY`); the chat's input line shows the 422's
    message, so it says what to do."""
    message = (_("A message has at most %(n)d characters.", n=MAX_BODY)
               if isinstance(body, str) and len(body) > MAX_BODY else _("Write a message first."))
    return check_field("body", BODY, body, message=message)


def clean_client_id(client_id) -> str | None:
    return None if client_id is None else check_field("client_id", CLIENT_ID, client_id)


def rate_limiter():
    """The per-user sending limit's storage: Redis when configured, so every process counts."""
    limiter = current_app.extensions.get("chat_rate_limiter")
    if limiter is None:
        from limits.storage import storage_from_string
        from limits.strategies import MovingWindowRateLimiter

        uri = current_app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
        limiter = MovingWindowRateLimiter(storage_from_string(uri))
        current_app.extensions["chat_rate_limiter"] = limiter
    return limiter


def rate_limit(setting: str, default: str):
    """The configured limit, or None when rate limiting is off."""
    enabled = current_app.config.get("CHAT_RATE_LIMIT_ENABLED")
    if enabled is None:
        enabled = current_app.config.get("RATELIMIT_ENABLED", True)
    if not enabled:
        return None
    from limits import parse

    return parse(current_app.config.get(setting) or default)


def check_rate(user_id: int, action: str, setting: str, default: str, message: str) -> None:
    limit = rate_limit(setting, default)
    if limit is not None and not rate_limiter().hit(limit, action, str(user_id)):
        error = RateLimited(message)
        error.retry_after = limit.get_expiry()
        raise error


def check_send_rate(user_id: int) -> None:
    """Count one accepted send (called after the duplicate check: a resent `client_id` is
    answered with its first message, however many sends the window holds)."""
    check_rate(user_id, "chat-send", "CHAT_RATE_LIMIT", "30 per 10 seconds",
               _("You are sending messages too fast. Wait a moment."))


def send_rate_has_room(user_id: int) -> bool:
    """Whether one more send fits the window, without counting it (`post_message` counts
    only what it stores)."""
    limit = rate_limit("CHAT_RATE_LIMIT", "30 per 10 seconds")
    return limit is None or rate_limiter().test(limit, "chat-send", str(user_id))


def check_typing_rate(user: User) -> None:
    """Clients send `chat:typing` every few seconds at most; a flood is refused."""
    check_rate(user.id, "chat-typing", "CHAT_TYPING_RATE_LIMIT", "20 per 10 seconds",
               _("Too many typing notices."))


# --- Messages --------------------------------------------------------------------------------

def message_by_client_id(room: ChatRoom, author: User, client_id: str | None):
    if client_id is None:
        return None
    return db.session.scalar(sa.select(ChatMessage).where(
        ChatMessage.room_id == room.id, ChatMessage.author_id == author.id,
        ChatMessage.client_id == client_id))


def announce_message(message: dict) -> None:
    """After the commit: `chat:message` once to the room (one payload, serialised once for
    every connection), and the room's unread counts soon after (`unread.unread_changed`)."""
    emit_on_commit("chat:message", message, to=room_for(message["room_id"]))
    on_commit(unread_changed, current_app._get_current_object(), message["room_id"])


def send_message(author: User, room: ChatRoom, body, client_id=None) -> tuple[dict, bool]:
    """Store a message, then broadcast `chat:message` once to the room: (message, created).
    The same `client_id` from the same author returns the first message and stores nothing.
    Each check reads first, so a refusal says why; `post_message` is the fast way."""
    require_sender(author, room)
    body = clean_body(body)
    client_id = clean_client_id(client_id)
    existing = message_by_client_id(room, author, client_id)
    if existing is not None:
        return message_json(existing), False
    check_send_rate(author.id)
    body_html = render_markdown(body, is_user=None)  # before the lock: keep it short
    refuse_blocked_text(author, body, body_html)
    message = store_message(room.id, author.id, client_id, body, body_html, sa.true())
    if message is None:  # the same client_id stored a moment ago by another connection
        existing = message_by_client_id(room, author, client_id)
        if existing is None:
            raise RuntimeError("A message was neither stored nor found")
        return message_json(existing), False
    announce_message(message)
    return message, True


def post_message(author_id: int, room_id: int, body: str, client_id: str | None,
                 allowed: sa.ColumnElement[bool]) -> dict | None:
    """`send_message` in four statements for a sender known by id, whose right to write is
    the SQL condition `allowed` (a socket's `may_still_write`): the message, or None when
    anything is unusual (a refusal, a duplicate, a blocked domain, a full rate window), for
    `send_message` to settle with its reads and its error messages. Only a stored message
    counts toward the rate, so the slow path never counts a send twice."""
    try:
        body = clean_body(body)
        client_id = clean_client_id(client_id)
    except ValidationError:
        return None
    if not send_rate_has_room(author_id):  # a resent client_id is answered, not refused
        return None
    body_html = render_markdown(body, is_user=None)
    terms = cached_blocked_terms()
    if has_blocked_word(body, terms["word"]) or has_blocked_domain(
            hosts_in(body, body_html), terms["domain"]):  # staff may link a blocked domain
        return None
    message = store_message(room_id, author_id, client_id, body, body_html, allowed)
    if message is not None:
        # Counted once stored, so a duplicate or a refusal never counts; over the limit
        # (a concurrent send took the last place), the handler rolls the message back.
        check_send_rate(author_id)
        announce_message(message)
        return message
    existing = client_id and find_sent(room_id, author_id, client_id, allowed)
    return message_json(existing) if existing else None  # a repeat, or for send_message


def get_message(message_id: int) -> ChatMessage:
    message = db.session.get(ChatMessage, message_id) if is_id(message_id) else None
    if message is None:
        raise NotFound(_("This message does not exist."))
    return message


def edit_message(actor: User, message: ChatMessage, body) -> ChatMessage:
    """The author changes the text; `chat:updated` goes to the room."""
    require_sender(actor, message.room)
    if not can_edit_chat_message(actor, message):
        raise PermissionDenied(_("Only the author can edit this message."))
    body = clean_body(body)
    html = render_markdown(body)
    refuse_blocked_text(actor, body, html)
    message.body, message.body_html = body, html
    message.edited_at = utcnow()
    emit_on_commit("chat:updated", message_json(message), to=room_for(message.room_id))
    return message


def announce_deleted(message: ChatMessage) -> None:
    emit_on_commit("chat:deleted", {"room_id": message.room_id, "id": message.id,
                                   "seq": message.seq}, to=room_for(message.room_id))


def delete_message(actor: User, message: ChatMessage) -> None:
    """The author, moderators, or the cluster's managers in its room; it keeps its `seq`."""
    if not can_delete_chat_message(actor, message):
        raise PermissionDenied(_("You cannot delete this message."))
    if message.deleted_at is None:
        message.deleted_at = utcnow()
        announce_deleted(message)


def moderates_room(room: ChatRoom) -> set[int]:
    """Who sees a room's hidden messages, marked: moderators who may read the room, and in a
    cluster room its managers."""
    from community.realtime.audience import member_ids, moderator_ids

    if room.kind == "cluster" and room.cluster is not None:
        return moderator_ids() | member_ids(room.cluster, managers_only=True)
    members = set(db.session.scalars(room.member_ids_statement()))
    return moderator_ids() & members


def hide_message(message: ChatMessage) -> None:
    """Moderation (after a report): the message disappears from members' history and open
    windows (`chat:deleted`); the room's moderators get it marked (`chat:updated`, hidden)."""
    from community.realtime.audience import emit_to, user_rooms

    if message.hidden_at is not None or message.deleted_at is not None:
        return
    message.hidden_at = utcnow()
    staff = moderates_room(message.room)
    emit_to("chat:deleted", {"room_id": message.room_id, "id": message.id, "seq": message.seq},
            room_for(message.room_id), skip_users=staff)
    emit_to("chat:updated", message_json(message, show_hidden=True), user_rooms(staff))


def unhide_message(message: ChatMessage) -> None:
    """Undo `hide_message`: the message is back for every member of the room."""
    if message.hidden_at is None:
        return
    message.hidden_at = None
    emit_on_commit("chat:updated", message_json(message), to=room_for(message.room_id))


# --- History and read markers ------------------------------------------------------------------

def history(reader: User, room: ChatRoom, after: int | None = None, before: int | None = None,
            limit: int = JOIN_LATEST) -> tuple[list[ChatMessage], bool]:
    """Messages in `seq` order: after a seq (oldest first), before one, or the latest."""
    require_reader(reader, room)
    return read_history(room, after, before, limit)


def read_history(room: ChatRoom, after: int | None = None, before: int | None = None,
                 limit: int = JOIN_LATEST) -> tuple[list[ChatMessage], bool]:
    """`history` for a caller that checked the reader already (`chat:join`)."""
    limit = max(1, min(int(limit), HISTORY_MAX))
    after = None if after is None else min(after, MAX_ID)
    before = None if before is None else min(before, MAX_ID)
    statement = sa.select(ChatMessage).where(ChatMessage.room_id == room.id).options(
        sa.orm.joinedload(ChatMessage.author))
    if after is not None:
        rows = list(db.session.scalars(statement.where(ChatMessage.seq > after)
                                       .order_by(ChatMessage.seq).limit(limit + 1)))
        return rows[:limit], len(rows) > limit
    if before is not None:
        statement = statement.where(ChatMessage.seq < before)
    rows = list(db.session.scalars(statement.order_by(ChatMessage.seq.desc()).limit(limit + 1)))
    return list(reversed(rows[:limit])), len(rows) > limit


def direct_message_url(room_id: int) -> str:
    """Where a `direct_message` notification leads: the conversation."""
    return f"/chat?room={room_id}"


def upsert_marker(room_id: int, user_id: int, seq: int, reset_notified: bool) -> None:
    """Move a read marker forward (never back), in one statement on both databases."""
    table = ChatReadMarker.__table__
    statement = dialect_insert(table).values(room_id=room_id, user_id=user_id,
                                             last_read_seq=seq, notified=False)
    values = {"last_read_seq": sa.case(
        (statement.excluded.last_read_seq > table.c.last_read_seq,
         statement.excluded.last_read_seq), else_=table.c.last_read_seq)}
    if reset_notified:
        values["notified"] = False
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.room_id, table.c.user_id], set_=values))


def mark_read(user: User, room: ChatRoom, seq) -> int:
    """Move the user's read marker to `seq`; the new unread count goes to all their
    connections (`unread`) so every open tab shows the same badge."""
    require_reader(user, room)
    if not isinstance(seq, int) or isinstance(seq, bool) or seq < 0:
        raise ValidationError(_("Some fields are not valid."),
                              {"seq": _("Must be a non-negative integer.")})
    upsert_marker(room.id, user.id, min(seq, room.last_seq), reset_notified=True)
    count = unread_counts(user, [room.id])[room.id]
    if count == 0 and room.kind == "direct":  # read in the chat: its notification is read too
        from community.notifications.services import mark_target_read

        mark_target_read(user, "direct_message", direct_message_url(room.id))
    emit_on_commit("unread", {"room_id": room.id, "count": count}, to=user_room(user.id))
    return count


def last_messages(rooms: list[ChatRoom]) -> dict[int, ChatMessage]:
    if not rooms:
        return {}
    rows = db.session.scalars(
        sa.select(ChatMessage).join(ChatRoom, sa.and_(ChatRoom.id == ChatMessage.room_id,
                                                      ChatRoom.last_seq == ChatMessage.seq))
        .where(ChatRoom.id.in_([r.id for r in rooms]))
        .options(sa.orm.joinedload(ChatMessage.author)))
    return {m.room_id: m for m in rows}


def rooms_json(user: User, rooms: list[ChatRoom],
               last: dict[int, ChatMessage] | None = None) -> list[dict]:
    """Rooms as the room list shows them, in a fixed number of queries; `last` (each room's
    last message) when the caller has it already."""
    members, counts = members_by_room(rooms)
    unread = unread_counts(user, [r.id for r in rooms])
    last = last_messages(rooms) if last is None else last
    online = registry().online({m.id for listed in members.values() for m in listed})
    return [room_json(r, user, members[r.id], counts[r.id], online, unread[r.id], last.get(r.id))
            for r in rooms]


def report_message(actor: User, message: ChatMessage, reason, note="") -> object:
    """A member who can read the room flags a message for the moderators."""
    from community.moderation.services import file_report

    require_write(actor)
    require_reader(actor, message.room)
    return file_report(actor, "message", message, reason, note)


def joined_room_json(user: User, room: ChatRoom, messages: list[ChatMessage]) -> dict:
    """The room of a `chat:join` acknowledgement. The history sent with it usually ends with
    the room's last message: then it is not read a second time."""
    if messages and messages[-1].seq == room.last_seq:
        return rooms_json(user, [room], last={room.id: messages[-1]})[0]
    return rooms_json(user, [room], last={} if room.last_seq == 0 else None)[0]
