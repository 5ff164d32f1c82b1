"""The statements of one `chat:send`, counted as production runs it: a fresh session per event
(Flask-SocketIO pushes a context per event), the commit included."""

from __future__ import annotations

import threading

import pytest
import sqlalchemy as sa

from community.extensions import db
from tests.chat.conftest import send
from tests.factories import make_direct_room, make_group_room

MAX_STATEMENTS = 4


class StatementCounter:
    """Every statement this thread runs on the engine inside a `with` block, and each commit
    as one more (the background `unread` rounds run on another thread, and not per send)."""

    def __init__(self, engine) -> None:
        self.engine = engine
        self.thread = threading.get_ident()
        self.statements: list[str] = []

    def _record(self, conn, cursor, statement, parameters, context, executemany) -> None:
        if threading.get_ident() == self.thread:
            self.statements.append(statement)

    def _commit(self, conn) -> None:
        if threading.get_ident() == self.thread:
            self.statements.append("COMMIT")

    def __enter__(self) -> StatementCounter:
        sa.event.listen(self.engine, "before_cursor_execute", self._record)
        sa.event.listen(self.engine, "commit", self._commit)
        return self

    def __exit__(self, *exc) -> None:
        sa.event.remove(self.engine, "before_cursor_execute", self._record)
        sa.event.remove(self.engine, "commit", self._commit)


def statements_of_send(app, client, room_id: int, body: str, **extra) -> tuple[dict, list[str]]:
    """Send in a new app context (a new session, nothing cached from the test's own rows)."""
    with app.app_context(), StatementCounter(db.engine) as counter:
        ack = send(client, room_id, body, **extra)
    return ack, counter.statements


@pytest.fixture
def warm_sender(app, sio, member):
    """A connected member whose first send (the connection's one-off reads) is done."""
    def warm(room_id: int):
        client = sio(member)
        with app.app_context():
            assert send(client, room_id, "warm")["ok"]
        return client
    return warm


def test_send_cluster_room_at_most_four_statements(app, warm_sender, room):
    client = warm_sender(room.id)
    ack, statements = statements_of_send(app, client, room.id, "hello")
    assert ack["ok"] is True
    assert len(statements) <= MAX_STATEMENTS, statements


def test_send_group_room_at_most_four_statements(app, warm_sender, member, other_member):
    room = make_group_room(member, "Team", [other_member])
    client = warm_sender(room.id)
    ack, statements = statements_of_send(app, client, room.id, "hello")
    assert ack["ok"] is True
    assert len(statements) <= MAX_STATEMENTS, statements


def test_send_direct_room_at_most_four_statements(app, warm_sender, member, other_member):
    room = make_direct_room(member, other_member)
    client = warm_sender(room.id)
    ack, statements = statements_of_send(app, client, room.id, "hello")
    assert ack["ok"] is True
    assert len(statements) <= MAX_STATEMENTS, statements


def test_send_repeated_client_id_at_most_four_statements(app, warm_sender, room):
    client = warm_sender(room.id)
    first, _ = statements_of_send(app, client, room.id, "hello", client_id="c-1")
    again, statements = statements_of_send(app, client, room.id, "hello", client_id="c-1")
    assert again["message"]["id"] == first["message"]["id"]
    assert len(statements) <= MAX_STATEMENTS, statements
