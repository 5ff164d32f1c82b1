"""What a programme refuses, whoever sends it: keys outside the schema, ids and years out of
range, a suspended member in a pair; and what a decision takes away at once."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import ChatMember, ChatRoom, Pair
from tests.factories import enrol, make_programme, make_user, reload

SESSION = {"kind": "joint_meeting", "title": "Kick-off", "online_url": "https://meet.example.org/k",
           "starts_at": "2030-01-20T10:00:00Z", "ends_at": "2030-01-20T11:00:00Z"}


@pytest.fixture
def programme(admin):
    return make_programme(admin)


def test_a_key_outside_the_schema_cannot_open_an_ended_programme(api_as, admin, member):
    ended = make_programme(admin, "Reloaded 2021", starts_on="2021-01-01", ends_on="2021-10-31")
    response = api_as(member).post(f"/programmes/{ended.slug}/participants",
                                   json={"role": "mentee", "past": True})
    assert response.status_code == 409


def test_a_key_named_like_a_service_argument_is_ignored(api_as, admin):
    response = api_as(admin).post("/programmes", json={
        "name": "P", "starts_on": "2030-01-01", "ends_on": "2030-02-01", "actor": 1})
    assert response.status_code == 201


def test_a_pair_id_beyond_range_is_422(api_as, admin, programme):
    response = api_as(admin).post(f"/programmes/{programme.slug}/sessions", json={
        **SESSION, "kind": "bilateral", "pair": 2**70})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["pair"])


@pytest.mark.parametrize("moment", ["0001-01-01T00:00:00+01:00", "9999-12-31T22:00:00Z"])
def test_a_session_in_a_far_year_is_422(api_as, admin, programme, moment):
    response = api_as(admin).post(f"/programmes/{programme.slug}/sessions",
                                  json={**SESSION, "starts_at": moment})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["starts_at"])


def test_five_funders_do_not_fit(api_as, admin):
    response = api_as(admin).post("/programmes", json={
        "name": "P", "starts_on": "2030-01-01", "ends_on": "2030-02-01",
        "funders": ["x" * 120] * 5})
    assert (response.status_code, list(response.json["error"]["fields"])) == (422, ["funders"])


def test_an_outsider_learns_nothing_of_pair_ids(api_as, programme):
    """403 whether the pair exists or not: a 404 would tell an outsider which ids do."""
    outsider = make_user("outsider")
    response = api_as(outsider).post(f"/programmes/{programme.slug}/sessions",
                                     json={**SESSION, "kind": "bilateral", "pair": 999})
    assert response.status_code == 403


def test_a_declined_participant_leaves_the_programme_room(api_as, admin, programme, member):
    enrol(programme, member, "mentee")
    api_as(admin).patch(f"/programmes/{programme.slug}/participants/{member.username}",
                        json={"state": "declined"})
    room = db.session.scalar(db.select(ChatRoom).where(ChatRoom.programme_id == programme.id))
    assert db.session.scalar(db.select(ChatMember).where(
        ChatMember.room_id == room.id, ChatMember.user_id == member.id)) is None


def test_a_suspended_mentee_is_not_paired(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    other_member = reload(other_member)
    other_member.status = "suspended"
    db.session.commit()
    response = api_as(admin).post(f"/programmes/{programme.slug}/pairs", json={
        "mentor": member.username, "mentee": other_member.username})
    assert (response.status_code, db.session.scalar(db.select(db.func.count(Pair.id)))) == (
        422, 0)
