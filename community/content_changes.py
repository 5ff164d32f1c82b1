"""What visitors can see changed: a generation number bumped after every commit that wrote rows
visitors may read (posts, threads, profiles, clusters, moderation), so the page cache
(`community/page_cache.py`) never serves a page older than the last such commit.

A commit is seen from the session: the ORM flush (new, changed, deleted objects) and the
statements run through `Session.execute` (bulk `update`/`delete`/`insert`, SQL text). A table
is assumed visible unless it is listed below as private: forgetting a table costs cache hits,
never a stale page. With a shared Redis (`REDIS_URL`, else a Redis `SOCKETIO_MESSAGE_QUEUE`), a
bump is published on a Redis channel and every process subscribed to it bumps its own number;
a process that is not (or no longer) listening says so, and the cache stays out of the way
until it listens again. Without a shared Redis the number is per process."""

from __future__ import annotations

import logging
import os
import re
import threading
import time
from itertools import chain

import sqlalchemy as sa
from flask import current_app, has_app_context
from sqlalchemy.orm import ORMExecuteState, Session

log = logging.getLogger(__name__)

CHANGED = "visible_content_changed"  # in `Session.info`: this transaction wrote such rows

# Rows no visitor page shows: per-member state, private messages, security and bookkeeping.
# Members write some of them on almost every request (read markers, sessions), so counting them
# would empty the cache all day long.
PRIVATE_TABLES = frozenset({
    "api_tokens", "audit_entries", "calendar_feeds", "chat_members", "chat_messages",
    "chat_read_markers", "chat_rooms", "dead_jobs", "forum_read_markers",
    "forum_subscriptions", "notification_preferences", "notifications", "reserved_names",
    "search_entries", "user_sessions",
})
# Attributes of visible rows that no visitor page shows: changing only those is no change.
PRIVATE_ATTRIBUTES = {
    "users": frozenset({"email", "password_hash", "pending_email", "locale", "timezone",
                        "session_version"}),
}
WRITES = re.compile(r"^\s*(insert|update|delete|replace|merge|truncate)\b", re.IGNORECASE)


def _table_of(entity: object) -> str | None:
    table = getattr(entity, "__table__", None)
    return getattr(table, "name", None)


def _visible_change(session: Session, entity: object, updated: bool) -> bool:
    table = _table_of(entity)
    if table is None:  # not a row of a table we know: count it
        return True
    if table in PRIVATE_TABLES:
        return False
    if not updated:
        return True
    if not session.is_modified(entity, include_collections=False):
        return False
    private = PRIVATE_ATTRIBUTES.get(table)
    if private is None:
        return True
    changed = {attr.key for attr in sa.inspect(entity).attrs if attr.history.has_changes()}
    return bool(changed - private)


def _note_flush(session: Session, _flush_context) -> None:
    if session.info.get(CHANGED):
        return
    if any(_visible_change(session, entity, updated=False)
           for entity in chain(session.new, session.deleted)) or any(
           _visible_change(session, entity, updated=True) for entity in session.dirty):
        session.info[CHANGED] = True


def _statement_writes_visible(statement) -> bool:
    if isinstance(statement, sa.TextClause):
        return WRITES.match(statement.text) is not None
    if not getattr(statement, "is_dml", False):
        return False
    table = getattr(getattr(statement, "table", None), "name", None)
    return table not in PRIVATE_TABLES


def _note_execute(state: ORMExecuteState) -> None:
    if not state.session.info.get(CHANGED) and _statement_writes_visible(state.statement):
        state.session.info[CHANGED] = True


