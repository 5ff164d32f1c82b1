"""`GET /moderation/audit`: staff only, newest first, filters, pages, and no way to change it."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import AuditEntry
from tests.factories import make_cluster
from tests.moderation.dashboard_data import audit_entries


@pytest.fixture
def log(moderator, admin, member):
    """Four entries, oldest first: two by the moderator, one by the admin, one by the system."""
    return audit_entries(
        (moderator, "report.hide", "post", 12, "Post 12 in “Water”", "Spam link"),
        (admin, "user.role", "user", member.id, "amina", "Now a moderator"),
        (moderator, "report.dismiss", "post", 14, "Post 14", ""),
        (None, "user.unsuspend", "user", member.id, "amina", "The suspension ended"),
    )


def ids(response) -> list[int]:
    assert response.status_code == 200
    return [item["id"] for item in response.json["items"]]


def test_audit_needs_sign_in(anon_api):
    assert anon_api.get("/moderation/audit").status_code == 401


def test_audit_is_refused_to_members(api_as, member):
    assert api_as(member).get("/moderation/audit").status_code == 403


def test_audit_is_refused_to_cluster_managers(api_as, member):
    make_cluster(member, "Agrinov")
    assert api_as(member).get("/moderation/audit").status_code == 403


@pytest.mark.parametrize("role", ["moderator", "admin"])
def test_audit_lists_entries_newest_first_for_staff(api_as, log, role, moderator, admin):
    staff = moderator if role == "moderator" else admin
    assert ids(api_as(staff).get("/moderation/audit")) == [e.id for e in reversed(log)]


def test_audit_entry_has_the_fields_of_the_spec(api_as, log, moderator):
    item = api_as(moderator).get("/moderation/audit").json["items"][-1]
    assert item == {
        "id": log[0].id,
        "actor": {"username": "moussa", "display_name": "Moussa Diallo"},
        "action": "report.hide",
        "target": {"type": "post", "id": 12, "label": "Post 12 in “Water”"},
        "reason": "Spam link",
        "created_at": log[0].created_at.strftime("%Y-%m-%dT%H:%M:%SZ"),
    }


def test_audit_entry_of_the_system_has_no_actor(api_as, log, moderator):
    assert api_as(moderator).get("/moderation/audit").json["items"][0]["actor"] is None


@pytest.mark.parametrize("query, expected", [
    ("actor=laura", [1]),
    ("action=report.hide", [0]),
    ("action=report", [2, 0]),  # a family: every report.* action
    ("target=user", [3, 1]),
    ("target=post:14", [2]),
    ("actor=moussa&target=post&action=report", [2, 0]),
], ids=["actor", "exact-action", "action-family", "target-type", "one-target", "combined"])
def test_audit_filters_entries(api_as, log, moderator, query, expected):
    assert ids(api_as(moderator).get(f"/moderation/audit?{query}")) == [log[i].id for i in expected]


def test_audit_is_paginated(api_as, log, moderator):
    body = api_as(moderator).get("/moderation/audit?per_page=3&page=2").json
    assert [item["id"] for item in body["items"]] == [log[0].id]
    assert (body["page"], body["per_page"], body["total"], body["pages"]) == (2, 3, 4, 2)


@pytest.mark.parametrize("query, field", [
    ("target=post:abc", "target"), ("target=POST 12", "target"), ("target=:12", "target"),
    ("actor=" + "a" * 31, "actor"), ("action=" + "x" * 41, "action"), ("page=0", "page"),
])
def test_audit_refuses_bad_filters(api_as, moderator, query, field):
    response = api_as(moderator).get(f"/moderation/audit?{query}")
    assert response.status_code == 422 and field in response.json["error"]["fields"]


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_audit_log_cannot_be_changed(api_as, log, admin, method):
    response = api_as(admin).call(method, "/moderation/audit",
                                  json={"id": log[0].id, "reason": "changed"})
    assert response.status_code == 405
    db.session.expire_all()
    assert db.session.scalar(db.select(db.func.count(AuditEntry.id))) == 4
    assert db.session.get(AuditEntry, log[0].id).reason == "Spam link"


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH", "DELETE"])
def test_audit_entries_have_no_address_of_their_own(api_as, log, admin, method):
    response = api_as(admin).call(method, f"/moderation/audit/{log[0].id}")
    assert response.status_code == 404
    db.session.expire_all()
    assert db.session.get(AuditEntry, log[0].id).reason == "Spam link"
