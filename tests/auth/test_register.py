"""Registration and e-mail confirmation, in the browser and in the API."""

from __future__ import annotations

import pytest

from community.extensions import db
from community.models import User
from tests.auth.conftest import bodies, link_path, token_of
from tests.factories import PASSWORD, make_cluster, make_user

GOOD = {"username": "salma", "email": "Salma@Example.org", "password": "olive grove at dawn",
        "display_name": "Salma Idrissi", "country": "ma"}
FORM = {**GOOD, "country": "MA"}


def user_named(name: str) -> User | None:
    return db.session.scalar(db.select(User).where(User.username == name))


def test_register_api_creates_unconfirmed_user(anon_api):
    response = anon_api.post("/auth/register", json={**GOOD, "locale": "fr"})
    assert response.status_code == 201
    body = response.get_json()
    assert body["username"] == "salma"
    assert body["email"] == "salma@example.org"
    assert body["locale"] == "fr"
    assert body["country"] == "MA"
    assert body["role"] == "member" and body["clusters"] == []
    assert body["created_at"].endswith("Z")
    assert "password" not in body and "password_hash" not in body
    user = user_named("salma")
    assert user is not None and not user.is_confirmed


def test_register_api_sends_confirmation_mail_in_user_locale(anon_api, mails):
    anon_api.post("/auth/register", json={**GOOD, "locale": "fr"})
    [message] = mails("salma@example.org")
    text, html = bodies(message)
    path = link_path(message, "/confirm/")
    assert path.startswith("/confirm/")
    assert path in html
    assert "Salma Idrissi" in text


def test_register_api_username_taken_is_conflict(anon_api, member):
    response = anon_api.post("/auth/register", json={**GOOD, "username": "amina"})
    assert response.status_code == 409
    error = response.get_json()["error"]
    assert error["code"] == "conflict"
    assert "username" in error["fields"]


def test_register_api_email_taken_is_conflict(anon_api, member):
    response = anon_api.post("/auth/register", json={**GOOD, "email": "AMINA@example.org"})
    assert response.status_code == 409
    assert "email" in response.get_json()["error"]["fields"]


@pytest.mark.parametrize("password", ["short", "password123", "aaaaaaaaaaaa", "salma-is-great"])
def test_register_api_weak_password_is_422(anon_api, password):
    response = anon_api.post("/auth/register", json={**GOOD, "password": password})
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation"
    assert "password" in error["fields"]
    assert user_named("salma") is None


@pytest.mark.parametrize("field, value", [
    ("username", "Bad Name!"), ("username", "ab"), ("email", "not-an-address"),
    ("display_name", ""), ("country", "XX"), ("locale", "de"), ("username", 42),
])
def test_register_api_invalid_field_is_422(anon_api, field, value):
    response = anon_api.post("/auth/register", json={**GOOD, field: value})
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_register_api_missing_fields_are_listed(anon_api):
    response = anon_api.post("/auth/register", json={})
    assert response.status_code == 422
    assert set(response.get_json()["error"]["fields"]) >= {
        "username", "email", "password", "display_name", "country"}


def test_register_api_malformed_json_is_400(client):
    response = client.post("/api/v1/auth/register", data="{not json",
                           content_type="application/json")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_register_api_non_object_json_is_400(anon_api):
    assert anon_api.post("/auth/register", json=["a"]).status_code == 400


@pytest.fixture
def config_overrides(request):
    return getattr(request, "param", {})


@pytest.mark.parametrize("config_overrides", [{"MAX_CONTENT_LENGTH": 4096}], indirect=True)
def test_register_api_huge_body_is_413(client):
    body = '{"username": "' + "x" * 10_000 + '"}'
    response = client.post("/api/v1/auth/register", data=body, content_type="application/json")
    assert response.status_code == 413
    assert response.get_json()["error"]["code"] == "payload_too_large"


def test_register_page_renders(client):
    response = client.get("/register")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert 'name="username"' in page and 'name="password"' in page
    assert 'for="email"' in page


def test_register_form_creates_user_and_signs_in(client, mails):
    response = client.post("/register", data=FORM)
    assert response.status_code == 302
    user = user_named("salma")
    assert user is not None and user.locale is None and user.country == "MA"
    assert len(mails("salma@example.org")) == 1
    home = client.get("/").get_data(as_text=True)
    assert "Confirm your e-mail address" in home


def test_register_form_shows_taken_username(client, member):
    response = client.post("/register", data={**FORM, "username": "amina"})
    assert response.status_code == 200
    assert "This username is taken." in response.get_data(as_text=True)


def test_register_form_weak_password_refused(client):
    response = client.post("/register", data={**FORM, "password": "short"})
    assert response.status_code == 200
    assert user_named("salma") is None


def test_register_page_redirects_signed_in_user(client, auth, member):
    auth.login(member)
    assert client.get("/register").status_code == 302


def test_confirm_link_in_browser_confirms(client, anon_api, mails):
    anon_api.post("/auth/register", json=GOOD)
    path = link_path(mails("salma@example.org")[0], "/confirm/")
    response = client.get(path)
    assert response.status_code == 302
    assert user_named("salma").is_confirmed


def test_confirm_api_confirms(anon_api, mails):
    anon_api.post("/auth/register", json=GOOD)
    token = token_of(link_path(mails("salma@example.org")[0], "/confirm/"))
    response = anon_api.post("/auth/confirm", json={"token": token})
    assert response.status_code == 200
    assert response.get_json()["username"] == "salma"
    assert user_named("salma").is_confirmed


def test_confirm_api_bad_token_is_400(anon_api):
    response = anon_api.post("/auth/confirm", json={"token": "nonsense.token"})
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"


