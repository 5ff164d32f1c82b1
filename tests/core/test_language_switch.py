"""The language switcher with CSRF protection on: a visitor's page carries no token, so a
visitor switches without one (a cookie, nothing stored); a member's switch saves their
preference and needs the token."""

from __future__ import annotations

import re

import pytest

from tests.factories import PASSWORD, reload


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def page_token(client, path: str = "/") -> str:
    page = client.get(path).get_data(as_text=True)
    return re.search(r'<meta name="csrf-token" content="([^"]+)"', page).group(1)


def sign_in(client, user) -> None:
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                      client.get("/login").get_data(as_text=True)).group(1)
    client.post("/login", data={"login": user.username, "password": PASSWORD,
                                "csrf_token": token})


def test_visitor_switches_without_a_token(client):
    response = client.post("/language", data={"locale": "fr", "next": "/forums"})
    assert response.status_code == 302 and response.headers["Location"] == "/forums"
    assert client.get_cookie("locale").value == "fr" and client.get_cookie("session") is None
    assert '<html lang="fr"' in client.get("/").get_data(as_text=True)


def test_visitor_switch_replaces_a_choice_kept_in_the_session(client):
    with client.session_transaction() as session:
        session["locale"] = "ar"
    client.post("/language", data={"locale": "fr"})
    assert '<html lang="fr"' in client.get("/").get_data(as_text=True)


def test_member_switch_without_a_token_is_refused(client, member):
    sign_in(client, member)
    response = client.post("/language", data={"locale": "fr"})
    assert response.status_code == 400 and reload(member).locale is None


def test_member_switch_with_the_token_saves_the_preference(client, member):
    sign_in(client, member)
    response = client.post("/language", data={"locale": "ar", "csrf_token": page_token(client)})
    assert response.status_code == 302 and reload(member).locale == "ar"


def test_switched_language_outlives_signing_out(client, member):
    sign_in(client, member)
    client.post("/language", data={"locale": "fr", "csrf_token": page_token(client)})
    client.post("/logout", data={"csrf_token": page_token(client)})
    assert '<html lang="fr"' in client.get("/", headers={"Accept-Language": "en"}).text
