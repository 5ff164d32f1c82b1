"""Rooms' member lists served from memory (`chat.member_lists`): a repeated `chat:join` does not
rank the members again, and a commit that changes who is in a room or how a member is shown
is in the next join's acknowledgement."""

from __future__ import annotations

from community.clusters import services as clusters
from community.extensions import db
from community.profiles.services import update_profile
from tests.chat.test_join_statements import statements_of_join
from tests.factories import add_member, make_group_room, make_user, reload


def names(ack: dict) -> list[str]:
    return [m["display_name"] for m in ack["room"]["members"]]


def test_join_again_reads_one_statement_fewer(app, sio, member, room):
    client = sio(member)
    _first, cold = statements_of_join(app, client, room.id)
    ack, warm = statements_of_join(app, client, room.id)
    assert ack["room"]["member_count"] == 3
    assert len(warm) == len(cold) - 1, warm


def test_join_after_member_added_lists_them(app, sio, member, cluster, room):
    client = sio(member)
    statements_of_join(app, client, room.id)
    add_member(cluster, make_user("zara", display_name="Zara Newcomer"))
    ack, _ = statements_of_join(app, client, room.id)
    assert "Zara Newcomer" in names(ack)
    assert ack["room"]["member_count"] == 4


def test_join_after_member_removed_omits_them(app, sio, member, other_member, manager,
                                               cluster, room):
    client = sio(member)
    statements_of_join(app, client, room.id)
    clusters.remove_member(reload(manager), reload(cluster), reload(other_member))
    db.session.commit()
    ack, _ = statements_of_join(app, client, room.id)
    assert reload(other_member).display_name not in names(ack)
    assert ack["room"]["member_count"] == 2


def test_join_after_display_name_change_shows_new_name(app, sio, member, other_member):
    room = make_group_room(member, "Team", [other_member])
    client = sio(member)
    statements_of_join(app, client, room.id)
    other = reload(other_member)
    update_profile(other, other, display_name="Renamed Person")
    db.session.commit()
    ack, _ = statements_of_join(app, client, room.id)
    assert "Renamed Person" in names(ack)


def test_join_after_rolled_back_invite_omits_invitee(app, sio, member, other_member):
    room = make_group_room(member, "Team", [other_member])
    client = sio(member)
    from community.chat import services

    services.invite_to_room(reload(member), reload(room), [make_user("ghost")])
    services.rooms_json(reload(member), [reload(room)])  # read before the rollback
    db.session.rollback()
    ack, _ = statements_of_join(app, client, room.id)
    assert ack["room"]["member_count"] == 2
