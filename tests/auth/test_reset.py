"""Password reset by e-mail, in the browser and in the API."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import ApiToken, User
from tests.auth.conftest import bodies, link_path, token_of
from tests.factories import PASSWORD, ApiClient, make_token

NEW_PASSWORD = "sunrise over tangier port"


def reset_link(anon_api, mails, address: str) -> str:
    assert anon_api.post("/auth/password-reset", json={"email": address}).status_code == 202
    return link_path(mails(address)[-1], "/reset/")


def test_reset_request_known_address_mails_link(anon_api, member, mails):
    response = anon_api.post("/auth/password-reset", json={"email": "Amina@Example.org"})
    assert response.status_code == 202
    [message] = mails("amina@example.org")
    text, html = bodies(message)
    path = link_path(message, "/reset/")
    assert path.startswith("/reset/") and path in html
    assert "amina" in text


def test_reset_request_unknown_address_same_answer(anon_api, member, mails):
    known = anon_api.post("/auth/password-reset", json={"email": "amina@example.org"})
    unknown = anon_api.post("/auth/password-reset", json={"email": "ghost@example.org"})
    assert known.status_code == unknown.status_code == 202
    assert known.get_json() == unknown.get_json()
    assert mails("ghost@example.org") == []


def test_reset_request_invalid_body(anon_api):
    assert anon_api.post("/auth/password-reset", json={}).status_code == 422
    assert anon_api.post("/auth/password-reset", json={"email": 3}).status_code == 422
    assert anon_api.post("/auth/password-reset", json={"email": "nope"}).status_code == 202


def test_reset_confirm_api_sets_password(anon_api, member, mails):
    token = token_of(reset_link(anon_api, mails, member.email))
    response = anon_api.post("/auth/password-reset/confirm",
                             json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 200
    assert anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD}
                         ).status_code == 401
    assert anon_api.post("/auth/tokens", json={"login": "amina", "password": NEW_PASSWORD}
                         ).status_code == 201


def test_reset_token_works_only_once(anon_api, member, mails):
    token = token_of(reset_link(anon_api, mails, member.email))
    body = {"token": token, "password": NEW_PASSWORD}
    assert anon_api.post("/auth/password-reset/confirm", json=body).status_code == 200
    again = anon_api.post("/auth/password-reset/confirm",
                          json={"token": token, "password": "another long passphrase"})
    assert again.status_code == 400
    assert again.get_json()["error"]["code"] == "bad_request"


def test_reset_older_tokens_die_with_new_password(anon_api, member, mails):
    first = token_of(reset_link(anon_api, mails, member.email))
    second = token_of(reset_link(anon_api, mails, member.email))
    assert anon_api.post("/auth/password-reset/confirm",
                         json={"token": second, "password": NEW_PASSWORD}).status_code == 200
    assert anon_api.post("/auth/password-reset/confirm",
                         json={"token": first, "password": "another long passphrase"}
                         ).status_code == 400


def test_reset_bad_token_is_400(anon_api):
    response = anon_api.post("/auth/password-reset/confirm",
                             json={"token": "x.y.z", "password": NEW_PASSWORD})
    assert response.status_code == 400


def test_reset_expired_token_is_400(app, anon_api, member, mails):
    token = token_of(reset_link(anon_api, mails, member.email))
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    response = anon_api.post("/auth/password-reset/confirm",
                             json={"token": token, "password": NEW_PASSWORD})
    assert response.status_code == 400


def test_reset_confirmation_token_cannot_reset(anon_api, member):
    from community.auth import tokens

    token = tokens.confirmation_token(member, member.email)
    assert anon_api.post("/auth/password-reset/confirm",
                         json={"token": token, "password": NEW_PASSWORD}).status_code == 400


def test_reset_weak_password_is_422_and_token_still_works(anon_api, member, mails):
    token = token_of(reset_link(anon_api, mails, member.email))
    weak = anon_api.post("/auth/password-reset/confirm",
                         json={"token": token, "password": "123456"})
    assert weak.status_code == 422
    assert "password" in weak.get_json()["error"]["fields"]
    assert anon_api.post("/auth/password-reset/confirm",
                         json={"token": token, "password": NEW_PASSWORD}).status_code == 200


def test_reset_revokes_sessions_and_api_tokens(app, client, auth, anon_api, member, mails):
    auth.login(member, remember=True)
    api = ApiClient(app.test_client(), make_token(member))
    token = token_of(reset_link(ApiClient(app.test_client()), mails, member.email))
    anon_api_other = ApiClient(app.test_client())
    assert anon_api_other.post("/auth/password-reset/confirm",
                               json={"token": token, "password": NEW_PASSWORD}).status_code == 200
    assert 'data-signed-in="1"' not in client.get("/").get_data(as_text=True)
    client.delete_cookie("session")  # the remember-me cookie alone does not work either
    assert 'data-signed-in="1"' not in client.get("/").get_data(as_text=True)
    assert api.delete("/auth/tokens/current").status_code == 401
    assert db.session.scalar(db.select(ApiToken)).revoked_at is not None


def test_reset_confirms_unconfirmed_address(anon_api, unconfirmed, mails):
    token = token_of(reset_link(anon_api, mails, unconfirmed.email))
    anon_api.post("/auth/password-reset/confirm", json={"token": token, "password": NEW_PASSWORD})
    assert db.session.get(User, unconfirmed.id).is_confirmed


def test_reset_pages_in_browser(client, member, mails):
    assert client.get("/reset").status_code == 200
    response = client.post("/reset", data={"email": "amina@example.org"})
    assert response.status_code == 200
    assert "Check your inbox" in response.get_data(as_text=True)
    path = link_path(mails(member.email)[0], "/reset/")
    assert client.get(path).status_code == 200
    mismatch = client.post(path, data={"password": NEW_PASSWORD, "confirm": "something else"})
    assert mismatch.status_code == 200
    assert "The two passwords differ." in mismatch.get_data(as_text=True)
    done = client.post(path, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"].endswith("/login")
    assert client.get(path).status_code == 400
    assert client.post("/login", data={"login": "amina", "password": NEW_PASSWORD}
                       ).status_code == 302


def test_reset_browser_unknown_address_same_page(client, member, mails):
    response = client.post("/reset", data={"email": "ghost@example.org"})
    assert response.status_code == 200
    assert "Check your inbox" in response.get_data(as_text=True)
    assert mails() == []


def test_reset_browser_weak_password_refused(client, member, mails):
    client.post("/reset", data={"email": member.email})
    path = link_path(mails(member.email)[0], "/reset/")
    response = client.post(path, data={"password": "short", "confirm": "short"})
    assert response.status_code == 200
    assert "at least 10 characters" in response.get_data(as_text=True).lower()


def test_reset_mail_in_user_locale(client, member, mails):
    member.locale = "fr"
    db.session.commit()
    client.post("/reset", data={"email": member.email})
    [message] = mails(member.email)
    html = bodies(message)[1]
    assert 'lang="fr"' in html


def test_reset_mail_link_ignores_the_host_header(anon_api, member, mails):
    response = anon_api.post("/auth/password-reset", json={"email": member.email},
                             headers={"Host": "evil.example"})
    assert response.status_code == 202
    text, html = bodies(mails(member.email)[-1])
    assert "evil.example" not in text + html
    assert "http://localhost:5000/reset/" in text


@pytest.mark.parametrize("config_overrides", [{"SITE_URL": None}])
def test_reset_mail_link_without_site_url_uses_the_request_address(anon_api, member, mails,
                                                                   config_overrides):
    """Development (SITE_URL unset, which production refuses): the request's own address."""
    anon_api.post("/auth/password-reset", json={"email": member.email},
                  headers={"Host": "dev.local:5000"})
    text, _html = bodies(mails(member.email)[-1])
    assert "http://dev.local:5000/reset/" in text
