"""Sending a chat message in at most four statements, the commit included: the hot path of
chat. The checks are conditions of the writes rather than reads before them:

1. `UPDATE chat_rooms … RETURNING` takes the room's next number only if the sender may still
   write (the connection's user, session and token, read in the same statement), is a member,
   and has not sent this `client_id` already; it returns what the payload needs;
2. `INSERT … ON CONFLICT DO NOTHING RETURNING id` stores the message (the unique key on
   `client_id` settles a race of two connections sending the same one at once);
3. one upsert moves the author's read marker and, in a direct room, claims the recipient's
   "notified" flag (one notification per unread burst);
4. the commit (by the entry point).

When the first statement changes nothing, `send_message` (which reads and checks each thing
in turn) says why: a duplicate, a refusal, a room that does not exist. The `unread` counts
follow after the commit, coalesced (`unread.UnreadAnnouncer`)."""

from __future__ import annotations

from typing import NamedTuple

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.dialects import postgresql, sqlite

from community.extensions import db
from community.i18n import isolate_plain
from community.models import ChatMessage, ChatReadMarker, ChatRoom, User, isoformat, utcnow
from community.realtime.presence import chat_viewers


class Taken(NamedTuple):
    """What the first statement returns: the number, the room's kind, the author's names."""

    seq: int
    kind: str
    direct_key: str | None
    username: str
    display_name: str


def dialect_insert(table: sa.Table):
    """`INSERT` with `ON CONFLICT` for the database in use (both speak it the same way)."""
    return (postgresql.insert if db.engine.dialect.name == "postgresql" else sqlite.insert)(table)


def already_sent(room_id: int, author_id: int, client_id: str) -> sa.ColumnElement[bool]:
    return sa.exists(sa.select(ChatMessage.id).where(
        ChatMessage.room_id == room_id, ChatMessage.author_id == author_id,
        ChatMessage.client_id == client_id))


def take_seq(room_id: int, author_id: int, client_id: str | None,
             allowed: sa.ColumnElement[bool]) -> Taken | None:
    """Take the room's next number if `allowed` holds, the author is a member and the
    `client_id` is new; None otherwise. The UPDATE locks the room row until the commit
    (PostgreSQL: a row lock; SQLite: the database write lock), so concurrent senders on any
    number of processes queue here and get 1, 2, 3, … in commit order; a rollback gives the
    number back, so no gap is ever left."""
    rooms = ChatRoom.__table__
    author = sa.select(User.username, User.display_name).where(User.id == author_id)
    conditions = [rooms.c.id == room_id, allowed, ChatRoom.has_member_clause(author_id)]
    if client_id is not None:
        conditions.append(~already_sent(room_id, author_id, client_id))
    row = db.session.execute(
        sa.update(rooms).where(*conditions)
        .values(last_seq=rooms.c.last_seq + 1, last_message_at=utcnow())
        .returning(rooms.c.last_seq, rooms.c.kind, rooms.c.direct_key,
                   author.with_only_columns(User.username).scalar_subquery(),
                   author.with_only_columns(User.display_name).scalar_subquery())).first()
    return Taken(*row) if row is not None else None


def find_sent(room_id: int, author_id: int, client_id: str,
              allowed: sa.ColumnElement[bool]) -> ChatMessage | None:
    """The message this author already sent with this `client_id`, if they may still send in
    the room (a repeated send is answered with the first message, never to a refused one)."""
    return db.session.scalar(
        sa.select(ChatMessage).join(ChatRoom, ChatRoom.id == ChatMessage.room_id)
        .where(ChatMessage.room_id == room_id, ChatMessage.author_id == author_id,
               ChatMessage.client_id == client_id, allowed,
               ChatRoom.has_member_clause(author_id))
        .options(sa.orm.joinedload(ChatMessage.author)))


def give_back_seq(room_id: int) -> None:
    """Undo `take_seq` after losing a `client_id` race: the room row is still locked by this
    transaction, so the number taken is still the last one."""
    rooms = ChatRoom.__table__
    db.session.execute(sa.update(rooms).where(rooms.c.id == room_id)
                       .values(last_seq=rooms.c.last_seq - 1))


