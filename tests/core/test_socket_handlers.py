"""The socket-handler contract (`community/realtime/handlers.py`) that every feature's events
use: one transaction per event, errors as acknowledgements, and realtime importing no feature."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import sqlalchemy as sa

from community.errors import ValidationError
from community.extensions import db, socketio
from community.models import User
from community.realtime.connection import register_connection_hooks
from community.realtime.handlers import socket_event, string
from tests.factories import make_token

REALTIME = Path(__file__).resolve().parents[2] / "community" / "realtime"


def rename(user: User, payload: dict) -> dict:
    """A test event that writes without committing, as services do, then maybe fails."""
    user.display_name = string(payload, "name")
    db.session.flush()
    if payload.get("fail") == "validation":
        raise ValidationError("Refused after writing.")
    if payload.get("fail") == "crash":
        raise RuntimeError("boom")
    return {"ok": True}


@pytest.fixture
def sock(app, member):
    socketio.on_event("test:rename", socket_event(rename))
    connected = socketio.test_client(app, auth={"token": make_token(member)})
    yield connected
    if connected.is_connected():
        connected.disconnect()


def stored_name(user_id: int) -> str:
    """The name as another connection reads it: only what was committed."""
    with db.engine.connect() as connection:
        return connection.scalar(sa.select(User.display_name).where(User.id == user_id))


def test_event_acknowledged_is_committed(sock, member):
    assert sock.emit("test:rename", {"name": "Kept"}, callback=True) == {"ok": True}
    assert stored_name(member.id) == "Kept"


def test_event_refused_writes_nothing(sock, member):
    ack = sock.emit("test:rename", {"name": "Dropped", "fail": "validation"}, callback=True)
    assert ack == {"ok": False, "error": "validation", "message": "Refused after writing."}
    assert stored_name(member.id) == "Amina Benali"


def test_event_failing_writes_nothing(sock, member):
    ack = sock.emit("test:rename", {"name": "Dropped", "fail": "crash"}, callback=True)
    assert ack == {"ok": False, "error": "server_error",
                   "message": "Something went wrong on our side. Try again."}
    assert stored_name(member.id) == "Amina Benali"


def test_field_reader_refusal_bad_request(sock, member):
    ack = sock.emit("test:rename", {"name": 5}, callback=True)
    assert ack == {"ok": False, "error": "bad_request", "message": "name must be a string."}


def test_connection_hooks_run_on_connect_and_disconnect(app, member):
    calls = []
    register_connection_hooks(app, connected=lambda user, sid: calls.append(("in", user.id)),
                              disconnected=lambda uid, name, sid: calls.append(("out", uid)))
    socketio.test_client(app, auth={"token": make_token(member)}).disconnect()
    assert calls == [("in", member.id), ("out", member.id)]


def test_realtime_imports_no_feature():
    # `auth` stays allowed: it ties a request or a socket to a user (tokens, sessions), the
    # layer under every feature, not a feature of its own.
    features = {"admin", "chat", "clusters", "feed", "forums", "home", "moderation",
                "notifications", "profiles", "search"}
    imported = set()
    for path in REALTIME.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                imported.add(node.module)
            elif isinstance(node, ast.Import):
                imported.update(alias.name for alias in node.names)
    packages = {name.split(".")[1] for name in imported
                if name.startswith("community.") and name.count(".") >= 1}
    assert packages & features == set()
