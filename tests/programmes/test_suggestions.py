"""Who gets suggested pairs (API and page), and confirming them from the page."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Notification, Pair
from community.programmes import services as programmes
from tests.factories import enrol, make_programme, make_user


@pytest.fixture
def programme(admin):
    programme = make_programme(admin)
    enrol(programme, make_user("ana", country="ES"), "mentor", languages=["fr", "en"])
    enrol(programme, make_user("xavier", country="MA"), "mentee", languages=["fr"])
    return programme


@pytest.fixture
def coordinator(admin, programme):
    user = make_user("carla", country="ES")
    programmes.add_coordinator(admin, programme, user)
    db.session.commit()
    return user


def path(programme) -> str:
    return f"/programmes/{programme.slug}/suggestions"


def test_suggestions_api_refuses_a_visitor(anon_api, programme):
    assert anon_api.get(path(programme)).status_code == 401


def test_suggestions_api_refuses_a_member(api_as, programme, member):
    assert api_as(member).get(path(programme)).status_code == 403


def test_suggestions_api_refuses_a_participant(api_as, programme, member):
    enrol(programme, member, "mentee")
    assert api_as(member).get(path(programme)).status_code == 403


def test_suggestions_api_refuses_a_coordinator_of_another_programme(api_as, admin, programme):
    other, user = make_programme(admin, "Other Programme"), make_user("olga")
    programmes.add_coordinator(admin, other, user)
    db.session.commit()
    assert api_as(user).get(path(programme)).status_code == 403


def test_suggestions_api_lists_the_pairs_for_a_coordinator(api_as, programme, coordinator):
    body = api_as(coordinator).get(path(programme)).get_json()
    assert [(s["mentor"]["username"], s["mentee"]["username"], s["score"])
            for s in body["items"]] == [("ana", "xavier", 5)]


def test_suggestions_page_refuses_a_visitor(client, programme):
    assert client.get(path(programme)).status_code == 401


def test_confirming_refuses_a_member(client, auth, programme, member):
    auth.login(member)
    client.post(path(programme) + "/confirm", data={"mentor": "ana", "mentee": "xavier"})
    assert db.session.scalar(db.select(db.func.count(Pair.id))) == 0


def test_suggestions_page_refuses_a_member(client, auth, programme, member):
    auth.login(member)
    assert client.get(path(programme)).status_code == 403


def test_suggestions_page_shows_the_reasons(client, auth, programme, coordinator):
    auth.login(coordinator)
    assert "Across the sea" in client.get(path(programme)).get_data(as_text=True)


def test_confirming_a_suggestion_creates_the_pair_and_notifies_both(client, auth, programme,
                                                                    coordinator):
    auth.login(coordinator)
    client.post(path(programme) + "/confirm", data={"mentor": "ana", "mentee": "xavier"})
    pair = db.session.scalar(db.select(Pair))
    kinds = db.session.scalars(db.select(Notification.user_id).where(
        Notification.kind == "mentoring_pair"))
    assert (pair.score, set(kinds)) == (5, {pair.mentor.user_id, pair.mentee.user_id})


def test_confirm_all_pairs_every_suggestion(client, auth, admin, programme, coordinator):
    enrol(programme, make_user("bruno", country="FR"), "mentor", languages=["en"])
    enrol(programme, make_user("yasmine", country="TN"), "mentee", languages=["en"])
    auth.login(coordinator)
    client.post(path(programme) + "/confirm-all")
    assert db.session.scalar(db.select(db.func.count(Pair.id))) == 2
