"""Unread chat messages: the counts per room (the chat page's room list, the site menu's Chat
badge on every page) and the live `unread` event a new message sends to its readers. Counts are
aggregate queries (one per page or per message, whatever the number of rooms or members)."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa

from community.chat.rooms import rooms_of_statement
from community.extensions import db
from community.models import ChatMessage, ChatReadMarker, ChatRoom, User
from community.realtime import user_room
from community.realtime.audience import in_good_standing
from community.realtime.presence import registry
from community.transaction import emit_on_commit

# Counts stop here (a badge reads "99"): only a room's latest messages are looked at, so a
# count costs the same in a room of fifty thousand messages that a member never opened.
UNREAD_CAP = 99


def only_unread(statement: sa.Select, reader_id) -> sa.Select:
    """Narrow a select over `ChatMessage` to the messages of others after the reader's marker,
    among the room's latest `UNREAD_CAP`; `reader_id` is a value, or a column when several
    readers are counted at once."""
    marker = sa.orm.aliased(ChatReadMarker)
    room = sa.orm.aliased(ChatRoom)
    return (statement
            .join(room, room.id == ChatMessage.room_id)
            .outerjoin(marker, sa.and_(marker.room_id == ChatMessage.room_id,
                                       marker.user_id == reader_id))
            .where(ChatMessage.seq > room.last_seq - UNREAD_CAP,
                   ChatMessage.seq > sa.func.coalesce(marker.last_read_seq, 0),
                   sa.or_(ChatMessage.author_id.is_(None), ChatMessage.author_id != reader_id),
                   ChatMessage.deleted_at.is_(None), ChatMessage.hidden_at.is_(None)))


def per_room(user_id: int, rooms) -> sa.Select:
    """(room id, unread count) of one reader in the rooms `rooms` (ids or a select of ids)."""
    statement = sa.select(ChatMessage.room_id, sa.func.count(ChatMessage.id)).where(
        ChatMessage.room_id.in_(rooms))
    return only_unread(statement, user_id).group_by(ChatMessage.room_id)


def unread_counts(user: User, room_ids: list[int]) -> dict[int, int]:
    """Unread messages of others per room, counted in one query."""
    if not room_ids:
        return {}
    rows = db.session.execute(per_room(user.id, room_ids))
    counts = dict.fromkeys(room_ids, 0)
    counts.update({room_id: count for room_id, count in rows})
    return counts


def unread_by_room(user: User) -> dict[int, int]:
    """The rooms where the user has unread messages, with their counts, across every room they
    read (cluster, direct, group, programme): one query, for the Chat badge of every page."""
    if not getattr(user, "is_authenticated", False):
        return {}
    rows = db.session.execute(_badge_statement(), {"reader_id": user.id})
    return {room_id: count for room_id, count in rows if count}


@cache
def _badge_statement() -> sa.Select:
    """The statement of `unread_by_room`, built once per process with the reader as a bound
    parameter: building it cost every page more than running it."""
    reader = sa.bindparam("reader_id", type_=sa.Integer)
    return per_room(reader, rooms_of_statement(reader).with_only_columns(ChatRoom.id))


def recipient_ids(room: ChatRoom, author: User, direct_recipient: int | None) -> set[int]:
    """Who may be told of a new message: the room's members but its author (a direct room's
    other person comes from its key, without a query)."""
    if room.kind == "direct":
        return {direct_recipient} if direct_recipient is not None else set()
    return set(db.session.scalars(room.member_ids_statement())) - {author.id}


def announce_unread(room: ChatRoom, author: User, direct_recipient: int | None) -> None:
    """After a message, each connected reader of the room but its author receives `unread`
    `{"room_id", "count"}` on their own connections, so every page's Chat badge follows.
    Only members online are counted (one query for all of them), and only those in good
    standing: a suspended member or one no longer in the room receives nothing."""
    online = registry().online(recipient_ids(room, author, direct_recipient))
    if not online:
        return
    statement = (sa.select(User.id, sa.func.count(ChatMessage.id)).select_from(User)
                 .join(ChatMessage, ChatMessage.room_id == room.id)
                 .where(User.id.in_(sorted(online)), in_good_standing()))
    counts = dict(db.session.execute(only_unread(statement, User.id).group_by(User.id)).all())
    for user_id in sorted(online):
        if user_id in counts:  # no row: not in good standing (the new message is unread)
            emit_on_commit("unread", {"room_id": room.id, "count": counts[user_id]},
                           to=user_room(user_id))
