"""Unread chat messages: the counts per room (the chat page's room list, the site menu's Chat
badge on every page) and the live `unread` event a new message sends to its readers. Counts are
aggregate queries (one per page or per message, whatever the number of rooms or members)."""

from __future__ import annotations

import bisect
import threading
import time
from collections.abc import Callable
from functools import cache

import sqlalchemy as sa
from flask import Flask

from community.chat.rooms import rooms_of_statement
from community.extensions import db, socketio
from community.models import ChatMessage, ChatReadMarker, ChatRoom, User
from community.realtime import user_room
from community.realtime.audience import in_good_standing
from community.realtime.presence import registry

# Counts stop here (a badge reads "99"): only a room's latest messages are looked at, so a
# count costs the same in a room of fifty thousand messages that a member never opened.
UNREAD_CAP = 99
ANNOUNCER = "chat_unread_announcer"  # app.extensions key
# Made once: an ORM alias costs milliseconds to build, and every join and page asks a count.
UNREAD_MARKER = sa.orm.aliased(ChatReadMarker)
UNREAD_ROOM = sa.orm.aliased(ChatRoom)


def only_unread(statement: sa.Select, reader_id) -> sa.Select:
    """Narrow a select over `ChatMessage` to the messages of others after the reader's marker,
    among the room's latest `UNREAD_CAP`; `reader_id` is a value, or a column when several
    readers are counted at once."""
    marker, room = UNREAD_MARKER, UNREAD_ROOM
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


def unread_changed(app: Flask, room_id: int) -> None:
    """After a message is stored (on commit): the room's connected members will receive their
    new unread counts (`UnreadAnnouncer`)."""
    announcer = app.extensions.get(ANNOUNCER)
    if announcer is None:
        announcer = app.extensions.setdefault(ANNOUNCER, UnreadAnnouncer(app))
    announcer.changed(room_id)


@cache
def _badge_statement() -> sa.Select:
    """The statement of `unread_by_room`, built once per process with the reader as a bound
    parameter: building it cost every page more than running it."""
    reader = sa.bindparam("reader_id", type_=sa.Integer)
    return per_room(reader, rooms_of_statement(reader).with_only_columns(ChatRoom.id))


class UnreadAnnouncer:
    """Sends `unread` `{"room_id", "count"}` to the connected members of the rooms that got
    messages, coalesced: the first message of a quiet moment is announced at once, and what
    arrives during the next `CHAT_UNREAD_INTERVAL` seconds in one round with the latest
    counts, so a member hears at most once per interval per room, however busy the room.
    A round costs two queries per room (its members' markers, its latest messages) and one
    emit per distinct count, whatever the number of members: a room of 1,000 at 40 messages
    a second once cost 40,000 emits a second. It runs in a background task, after the
    commit, so sending never waits for it. Each process announces the messages sent
    through it; the counts come from the database, so they are right whichever process
    announces them."""

    def __init__(self, app: Flask) -> None:
        self.app = app
        self.interval = float(app.config.get("CHAT_UNREAD_INTERVAL", 1.0))
        self.lock = threading.Lock()
        self.rooms: set[int] = set()
        self.running = False

    def changed(self, room_id: int) -> None:
        with self.lock:
            self.rooms.add(room_id)
            if self.running:
                return
            self.running = True
        socketio.start_background_task(self.run)

    def run(self) -> None:
        """Announce the rooms that changed, then again after each interval while any did.
        However a round ends, `running` is reset, so a later message starts rounds again."""
        try:
            while self.round():
                socketio.sleep(self.interval)
        except Exception:
            self.app.logger.exception("Unread counts announcer stopped")
        finally:
            with self.lock:
                self.running = False
                pending = bool(self.rooms)
            if pending:  # changed between the last round and the reset: not to be lost
                self.changed_later()

    def round(self) -> bool:
        """Announce the rooms that changed since the last round; False when none did."""
        with self.lock:
            rooms, self.rooms = self.rooms, set()
        if not rooms:
            return False
        with self.app.app_context():
            try:
                for room_id in sorted(rooms):
                    try:
                        announce_counts(room_id)
                    except Exception:  # the next message announces the room again
                        db.session.rollback()  # the failed transaction must not fail the rest
                        self.app.logger.exception("Could not announce unread counts")
            finally:
                db.session.remove()
        return True

    def changed_later(self) -> None:
        """Start a round for rooms that arrived while the last one was ending."""
        with self.lock:
            if self.running or not self.rooms:
                return
            self.running = True
        socketio.start_background_task(self.run)

    def wait(self, timeout: float = 5.0) -> None:
        """Until no round is pending (tests end with it: nothing runs after their data)."""
        deadline = time.monotonic() + timeout
        while self.running and time.monotonic() < deadline:
            socketio.sleep(0.01)


def announce_counts(room_id: int) -> None:
    """One round for one room: each connected member in good standing (not the others, not
    a member who left or was suspended) receives their count, if any (a count of 0 comes
    from reading, which announces it itself)."""
    room = db.session.get(ChatRoom, room_id)
    if room is None:
        return
    markers = sa.orm.aliased(ChatReadMarker)
    members = dict(db.session.execute(
        sa.select(User.id, sa.func.coalesce(markers.last_read_seq, 0))
        .outerjoin(markers, sa.and_(markers.room_id == room_id, markers.user_id == User.id))
        .where(User.id.in_(room.member_ids_statement()), in_good_standing())).all())
    online = registry().online(members)
    if not online:
        return
    latest = db.session.execute(
        sa.select(ChatMessage.seq, ChatMessage.author_id)
        .where(ChatMessage.room_id == room_id, ChatMessage.seq > room.last_seq - UNREAD_CAP,
               ChatMessage.deleted_at.is_(None), ChatMessage.hidden_at.is_(None))
        .order_by(ChatMessage.seq)).all()
    count = unread_counter(latest)
    by_count: dict[int, list[str]] = {}
    for user_id in sorted(online):
        unread = count(members[user_id], user_id)
        if unread:
            by_count.setdefault(unread, []).append(user_room(user_id))
    for unread, rooms in by_count.items():  # one emit (one serialisation) per distinct count
        socketio.emit("unread", {"room_id": room_id, "count": unread}, to=rooms)


def unread_counter(latest: list) -> Callable[[int, int], int]:
    """`only_unread` in Python over a room's latest messages, (seq, author id) in seq order:
    `count(read_up_to, reader_id)` is the number of others' messages after the marker, in
    logarithmic time, so a round over a thousand members stays cheap."""
    seqs = [seq for seq, _author in latest]
    own: dict[int | None, list[int]] = {}
    for seq, author_id in latest:
        own.setdefault(author_id, []).append(seq)

    def count(read_up_to: int, reader_id: int) -> int:
        mine = own.get(reader_id, [])
        after = len(seqs) - bisect.bisect_right(seqs, read_up_to)
        return after - (len(mine) - bisect.bisect_right(mine, read_up_to))

    return count