def _after_commit(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the real commit is to come
        return
    if session.info.pop(CHANGED, False) and has_app_context():
        generation = current_app.extensions.get("content_generation")
        if generation is not None:
            generation.bump()


def _after_rollback(session: Session, _previous) -> None:
    # A savepoint rolled back keeps the mark: bumping once too often is harmless.
    if not session.in_transaction():
        session.info.pop(CHANGED, None)


def install_change_hooks() -> None:
    """Listen on every session, once per process however many apps are built."""
    for name, listener in (("after_flush", _note_flush), ("do_orm_execute", _note_execute),
                           ("after_commit", _after_commit),
                           ("after_soft_rollback", _after_rollback)):
        if not sa.event.contains(Session, name, listener):
            sa.event.listen(Session, name, listener)


class Generation:
    """The number of visible changes this process knows of. Without Redis it is the process's
    own; with Redis every bump increments a shared counter (`<channel>:count`) and is published,
    heard by every process, this one included. A listener also reads the counter at each ping,
    so a lost publish costs at most PING_SECONDS; a failed increment is retried in the
    background (the counter only grows: one success covers every failure before it).
    `current()` is None while the subscription is down (a bump could be missed)."""

    RETRY_SECONDS = 1.0
    PING_SECONDS = 10.0

    def __init__(self, redis_url: str | None = None, channel: str = "") -> None:
        self.value = 0
        self.redis_url = redis_url
        self.channel = channel
        self.counter_key = f"{channel}:count"
        self.listening = redis_url is None
        self._lock = threading.Lock()
        self._listener_pid: int | None = None
        self._stopped = threading.Event()
        self._publisher = None
        self._seen: int | None = None  # the shared counter when last read
        self._unsent = threading.Event()  # a bump not yet counted in Redis

    def current(self) -> int | None:
        if self.redis_url is None:
            return self.value
        if self._listener_pid != os.getpid():  # first use, or a forked worker
            self._start_listener()
        return self.value if self.listening else None

    def bump(self) -> None:
        self._advance()
        if self.redis_url is None:
            return
        error = self._send()
        if error is not None:
            # The commit stands; the retrier tells the others as soon as Redis answers.
            log.warning("Could not publish a page-cache invalidation; retrying", exc_info=error)
            if not self._unsent.is_set():
                self._unsent.set()
                threading.Thread(target=self._retry_send, name="page-cache-bump",
                                 daemon=True).start()

    def stop(self) -> None:
        """Stop listening (tests build many apps in one process)."""
        self._stopped.set()
        self.listening = False

    def _advance(self) -> None:
        with self._lock:
            self.value += 1

    def _send(self) -> Exception | None:
        """Count the bump in Redis and publish it; the error if Redis refused."""
        try:
            client = self._redis()
            count = client.incr(self.counter_key)
            client.publish(self.channel, str(count))
        except Exception as error:
            return error
        return None

    def _retry_send(self) -> None:
        while not self._stopped.wait(self.RETRY_SECONDS):
            self._unsent.clear()  # first: a bump failing from now on starts its own retrier
            if self._send() is None:
                return
            self._unsent.set()

    def _redis(self):
        if self._publisher is None:
            import redis

            self._publisher = redis.Redis.from_url(self.redis_url, socket_timeout=2)
        return self._publisher

    def _start_listener(self) -> None:
        with self._lock:
            if self._listener_pid == os.getpid():
                return
            self._listener_pid = os.getpid()
            self.listening = False
            self._publisher = None  # a client made before a fork is not ours to use
        threading.Thread(target=self._listen_forever, name="page-cache-generation",
                         daemon=True).start()

    def _listen_forever(self) -> None:
        while not self._stopped.is_set():
            try:
                self._listen()
            except Exception:
                log.warning("Page-cache invalidations unreachable; retrying", exc_info=True)
            self.listening = False
            self._stopped.wait(self.RETRY_SECONDS)

    def _compare_counter(self, client) -> None:
        """Advance if the shared counter moved since last read: a publish this process missed."""
        count = int(client.get(self.counter_key) or 0)
        if count != self._seen:
            self._seen = count
            self._advance()

    def _listen(self) -> None:
        import redis

        client = redis.Redis.from_url(self.redis_url, socket_timeout=self.PING_SECONDS / 2)
        pubsub = client.pubsub()
        try:
            pubsub.subscribe(self.channel)
            checked = time.monotonic()
            while not self._stopped.is_set():
                message = pubsub.get_message(timeout=min(1.0, self.PING_SECONDS / 10))
                kind = message["type"] if message else None
                if kind == "subscribe":
                    # On (re)subscribing, bumps published meanwhile were missed: count one.
                    self._seen = int(client.get(self.counter_key) or 0)
                    self._advance()
                    self.listening = True
                elif kind == "message":
                    self._advance()
                    self._seen = max(self._seen or 0, int(message["data"] or 0))
                if time.monotonic() - checked > self.PING_SECONDS:  # find a dead link early
                    pubsub.ping()
                    self._compare_counter(client)
                    checked = time.monotonic()
        finally:
            pubsub.close()
            client.close()
