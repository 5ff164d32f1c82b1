"""Issue 10, finding 9: a reset link dies when the account's address changes, and API tokens
end with a password change and with "sign out everywhere", not only with a reset."""

from __future__ import annotations

from community.auth import services
from community.extensions import db
from tests.auth.conftest import link_path, token_of
from tests.factories import PASSWORD, ApiClient, make_token

NEW_PASSWORD = "sunrise over tangier port"


def test_reset_link_fails_after_the_address_changed(app, anon_api, member, mails):
    assert anon_api.post("/auth/password-reset", json={"email": member.email}).status_code == 202
    token = token_of(link_path(mails(member.email)[-1], "/reset/"))
    with app.test_request_context():  # the confirmation mail builds its link
        services.request_email_change(member, PASSWORD, "amina.new@example.org")
        db.session.commit()
    confirm = token_of(link_path(mails("amina.new@example.org")[-1], "/confirm/"))
    assert anon_api.post("/auth/confirm", json={"token": confirm}).status_code == 200
    response = anon_api.post("/auth/password-reset/confirm",
                             json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400


def test_reset_link_page_fails_after_the_address_changed(client, member, mails):
    client.post("/reset", data={"email": member.email})
    path = link_path(mails(member.email)[-1], "/reset/")
    member.email = "amina.new@example.org"
    db.session.commit()
    assert client.get(path).status_code == 400


def test_api_token_ends_with_a_password_change(api_as, member):
    api = api_as(member)
    services.change_password(member, PASSWORD, NEW_PASSWORD)
    db.session.commit()
    assert api.get("/me").status_code == 401


def test_api_token_ends_with_a_password_change_in_the_browser(app, client, auth, member):
    api = ApiClient(app.test_client(), make_token(member))  # not the browser's cookies
    auth.login(member)
    response = client.post("/settings/account/password", data={
        "password_change-current_password": PASSWORD, "password_change-password": NEW_PASSWORD,
        "password_change-confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert api.get("/me").status_code == 401


def test_api_token_ends_with_sign_out_everywhere(app, client, auth, member):
    api = ApiClient(app.test_client(), make_token(member))
    auth.login(member)
    client.post("/settings/account/sessions")
    assert api.get("/me").status_code == 401
