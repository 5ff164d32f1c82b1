"""The members page of a cluster's managers: the only manager keeps her role, the member search
of the invite form finds who may be invited."""

from __future__ import annotations

import threading
import time

import pytest
import sqlalchemy as sa

from community.extensions import db
from community.models import Cluster, Membership
from tests.factories import add_member, make_cluster, make_user

SLUG = "maroc-numeric-cluster"
MEMBERS = f"/clusters/{SLUG}/members"
CANDIDATES = f"/clusters/{SLUG}/candidates"


@pytest.fixture
def cluster(member) -> Cluster:
    return make_cluster(member)


def role_of(user, cluster: Cluster) -> str | None:
    db.session.expire_all()
    membership = db.session.scalar(db.select(Membership).where(
        Membership.user_id == user.id, Membership.cluster_id == cluster.id))
    return membership.role if membership else None


def test_members_page_hides_the_only_managers_step_down_buttons(client, auth, cluster, member):
    auth.login(member)
    html = client.get(MEMBERS).get_data(as_text=True)
    assert "The only manager: make another member a manager" in html
    assert f"{MEMBERS}/amina/role" not in html and f"{MEMBERS}/amina/remove" not in html


def test_members_page_shows_step_down_buttons_with_two_managers(client, auth, cluster, member,
                                                                 other_member):
    add_member(cluster, other_member, role="manager")
    auth.login(member)
    html = client.get(MEMBERS).get_data(as_text=True)
    assert f"{MEMBERS}/amina/role" in html and "The only manager" not in html


def test_members_page_buttons_are_not_grey_outlines(client, auth, cluster, member, other_member):
    add_member(cluster, other_member)
    auth.login(member)
    assert "btn-outline-secondary" not in client.get(MEMBERS).get_data(as_text=True)


def test_cluster_page_hides_leave_from_the_only_manager(client, auth, cluster, member):
    auth.login(member)
    html = client.get(f"/clusters/{SLUG}").get_data(as_text=True)
    assert "The only manager" in html and f"/clusters/{SLUG}/leave" not in html


def test_demote_form_of_the_only_manager_is_refused(client, auth, cluster, member):
    auth.login(member)
    response = client.post(f"{MEMBERS}/amina/role", data={"role": "member"},
                           follow_redirects=True)
    assert response.status_code == 200
    assert "A cluster needs at least one manager." in response.get_data(as_text=True)
    assert role_of(member, cluster) == "manager"


def test_remove_form_of_the_only_manager_is_refused(client, auth, cluster, member):
    auth.login(member)
    response = client.post(f"{MEMBERS}/amina/remove", follow_redirects=True)
    assert "A cluster needs at least one manager." in response.get_data(as_text=True)
    assert role_of(member, cluster) == "manager"


def test_demote_the_only_manager_via_api_changes_nothing(api_as, cluster, member):
    response = api_as(member).patch(f"{MEMBERS}/amina", json={"role": "member"})
    assert response.status_code == 409
    assert role_of(member, cluster) == "manager"


def test_remove_the_only_manager_via_api_changes_nothing(api_as, cluster, member):
    assert api_as(member).delete(f"{MEMBERS}/amina").status_code == 409
    assert role_of(member, cluster) == "manager"


def test_candidates_for_visitors_is_401(anon_api, cluster):
    assert anon_api.get(f"{CANDIDATES}?q=kar").status_code == 401


def test_candidates_for_a_plain_member_is_403(api_as, cluster, other_member):
    add_member(cluster, other_member)
    assert api_as(other_member).get(f"{CANDIDATES}?q=kar").status_code == 403


def test_candidates_ignore_case_and_accents(api_as, cluster, member):
    make_user("leila", display_name="Leïla Ben Salah")
    items = api_as(member).get(f"{CANDIDATES}?q=LEILA b").json["items"]
    assert [(i["username"], i["display_name"]) for i in items] == [("leila", "Leïla Ben Salah")]


def test_candidates_leave_out_members_and_invitees(api_as, cluster, member, other_member):
    add_member(cluster, other_member)
    add_member(cluster, make_user("karima"), state="invited")
    make_user("karimo")
    items = api_as(member).get(f"{CANDIDATES}?q=karim").json["items"]
    assert [i["username"] for i in items] == ["karimo"]


def test_candidates_are_at_most_ten(api_as, cluster, member):
    for n in range(12):
        make_user(f"nadia{n:02d}")
    assert len(api_as(member).get(f"{CANDIDATES}?q=nadia").json["items"]) == 10


def test_candidates_for_a_moderator(api_as, cluster, moderator, other_member):
    items = api_as(moderator).get(f"{CANDIDATES}?q=karim").json["items"]
    assert [i["username"] for i in items] == ["karim"]


def _step_down(app, username: str, holding: threading.Event | None, release: threading.Event,
               outcome: dict) -> None:
    """One manager makes herself a member in her own request (thread, session, connection);
    with `holding`, she keeps her transaction open until `release`."""
    from community.clusters import services
    from community.errors import Conflict

    with app.app_context(), app.test_request_context():
        user = services.find_user(username)
        cluster = services.find_cluster(SLUG, user)
        try:
            services.set_member_role(user, cluster, user, "member")
        except Conflict:
            outcome[username] = "refused"
            db.session.rollback()
        else:
            outcome[username] = "done"
            if holding is not None:
                holding.set()
                release.wait(10)
            db.session.commit()
        finally:
            db.session.remove()


def _waiting_on_a_lock() -> bool:
    """True once some other connection waits for a row lock (PostgreSQL)."""
    for _attempt in range(100):
        waiting = db.session.scalar(sa.text(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock'"))
        db.session.rollback()
        if waiting:
            return True
        time.sleep(0.05)
    return False


@pytest.mark.postgres_only
def test_two_managers_stepping_down_at_once_leave_one(app, cluster, member, other_member):
    add_member(cluster, other_member, role="manager")
    holding, release, outcome = threading.Event(), threading.Event(), {}
    first = threading.Thread(target=_step_down, args=(app, "amina", holding, release, outcome))
    first.start()
    assert holding.wait(10)
    second = threading.Thread(target=_step_down, args=(app, "karim", None, release, outcome))
    second.start()
    assert _waiting_on_a_lock()
    release.set()
    first.join(10)
    second.join(10)
    assert outcome == {"amina": "done", "karim": "refused"}
