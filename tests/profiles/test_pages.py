"""The public profile page and the profile settings page."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import User
from community.profiles.services import update_profile
from tests.factories import add_member, make_cluster, make_user


def test_show_profile_renders_public_fields(client, member):
    update_profile(member, member, headline="Textile innovation in Casablanca",
                   bio="I **love** clusters.\n\n<script>alert(1)</script>",
                   languages=["ar", "fr"], expertise=["Renewable Energy", "logistics"])
    response = client.get("/u/amina")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert "Amina Benali" in html
    assert "Textile innovation in Casablanca" in html
    assert "<strong>love</strong>" in html
    assert "<script>alert(1)" not in html
    assert '<div class="user-content" dir="auto">' in html
    assert "fi fi-ma" in html  # the Moroccan flag
    assert "Morocco" in html
    assert "Arabic" in html and "French" in html
    assert "renewable energy" in html
    assert "Member since" in html


def test_show_profile_without_avatar_shows_initials(client, member):
    html = client.get("/u/amina").get_data(as_text=True)
    assert "avatar-placeholder" in html
    assert ">AB<" in html


def test_show_profile_lists_active_memberships_of_approved_clusters(client, member,
                                                                   other_member):
    make_cluster(member, "MedTech Cluster")
    make_cluster(member, "Pending One", status="pending")
    add_member(make_cluster(other_member, "Asked Cluster"), member, state="requested")
    html = client.get("/u/amina").get_data(as_text=True)
    assert 'href="/clusters/medtech-cluster"' in html
    assert "MedTech Cluster" in html
    assert "Pending One" not in html
    assert "Asked Cluster" not in html


def test_show_profile_in_french_localises_country(client, member):
    html = client.get("/u/amina", headers={"Accept-Language": "fr"}).get_data(as_text=True)
    assert "Maroc" in html


def test_show_profile_unknown_user_is_404(client):
    assert client.get("/u/nobody").status_code == 404


def test_show_profile_deleted_user_is_404(client, member):
    member.status = "deleted"
    db.session.commit()
    assert client.get("/u/amina").status_code == 404


def test_show_profile_is_public_for_anonymous(client, member):
    response = client.get("/u/amina")
    assert response.status_code == 200
    assert "Edit your profile" not in response.get_data(as_text=True)


def test_show_profile_own_has_edit_link(client, auth, member):
    auth.login(member)
    assert "/settings/profile" in client.get("/u/amina").get_data(as_text=True)


def test_edit_anonymous_redirects_to_sign_in(client):
    response = client.get("/settings/profile")
    assert response.status_code == 302
    assert "/login" in response.headers["Location"]


def test_edit_form_shows_current_values(client, auth, member):
    update_profile(member, member, headline="Cluster manager", expertise=["iot", "ai"],
                   languages=["fr"])
    auth.login(member)
    response = client.get("/settings/profile")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'checked class="form-check-input" id="languages-1" name="languages"' in html
    assert 'id="languages-0" name="languages" type="checkbox" value="ar"' in html
    assert 'value="Cluster manager"' in html
    assert 'value="iot, ai"' in html
    assert '<label class="form-label" for="display_name">' in html


def profile_form(**changes) -> dict:
    data = {"display_name": "Amina B.", "headline": "Energy", "bio": "Hello *world*",
            "country": "TN", "languages": ["ar", "en"], "expertise": "Solar,  Wind Power , solar"}
    data.update(changes)
    return data


def test_edit_valid_form_saves_and_redirects(client, auth, member):
    auth.login(member)
    response = client.post("/settings/profile", data=profile_form())
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/u/amina")
    user = db.session.get(User, member.id)
    db.session.refresh(user)
    assert user.display_name == "Amina B."
    assert user.country == "TN"
    assert user.bio_html == "<p>Hello <em>world</em></p>"
    assert user.languages == ["ar", "en"]
    assert user.expertise == ["solar", "wind power"]


def test_edit_keeps_unchanged_tags(client, auth, member):
    auth.login(member)
    client.post("/settings/profile", data=profile_form(expertise="solar, wind"))
    response = client.post("/settings/profile", data=profile_form(expertise="wind, solar, hydro"))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, member.id).expertise == ["wind", "solar", "hydro"]


def test_edit_unconfirmed_user_may_edit(client, auth, unconfirmed):
    auth.login(unconfirmed)
    response = client.post("/settings/profile", data=profile_form(display_name="Nadia S."))
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, unconfirmed.id).display_name == "Nadia S."


@pytest.mark.parametrize(("changes", "field"), [
    ({"display_name": ""}, "display_name"),
    ({"headline": "x" * 141}, "headline"),
    ({"bio": "x" * 5001}, "bio"),
    ({"country": "XX"}, "country"),
    ({"languages": ["xx"]}, "languages"),
    ({"expertise": "x" * 41}, "expertise"),
    ({"expertise": ",".join(f"tag{i}" for i in range(16))}, "expertise"),
])
def test_edit_invalid_form_shows_error_and_writes_nothing(client, auth, member, changes, field):
    auth.login(member)
    response = client.post("/settings/profile", data=profile_form(**changes))
    assert response.status_code == 200
    assert f'id="{field}-error"' in response.get_data(as_text=True)
    db.session.expire_all()
    user = db.session.get(User, member.id)
    assert user.display_name == "Amina Benali"
    assert user.expertise == []


def test_edit_bio_mentions_link_only_existing_users(client, auth, member, other_member):
    auth.login(member)
    client.post("/settings/profile", data=profile_form(bio="Ask @karim or @ghost"))
    db.session.expire_all()
    html = db.session.get(User, member.id).bio_html
    assert 'href="/u/karim"' in html
    assert "/u/ghost" not in html


def test_user_menu_links_to_edit_page(client, auth, member):
    auth.login(member)
    assert 'href="/settings/profile"' in client.get("/").get_data(as_text=True)


def test_show_profile_suspended_user_still_visible(client):
    make_user("sami", status="suspended")
    assert client.get("/u/sami").status_code == 200


def test_edit_bio_with_many_mentions_runs_the_same_queries_as_one(client, auth, member,
                                                                   count_queries):
    auth.login(member)
    client.post("/settings/profile", data=profile_form(bio="Ask @karim"))  # first-write set-up
    with count_queries() as one:
        client.post("/settings/profile", data=profile_form(bio="Ask @amina"))
    with count_queries() as many:
        client.post("/settings/profile",
                    data=profile_form(bio=" ".join(f"@user{i:03d}" for i in range(500))))
    assert many.count == one.count
