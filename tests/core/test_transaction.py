"""One action, one transaction: what an action queues runs after its commit, never on rollback,
and a compound action that fails half way leaves nothing written and nothing sent."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from community.chat import services as chat
from community.extensions import db, socketio
from community.models import ChatMessage, ChatRoom, Notification
from community.transaction import emit_on_commit, on_commit, on_rollback, savepoint
from tests.factories import make_token


def test_on_commit_waits_for_the_commit(app):
    calls = []
    on_commit(calls.append, "sent")
    assert calls == []
    db.session.commit()
    assert calls == ["sent"]


def test_on_commit_is_dropped_on_rollback(app):
    calls = []
    on_commit(calls.append, "sent")
    db.session.rollback()
    db.session.commit()
    assert calls == []


def test_on_rollback_runs_only_on_rollback(app):
    calls = []
    on_rollback(calls.append, "undone")
    db.session.commit()
    on_rollback(calls.append, "undone")
    db.session.rollback()
    assert calls == ["undone"]


def test_savepoint_rollback_drops_only_what_it_queued(app):
    calls = []
    on_commit(calls.append, "before")
    with pytest.raises(RuntimeError), savepoint():
        on_commit(calls.append, "inside")
        raise RuntimeError
    db.session.commit()
    assert calls == ["before"]


def test_failing_callback_does_not_stop_the_others(app):
    calls = []
    on_commit(lambda: 1 / 0)
    on_commit(calls.append, "second")
    db.session.commit()
    assert calls == ["second"]


def test_emit_on_commit_reaches_the_room_after_the_commit(app, member):
    client = socketio.test_client(app, auth={"token": make_token(member)})
    client.get_received()
    emit_on_commit("notification", {"text": "hello"}, to=f"user:{member.id}")
    assert client.get_received() == []
    db.session.commit()
    assert [e["args"][0] for e in client.get_received()] == [{"text": "hello"}]


@pytest.fixture
def direct_room(member, other_member):
    room, _created = chat.start_direct_room(member, other_member)
    db.session.commit()
    return room


def test_failed_notification_step_leaves_no_message_and_no_event(
        app, member, other_member, direct_room, monkeypatch):
    """The example of the issue: `chat:send` stores the message, claims the recipient's marker
    and notifies them. The notification step fails: the whole action is undone."""
    def broken_notify(*args, **kwargs):
        raise RuntimeError("the notification step failed")

    monkeypatch.setattr("community.notifications.services.notify", broken_notify)
    sender = socketio.test_client(app, auth={"token": make_token(member)})
    listener = socketio.test_client(app, auth={"token": make_token(other_member)})
    listener.get_received()
    ack = sender.emit("chat:send", {"room_id": direct_room.id, "body": "Hello"}, callback=True)
    assert ack["error"] == "server_error"
    assert [e["name"] for e in listener.get_received()] == []
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count(ChatMessage.id))) == 0
    assert db.session.get(ChatRoom, direct_room.id).last_seq == 0
    assert db.session.scalar(sa.select(sa.func.count(Notification.id))) == 0


def test_failed_request_writes_nothing(app, client, member, monkeypatch):
    """An HTTP action that raises after a write is rolled back by the error handler."""
    from tests.factories import AuthActions

    def broken_index(user):
        raise RuntimeError("the search index is away")

    monkeypatch.setattr("community.search.index.index_user", broken_index)
    AuthActions(client).login(member)
    response = client.post("/settings/profile", data={"display_name": "Changed"})
    assert response.status_code == 500
    db.session.expire_all()
    assert member.display_name != "Changed"
