"""Rooms' member lists (the first members by name and the count, as a room shows them) kept in
memory: every `chat:join` acknowledges one, and ranking a room of a thousand members on each
join cost more than the rest of the join. An entry holds (a minute at most) until a commit
changes who is in a room or how a member is shown (memberships, explicit room members, users'
names and status): such a commit bumps a `Generation` (`content_changes`), on its own Redis
channel when `REDIS_URL` is set so that every process forgets its entries; while that channel
is down nothing is served from memory."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import chain

import sqlalchemy as sa
from flask import Flask, current_app, has_app_context
from sqlalchemy.orm import ORMExecuteState, Session

from community.content_changes import Generation
from community.extensions import db

CHANGED = "chat_member_lists_changed"  # in `Session.info`: this transaction changed a list
EXTENSION = "chat_member_lists"
MAX_ROOMS = 10_000  # beyond this many rooms the store starts again (one list is a few KB)
# A change made where no bump reaches this process (a CLI command or a job on a site without
# Redis) shows within this many seconds.
TTL_SECONDS = 60.0
LIST_TABLES = frozenset({"memberships", "chat_members"})
SHOWN_USER_FIELDS = ("username", "display_name", "status")


class MemberLists:
    """Room id → (generation, expiry, members, count)."""

    def __init__(self, generation: Generation) -> None:
        self.generation = generation
        self.lock = threading.Lock()
        self.entries: dict[int, tuple[int, float, list, int]] = {}

    def lists(self, room_ids: list[int], read: Callable[[list[int]], tuple[dict, dict]]
              ) -> tuple[dict, dict]:
        """The members and counts of the rooms, `read(missing ids)` for those not in memory."""
        generation = self.generation.current()  # before reading: a bump meanwhile voids them
        if generation is None or session_changed(db.session):
            return read(room_ids)
        members, counts, missing = {}, {}, []
        now = time.monotonic()
        with self.lock:
            for room_id in room_ids:
                entry = self.entries.get(room_id)
                if entry is not None and entry[0] == generation and entry[1] > now:
                    members[room_id], counts[room_id] = entry[2], entry[3]
                else:
                    missing.append(room_id)
        if missing:
            found_members, found_counts = read(missing)
            members.update(found_members)
            counts.update(found_counts)
            if session_changed(db.session):  # read uncommitted changes, maybe rolled back
                return members, counts
            with self.lock:
                if len(self.entries) + len(missing) > MAX_ROOMS:
                    self.entries.clear()
                for room_id in missing:
                    self.entries[room_id] = (generation, now + TTL_SECONDS,
                                             found_members[room_id], found_counts[room_id])
        return members, counts


def member_lists() -> MemberLists | None:
    return current_app.extensions.get(EXTENSION) if has_app_context() else None


def _changes_lists(entity: object, updated: bool) -> bool:
    table = getattr(getattr(entity, "__table__", None), "name", None)
    if table in LIST_TABLES:
        return True
    if table != "users":
        return False
    if not updated:
        return True
    attrs = sa.inspect(entity).attrs
    return any(attrs[name].history.has_changes() for name in SHOWN_USER_FIELDS)


def _note_flush(session: Session, _flush_context) -> None:
    if session.info.get(CHANGED):
        return
    if any(_changes_lists(e, updated=False) for e in chain(session.new, session.deleted)) or any(
            _changes_lists(e, updated=True) for e in session.dirty):
        session.info[CHANGED] = True


def _note_execute(state: ORMExecuteState) -> None:
    statement = state.statement
    if session_changed(state.session) or not getattr(statement, "is_dml", False):
        return
    table = getattr(getattr(statement, "table", None), "name", None)
    if table in LIST_TABLES or table == "users":
        state.session.info[CHANGED] = True


def session_changed(session: Session) -> bool:
    return bool(session.info.get(CHANGED))


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the real commit is to come
        return
    if session.info.pop(CHANGED, False):
        lists = member_lists()
        if lists is not None:
            lists.generation.bump()


def _after_rollback(session: Session, _previous) -> None:
    if not session.in_transaction():
        session.info.pop(CHANGED, None)


def install_member_lists(app: Flask) -> None:
    """The store of this app, and the session hooks that void it (once per process)."""
    channel = (app.config.get("SOCKETIO_CHANNEL") or "flask-socketio") + ":chat-members"
    app.extensions[EXTENSION] = MemberLists(Generation(app.config.get("REDIS_URL"), channel))
    for name, listener in (("after_flush", _note_flush), ("do_orm_execute", _note_execute),
                           ("after_commit", _after_commit),
                           ("after_soft_rollback", _after_rollback)):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)
