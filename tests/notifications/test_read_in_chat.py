"""A direct message read in the chat is a read notification: its instant e-mail, still
waiting for its delay, is then not sent."""

from __future__ import annotations

from community.extensions import db
from community.models import Notification
from tests.factories import make_direct_room, make_message


def test_reading_the_conversation_reads_its_notification(api_as, member, other_member):
    room = make_direct_room(other_member, member)
    message = make_message(other_member, room, "Salam!")
    api_as(member).post(f"/chat/rooms/{room.id}/read", json={"seq": message.seq})
    assert db.session.scalar(db.select(Notification.read_at).where(
        Notification.user_id == member.id, Notification.kind == "direct_message")) is not None