def test_confirm_api_expired_token_is_400(app, anon_api, mails):
    anon_api.post("/auth/register", json=GOOD)
    token = token_of(link_path(mails("salma@example.org")[0], "/confirm/"))
    app.config["TOKEN_MAX_AGE_SECONDS"] = -1
    response = anon_api.post("/auth/confirm", json={"token": token})
    assert response.status_code == 400
    assert "expired" in response.get_json()["error"]["message"]
    assert not user_named("salma").is_confirmed


def test_confirm_token_of_other_purpose_is_refused(app, anon_api, unconfirmed):
    from community.auth import tokens

    token = tokens.reset_token(unconfirmed)
    assert anon_api.post("/auth/confirm", json={"token": token}).status_code == 400


def test_confirm_browser_bad_token_shows_page(client):
    response = client.get("/confirm/garbage")
    assert response.status_code == 400
    assert "This link does not work" in response.get_data(as_text=True)


def test_confirm_old_link_after_address_change_is_refused(client, anon_api, auth, mails):
    anon_api.post("/auth/register", json=GOOD)
    old_path = link_path(mails("salma@example.org")[0], "/confirm/")
    auth.login("salma", GOOD["password"])
    client.post("/settings/account/email",
                data={"email_change-email": "salma.new@example.org",
                      "email_change-password": GOOD["password"]})
    new_path = link_path(mails("salma.new@example.org")[0], "/confirm/")
    assert user_named("salma").email == "salma@example.org"  # nothing changes before the link
    assert client.get(new_path).status_code == 302
    user = user_named("salma")
    assert user.email == "salma.new@example.org" and user.is_confirmed
    assert user.pending_email is None
    assert client.get(old_path).status_code == 400
    assert user_named("salma").email == "salma.new@example.org"


def test_resend_confirmation_sends_new_mail(client, auth, unconfirmed, mails):
    auth.login(unconfirmed)
    response = client.post("/confirm/resend")
    assert response.status_code == 302
    assert len(mails(unconfirmed.email)) == 1


def test_resend_confirmation_requires_sign_in(client):
    assert client.post("/confirm/resend").status_code == 302


def test_resend_confirmation_api(api_as, unconfirmed, member, mails):
    assert api_as(unconfirmed).post("/auth/confirm/resend").status_code == 202
    assert len(mails(unconfirmed.email)) == 1
    assert api_as(member).post("/auth/confirm/resend").status_code == 200
    assert mails(member.email) == []


def test_unconfirmed_user_can_sign_in_and_read(client, auth, unconfirmed):
    response = auth.login(unconfirmed)
    assert response.status_code == 302
    assert client.get("/settings/account").status_code == 200


def test_registered_password_works(anon_api):
    anon_api.post("/auth/register", json=GOOD)
    response = anon_api.post("/auth/tokens", json={"login": "salma@example.org",
                                                   "password": GOOD["password"]})
    assert response.status_code == 201


def test_make_user_still_works(app):
    user = make_user("factory_user", password=PASSWORD)
    assert user.is_confirmed


def test_register_race_on_unique_columns_is_conflict(app, monkeypatch):
    from community.auth import services

    make_user("salma")
    monkeypatch.setattr(services, "ensure_available", lambda *a, **k: None)
    with pytest.raises(services.Conflict) as caught:
        services.create_user("salma", "other@example.org", GOOD["password"], "S")
    assert "username" in caught.value.fields


def test_confirmation_mail_link_ignores_the_host_header(anon_api, mails):
    response = anon_api.post("/auth/register", json=GOOD,
                             headers={"Host": "evil.example"})
    assert response.status_code == 201
    text, html = bodies(mails("salma@example.org")[-1])
    assert "evil.example" not in text + html
    assert "http://localhost:5000/confirm/" in text


def test_register_form_reports_every_bad_field_at_once(client, member):
    response = client.post("/register", data={
        "username": "amina", "email": "not an address", "display_name": "",
        "country": "", "password": "password"})
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    errors = {name for name in ("username", "email", "display_name", "country", "password")
              if f'id="{name}-error"' in page}
    assert (errors, db.session.scalar(db.select(db.func.count(User.id)))) == (
        {"username", "email", "display_name", "country", "password"}, 1)


def test_register_form_reports_taken_address_with_form_errors(client, member):
    response = client.post("/register", data={**FORM, "email": member.email, "country": ""})
    page = response.get_data(as_text=True)
    assert "An account already uses this e-mail address." in page and 'id="country-error"' in page


def test_register_form_summary_links_each_bad_field(client):
    page = client.post("/register", data={**FORM, "username": "x", "country": ""}).get_data(
        as_text=True)
    assert 'href="#username"' in page and 'href="#country"' in page
    assert 'id="error-summary"' in page and 'aria-invalid="true"' in page


def test_register_form_keeps_the_language_chosen_in_the_switcher(client):
    client.post("/language", data={"locale": "fr"})
    client.post("/register", data=FORM)
    assert user_named("salma").locale == "fr"


def test_confirm_link_of_a_new_member_lands_on_the_welcome_page(client, mails, other_member):
    make_cluster(other_member, "Maroc Numeric Cluster", country="MA")
    client.post("/register", data=FORM)
    response = client.get(link_path(mails("salma@example.org")[0], "/confirm/"),
                          follow_redirects=True)
    assert response.request.path == "/welcome"
    assert "Maroc Numeric Cluster" in response.get_data(as_text=True)


def test_confirm_link_signed_out_signs_in_to_the_welcome_page(client, anon_api, mails):
    anon_api.post("/auth/register", json=GOOD)
    response = client.get(link_path(mails("salma@example.org")[0], "/confirm/"))
    assert response.headers["Location"].endswith("/login?next=/welcome")
