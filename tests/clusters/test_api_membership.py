"""The membership endpoints: join, leave, members list, approve, roles, removal, invitations."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import Cluster, Membership, Notification
from tests.factories import add_member, make_cluster, make_user

SLUG = "maroc-numeric-cluster"


@pytest.fixture
def cluster(member) -> Cluster:
    return make_cluster(member)


def count(cluster: Cluster) -> int:
    db.session.expire_all()
    return db.session.get(Cluster, cluster.id).member_count


def notifications_of(user) -> list[Notification]:
    return list(db.session.scalars(db.select(Notification).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_join_request_is_201_and_notifies_managers(api_as, cluster, member, other_member):
    response = api_as(other_member).post(f"/clusters/{SLUG}/membership")
    assert response.status_code == 201
    assert response.json["state"] == "requested"
    approval, notification = notifications_of(member)  # their cluster's approval came first
    assert approval.kind == "cluster_approved"
    assert notification.kind == "membership_request"
    assert notification.actor_id == other_member.id
    assert notification.target_url == f"/clusters/{SLUG}/members?state=requested"
    assert count(cluster) == 1


def test_join_request_twice_is_409(api_as, cluster, other_member):
    api = api_as(other_member)
    api.post(f"/clusters/{SLUG}/membership")
    response = api.post(f"/clusters/{SLUG}/membership")
    assert response.status_code == 409
    assert response.json["error"]["code"] == "conflict"


def test_join_request_by_a_member_is_409(api_as, cluster, member):
    assert api_as(member).post(f"/clusters/{SLUG}/membership").status_code == 409


def test_join_request_anonymous_is_401(anon_api, cluster):
    assert anon_api.post(f"/clusters/{SLUG}/membership").status_code == 401


def test_join_request_unconfirmed_is_403(api_as, cluster, unconfirmed):
    assert api_as(unconfirmed).post(f"/clusters/{SLUG}/membership").status_code == 403


def test_join_request_unknown_cluster_is_404(api_as, other_member):
    assert api_as(other_member).post("/clusters/nope/membership").status_code == 404


def test_join_request_pending_cluster_is_404_for_others(api_as, member, other_member):
    make_cluster(member, status="pending")
    assert api_as(other_member).post(f"/clusters/{SLUG}/membership").status_code == 404


def test_members_list_shows_active_members(anon_api, cluster, other_member):
    add_member(cluster, other_member)
    body = anon_api.get(f"/clusters/{SLUG}/members").json
    assert [(m["user"]["username"], m["role"], m["state"]) for m in body["items"]] == [
        ("amina", "manager", "active"), ("karim", "member", "active")]
    assert body["items"][0]["since"].endswith("Z")
    assert body["total"] == 2


def test_members_list_requested_for_managers_only(api_as, anon_api, cluster, other_member):
    add_member(cluster, other_member, state="requested")
    stranger = make_user("stranger")
    assert anon_api.get(f"/clusters/{SLUG}/members?state=requested").status_code == 401
    assert api_as(stranger).get(f"/clusters/{SLUG}/members?state=requested").status_code == 403
    body = api_as(cluster.created_by).get(f"/clusters/{SLUG}/members?state=requested").json
    assert [m["user"]["username"] for m in body["items"]] == ["karim"]


def test_members_list_with_unknown_state_is_422(anon_api, cluster):
    assert anon_api.get(f"/clusters/{SLUG}/members?state=banned").status_code == 422


def test_approve_member_activates_and_notifies(api_as, cluster, member, other_member):
    api_as(other_member).post(f"/clusters/{SLUG}/membership")
    response = api_as(member).post(f"/clusters/{SLUG}/members/karim/approve")
    assert response.status_code == 200
    assert response.json["state"] == "active"
    assert response.json["user"]["username"] == "karim"
    [notification] = notifications_of(other_member)
    assert notification.kind == "membership_approved"
    assert notification.target_url == f"/clusters/{SLUG}"
    assert count(cluster) == 2


def test_approve_member_by_non_manager_is_403(api_as, cluster, other_member):
    api_as(other_member).post(f"/clusters/{SLUG}/membership")
    response = api_as(other_member).post(f"/clusters/{SLUG}/members/karim/approve")
    assert response.status_code == 403
    assert count(cluster) == 1


def test_approve_member_without_request_is_404(api_as, cluster, member, other_member):
    assert api_as(member).post(f"/clusters/{SLUG}/members/karim/approve").status_code == 404


def test_approve_member_unknown_user_is_404(api_as, cluster, member):
    assert api_as(member).post(f"/clusters/{SLUG}/members/ghost/approve").status_code == 404


def test_approve_member_already_active_is_409(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    assert api_as(member).post(f"/clusters/{SLUG}/members/karim/approve").status_code == 409


def test_approve_member_by_moderator_is_allowed(api_as, cluster, other_member, moderator):
    add_member(cluster, other_member, state="requested")
    assert api_as(moderator).post(f"/clusters/{SLUG}/members/karim/approve").status_code == 200


def test_leave_cluster_is_204_and_updates_count(api_as, cluster, other_member):
    add_member(cluster, other_member)
    assert count(cluster) == 2
    assert api_as(other_member).delete(f"/clusters/{SLUG}/membership").status_code == 204
    assert count(cluster) == 1


def test_leave_cluster_withdraws_a_request(api_as, cluster, other_member):
    api = api_as(other_member)
    api.post(f"/clusters/{SLUG}/membership")
    assert api.delete(f"/clusters/{SLUG}/membership").status_code == 204
    assert api.post(f"/clusters/{SLUG}/membership").status_code == 201


def test_leave_cluster_as_last_manager_is_409(api_as, cluster, member):
    response = api_as(member).delete(f"/clusters/{SLUG}/membership")
    assert response.status_code == 409
    assert "last manager" in response.json["error"]["message"]
    assert count(cluster) == 1


def test_leave_cluster_as_one_of_two_managers_is_allowed(api_as, cluster, member, other_member):
    add_member(cluster, other_member, role="manager")
    assert api_as(member).delete(f"/clusters/{SLUG}/membership").status_code == 204


def test_leave_cluster_not_a_member_is_404(api_as, cluster, other_member):
    assert api_as(other_member).delete(f"/clusters/{SLUG}/membership").status_code == 404


def test_leave_cluster_anonymous_is_401(anon_api, cluster):
    assert anon_api.delete(f"/clusters/{SLUG}/membership").status_code == 401


def test_promote_member_to_manager(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    response = api_as(member).patch(f"/clusters/{SLUG}/members/karim", json={"role": "manager"})
    assert response.status_code == 200
    assert response.json["role"] == "manager"
    managers = api_as(member).get(f"/clusters/{SLUG}").json["managers"]
    assert [m["username"] for m in managers] == ["amina", "karim"]


@pytest.mark.parametrize("body", [{"role": "owner"}, {}, {"role": 1}])
def test_promote_member_with_bad_role_is_422(api_as, cluster, member, other_member, body):
    add_member(cluster, other_member)
    assert api_as(member).patch(f"/clusters/{SLUG}/members/karim", json=body).status_code == 422


def test_promote_member_by_non_manager_is_403(api_as, cluster, other_member):
    add_member(cluster, other_member)
    response = api_as(other_member).patch(f"/clusters/{SLUG}/members/karim",
                                          json={"role": "manager"})
    assert response.status_code == 403


def test_demote_last_manager_is_409(api_as, cluster, member):
    response = api_as(member).patch(f"/clusters/{SLUG}/members/amina", json={"role": "member"})
    assert response.status_code == 409


def test_promote_a_non_member_is_404(api_as, cluster, member, other_member):
    response = api_as(member).patch(f"/clusters/{SLUG}/members/karim", json={"role": "manager"})
    assert response.status_code == 404


def test_remove_member_by_manager(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    assert api_as(member).delete(f"/clusters/{SLUG}/members/karim").status_code == 204
    assert count(cluster) == 1
    assert db.session.scalar(db.select(Membership).where(
        Membership.user_id == other_member.id)) is None


def test_remove_member_refuses_a_join_request(api_as, cluster, member, other_member):
    add_member(cluster, other_member, state="requested")
    assert api_as(member).delete(f"/clusters/{SLUG}/members/karim").status_code == 204


def test_remove_member_by_non_manager_is_403(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    assert api_as(other_member).delete(f"/clusters/{SLUG}/members/amina").status_code == 403
    assert count(cluster) == 2


def test_remove_last_manager_is_409(api_as, cluster, member, moderator):
    assert api_as(moderator).delete(f"/clusters/{SLUG}/members/amina").status_code == 409


def test_remove_member_anonymous_is_401(anon_api, cluster):
    assert anon_api.delete(f"/clusters/{SLUG}/members/amina").status_code == 401


def test_invite_then_accept_makes_an_active_member(api_as, cluster, member, other_member):
    response = api_as(member).post(f"/clusters/{SLUG}/members", json={"username": "karim"})
    assert response.status_code == 201
    assert response.json["state"] == "invited"
    [notification] = notifications_of(other_member)
    assert notification.kind == "membership_request"
    assert "invites you" in notification.text
    assert count(cluster) == 1
    accepted = api_as(other_member).post(f"/clusters/{SLUG}/membership")
    assert accepted.status_code == 201
    assert accepted.json["state"] == "active"
    assert count(cluster) == 2


def test_invite_a_requesting_user_accepts_the_request(api_as, cluster, member, other_member):
    api_as(other_member).post(f"/clusters/{SLUG}/membership")
    response = api_as(member).post(f"/clusters/{SLUG}/members", json={"username": "karim"})
    assert response.status_code == 201
    assert response.json["state"] == "active"


def test_invite_a_member_again_is_409(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    response = api_as(member).post(f"/clusters/{SLUG}/members", json={"username": "karim"})
    assert response.status_code == 409


def test_invite_unknown_user_is_404(api_as, cluster, member):
    response = api_as(member).post(f"/clusters/{SLUG}/members", json={"username": "ghost"})
    assert response.status_code == 404


def test_invite_by_non_manager_is_403(api_as, cluster, other_member):
    response = api_as(other_member).post(f"/clusters/{SLUG}/members", json={"username": "amina"})
    assert response.status_code == 403


def test_invited_user_can_decline(api_as, cluster, member, other_member):
    api_as(member).post(f"/clusters/{SLUG}/members", json={"username": "karim"})
    assert api_as(other_member).delete(f"/clusters/{SLUG}/membership").status_code == 204
    assert count(cluster) == 1


def test_member_count_stays_in_sync_through_a_life_cycle(api_as, cluster, member):
    users = [make_user(f"joiner{i}") for i in range(3)]
    for user in users:
        api_as(user).post(f"/clusters/{SLUG}/membership")
    manager = api_as(member)
    for user in users:
        manager.post(f"/clusters/{SLUG}/members/{user.username}/approve")
    assert count(cluster) == 4
    manager.delete(f"/clusters/{SLUG}/members/joiner0")
    api_as(users[1]).delete(f"/clusters/{SLUG}/membership")
    assert count(cluster) == 2
    assert api_as(member).get(f"/clusters/{SLUG}").json["member_count"] == 2


def test_join_request_racing_a_twin_is_409_not_500(api_as, cluster, other_member, monkeypatch):
    from community.clusters import services

    add_member(cluster, other_member, state="requested")
    monkeypatch.setattr(services, "membership_row", lambda user, cluster: None)
    response = api_as(other_member).post(f"/clusters/{SLUG}/membership")
    assert response.status_code == 409
