"""One action, one transaction, events after the commit (Zulip's `send_event_on_commit`).

Services add and flush; the entry point commits once: an HTTP request when its view returns
(`register_transaction`), a socket handler in its decorator, a CLI command at its end. What an
action announces (Socket.IO emits, notification pushes, mails, disconnects) is queued with
`on_commit` while it runs and sent only after the commit succeeds, so nothing is ever announced
that is not stored; a rollback (an error anywhere in the action) drops the queue with the rows.
A `savepoint()` that rolls back drops only what was queued inside it."""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from flask import Flask
from sqlalchemy.orm import Session, SessionTransaction

from community.extensions import db, socketio

log = logging.getLogger(__name__)

QUEUE = "after_commit"  # in `Session.info`: the callbacks of the open transaction
MARKS = "after_commit_marks"  # savepoint id → length of the queue when it began


def on_commit(callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run `callback(*args, **kwargs)` once the current transaction commits; never on rollback.
    The callback must not use the database session (the transaction is over when it runs)."""
    _queue().append((True, callback, args, kwargs))


def on_rollback(callback: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Run `callback` if the current transaction (or savepoint) rolls back instead: to undo
    what lives outside the database, such as a file written for a row that is not stored."""
    _queue().append((False, callback, args, kwargs))


def _queue() -> list:
    session = db.session()
    if not session.in_transaction():  # so that a rollback, even with no SQL run, drops it
        session.begin()
    return session.info.setdefault(QUEUE, [])


def emit_on_commit(event: str, payload: Any, to: str, **kwargs: Any) -> None:
    """`socketio.emit` after the commit. Build `payload` now, while the rows are at hand."""
    on_commit(socketio.emit, event, payload, to=to, **kwargs)


def _run(queued: list, committed: bool) -> None:
    for after_commit, callback, args, kwargs in queued:
        if after_commit != committed:
            continue
        try:
            callback(*args, **kwargs)
        except Exception:  # the outcome is settled: one failed callback must not stop the rest
            log.exception("After-transaction callback %r failed", callback)


def _run_queue(session: Session) -> None:
    if session.in_nested_transaction():  # a savepoint released: the real commit is to come
        return
    session.info.pop(MARKS, None)
    _run(session.info.pop(QUEUE, []), committed=True)


def _mark_savepoint(session: Session, transaction: SessionTransaction) -> None:
    if transaction.nested:
        marks = session.info.setdefault(MARKS, {})
        marks[id(transaction)] = len(session.info.get(QUEUE, []))


def _drop_queue(session: Session, previous: SessionTransaction) -> None:
    queue = session.info.get(QUEUE)
    if previous.nested:
        mark = session.info.get(MARKS, {}).pop(id(previous), None)
        if queue is not None and mark is not None:
            dropped, queue[mark:] = queue[mark:], []
            _run(dropped, committed=False)
    elif not session.in_transaction():  # the whole action rolled back
        session.info.pop(MARKS, None)
        _run(session.info.pop(QUEUE, []), committed=False)


@contextmanager
def savepoint() -> Iterator[SessionTransaction]:
    """A savepoint in the current action (`begin_nested`): what fails inside it, such as losing
    a unique-key race, is undone alone. On SQLite the real transaction is opened first: pysqlite
    opens one only before a write, and a savepoint opened before any write would otherwise
    start the transaction itself and commit everything when released."""
    dbapi_connection = db.session.connection().connection.dbapi_connection
    if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
        dbapi_connection.execute("BEGIN")
    with db.session.begin_nested() as nested:
        yield nested


def discard_action() -> None:
    """Undo the current action: its rows and its queued announcements (error handlers)."""
    db.session.rollback()


def install_session_hooks() -> None:
    """Listen on every session, once per process however many apps are built."""
    for target, name, listener in ((Session, "after_commit", _run_queue),
                                   (Session, "after_transaction_create", _mark_savepoint),
                                   (Session, "after_soft_rollback", _drop_queue)):
        if not sa.event.contains(target, name, listener):
            sa.event.listen(target, name, listener)


def register_transaction(app: Flask) -> None:
    """An HTTP request is one action: committed when its view returns a success or a redirect.
    A view that raises is rolled back by the error handlers (`discard_action`); one that
    answers 4xx itself (a form shown again with its errors) is rolled back here, so a refused
    service call that had written half its rows leaves nothing behind."""
    install_session_hooks()

    @app.after_request
    def end_action(response):
        if response.status_code < 400:
            db.session.commit()
        else:
            db.session.rollback()
        return response
