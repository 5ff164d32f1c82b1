"""The account settings page: password, e-mail address, language, sign out everywhere."""

from __future__ import annotations

import re

from tests.auth.conftest import bodies, link_path
from tests.factories import PASSWORD, ApiClient, make_token, reload

NEW_PASSWORD = "mint tea in the medina"


def post_password(client, current: str, new: str, confirm: str):
    return client.post("/settings/account/password", data={
        "password_change-current_password": current, "password_change-password": new,
        "password_change-confirm": confirm})


def post_email(client, email: str, password: str):
    return client.post("/settings/account/email",
                       data={"email_change-email": email, "email_change-password": password})


def signed_in(client) -> bool:
    return 'data-signed-in="1"' in client.get("/").get_data(as_text=True)



def test_settings_page_requires_sign_in(client):
    response = client.get("/settings/account")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_settings_page_renders(client, auth, member):
    auth.login(member)
    page = client.get("/settings/account").get_data(as_text=True)
    assert page.count("<h1") == 1
    for label in ("E-mail address", "Password", "Language", "API tokens", "Sign out everywhere"):
        assert label in page
    assert member.email in page
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), sorted(i for i in ids if ids.count(i) > 1)


def test_settings_links_in_user_menu(client, auth, member):
    auth.login(member)
    assert 'href="/settings/account"' in client.get("/").get_data(as_text=True)


def test_change_password_keeps_this_session_ends_others_and_tokens(app, client, auth, member):
    other_browser = app.test_client()
    other_browser.post("/login", data={"login": "amina", "password": PASSWORD})
    api = ApiClient(app.test_client(), make_token(member))
    auth.login(member)
    response = post_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert signed_in(client)
    assert not signed_in(other_browser)
    assert api.delete("/auth/tokens/current").status_code == 401  # tokens end too (issue 10)
    assert reload(member).session_version == 2


def test_change_password_keeps_remember_cookie_working(client, member):
    client.post("/login", data={"login": "amina", "password": PASSWORD, "remember": "y"})
    post_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    client.delete_cookie("session")
    assert signed_in(client)


def test_change_password_mails_a_notice(client, auth, member, mails):
    auth.login(member)
    post_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    [notice] = mails(member.email)
    assert "password" in notice["Subject"].lower()


def test_change_password_wrong_current_refused(client, auth, member):
    auth.login(member)
    response = post_password(client, "not my password", NEW_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 200
    assert "This is not your current password." in response.get_data(as_text=True)
    assert reload(member).session_version == 1


def test_change_password_weak_refused(client, auth, member):
    auth.login(member)
    response = post_password(client, PASSWORD, "qwertyuiop", "qwertyuiop")
    assert response.status_code == 200
    assert client.post("/logout") and auth.login(member).status_code == 302


def test_change_email_waits_for_confirmation(client, auth, member, mails):
    auth.login(member)
    response = post_email(client, "amina@cluster.ma", PASSWORD)
    assert response.status_code == 302
    user = reload(member)
    assert user.email == "amina@example.org" and user.pending_email == "amina@cluster.ma"
    [notice] = mails("amina@example.org")
    assert "amina@cluster.ma" in bodies(notice)[0]
    [confirm] = mails("amina@cluster.ma")
    assert client.get(link_path(confirm, "/confirm/")).status_code == 302
    user = reload(member)
    assert user.email == "amina@cluster.ma" and user.pending_email is None


def test_change_email_needs_password(client, auth, member, mails):
    auth.login(member)
    response = post_email(client, "amina@cluster.ma", "wrong one here")
    assert response.status_code == 200
    assert reload(member).pending_email is None
    assert mails() == []


def test_change_email_taken_is_conflict(client, auth, member, other_member):
    auth.login(member)
    response = post_email(client, other_member.email, PASSWORD)
    assert response.status_code == 200
    assert reload(member).pending_email is None


def test_change_email_invalid_address(client, auth, member):
    auth.login(member)
    response = post_email(client, "not an address", PASSWORD)
    assert response.status_code == 200


def test_pending_email_reserved_against_registration(anon_api, client, auth, member):
    auth.login(member)
    post_email(client, "amina@cluster.ma", PASSWORD)
    response = anon_api.post("/auth/register", json={
        "username": "intruder", "email": "amina@cluster.ma", "password": "a long passphrase!",
        "display_name": "X", "country": "FR"})
    assert response.status_code == 409


def test_cancel_email_change(client, auth, member, mails):
    auth.login(member)
    post_email(client, "amina@cluster.ma", PASSWORD)
    confirm = mails("amina@cluster.ma")[0]
    assert client.post("/settings/account/email/cancel").status_code == 302
    assert reload(member).pending_email is None
    assert client.get(link_path(confirm, "/confirm/")).status_code == 400
    assert reload(member).email == "amina@example.org"


def test_resend_goes_to_pending_address(client, auth, member, mails):
    auth.login(member)
    post_email(client, "amina@cluster.ma", PASSWORD)
    client.post("/confirm/resend")
    assert len(mails("amina@cluster.ma")) == 2


def test_change_locale(client, auth, member):
    auth.login(member)
    response = client.post("/settings/account/locale", data={"locale": "ar"})
    assert response.status_code == 302
    assert reload(member).locale == "ar"
    page = client.get("/settings/account").get_data(as_text=True)
    assert 'dir="rtl"' in page


def test_change_locale_back_to_browser_default(client, auth, member):
    auth.login(member)
    client.post("/settings/account/locale", data={"locale": "fr"})
    client.post("/settings/account/locale", data={"locale": ""})
    assert reload(member).locale is None


def test_change_locale_unknown_refused(client, auth, member):
    auth.login(member)
    assert client.post("/settings/account/locale", data={"locale": "de"}).status_code == 200
    assert reload(member).locale is None


def test_sign_out_everywhere(app, client, auth, member):
    other_browser = app.test_client()
    other_browser.post("/login", data={"login": "amina", "password": PASSWORD, "remember": "y"})
    auth.login(member)
    response = client.post("/settings/account/sessions")
    assert response.status_code == 302
    assert not signed_in(client)
    other_browser.delete_cookie("session")
    assert not signed_in(other_browser)


def test_unconfirmed_user_can_use_settings(client, auth, unconfirmed):
    auth.login(unconfirmed)
    response = client.post("/settings/account/locale", data={"locale": "fr"})
    assert response.status_code == 302
    assert reload(unconfirmed).locale == "fr"
