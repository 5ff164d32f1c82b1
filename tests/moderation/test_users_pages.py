"""The admin pages of accounts (`admin.users`, `admin.user`), their suspension and role forms,
and the staff controls on profile pages: visitors sign in, members get 403."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import AuditEntry
from community.moderation.suspensions import suspend_user
from tests.factories import make_user, reload

PAGES = ["/admin/users", "/admin/users/amina"]
FORMS = ["/admin/users/amina/suspension", "/admin/users/amina/suspension/lift",
         "/admin/users/amina/role"]



@pytest.mark.parametrize("path", PAGES)
def test_pages_anonymous_sent_to_sign_in(client, member, path):
    response = client.get(path)
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("path", PAGES + FORMS)
def test_pages_member_is_403(client, auth, member, other_member, path):
    auth.login(other_member)
    response = client.post(path, data={"reason": "x", "role": "admin"}) if path in FORMS \
        else client.get(path)
    assert response.status_code == 403
    assert reload(member).role == "member" and reload(member).status == "active"


def test_users_page_lists_and_filters(client, auth, moderator, member, other_member):
    auth.login(moderator)
    page = client.get("/admin/users?q=karim&status=active").get_data(as_text=True)
    assert "Karim Haddad" in page and "Amina Benali" not in page
    assert "karim@example.org" not in page  # addresses are for admins


def test_users_page_ignores_bad_filters(client, auth, moderator, member):
    auth.login(moderator)
    response = client.get("/admin/users?role=king&country=XX&page=abc")
    assert response.status_code == 200 and "Amina Benali" in response.get_data(as_text=True)


def test_users_page_empty_state(client, auth, moderator):
    auth.login(moderator)
    page = client.get("/admin/users?q=nobody-at-all").get_data(as_text=True)
    assert "No account matches these filters." in page


def test_user_page_shows_forms_to_moderator_but_not_role(client, auth, moderator, member):
    auth.login(moderator)
    page = client.get("/admin/users/amina").get_data(as_text=True)
    assert 'action="/admin/users/amina/suspension"' in page
    assert 'action="/admin/users/amina/role"' not in page


def test_user_page_admin_sees_role_form(client, auth, admin, member):
    auth.login(admin)
    page = client.get("/admin/users/amina").get_data(as_text=True)
    assert 'action="/admin/users/amina/role"' in page and "amina@example.org" in page


def test_user_page_no_suspend_form_for_peer_moderator(client, auth, moderator):
    make_user("omar", role="moderator")
    auth.login(moderator)
    page = client.get("/admin/users/omar").get_data(as_text=True)
    assert "/admin/users/omar/suspension" not in page


def test_suspend_form_suspends_until_date(client, auth, moderator, member):
    auth.login(moderator)
    response = client.post("/admin/users/amina/suspension",
                           data={"reason": "Spam links", "until": "2099-01-31"})
    assert response.status_code == 302
    user = reload(member)
    assert user.is_suspended and user.suspended_until.isoformat() == "2099-01-31T00:00:00+00:00"
    assert db.session.scalar(db.select(AuditEntry.action)) == "user.suspend"


def test_suspend_form_past_date_shows_the_error(client, auth, moderator, member):
    auth.login(moderator)
    response = client.post("/admin/users/amina/suspension",
                           data={"reason": "Spam", "until": "2001-01-31"})
    assert response.status_code == 200
    assert "Must be in the future." in response.get_data(as_text=True)
    assert reload(member).status == "active"


def test_suspend_form_from_profile_returns_there(client, auth, moderator, member):
    auth.login(moderator)
    response = client.post("/admin/users/amina/suspension",
                           data={"reason": "Spam", "next": "/u/amina"})
    assert response.headers["Location"] == "/u/amina"


def test_lift_form_lifts(client, auth, moderator, member):
    suspend_user(moderator, member, "spam")
    db.session.commit()
    auth.login(moderator)
    assert client.post("/admin/users/amina/suspension/lift").status_code == 302
    assert reload(member).status == "active"


def test_role_form_by_admin(client, auth, admin, member):
    auth.login(admin)
    response = client.post("/admin/users/amina/role", data={"role": "moderator"})
    assert response.status_code == 302 and reload(member).role == "moderator"


def test_role_form_by_moderator_is_403(client, auth, moderator, member):
    auth.login(moderator)
    assert client.post("/admin/users/amina/role", data={"role": "admin"}).status_code == 403
    assert reload(member).role == "member"


def test_profile_staff_controls_for_moderator(client, auth, moderator, member):
    auth.login(moderator)
    page = client.get("/u/amina").get_data(as_text=True)
    assert 'href="/admin/users/amina"' in page
    assert 'action="/admin/users/amina/suspension"' in page
    assert 'action="/admin/users/amina/role"' not in page


def test_profile_staff_controls_role_for_admin(client, auth, admin, member):
    auth.login(admin)
    assert 'action="/admin/users/amina/role"' in client.get("/u/amina").get_data(as_text=True)


@pytest.mark.parametrize("viewer", [None, "karim"])
def test_profile_no_staff_controls_for_others(client, auth, member, other_member, viewer):
    if viewer:
        auth.login(other_member)
    page = client.get("/u/amina").get_data(as_text=True)
    assert "/admin/users/amina" not in page


def test_profile_no_staff_controls_on_own_profile(client, auth, moderator):
    auth.login(moderator)
    assert "Staff controls" not in client.get("/u/moussa").get_data(as_text=True)
