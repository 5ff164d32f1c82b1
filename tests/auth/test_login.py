"""Signing in and out in the browser: credentials, statuses, `next`, remember-me cookies."""

from __future__ import annotations

from datetime import timedelta

from community.extensions import db
from community.models import utcnow
from tests.factories import PASSWORD


def signed_in(client) -> bool:
    return 'data-signed-in="1"' in client.get("/").get_data(as_text=True)


def test_login_page_renders(client):
    page = client.get("/login").get_data(as_text=True)
    assert 'name="login"' in page and 'name="password"' in page and 'name="remember"' in page


def test_login_with_username_signs_in(client, auth, member):
    response = auth.login(member)
    assert response.status_code == 302
    assert signed_in(client)


def test_login_with_email_signs_in(client, member):
    response = client.post("/login", data={"login": "AMINA@example.org", "password": PASSWORD})
    assert response.status_code == 302
    assert signed_in(client)


def test_login_wrong_password_and_unknown_user_same_message(client, member):
    wrong = client.post("/login", data={"login": "amina", "password": "wrong password!"})
    unknown = client.post("/login", data={"login": "nobody", "password": "wrong password!"})
    assert wrong.status_code == unknown.status_code == 401
    message = "The username, e-mail address or password is not right."
    assert message in wrong.get_data(as_text=True)
    assert message in unknown.get_data(as_text=True)
    assert not signed_in(client)


def test_login_suspended_user_refused_with_reason(client, member):
    member.status = "suspended"
    member.suspended_until = utcnow() + timedelta(days=3)
    db.session.commit()
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    assert response.status_code == 403
    assert "suspended until" in response.get_data(as_text=True)
    assert not signed_in(client)


def test_login_suspension_over_allows_sign_in(client, auth, member):
    member.status = "suspended"
    member.suspended_until = utcnow() - timedelta(minutes=1)
    db.session.commit()
    assert auth.login(member).status_code == 302


def test_login_deleted_user_refused_like_unknown(client, member):
    member.status = "deleted"
    db.session.commit()
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    assert response.status_code == 401
    assert "password is not right" in response.get_data(as_text=True)


def test_login_redirects_to_safe_next(client, member):
    response = client.post("/login?next=/settings/account",
                           data={"login": "amina", "password": PASSWORD})
    assert response.headers["Location"].endswith("/settings/account")


def test_login_ignores_foreign_next(client, member):
    for target in ("https://evil.example/", "//evil.example", "/\\evil.example"):
        client.post("/logout")
        response = client.post("/login", query_string={"next": target},
                               data={"login": "amina", "password": PASSWORD})
        assert response.headers["Location"] == "/"


def test_login_required_page_redirects_to_login_with_next(client):
    response = client.get("/settings/account")
    assert response.status_code == 302
    assert "/login?next=" in response.headers["Location"]


def test_logout_signs_out(client, auth, member):
    auth.login(member)
    response = auth.logout()
    assert response.status_code == 302
    assert not signed_in(client)


def test_logout_get_not_allowed(client, auth, member):
    auth.login(member)
    assert client.get("/logout").status_code == 405
    assert signed_in(client)


def test_remember_cookie_is_httponly_and_lax(client, member):
    response = client.post("/login", data={"login": "amina", "password": PASSWORD,
                                           "remember": "y"})
    cookies = [c for c in response.headers.getlist("Set-Cookie")
               if c.startswith("remember_token=")]
    assert cookies, response.headers.getlist("Set-Cookie")
    flags = cookies[0].lower()
    assert "httponly" in flags
    assert "samesite=lax" in flags


def test_session_cookie_is_httponly_and_lax(client, member):
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    cookie = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")][0]
    assert "httponly" in cookie.lower() and "samesite=lax" in cookie.lower()


def test_no_remember_cookie_without_remember(client, member):
    response = client.post("/login", data={"login": "amina", "password": PASSWORD})
    assert not [c for c in response.headers.getlist("Set-Cookie")
                if c.startswith("remember_token=")]


def test_remember_cookie_alone_signs_in_until_revoked(app, client, member):
    from community.auth import services

    client.post("/login", data={"login": "amina", "password": PASSWORD, "remember": "y"})
    client.delete_cookie("session")
    assert signed_in(client)
    services.sign_out_everywhere(member)
    client.delete_cookie("session")
    assert not signed_in(client)


def test_suspended_user_session_ends(client, auth, member):
    auth.login(member)
    member.status = "suspended"
    db.session.commit()
    assert not signed_in(client)


def test_login_empty_form_is_refused(client):
    response = client.post("/login", data={})
    assert response.status_code == 200
    assert not signed_in(client)


def test_login_page_redirects_when_signed_in(client, auth, member):
    auth.login(member)
    assert client.get("/login").status_code == 302


def cookie_values(client) -> dict[str, str]:
    return {name: client.get_cookie(name).value for name in ("session", "remember_token")
            if client.get_cookie(name) is not None}


def test_logout_ends_copied_session_and_remember_cookies(app, client, member):
    client.post("/login", data={"login": "amina", "password": PASSWORD, "remember": "y"})
    stolen = cookie_values(client)
    assert set(stolen) == {"session", "remember_token"}
    client.post("/logout")
    replay = app.test_client()
    replay.set_cookie("session", stolen["session"])
    assert not signed_in(replay)
    replay = app.test_client()
    replay.set_cookie("remember_token", stolen["remember_token"])
    assert not signed_in(replay)


def test_logout_keeps_other_browsers_signed_in(app, client, auth, member):
    other_browser = app.test_client()
    other_browser.post("/login", data={"login": "amina", "password": PASSWORD})
    auth.login(member)
    auth.logout()
    assert not signed_in(client)
    assert signed_in(other_browser)
