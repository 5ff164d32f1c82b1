"""Suspensions through the API: who may suspend whom, what a suspension does (sign-in refused
with the reason and end, no writing or chatting, sessions and sockets ended), lifting by hand
and at the end date, the audit entries, and that a failed suspension leaves nothing."""

from __future__ import annotations

from datetime import timedelta
from unittest import mock

import pytest

from community.extensions import db
from community.models import AuditEntry, Suspension, User, utcnow
from community.moderation import suspensions
from tests.factories import (
    PASSWORD,
    ApiClient,
    cluster_room,
    make_category,
    make_cluster,
    make_token,
    make_user,
    reload,
)

SUSPEND = "/moderation/users/amina/suspension"


def later(days: int = 3) -> str:
    return (utcnow() + timedelta(days=days)).strftime("%Y-%m-%dT%H:%M:%SZ")


def audit(action: str) -> list[AuditEntry]:
    return db.session.scalars(db.select(AuditEntry).where(AuditEntry.action == action)).all()



# --- who may suspend whom ------------------------------------------------------------------

def test_suspend_anonymous_is_401(anon_api, member):
    assert anon_api.post(SUSPEND, json={"reason": "spam"}).status_code == 401


def test_suspend_by_member_is_403(api_as, member, other_member):
    response = api_as(other_member).post(SUSPEND, json={"reason": "spam"})
    assert response.status_code == 403
    assert response.get_json()["error"]["code"] == "forbidden"
    assert reload(member).status == "active"


def test_suspend_by_cluster_manager_is_403(api_as, member, other_member):
    make_cluster(other_member, members=[member])
    assert api_as(other_member).post(SUSPEND, json={"reason": "spam"}).status_code == 403


def test_suspend_self_is_403(api_as, moderator):
    response = api_as(moderator).post("/moderation/users/moussa/suspension",
                                      json={"reason": "a break"})
    assert response.status_code == 403
    assert reload(moderator).status == "active"


def test_suspend_moderator_by_moderator_is_403(api_as, moderator):
    make_user("omar", role="moderator")
    response = api_as(moderator).post("/moderation/users/omar/suspension",
                                      json={"reason": "rivalry"})
    assert response.status_code == 403
    assert audit("user.suspend") == []


def test_suspend_admin_by_moderator_is_403(api_as, moderator, admin):
    response = api_as(moderator).post("/moderation/users/laura/suspension",
                                      json={"reason": "coup"})
    assert response.status_code == 403


def test_suspend_admin_by_admin_is_403(api_as, admin):
    make_user("sofia", role="admin")
    response = api_as(admin).post("/moderation/users/sofia/suspension", json={"reason": "x"})
    assert response.status_code == 403


def test_suspend_moderator_by_admin_allowed(api_as, admin):
    omar = make_user("omar", role="moderator")
    response = api_as(admin).post("/moderation/users/omar/suspension", json={"reason": "abuse"})
    assert response.status_code == 201
    assert reload(omar).is_suspended


def test_suspend_unknown_user_is_404(api_as, moderator):
    response = api_as(moderator).post("/moderation/users/ghost/suspension", json={"reason": "x"})
    assert response.status_code == 404


def test_suspend_deleted_user_is_409(api_as, moderator, member):
    member.status = "deleted"
    db.session.commit()
    assert api_as(moderator).post(SUSPEND, json={"reason": "x"}).status_code == 409


# --- validation ----------------------------------------------------------------------------

@pytest.mark.parametrize(("body", "field"), [
    ({}, "reason"),
    ({"reason": "   "}, "reason"),
    ({"reason": "x" * 501}, "reason"),
    ({"reason": 7}, "reason"),
    ({"reason": "spam", "until": "next tuesday"}, "until"),
    ({"reason": "spam", "until": "2001-01-01T00:00:00Z"}, "until"),
    ({"reason": "spam", "until": 1700000000}, "until"),
])
def test_suspend_invalid_body_is_422(api_as, moderator, member, body, field):
    response = api_as(moderator).post(SUSPEND, json=body)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]
    assert reload(member).status == "active"
    assert db.session.scalar(db.select(db.func.count(Suspension.id))) == 0


