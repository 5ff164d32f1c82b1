"""The `unread` announcer survives failures: a room that fails does not fail the rest of its
round, and a round that fails does not stop later rounds."""

from __future__ import annotations

import contextlib

from community.chat import unread
from community.chat.unread import UnreadAnnouncer
from community.extensions import db
from community.models import ChatRoom, User


class FakeSocketIO:
    """Records the background tasks started; its `sleep` fails when told to."""

    def __init__(self, fail_sleep: bool = False) -> None:
        self.started: list = []
        self.fail_sleep = fail_sleep

    def start_background_task(self, target) -> None:
        self.started.append(target)

    def sleep(self, _seconds: float) -> None:
        if self.fail_sleep:
            raise RuntimeError("the event loop is gone")

    def emit(self, *args, **kwargs) -> None:
        pass


def test_a_failed_room_does_not_fail_the_rest_of_the_round(app, room, monkeypatch):
    other = ChatRoom(kind="group", name="Second room")
    db.session.add(other)
    db.session.commit()
    announced = []

    def announce(room_id: int) -> None:
        if room_id == room.id:  # a failed flush leaves the session in a failed transaction
            db.session.add(User())
            db.session.flush()
        announced.append(db.session.get(ChatRoom, room_id).name)

    monkeypatch.setattr(unread, "socketio", FakeSocketIO())
    monkeypatch.setattr(unread, "announce_counts", announce)
    announcer = UnreadAnnouncer(app)
    announcer.changed(room.id)
    announcer.changed(other.id)
    announcer.run()
    assert announced == ["Second room"] and announcer.running is False


def test_a_failed_round_does_not_stop_later_rounds(app, room, monkeypatch):
    fake = FakeSocketIO(fail_sleep=True)
    monkeypatch.setattr(unread, "socketio", fake)
    monkeypatch.setattr(unread, "announce_counts", lambda room_id: None)
    announcer = UnreadAnnouncer(app)
    announcer.changed(room.id)
    with contextlib.suppress(RuntimeError):
        fake.started.pop()()  # the round, then the interval's sleep fails
    assert announcer.running is False
    announcer.changed(room.id)
    assert len(fake.started) == 1  # the next message starts rounds again
