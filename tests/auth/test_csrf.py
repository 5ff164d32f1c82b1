"""CSRF: forms and cookie-authenticated API calls need the token; token-only scripts do not."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def csrf_token_of(page: str) -> str:
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)


def test_login_without_csrf_token_refused(client, member):
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    assert response.status_code == 400
    assert 'data-signed-in="1"' not in client.get("/").get_data(as_text=True)


def test_login_with_csrf_token_works(client, member):
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"login": "amina", "password": PASSWORD,
                                           "csrf_token": token})
    assert response.status_code == 302


def test_register_without_csrf_token_refused(client):
    response = client.post("/register", data={
        "username": "salma", "email": "s@example.org", "password": "olive grove at dawn",
        "display_name": "S", "country": "MA"})
    assert response.status_code == 400


def test_logout_without_csrf_token_refused(client, member):
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": "amina", "password": PASSWORD, "csrf_token": token})
    assert client.post("/logout").status_code == 400
    assert 'data-signed-in="1"' in client.get("/").get_data(as_text=True)


def test_settings_post_without_csrf_token_refused(client, member):
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": "amina", "password": PASSWORD, "csrf_token": token})
    assert client.post("/settings/account/sessions").status_code == 400
    assert 'data-signed-in="1"' in client.get("/").get_data(as_text=True)


def test_api_with_session_cookie_needs_csrf_header(client, member):
    token = csrf_token_of(client.get("/login").get_data(as_text=True))
    client.post("/login", data={"login": "amina", "password": PASSWORD, "csrf_token": token})
    response = client.post("/api/v1/auth/confirm/resend")
    assert response.status_code == 400
    assert response.get_json()["error"]["code"] == "bad_request"
    ok = client.post("/api/v1/auth/confirm/resend", headers={"X-CSRFToken": token})
    assert ok.status_code == 200


def test_api_script_without_cookies_needs_no_csrf(anon_api, member):
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 201


def test_api_bearer_token_needs_no_csrf(api_as, member):
    assert api_as(member).delete("/auth/tokens/current").status_code == 204
