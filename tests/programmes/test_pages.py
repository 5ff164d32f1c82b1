"""The programme pages: the list, a new programme, a programme's page with its application
form, and the coordinators' page; each form refused answers 200 with its errors and writes
nothing."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Pair, Participant, Programme, ProgrammeSession
from tests.factories import (
    enrol,
    make_coordinator,
    make_pair,
    make_programme,
    make_session,
    make_user,
)

NEW = {"name": "Blue Growth Mentoring", "description": "Ports", "starts_on": "2030-01-01",
       "ends_on": "2030-10-31", "lead_organisation": "ACCIÓ", "funders": "EU\nUfM",
       "coordinators": "amina"}
SESSION = {"kind": "bilateral", "title": "First talk", "starts_at": "2030-01-20T10:00",
           "ends_at": "2030-01-20T11:00", "online_url": "https://meet.example.org/p"}


@pytest.fixture
def programme(admin):
    return make_programme(admin)


def count(model) -> int:
    return db.session.scalar(db.select(db.func.count()).select_from(model))


def page(client, path: str) -> str:
    return client.get(path).get_data(as_text=True)


def test_index_lists_the_programmes(client, programme):
    assert "Cluster Mentoring Reloaded" in page(client, "/programmes")


def test_new_programme_creates_it_with_its_coordinators(client, auth, admin, member):
    auth.login(admin)
    response = client.post("/programmes/new", data=NEW)
    programme = db.session.scalar(db.select(Programme))
    assert (response.status_code, {u.username for u in programme.coordinators}) == (
        302, {"laura", "amina"})


def test_new_programme_refused_answers_200_and_writes_nothing(client, auth, admin):
    auth.login(admin)
    response = client.post("/programmes/new", data={**NEW, "coordinators": "nobody"})
    assert (response.status_code, count(Programme)) == (200, 0)


def test_new_programme_with_an_end_before_its_start_shows_the_error(client, auth, admin):
    auth.login(admin)
    html = client.post("/programmes/new", data={**NEW, "ends_on": "2029-01-01"}).get_data(
        as_text=True)
    assert "Must not be before the start." in html


def test_new_programme_refuses_a_member(client, auth, member):
    auth.login(member)
    assert client.get("/programmes/new").status_code == 403


def test_visitor_is_asked_to_sign_in_to_apply(client, programme):
    assert "Sign in to apply" in page(client, f"/programmes/{programme.slug}")


def test_outsider_does_not_see_the_participants(client, auth, programme, member,
                                                other_member):
    enrol(programme, other_member)
    auth.login(member)
    assert "Karim Haddad" not in page(client, f"/programmes/{programme.slug}")


def test_participant_sees_participants_and_the_chat_room(client, auth, programme, member,
                                                         other_member):
    enrol(programme, member)
    enrol(programme, other_member, "mentor")
    auth.login(member)
    html = page(client, f"/programmes/{programme.slug}")
    assert "Karim Haddad" in html and "/chat?room=" in html


def test_apply_through_the_page_shows_the_state(client, auth, programme, member):
    auth.login(member)
    client.post(f"/programmes/{programme.slug}/apply",
                data={"role": "mentor", "languages": ["fr", "en"], "capacity": "2"})
    assert "Waiting for an answer" in page(client, f"/programmes/{programme.slug}")


def test_apply_refused_answers_200_and_writes_nothing(client, auth, programme, member):
    auth.login(member)
    response = client.post(f"/programmes/{programme.slug}/apply",
                           data={"role": "mentee", "cluster": "not-mine"})
    assert (response.status_code, count(Participant)) == (200, 0)


def test_apply_requires_signing_in(client, programme):
    response = client.post(f"/programmes/{programme.slug}/apply", data={"role": "mentee"})
    assert response.status_code == 302


def test_session_is_shown_in_the_viewers_zone(client, auth, programme, member):
    member.timezone = "Africa/Tunis"
    db.session.commit()
    enrol(programme, member)
    make_session(programme, starts_at="2030-01-20T10:00:00Z")
    auth.login(member)
    html = page(client, f"/programmes/{programme.slug}")
    assert 'datetime="2030-01-20T10:00:00Z"' in html and "11:00" in html


def test_manage_refuses_a_participant(client, auth, programme, member):
    enrol(programme, member)
    auth.login(member)
    assert client.get(f"/programmes/{programme.slug}/manage").status_code == 403


def test_manage_refuses_a_coordinator_of_another_programme(client, auth, admin, programme,
                                                           member):
    make_coordinator(make_programme(admin, "Other"), member)
    auth.login(member)
    assert client.get(f"/programmes/{programme.slug}/manage").status_code == 403


def test_coordinator_accepts_an_application(client, auth, programme, member, other_member):
    enrol(programme, other_member, accepted=False)
    make_coordinator(programme, member)
    auth.login(member)
    client.post(f"/programmes/{programme.slug}/manage/decide",
                data={"username": "karim", "state": "accepted"})
    assert db.session.scalar(db.select(Participant.state)) == "accepted"


def test_coordinator_pairs_by_hand(client, auth, admin, programme, member, other_member):
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    auth.login(admin)
    client.post(f"/programmes/{programme.slug}/manage/pairs",
                data={"mentor": "amina", "mentee": "karim"})
    assert count(Pair) == 1


def test_pair_refused_answers_200_and_writes_nothing(client, auth, admin, programme, member):
    enrol(programme, member, "mentor")
    auth.login(admin)
    response = client.post(f"/programmes/{programme.slug}/manage/pairs",
                           data={"mentor": "amina", "mentee": "amina"})
    assert (response.status_code, count(Pair)) == (200, 0)


def test_session_times_are_read_in_the_coordinators_zone(client, auth, admin, programme,
                                                         member, other_member):
    admin.timezone = "Africa/Tunis"
    db.session.commit()
    enrol(programme, member, "mentor")
    enrol(programme, other_member, "mentee")
    pair = make_pair(programme, member, other_member)
    auth.login(admin)
    client.post(f"/programmes/{programme.slug}/manage/sessions",
                data={**SESSION, "pair": str(pair.id)})
    session = db.session.scalar(db.select(ProgrammeSession))
    assert session.starts_at.strftime("%H:%M") == "09:00"


def test_session_refused_answers_200_and_writes_nothing(client, auth, admin, programme):
    auth.login(admin)
    response = client.post(f"/programmes/{programme.slug}/manage/sessions", data=SESSION)
    assert (response.status_code, count(ProgrammeSession)) == (200, 0)


def test_admin_names_a_coordinator_on_the_page(client, auth, admin, programme, member):
    auth.login(admin)
    client.post(f"/programmes/{programme.slug}/manage/coordinators",
                data={"username": "amina"})
    assert {u.username for u in db.session.get(Programme, programme.id).coordinators} == {
        "laura", "amina"}


def test_naming_an_unknown_coordinator_answers_200(client, auth, admin, programme):
    auth.login(admin)
    response = client.post(f"/programmes/{programme.slug}/manage/coordinators",
                           data={"username": "nobody"})
    assert response.status_code == 200


def test_manage_page_lists_applications(client, auth, admin, programme, member):
    enrol(programme, make_user("sami", display_name="Sami Trabelsi"), accepted=False)
    auth.login(admin)
    assert "Sami Trabelsi" in page(client, f"/programmes/{programme.slug}/manage")


def test_ended_programme_offers_no_application_form(client, auth, admin, member):
    ended = make_programme(admin, "Past", starts_on="2021-01-01", ends_on="2021-10-31")
    auth.login(member)
    assert "This programme has ended." in page(client, f"/programmes/{ended.slug}")


def test_programme_page_queries_do_not_grow_with_its_pairs(client, auth, admin, programme,
                                                          count_queries):
    def add_pair(number: int) -> None:
        mentor, mentee = make_user(f"mentor{number}"), make_user(f"mentee{number}")
        enrol(programme, mentor, "mentor")
        enrol(programme, mentee, "mentee")
        make_session(programme, "bilateral", pair=make_pair(programme, mentor, mentee))

    def queries() -> int:
        with count_queries() as counter:
            client.get(f"/programmes/{programme.slug}")
        return counter.count

    add_pair(1)
    auth.login(admin)
    first = queries()
    add_pair(2)
    add_pair(3)
    assert queries() == first
