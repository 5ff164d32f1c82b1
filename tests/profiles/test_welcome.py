"""The welcome page after confirming: complete the profile, join suggested clusters, or skip;
the home page's hint while the profile is incomplete; the language switcher."""

from __future__ import annotations

import io

import pytest

from community.extensions import db
from community.models import Membership, User
from community.profiles.onboarding import suggested_clusters
from tests.factories import add_member, make_cluster, make_user, reload
from tests.profiles.helpers import image_bytes


@pytest.fixture
def clusters(other_member):
    """Two clusters of Morocco, one of Tunisia (the same shore), two of France: one works in
    renewable energy, the other in textiles."""
    return {slug: make_cluster(other_member, name, country=country, sectors=sectors).slug
            for slug, name, country, sectors in (
                ("ma1", "Maroc Numeric Cluster", "MA", ["ict"]),
                ("ma2", "Cluster Solaire", "MA", ["renewable-energy"]),
                ("tn", "Tunisia Textile", "TN", ["renewable-energy"]),
                ("fr1", "Énergies Méditerranée", "FR", ["energy", "renewable-energy"]),
                ("fr2", "Techtera", "FR", ["textiles"]))}


def suggested_names(user: User) -> list[str]:
    return [s.cluster.name for s in suggested_clusters(user)]


def test_suggestions_list_the_country_then_the_other_shore_by_sector(clusters):
    user = make_user("nour", country="MA", expertise=["renewable energy"])
    names = suggested_names(user)
    assert names[2:] == ["Énergies Méditerranée"]
    assert set(names[:2]) == {"Maroc Numeric Cluster", "Cluster Solaire"}


def test_suggestions_match_expertise_written_in_french(clusters):
    user = make_user("nour", country="MA", expertise=["énergies renouvelables"])
    assert suggested_names(user)[2:] == ["Énergies Méditerranée"]


def test_suggestions_without_expertise_are_the_country_only(clusters):
    user = make_user("nour", country="FR")
    assert set(suggested_names(user)) == {"Énergies Méditerranée", "Techtera"}


def test_suggestions_leave_out_clusters_already_joined(clusters, other_member):
    user = make_user("nour", country="MA")
    add_member(make_cluster(other_member, "Joined Cluster", country="MA"), user)
    assert "Joined Cluster" not in suggested_names(user)


def test_suggestions_are_at_most_six(other_member):
    for number in range(8):
        make_cluster(other_member, f"Cluster {number}", country="MA")
    assert len(suggested_clusters(make_user("nour", country="MA"))) == 6


def test_welcome_page_shows_the_suggestions(client, auth, member, clusters):
    auth.login(member)
    page = client.get("/welcome").get_data(as_text=True)
    assert "Maroc Numeric Cluster" in page and "Techtera" not in page


def test_welcome_page_needs_sign_in(client):
    assert "/login" in client.get("/welcome").headers["Location"]


def test_join_from_the_welcome_page_asks_to_join(client, auth, member, clusters):
    auth.login(member)
    response = client.post(f"/welcome/clusters/{clusters['ma1']}/join")
    assert response.headers["Location"].endswith("/welcome#clusters")
    state = db.session.scalar(db.select(Membership.state).where(Membership.user_id == member.id))
    assert state == "requested"


def test_join_from_the_welcome_page_unconfirmed_writes_nothing(client, auth, unconfirmed,
                                                                 clusters):
    auth.login(unconfirmed)
    client.post(f"/welcome/clusters/{clusters['ma1']}/join")
    assert db.session.scalar(db.select(db.func.count(Membership.id)).where(
        Membership.user_id == unconfirmed.id)) == 0


def test_welcome_form_saves_the_profile_and_picture(app, client, auth, member):
    auth.login(member)
    response = client.post("/welcome", content_type="multipart/form-data", data={
        "headline": "Solar engineer", "country": "MA", "languages": ["ar", "fr"],
        "expertise": "solar, export", "file": (io.BytesIO(image_bytes()), "me.png")})
    assert response.headers["Location"].endswith("/welcome#clusters")
    user = reload(member)
    assert (user.headline, user.languages, user.expertise, bool(user.avatar_filename)) == (
        "Solar engineer", ["ar", "fr"], ["solar", "export"], True)


def test_welcome_form_with_a_bad_picture_writes_nothing(client, auth, member):
    auth.login(member)
    response = client.post("/welcome", content_type="multipart/form-data", data={
        "headline": "Solar engineer", "country": "MA",
        "file": (io.BytesIO(b"not an image"), "me.png")})
    assert response.status_code == 200 and 'id="file-error"' in response.get_data(as_text=True)
    assert reload(member).headline == ""


def test_home_hints_at_the_welcome_page_while_the_profile_is_incomplete(client, auth, member):
    auth.login(member)
    assert 'href="/welcome"' in client.get("/").get_data(as_text=True)


def test_skip_hides_the_hint_and_goes_home(client, auth, member):
    auth.login(member)
    response = client.post("/welcome/skip")
    assert response.headers["Location"].endswith("/")
    assert 'class="alert alert-info d-flex' not in client.get("/").get_data(as_text=True)


def test_avatar_field_is_not_marked_required(client, auth, member):
    auth.login(member)
    page = client.get("/settings/profile").get_data(as_text=True)
    label = page[page.index('<label class="form-label" for="file">'):]
    assert not label[:label.index("<input")].count("*")


def test_language_switch_saves_a_members_preference_and_says_so(client, auth, member):
    auth.login(member)
    client.post("/language", data={"locale": "fr", "next": "/members"})
    page = client.get("/members").get_data(as_text=True)
    assert reload(member).locale == "fr" and "Interface et e-mails désormais en Français" in page


def test_language_switch_of_a_visitor_stays_in_a_cookie(client, member):
    response = client.post("/language", data={"locale": "ar"})
    assert "locale=ar" in response.headers["Set-Cookie"]
    assert client.get_cookie("session") is None
    assert 'lang="ar"' in client.get("/").get_data(as_text=True)
