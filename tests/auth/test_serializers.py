"""The user object of the API."""

from __future__ import annotations

from community.auth.serializers import user_json
from community.extensions import db
from community.models import Cluster, Membership

KEYS = {"username", "display_name", "headline", "bio_html", "country", "languages",
        "expertise", "avatar_url", "role", "clusters", "created_at"}


def add_cluster(slug: str, status: str = "approved") -> Cluster:
    cluster = Cluster(slug=slug, name=slug.title(), country="MA", shore="south", status=status)
    db.session.add(cluster)
    db.session.commit()
    return cluster


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


def test_user_json_lists_active_memberships_of_approved_clusters(app, member):
    approved, pending, requested = add_cluster("agrinova"), add_cluster("x", "pending"), \
        add_cluster("medtech")
    db.session.add_all([
        Membership(user=member, cluster=approved, role="manager", state="active"),
        Membership(user=member, cluster=pending, role="member", state="active"),
        Membership(user=member, cluster=requested, role="member", state="requested"),
    ])
    db.session.commit()
    with app.test_request_context():
        data = user_json(member)
    assert data["clusters"] == [{"slug": "agrinova", "name": "Agrinova", "role": "manager"}]


def test_user_json_avatar_url(app, member):
    member.avatar_filename = "abc123.webp"
    db.session.commit()
    with app.test_request_context():
        assert user_json(member)["avatar_url"] == "/uploads/abc123.webp"
