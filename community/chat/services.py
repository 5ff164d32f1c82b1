"""Chat actions: send, edit, delete, hide, history, read markers. Each checks, writes, and
queues one broadcast to the room (never member by member) for after the commit, so nothing is
announced that is not stored; each connected reader also gets its new unread count
(`unread.py`). Room actions live in `rooms.py` and are re-exported here."""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import IntegrityError

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
from community.chat.serializers import message_json, room_json
from community.chat.unread import announce_unread, unread_counts
from community.chat.validation import BODY, CLIENT_ID
from community.errors import NotFound, PermissionDenied, RateLimited, ValidationError
from community.extensions import db
from community.i18n import isolate_plain
from community.markup import render_markdown
from community.models import MAX_ID, ChatMessage, ChatReadMarker, ChatRoom, User, is_id, utcnow
from community.models.chat import MAX_BODY
from community.moderation.spam import refuse_blocked_text
from community.permissions import (
    can_delete_chat_message,
    can_edit_chat_message,
    require_write,
)
from community.realtime import user_room
from community.realtime.presence import chat_viewers, registry
from community.transaction import emit_on_commit, savepoint
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


def check_rate(user: User, action: str, setting: str, default: str, message: str) -> None:
    enabled = current_app.config.get("CHAT_RATE_LIMIT_ENABLED")
    if enabled is None:
        enabled = current_app.config.get("RATELIMIT_ENABLED", True)
    if not enabled:
        return
    from limits import parse

    limit = parse(current_app.config.get(setting) or default)
    if not rate_limiter().hit(limit, action, str(user.id)):
        error = RateLimited(message)
        error.retry_after = limit.get_expiry()
        raise error


def check_send_rate(user: User) -> None:
    check_rate(user, "chat-send", "CHAT_RATE_LIMIT", "30 per 10 seconds",
               _("You are sending messages too fast. Wait a moment."))


def check_typing_rate(user: User) -> None:
    """Clients send `chat:typing` every few seconds at most; a flood is refused."""
    check_rate(user, "chat-typing", "CHAT_TYPING_RATE_LIMIT", "20 per 10 seconds",
               _("Too many typing notices."))


# --- Messages --------------------------------------------------------------------------------

def message_by_client_id(room: ChatRoom, author: User, client_id: str | None):
    if client_id is None:
        return None
    return db.session.scalar(sa.select(ChatMessage).where(
        ChatMessage.room_id == room.id, ChatMessage.author_id == author.id,
        ChatMessage.client_id == client_id))


def next_seq(room_id: int) -> int:
    """Take the room's next number. The UPDATE locks the room row until the commit (PostgreSQL:
    a row lock, like SELECT … FOR UPDATE; SQLite: the database write lock), so concurrent
    senders on any number of processes queue here and get 1, 2, 3, … in commit order; a
    rollback gives the number back, so no gap is ever left."""
    now = utcnow()
    return db.session.execute(
        sa.update(ChatRoom).where(ChatRoom.id == room_id)
        .values(last_seq=ChatRoom.last_seq + 1, last_message_at=now)
        .returning(ChatRoom.last_seq)
    ).scalar_one()


def upsert_marker(room_id: int, user_id: int, seq: int, reset_notified: bool) -> None:
    """Move a read marker forward (never back), in one statement on both databases."""
    table = ChatReadMarker.__table__
    insert = (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(table)
    statement = insert.values(room_id=room_id, user_id=user_id, last_read_seq=seq, notified=False)
    values = {"last_read_seq": sa.case(
        (statement.excluded.last_read_seq > table.c.last_read_seq,
         statement.excluded.last_read_seq), else_=table.c.last_read_seq)}
    if reset_notified:
        values["notified"] = False
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[table.c.room_id, table.c.user_id], set_=values))


def send_message(author: User, room: ChatRoom, body, client_id=None) -> tuple[ChatMessage, bool]:
    """Store a message, then broadcast `chat:message` once to the room: (message, created).
    The same `client_id` from the same author returns the first message and stores nothing."""
    require_sender(author, room)
    body = clean_body(body)
    client_id = clean_client_id(client_id)
    existing = message_by_client_id(room, author, client_id)
    if existing is not None:
        return existing, False
    check_send_rate(author)
    body_html = render_markdown(body, is_user=None)  # before the lock: keep it short
    refuse_blocked_text(author, body, body_html)
    try:
        with savepoint():  # a lost client_id race undoes only this
            seq = next_seq(room.id)
            message = ChatMessage(room_id=room.id, seq=seq, author_id=author.id,
                                  client_id=client_id, body=body, body_html=body_html,
                                  created_at=utcnow())
            db.session.add(message)
            upsert_marker(room.id, author.id, seq, reset_notified=True)
    except IntegrityError:  # the same client_id stored a moment ago by another connection
        existing = message_by_client_id(room, author, client_id)
        if existing is None:
            raise
        return existing, False
    emit_on_commit("chat:message", message_json(message), to=room_for(message.room_id))
    recipient_id = direct_recipient_id(room, author)
    announce_unread(room, author, recipient_id)
    notify_direct_recipient(author, recipient_id, message)
    return message, True


def direct_recipient_id(room: ChatRoom, author: User) -> int | None:
    """The other person of a direct room, read from its key ("<low id>:<high id>") without a
    query; None for the other kinds of room."""
    if room.kind != "direct" or not room.direct_key:
        return None
    return next((uid for uid in map(int, room.direct_key.split(":")) if uid != author.id), None)


def notify_direct_recipient(author: User, recipient_id: int | None, message: ChatMessage) -> None:
    """One `direct_message` notification per unread burst, unless the recipient has the chat
    page open (they see the message and the unread badge live)."""
    if recipient_id is None:
        return
    from community.notifications.services import notify

    room_id = message.room_id
    if chat_viewers().online([recipient_id]):
        return
    claimed = db.session.execute(
        sa.update(ChatReadMarker)
        .where(ChatReadMarker.room_id == room_id, ChatReadMarker.user_id == recipient_id,
               ChatReadMarker.notified.is_(False), ChatReadMarker.last_read_seq < message.seq)
        .values(notified=True)).rowcount
    if claimed:
        recipient = db.session.get(User, recipient_id)
        notify(recipient, "direct_message", author, direct_message_url(room_id),
               _("%(name)s sent you a message.", name=isolate_plain(author.display_name)))


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


def rooms_json(user: User, rooms: list[ChatRoom]) -> list[dict]:
    """Rooms as the room list shows them, in a fixed number of queries."""
    members, counts = members_by_room(rooms)
    unread = unread_counts(user, [r.id for r in rooms])
    last = last_messages(rooms)
    online = registry().online({m.id for listed in members.values() for m in listed})
    return [room_json(r, user, members[r.id], counts[r.id], online, unread[r.id], last.get(r.id))
            for r in rooms]


def report_message(actor: User, message: ChatMessage, reason, note="") -> object:
    """A member who can read the room flags a message for the moderators."""
    from community.moderation.services import file_report

    require_write(actor)
    require_reader(actor, message.room)
    return file_report(actor, "message", message, reason, note)