# --- what a suspension does ----------------------------------------------------------------

def test_suspend_until_sets_status_row_and_audit(api_as, moderator, member):
    version = member.session_version
    response = api_as(moderator).post(SUSPEND, json={"reason": "Spam links", "until": later()})
    assert response.status_code == 201
    body = response.get_json()
    assert body["user"] == "amina" and body["reason"] == "Spam links"
    assert body["until"] == later() and body["lifted_at"] is None
    assert body["actor"]["username"] == "moussa"
    user = reload(member)
    assert (user.status, user.suspension_reason) == ("suspended", "Spam links")
    assert user.session_version == version + 1
    [entry] = audit("user.suspend")
    assert (entry.actor_name, entry.target_type, entry.target_id) == ("moussa", "user", user.id)
    assert entry.reason.startswith("Spam links")


def test_suspend_without_until_is_indefinite(api_as, moderator, member):
    response = api_as(moderator).post(SUSPEND, json={"reason": "Threats"})
    assert response.status_code == 201 and response.get_json()["until"] is None
    user = reload(member)
    assert user.is_suspended and user.suspended_until is None


def test_suspend_accepts_offset_and_stores_utc(api_as, moderator, member):
    moment = (utcnow() + timedelta(days=2)).replace(microsecond=0)
    local = (moment + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%S+01:00")
    api_as(moderator).post(SUSPEND, json={"reason": "x", "until": local})
    assert reload(member).suspended_until == moment


def test_suspend_again_replaces_the_suspension(api_as, moderator, member):
    mod = api_as(moderator)
    mod.post(SUSPEND, json={"reason": "first", "until": later(1)})
    mod.post(SUSPEND, json={"reason": "second", "until": later(9)})
    rows = db.session.scalars(db.select(Suspension).order_by(Suspension.id)).all()
    assert [r.lifted_at is not None for r in rows] == [True, False]
    assert reload(member).suspension_reason == "second"


def test_suspended_user_token_stops_working(api_as, moderator, member):
    own = api_as(member)
    api_as(moderator).post(SUSPEND, json={"reason": "x"})
    assert own.get("/me").status_code == 401


def test_suspended_user_cannot_post(api_as, admin, moderator, member):
    category = make_category(admin)
    own = api_as(member)
    api_as(moderator).post(SUSPEND, json={"reason": "x"})
    response = own.post("/threads", json={"category": category.slug, "title": "Hi",
                                          "body": "hello"})
    assert response.status_code == 401
    assert db.session.scalar(db.select(db.func.count()).select_from(
        db.metadata.tables["forum_threads"])) == 0


def test_suspended_user_session_cannot_chat(app, client, auth, moderator, member):
    room = cluster_room(make_cluster(make_user("boss"), members=[member]))
    auth.login(member)
    staff = ApiClient(app.test_client(), make_token(moderator))  # its own cookie jar
    assert staff.post(SUSPEND, json={"reason": "x"}).status_code == 201
    response = client.post(f"/api/v1/chat/rooms/{room.id}/messages",
                           json={"body": "hi", "client_id": "c1"})
    assert response.status_code in (401, 403)
    assert response.get_json()["error"]["code"] in ("unauthorized", "forbidden")


def test_suspension_closes_open_sockets_after_commit(sio, api_as, moderator, member):
    socket = sio(member)
    assert socket.is_connected()
    api_as(moderator).post(SUSPEND, json={"reason": "x"})
    assert not socket.is_connected()


def test_suspended_user_socket_connect_refused(sio, api_as, moderator, member):
    api_as(moderator).post(SUSPEND, json={"reason": "x"})
    assert not sio(member).is_connected()


def test_suspension_failing_midway_leaves_nothing(api_as, moderator, member, sio):
    socket = sio(member)
    with mock.patch.object(suspensions, "record", side_effect=RuntimeError("audit down")):
        assert api_as(moderator).post(SUSPEND, json={"reason": "x"}).status_code == 500
    assert reload(member).status == "active"
    assert db.session.scalar(db.select(db.func.count(Suspension.id))) == 0
    assert socket.is_connected()


# --- sign-in -------------------------------------------------------------------------------

def test_sign_in_page_shows_reason_and_end(client, api_as, moderator, member):
    api_as(moderator).post(SUSPEND, json={"reason": "Repeated spam", "until":
                                          "2099-05-03T14:30:00Z"})
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    page = response.get_data(as_text=True)
    assert response.status_code == 403
    assert "Repeated spam" in page and "May 3, 2099" in page and "UTC" in page


def test_sign_in_page_reason_in_french(client, api_as, moderator, member):
    api_as(moderator).post(SUSPEND, json={"reason": "Spam", "until": "2099-05-03T14:30:00Z"})
    response = client.post("/login", data={"login": "amina", "password": PASSWORD},
                           headers={"Accept-Language": "fr"})
    assert "3 mai 2099" in response.get_data(as_text=True)


def test_token_sign_in_403_carries_reason(anon_api, api_as, moderator, member):
    api_as(moderator).post(SUSPEND, json={"reason": "Harassment"})
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 403
    message = response.get_json()["error"]["message"]
    assert "Harassment" in message and "suspended" in message


def test_sign_in_after_end_lifts_the_suspension(auth, api_as, moderator, member):
    api_as(moderator).post(SUSPEND, json={"reason": "x", "until": later()})
    user = reload(member)
    user.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert auth.login(member).status_code == 302
    user = reload(member)
    assert (user.status, user.suspended_until, user.suspension_reason) == ("active", None, None)
    [row] = db.session.scalars(db.select(Suspension)).all()
    assert row.lifted_at is not None and row.lifted_by is None
    [entry] = audit("user.unsuspend")
    assert entry.actor_name == "system"


# --- lifting -------------------------------------------------------------------------------

def test_lift_by_moderator(api_as, moderator, member):
    mod = api_as(moderator)
    mod.post(SUSPEND, json={"reason": "x"})
    assert mod.delete(SUSPEND).status_code == 204
    user = reload(member)
    assert user.status == "active" and not user.is_suspended
    [row] = db.session.scalars(db.select(Suspension)).all()
    assert row.lifted_by.username == "moussa"
    assert [e.actor_name for e in audit("user.unsuspend")] == ["moussa"]


def test_lift_not_suspended_is_409(api_as, moderator, member):
    assert api_as(moderator).delete(SUSPEND).status_code == 409
    assert audit("user.unsuspend") == []


def test_lift_by_member_is_403(api_as, moderator, member, other_member):
    api_as(moderator).post(SUSPEND, json={"reason": "x"})
    assert api_as(other_member).delete(SUSPEND).status_code == 403
    assert reload(member).is_suspended


def test_lift_anonymous_is_401(anon_api, member):
    assert anon_api.delete(SUSPEND).status_code == 401


def test_lift_suspended_moderator_by_moderator_is_403(api_as, admin, moderator):
    make_user("omar", role="moderator")
    api_as(admin).post("/moderation/users/omar/suspension", json={"reason": "x"})
    assert api_as(moderator).delete("/moderation/users/omar/suspension").status_code == 403


def test_lift_expired_command_lifts_only_ended(runner, api_as, moderator, member,
                                              other_member):
    mod = api_as(moderator)
    mod.post(SUSPEND, json={"reason": "x", "until": later()})
    mod.post("/moderation/users/karim/suspension", json={"reason": "y", "until": later()})
    user = reload(member)
    user.suspended_until = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = runner.invoke(args=["moderation", "lift-expired"])
    assert result.exit_code == 0 and "1 suspension" in result.output
    db.session.expire_all()
    assert reload(member).status == "active"
    assert db.session.get(User, other_member.id).status == "suspended"
    assert [e.target_label for e in audit("user.unsuspend")] == ["amina"]
