"""Rate limits on sign-in (per account, whatever the address), registration and reset."""

from __future__ import annotations

import pytest

from tests.factories import PASSWORD

WRONG = "definitely not the password"


@pytest.fixture
def config_overrides(request):
    return {"RATELIMIT_ENABLED": True, **getattr(request, "param", {})}


def login_from(client, address: str, login: str, password: str = WRONG, **headers):
    return client.post("/login", data={"login": login, "password": password},
                       environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_sixth_failed_sign_in_for_account_is_429(client, member):
    for attempt in range(5):
        assert login_from(client, "203.0.113.7", "amina").status_code == 401, attempt
    response = login_from(client, "203.0.113.7", "amina", PASSWORD)
    assert response.status_code == 429
    assert int(response.headers["Retry-After"]) > 0
    assert "Too many failed sign-ins" in response.get_data(as_text=True)


def test_account_limit_ignores_address_and_forwarded_for(client, member):
    for attempt in range(5):
        response = login_from(client, f"198.51.100.{attempt}", "amina",
                              **{"X-Forwarded-For": f"192.0.2.{attempt}"})
        assert response.status_code == 401
    response = login_from(client, "198.51.100.99", "amina", PASSWORD,
                          **{"X-Forwarded-For": "192.0.2.200"})
    assert response.status_code == 429
    assert "Retry-After" in response.headers


def test_account_limit_counts_username_and_email_together(client, member):
    for login in ("amina", "amina@example.org", "AMINA", "amina", "Amina@Example.org"):
        assert login_from(client, "203.0.113.7", login).status_code == 401
    assert login_from(client, "203.0.113.7", "amina@example.org").status_code == 429


def test_account_limit_shared_by_api_tokens(client, anon_api, member):
    for _ in range(3):
        login_from(client, "203.0.113.7", "amina")
    for _ in range(2):
        assert anon_api.post("/auth/tokens", json={"login": "amina", "password": WRONG}
                             ).status_code == 401
    response = anon_api.post("/auth/tokens", json={"login": "amina", "password": PASSWORD})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"
    assert int(response.headers["Retry-After"]) > 0


def test_unknown_account_is_limited_the_same_way(client):
    for _ in range(5):
        assert login_from(client, "203.0.113.7", "ghost").status_code == 401
    assert login_from(client, "203.0.113.7", "ghost").status_code == 429


def test_other_accounts_not_affected(client, member, other_member):
    for _ in range(5):
        login_from(client, "203.0.113.7", "amina")
    assert login_from(client, "203.0.113.7", "karim", PASSWORD).status_code == 302


def test_successful_sign_ins_do_not_count(client, auth, member):
    for _ in range(6):
        assert login_from(client, "203.0.113.7", "amina", PASSWORD).status_code == 302
        client.post("/logout")


@pytest.mark.parametrize("config_overrides", [{"SIGN_IN_RATE_LIMIT_ADDRESS": "3 per minute"}],
                         indirect=True)
def test_sign_in_limited_per_address(client, member):
    for login in ("a1", "a2", "a3"):
        assert login_from(client, "203.0.113.9", login).status_code == 401
    response = login_from(client, "203.0.113.9", "a4")
    assert response.status_code == 429
    assert "Retry-After" in response.headers
    assert login_from(client, "203.0.113.10", "amina", PASSWORD).status_code == 302


@pytest.mark.parametrize("config_overrides", [{"REGISTER_RATE_LIMIT": "2 per hour"}],
                         indirect=True)
def test_registration_limited_per_address(anon_api):
    for i in range(2):
        response = anon_api.post("/auth/register", json={
            "username": f"newbie{i}", "email": f"newbie{i}@example.org",
            "password": "a long passphrase!", "display_name": "New", "country": "FR"})
        assert response.status_code == 201
    response = anon_api.post("/auth/register", json={})
    assert response.status_code == 429
    assert response.get_json()["error"]["code"] == "rate_limited"


@pytest.mark.parametrize("config_overrides", [{"RESET_RATE_LIMIT": "2 per hour"}],
                         indirect=True)
def test_password_reset_limited_per_address(anon_api, client, member):
    for _ in range(2):
        assert anon_api.post("/auth/password-reset", json={"email": "x@example.org"}
                             ).status_code == 202
    assert anon_api.post("/auth/password-reset", json={"email": "x@example.org"}
                         ).status_code == 429


def test_reset_mails_to_one_address_are_capped(anon_api, member, mails):
    for _ in range(7):
        assert anon_api.post("/auth/password-reset", json={"email": member.email}
                             ).status_code == 202
    assert len(mails(member.email)) == 5
