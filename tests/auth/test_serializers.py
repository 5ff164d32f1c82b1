"""The user object of the API."""

from __future__ import annotations

from community.auth.serializers import user_json
from community.extensions import db
from tests.factories import add_member, make_cluster

KEYS = {"username", "display_name", "headline", "bio_html", "country", "languages",
        "expertise", "avatar_url", "role", "clusters", "created_at"}


def test_user_json_public_shape(app, member, other_member):
    with app.test_request_context():
        data = user_json(member, viewer=other_member)
    assert set(data) == KEYS


def test_user_json_anonymous_has_no_private_fields(app, member):
    with app.test_request_context():
        assert set(user_json(member)) == KEYS


def test_user_json_self_and_admin_see_email_and_locale(app, member, admin):
    with app.test_request_context():
        assert user_json(member, viewer=member)["email"] == member.email
        assert "locale" in user_json(member, viewer=admin)


def test_user_json_lists_active_memberships_of_approved_clusters(app, member, other_member):
    make_cluster(member, "Agrinova")
    make_cluster(member, "Pending One", status="pending")
    add_member(make_cluster(other_member, "MedTech"), member, state="requested")
    with app.test_request_context():
        data = user_json(member)
    assert data["clusters"] == [{"slug": "agrinova", "name": "Agrinova", "role": "manager"}]


def test_user_json_avatar_url(app, member):
    member.avatar_filename = "abc123.webp"
    db.session.commit()
    with app.test_request_context():
        assert user_json(member)["avatar_url"] == "/uploads/abc123.webp"
