"""Site roles (`PATCH /admin/users/<username>`), the staff list of users (`GET /admin/users`)
and the moderator's view of one user (`GET /moderation/users/<username>`)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.extensions import db
from community.models import AuditEntry, Report, User, utcnow
from community.moderation.suspensions import suspend_user
from tests.factories import (
    cluster_room,
    make_category,
    make_cluster,
    make_direct_room,
    make_message,
    make_post,
    make_thread,
    make_user,
    reload,
)


def role_entries() -> list[AuditEntry]:
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == "user.role")).all()


# --- roles ---------------------------------------------------------------------------------

def test_set_role_anonymous_is_401(anon_api, member):
    assert anon_api.patch("/admin/users/amina", json={"role": "moderator"}).status_code == 401


def test_set_role_member_is_403(api_as, member, other_member):
    response = api_as(other_member).patch("/admin/users/amina", json={"role": "moderator"})
    assert response.status_code == 403
    assert reload(member).role == "member"


@pytest.mark.parametrize("role", ["admin", "moderator", "member"])
def test_set_role_moderator_is_403(api_as, moderator, member, role):
    response = api_as(moderator).patch("/admin/users/amina", json={"role": role})
    assert response.status_code == 403
    assert reload(member).role == "member" and role_entries() == []


def test_set_role_own_is_403(api_as, admin):
    response = api_as(admin).patch("/admin/users/laura", json={"role": "member"})
    assert response.status_code == 403
    assert reload(admin).role == "admin"


def test_set_role_unknown_role_is_422(api_as, admin, member):
    response = api_as(admin).patch("/admin/users/amina", json={"role": "king"})
    assert response.status_code == 422 and "role" in response.get_json()["error"]["fields"]


def test_set_role_unknown_user_is_404(api_as, admin):
    assert api_as(admin).patch("/admin/users/ghost", json={"role": "member"}).status_code == 404


def test_set_role_by_admin_changes_role_ends_sessions_and_audits(api_as, admin, member, sio):
    socket = sio(member)
    version = member.session_version
    response = api_as(admin).patch("/admin/users/amina", json={"role": "moderator"})
    assert response.status_code == 200
    assert response.get_json()["role"] == "moderator"
    user = reload(member)
    assert user.role == "moderator" and user.session_version == version + 1
    assert not socket.is_connected()
    [entry] = role_entries()
    assert (entry.actor_name, entry.target_label, entry.reason) == (
        "laura", "amina", "member → moderator")


def test_set_role_admin_makes_admin(api_as, admin, member):
    assert api_as(admin).patch("/admin/users/amina", json={"role": "admin"}).status_code == 200
    assert reload(member).is_admin


def test_set_role_same_role_writes_no_entry(api_as, admin, member):
    assert api_as(admin).patch("/admin/users/amina", json={"role": "member"}).status_code == 200
    assert role_entries() == []


# --- the list ------------------------------------------------------------------------------

@pytest.fixture
def people(app, moderator, admin):
    make_user("amina", display_name="Amina Benali", country="MA", email="amina@cluster.ma")
    make_user("karim", display_name="Karim Haddad", country="JO")
    make_user("nadia", confirmed=False, country="PS")
    sami = make_user("sami", country="TN")
    make_user("ghost", status="deleted")
    suspend_user(moderator, sami, "spam")
    db.session.commit()


def names(response) -> list[str]:
    assert response.status_code == 200
    return sorted(item["username"] for item in response.get_json()["items"])


def test_list_users_anonymous_is_401(anon_api):
    assert anon_api.get("/admin/users").status_code == 401


def test_list_users_member_is_403(api_as, member):
    assert api_as(member).get("/admin/users").status_code == 403


def test_list_users_moderator_sees_all_but_deleted_without_email(api_as, moderator, people):
    response = api_as(moderator).get("/admin/users")
    assert names(response) == ["amina", "karim", "laura", "moussa", "nadia", "sami"]
    assert "email" not in response.get_json()["items"][0]


def test_list_users_admin_sees_email(api_as, admin, people):
    items = api_as(admin).get("/admin/users?q=amina").get_json()["items"]
    assert [item["email"] for item in items] == ["amina@cluster.ma"]


@pytest.mark.parametrize(("query", "expected"), [
    ("q=haddad", ["karim"]),
    ("q=B%C3%89NALI", ["amina"]),  # "BÉNALI": names match as the site search matches them
    ("q=nadia", ["nadia"]),  # staff still find unconfirmed accounts
    ("q=cluster.ma", ["amina"]),
    ("q=%25", []),
    ("role=moderator", ["moussa"]),
    ("role=admin", ["laura"]),
    ("status=suspended", ["sami"]),
    ("status=unconfirmed", ["nadia"]),
    ("status=active", ["amina", "karim", "laura", "moussa"]),
    ("country=jo", ["karim"]),
    ("country=TN&status=suspended", ["sami"]),
])
def test_list_users_filters(api_as, moderator, people, query, expected):
    assert names(api_as(moderator).get(f"/admin/users?{query}")) == expected


def test_list_users_ended_suspension_counts_as_active(api_as, moderator, people):
    sami = db.session.scalar(db.select(User).where(User.username == "sami"))
    sami.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert "sami" in names(api_as(moderator).get("/admin/users?status=active"))


@pytest.mark.parametrize("query", ["role=king", "status=gone", "country=XX", "page=0",
                                   "q=" + "a" * 101])
def test_list_users_bad_filter_is_422(api_as, moderator, query):
    response = api_as(moderator).get(f"/admin/users?{query}")
    assert response.status_code == 422 and response.get_json()["error"]["code"] == "validation"


def test_list_users_paginated(api_as, moderator, people):
    body = api_as(moderator).get("/admin/users?per_page=2&page=2").get_json()
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 2, 6, 3)
    assert len(body["items"]) == 2


def test_list_users_row_shows_suspension(api_as, moderator, people):
    [row] = api_as(moderator).get("/admin/users?q=sami").get_json()["items"]
    assert (row["status"], row["suspension_reason"], row["suspended_until"]) == (
        "suspended", "spam", None)


# --- the moderator's view ------------------------------------------------------------------

def test_view_user_anonymous_is_401(anon_api, member):
    assert anon_api.get("/moderation/users/amina").status_code == 401


def test_view_user_member_is_403(api_as, member, other_member):
    assert api_as(other_member).get("/moderation/users/amina").status_code == 403


def test_view_user_unknown_is_404(api_as, moderator):
    assert api_as(moderator).get("/moderation/users/ghost").status_code == 404


def test_view_user_shows_posts_messages_suspensions_and_audit(api_as, admin, moderator, member,
                                                              other_member):
    thread = make_thread(member, make_category(admin), "Olive oil", "First post")
    make_post(member, thread, "A reply about export")
    room = cluster_room(make_cluster(other_member, members=[member]))
    make_message(member, room, "Hello cluster")
    make_message(member, make_direct_room(member, other_member), "private words")
    suspend_user(moderator, member, "spam", utcnow() + timedelta(days=1))
    db.session.commit()
    body = api_as(moderator).get("/moderation/users/amina").get_json()
    assert body["user"]["username"] == "amina" and body["user"]["status"] == "suspended"
    assert [p["excerpt"] for p in body["posts"]] == ["A reply about export", "First post"]
    assert body["posts"][0]["url"].startswith("/posts/")
    assert [m["excerpt"] for m in body["messages"]] == ["Hello cluster"]
    assert [s["reason"] for s in body["suspensions"]] == ["spam"]
    assert [e["action"] for e in body["audit"]] == ["user.suspend"]
    assert body["reports_by"] == [] and body["reports_about"] == []


def test_view_user_shows_private_messages_only_to_their_members(api_as, moderator, member):
    make_message(member, make_direct_room(member, moderator), "to the moderator")
    body = api_as(moderator).get("/moderation/users/amina").get_json()
    assert [m["excerpt"] for m in body["messages"]] == ["to the moderator"]


def test_view_user_lists_reports_by_and_about(api_as, moderator, member, other_member):
    db.session.add_all([
        Report(target_type="user", target_id=member.id, target_user_id=member.id,
               reason="abuse", note="rude", reporter_id=other_member.id),
        Report(target_type="user", target_id=other_member.id, target_user_id=other_member.id,
               reason="spam", reporter_id=member.id)])
    db.session.commit()
    body = api_as(moderator).get("/moderation/users/amina").get_json()
    [about] = body["reports_about"]
    assert (about["reason"], about["note"], about["reporter"]["username"]) == (
        "abuse", "rude", "karim")
    assert [r["target"]["author"]["username"] for r in body["reports_by"]] == ["karim"]