def insert_message(room_id: int, seq: int, author_id: int, client_id: str | None, body: str,
                   body_html: str, created_at) -> int | None:
    """Store the message; None when the same `client_id` was stored a moment ago."""
    table = ChatMessage.__table__
    statement = dialect_insert(table).values(
        room_id=room_id, seq=seq, author_id=author_id, client_id=client_id, body=body,
        body_html=body_html, created_at=created_at)
    statement = statement.on_conflict_do_nothing(
        index_elements=[table.c.room_id, table.c.author_id, table.c.client_id])
    return db.session.execute(statement.returning(table.c.id)).scalar()


def direct_recipient(direct_key: str | None, author_id: int) -> int | None:
    """The other person of a direct room, from its key ("<low id>:<high id>")."""
    if not direct_key:
        return None
    return next((uid for uid in map(int, direct_key.split(":")) if uid != author_id), None)


def move_markers(room_id: int, author_id: int, seq: int, recipient_id: int | None) -> bool:
    """The author has read up to their message (and a new burst may notify them again); the
    direct recipient's "notified" flag is claimed if they have not been told of this burst.
    One statement; True when the claim was won (notify them)."""
    table = ChatReadMarker.__table__
    rows = [{"room_id": room_id, "user_id": author_id, "last_read_seq": seq, "notified": False}]
    if recipient_id is not None:
        rows.append({"room_id": room_id, "user_id": recipient_id, "last_read_seq": 0,
                     "notified": True})
    statement = dialect_insert(table).values(rows)
    is_author = table.c.user_id == author_id
    statement = statement.on_conflict_do_update(
        index_elements=[table.c.room_id, table.c.user_id],
        set_={"last_read_seq": sa.case(
                  (sa.and_(is_author, statement.excluded.last_read_seq > table.c.last_read_seq),
                   statement.excluded.last_read_seq), else_=table.c.last_read_seq),
              "notified": sa.case((is_author, sa.false()), else_=sa.true())},
        # The recipient's row changes (and is returned) only when the claim is won.
        where=sa.or_(is_author, sa.and_(table.c.notified.is_(False),
                                        table.c.last_read_seq < seq)))
    returned = db.session.scalars(statement.returning(table.c.user_id)).all()
    return recipient_id is not None and recipient_id in returned


def message_payload(message_id: int, room_id: int, taken: Taken, author_id: int,
                    client_id: str | None, body: str, body_html: str, created_at) -> dict:
    """`serializers.message_json` of the message just stored, from what was written and
    returned: nothing is read back."""
    return {"id": message_id, "room_id": room_id, "seq": taken.seq,
            "author": {"username": taken.username, "display_name": taken.display_name},
            "body": body, "body_html": body_html, "client_id": client_id,
            "created_at": isoformat(created_at), "edited_at": None, "deleted": False}


def notify_recipient(author_id: int, recipient_id: int, room_id: int, name: str) -> None:
    """The `direct_message` notification of a new unread burst (read once per burst)."""
    from community.chat.services import direct_message_url
    from community.notifications.services import notify

    author, recipient = db.session.get(User, author_id), db.session.get(User, recipient_id)
    notify(recipient, "direct_message", author, direct_message_url(room_id),
           _("%(name)s sent you a message.", name=isolate_plain(name)))


def store_message(room_id: int, author_id: int, client_id: str | None, body: str,
                  body_html: str, allowed: sa.ColumnElement[bool]) -> dict | None:
    """Store a checked body (see the module's steps) and return the message's payload; None
    when nothing was stored (refused, a duplicate, no such room: the caller finds out which).
    The caller queues the broadcast."""
    taken = take_seq(room_id, author_id, client_id, allowed)
    if taken is None:
        return None
    created_at = utcnow()
    message_id = insert_message(room_id, taken.seq, author_id, client_id, body, body_html,
                                created_at)
    if message_id is None:  # the same client_id won on another connection just now
        give_back_seq(room_id)
        return None
    recipient_id = direct_recipient(taken.direct_key, author_id)
    if recipient_id is not None and chat_viewers().online([recipient_id]):
        recipient_id = None  # reading the chat already: no notification
    if move_markers(room_id, author_id, taken.seq, recipient_id):
        notify_recipient(author_id, recipient_id, room_id, taken.display_name)
    return message_payload(message_id, room_id, taken, author_id, client_id, body, body_html,
                           created_at)
