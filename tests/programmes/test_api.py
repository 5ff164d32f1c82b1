"""The programmes API of `spec/api.md` (Mentoring programmes and events): each endpoint
allowed, and refused to visitors, members, participants and coordinators of another programme."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Notification
from tests.factories import (
    enrol,
    make_coordinator,
    make_pair,
    make_programme,
    make_session,
    make_user,
)

NEW = {"name": "Blue Growth Mentoring", "description": "Ports and *fisheries*.",
       "starts_on": "2030-01-01", "ends_on": "2030-10-31", "lead_organisation": "ACCIÓ"}
SESSION = {"kind": "joint_meeting", "title": "Kick-off", "starts_at": "2030-01-20T10:00:00Z",
           "ends_at": "2030-01-20T12:00:00+01:00", "online_url": "https://meet.example.org/k"}


@pytest.fixture
def programme(admin):
    return make_programme(admin)


@pytest.fixture
def other_programme(admin):
    return make_programme(admin, "Another Programme")


@pytest.fixture
def outsider_coordinator(other_programme):
    """A member who coordinates another programme, not this one."""
    return make_coordinator(other_programme, make_user("omar", display_name="Omar Said"))


def url(programme, tail: str = "") -> str:
    return f"/programmes/{programme.slug}{tail}"


def test_create_programme_answers_201_with_its_creator_as_coordinator(api_as, admin):
    response = api_as(admin).post("/programmes", json=NEW)
    assert (response.status_code, [c["username"] for c in response.json["coordinators"]]) == (
        201, ["laura"])


def test_create_programme_refuses_a_member(api_as, member):
    assert api_as(member).post("/programmes", json=NEW).status_code == 403


def test_create_programme_refuses_a_visitor(anon_api):
    assert anon_api.post("/programmes", json=NEW).status_code == 401


@pytest.mark.parametrize("change", [{"name": ""}, {"starts_on": "20 Jan"},
                                    {"ends_on": "2029-01-01"}])
def test_create_programme_refuses_bad_input(api_as, admin, change):
    assert api_as(admin).post("/programmes", json={**NEW, **change}).status_code == 422


def test_programmes_list_is_public(anon_api, programme):
    assert [p["slug"] for p in anon_api.get("/programmes").json["items"]] == [programme.slug]


def test_programme_counts_accepted_participants_and_pairs(anon_api, programme, member,
                                                          other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    make_pair(programme, member, other_member)
    enrol(programme, make_user("sami"), accepted=False)
    body = anon_api.get(f"/programmes/{programme.slug}").json
    assert (body["participant_count"], body["pair_count"]) == (2, 1)


def test_unknown_programme_is_404(anon_api):
    assert anon_api.get("/programmes/nowhere").status_code == 404


def test_admin_names_a_coordinator(api_as, admin, programme, member):
    response = api_as(admin).post(url(programme, "/coordinators"), json={"username": "amina"})
    assert {c["username"] for c in response.json["coordinators"]} == {"laura", "amina"}


def test_coordinator_cannot_name_coordinators(api_as, programme, member, other_member):
    make_coordinator(programme, member)
    response = api_as(member).post(url(programme, "/coordinators"), json={"username": "karim"})
    assert response.status_code == 403


def test_apply_answers_201_applied(api_as, programme, member):
    response = api_as(member).post(url(programme, "/participants"),
                                   json={"role": "mentor", "languages": ["fr"], "capacity": 2})
    assert (response.status_code, response.json["state"], response.json["capacity"]) == (
        201, "applied", 2)


def test_apply_twice_is_409(api_as, programme, member):
    enrol(programme, member, accepted=False)
    response = api_as(member).post(url(programme, "/participants"), json={"role": "mentee"})
    assert response.status_code == 409


def test_apply_refuses_an_unknown_role(api_as, programme, member):
    response = api_as(member).post(url(programme, "/participants"), json={"role": "boss"})
    assert response.status_code == 422


def test_apply_refuses_a_visitor(anon_api, programme):
    assert anon_api.post(url(programme, "/participants"), json={"role": "mentee"}).status_code \
        == 401


def test_coordinator_sees_every_application(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, accepted=False)
    items = api_as(admin).get(url(programme, "/participants")).json["items"]
    assert [(i["user"]["username"], i["state"]) for i in items] == [
        ("amina", "accepted"), ("karim", "applied")]


def test_participants_filter_by_state_and_role(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, accepted=False)
    items = api_as(admin).get(url(programme, "/participants?state=applied&role=mentee")).json
    assert [i["user"]["username"] for i in items["items"]] == ["karim"]


def test_participant_sees_accepted_participants_only(api_as, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, accepted=False)
    items = api_as(member).get(url(programme, "/participants")).json["items"]
    assert [i["user"]["username"] for i in items] == ["amina"]


def test_participants_refuse_a_bad_filter(api_as, admin, programme):
    assert api_as(admin).get(url(programme, "/participants?state=gone")).status_code == 422


def test_participants_refuse_a_member(api_as, programme, member):
    assert api_as(member).get(url(programme, "/participants")).status_code == 403


def test_participants_refuse_a_participant_of_another_programme(api_as, programme,
                                                                other_programme, member):
    enrol(other_programme, member)
    assert api_as(member).get(url(programme, "/participants")).status_code == 403


def test_participants_refuse_a_visitor(anon_api, programme):
    assert anon_api.get(url(programme, "/participants")).status_code == 401


def test_decision_notifies_the_member(api_as, admin, programme, member):
    enrol(programme, member, accepted=False)
    response = api_as(admin).patch(url(programme, "/participants/amina"),
                                   json={"state": "accepted"})
    kinds = db.session.scalars(db.select(Notification.kind).where(
        Notification.user_id == member.id))
    assert (response.json["state"], list(kinds)) == ("accepted", ["programme_enrolment"])


def test_decision_refuses_a_coordinator_of_another_programme(api_as, programme, member,
                                                             outsider_coordinator):
    enrol(programme, member, accepted=False)
    response = api_as(outsider_coordinator).patch(url(programme, "/participants/amina"),
                                                  json={"state": "accepted"})
    assert response.status_code == 403


def test_decision_refuses_the_applicant(api_as, programme, member):
    enrol(programme, member, accepted=False)
    response = api_as(member).patch(url(programme, "/participants/amina"),
                                    json={"state": "accepted"})
    assert response.status_code == 403


def test_decision_refuses_an_unknown_state(api_as, admin, programme, member):
    enrol(programme, member, accepted=False)
    response = api_as(admin).patch(url(programme, "/participants/amina"),
                                   json={"state": "applied"})
    assert response.status_code == 422


def test_decision_on_an_unknown_member_is_404(api_as, admin, programme):
    response = api_as(admin).patch(url(programme, "/participants/nobody"),
                                   json={"state": "accepted"})
    assert response.status_code == 404


def test_pair_answers_201(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    response = api_as(admin).post(url(programme, "/pairs"),
                                  json={"mentor": "amina", "mentee": "karim"})
    assert (response.status_code, response.json["mentee"]["username"]) == (201, "karim")


def test_pairing_a_paired_mentee_again_is_409(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor", capacity=2)
    enrol(programme, other_member, "mentee")
    make_pair(programme, member, other_member)
    response = api_as(admin).post(url(programme, "/pairs"),
                                  json={"mentor": "amina", "mentee": "karim"})
    assert response.status_code == 409


def test_pair_refuses_an_unaccepted_mentee(api_as, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee", accepted=False)
    response = api_as(admin).post(url(programme, "/pairs"),
                                  json={"mentor": "amina", "mentee": "karim"})
    assert response.status_code == 422


def test_pair_refuses_a_participant(api_as, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    response = api_as(member).post(url(programme, "/pairs"),
                                   json={"mentor": "amina", "mentee": "karim"})
    assert response.status_code == 403


def test_pair_refuses_a_coordinator_of_another_programme(api_as, programme, member,
                                                         other_member, outsider_coordinator):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    response = api_as(outsider_coordinator).post(url(programme, "/pairs"),
                                                 json={"mentor": "amina", "mentee": "karim"})
    assert response.status_code == 403


def test_pair_refuses_a_visitor(anon_api, programme):
    response = anon_api.post(url(programme, "/pairs"), json={"mentor": "a", "mentee": "b"})
    assert response.status_code == 401


def test_schedule_session_answers_201_in_utc(api_as, admin, programme):
    response = api_as(admin).post(url(programme, "/sessions"), json=SESSION)
    assert (response.status_code, response.json["ends_at"]) == (201, "2030-01-20T11:00:00Z")


def test_schedule_session_refuses_an_end_before_its_start(api_as, admin, programme):
    response = api_as(admin).post(url(programme, "/sessions"),
                                  json={**SESSION, "ends_at": "2030-01-20T09:00:00Z"})
    assert response.status_code == 422


def test_schedule_session_refuses_a_participant(api_as, programme, member):
    enrol(programme, member)
    assert api_as(member).post(url(programme, "/sessions"), json=SESSION).status_code == 403


def test_schedule_session_refuses_a_coordinator_of_another_programme(api_as, programme,
                                                                     outsider_coordinator):
    response = api_as(outsider_coordinator).post(url(programme, "/sessions"), json=SESSION)
    assert response.status_code == 403


def test_sessions_list_only_what_the_caller_may_see(api_as, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    third = make_user("sami")
    enrol(programme, third, "mentee")
    pair = make_pair(programme, member, other_member)
    make_session(programme, "bilateral", pair=pair, title="Our first talk")
    make_session(programme)
    titles = [s["title"] for s in api_as(third).get(url(programme, "/sessions")).json["items"]]
    assert titles == ["Kick-off"]


def test_sessions_refuse_a_participant_of_another_programme(api_as, programme,
                                                            other_programme, member):
    enrol(other_programme, member)
    assert api_as(member).get(url(programme, "/sessions")).status_code == 403


def test_sessions_refuse_a_visitor(anon_api, programme):
    assert anon_api.get(url(programme, "/sessions")).status_code == 401
