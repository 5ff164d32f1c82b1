"""`GET /api/v1/mentions`: the members an `@mention` may name in a place, never more."""

from __future__ import annotations

import pytest

from tests.factories import (
    bulk_users,
    cluster_forum,
    make_category,
    make_cluster,
    make_direct_room,
    make_thread,
    make_user,
)


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_json()
    return [item["username"] for item in response.get_json()["items"]]


@pytest.fixture
def elodie(app):
    return make_user("elodie", display_name="Élodie Marchand", country="FR")


@pytest.fixture
def secret_forum(other_member, member):
    """A members-only cluster forum: karim manages it, amina is a member."""
    return cluster_forum(make_cluster(other_member, "Secret Lab", forum_visibility="members",
                                      members=[member]))


def test_mentions_match_display_name_without_accents_or_case(api_as, member, elodie):
    assert names(api_as(member).get("/mentions?q=ELOD")) == ["elodie"]


def test_mentions_match_username_prefix(api_as, member, other_member):
    assert names(api_as(member).get("/mentions?q=kar")) == ["karim"]


def test_mentions_leave_out_unconfirmed_and_the_writer(api_as, member, unconfirmed):
    assert names(api_as(member).get("/mentions?q=")) == []


def test_mentions_at_most_eight(api_as, member):
    bulk_users("sami", 0, 12)
    assert len(names(api_as(member).get("/mentions?q=sami"))) == 8


def test_mentions_in_members_only_forum_leave_out_non_members(api_as, member, elodie,
                                                              secret_forum):
    thread = make_thread(member, secret_forum, "Plans")
    found = names(api_as(member).get(f"/mentions?q=&thread_id={thread.id}"))
    assert "karim" in found and "elodie" not in found


def test_mentions_in_public_forum_offer_every_member(api_as, member, elodie, admin):
    category = make_category(admin, "General")
    found = names(api_as(member).get(f"/mentions?q=elo&category_id={category.id}"))
    assert found == ["elodie"]


def test_mentions_of_unreadable_forum_404(api_as, elodie, secret_forum):
    response = api_as(elodie).get(f"/mentions?q=&category_id={secret_forum.id}")
    assert response.status_code == 404


def test_mentions_in_direct_room_offer_its_members_only(api_as, member, other_member, elodie):
    room = make_direct_room(member, other_member)
    assert names(api_as(member).get(f"/mentions?q=&room_id={room.id}")) == ["karim"]


def test_mentions_of_someone_elses_room_403(api_as, member, other_member, elodie):
    room = make_direct_room(member, other_member)
    assert api_as(elodie).get(f"/mentions?q=&room_id={room.id}").status_code == 403


def test_mentions_anonymous_401(anon_api):
    assert anon_api.get("/mentions?q=am").status_code == 401


def test_mentions_queries_do_not_grow_with_members(api_as, member, count_queries):
    bulk_users("sami", 0, 12)
    api = api_as(member)
    api.get("/mentions?q=sami")
    with count_queries() as few:
        api.get("/mentions?q=s")
    bulk_users("samir", 0, 30)
    with count_queries() as more:
        api.get("/mentions?q=s")
    assert more.count == few.count
