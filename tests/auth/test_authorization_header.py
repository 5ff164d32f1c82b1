"""An `Authorization` header, when a request carries one, is its only credential: an invalid one
is a 401 whatever cookies come with it, and a valid one acts as its own user, not the cookie's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from community.extensions import db, socketio
from community.models import ApiToken, utcnow
from community.notifications.services import notify
from community.realtime import user_room
from tests.factories import PASSWORD, make_token, make_user

INVALID = "The API token is invalid, expired or revoked."


@pytest.fixture
def config_overrides():
    return {"WTF_CSRF_ENABLED": True}


def sign_in(client, remember: bool = False):
    """Sign amina in through the form (CSRF is on); `remember` keeps only the remember cookie."""
    page = client.get("/login").get_data(as_text=True)
    token = page.split('name="csrf_token"', 1)[1].split('value="', 1)[1].split('"', 1)[0]
    data = {"login": "amina", "password": PASSWORD, "csrf_token": token}
    assert client.post("/login", data={**data, "remember": "y"} if remember else data
                       ).status_code == 302
    if remember:
        client.delete_cookie("session")
    return client


@pytest.fixture
def signed_in(client, member):
    """A test client holding amina's session cookie."""
    return sign_in(client)


def expired_token(user) -> str:
    secret = make_token(user)
    db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id)).expires_at = (
        utcnow() - timedelta(days=1))
    db.session.commit()
    return secret


def revoked_token(user) -> str:
    secret = make_token(user)
    db.session.scalar(db.select(ApiToken).where(ApiToken.user_id == user.id)).revoked_at = (
        utcnow())
    db.session.commit()
    return secret


BAD_HEADERS = {
    "unknown": lambda user: "Bearer not-a-token-at-all",
    "expired": lambda user: f"Bearer {expired_token(user)}",
    "revoked": lambda user: f"Bearer {revoked_token(user)}",
    "wrong_scheme": lambda user: f"Basic {make_token(user)}",
    "empty_bearer": lambda user: "Bearer ",
    "empty": lambda user: "",
}


@pytest.mark.parametrize("kind", BAD_HEADERS)
def test_invalid_header_with_session_cookie_get_is_401(signed_in, member, kind):
    response = signed_in.get("/api/v1/me", headers={"Authorization": BAD_HEADERS[kind](member)})
    assert (response.status_code, response.get_json()) == (
        401, {"error": {"code": "unauthorized", "message": INVALID}})


@pytest.mark.parametrize("kind", BAD_HEADERS)
def test_invalid_header_with_session_cookie_post_is_401(signed_in, member, kind):
    response = signed_in.post("/api/v1/notifications/read", json={"all": True},
                              headers={"Authorization": BAD_HEADERS[kind](member)})
    assert (response.status_code, response.get_json()) == (
        401, {"error": {"code": "unauthorized", "message": INVALID}})


def test_invalid_header_with_remember_cookie_is_401(client, member):
    response = sign_in(client, remember=True).get("/api/v1/me",
                                                  headers={"Authorization": "Bearer nope"})
    assert response.status_code == 401


def test_session_cookie_alone_still_works(signed_in):
    assert signed_in.get("/api/v1/me").get_json()["username"] == "amina"


def test_valid_bearer_with_other_users_cookie_acts_as_bearer_user(signed_in, other_member):
    response = signed_in.get("/api/v1/me",
                             headers={"Authorization": f"Bearer {make_token(other_member)}"})
    assert response.get_json()["username"] == "karim"


def test_valid_bearer_with_other_users_cookie_writes_as_bearer_user(signed_in, member,
                                                                    other_member):
    notify(other_member, "mention", member, "/", "Hello Karim")
    db.session.commit()
    response = signed_in.post("/api/v1/notifications/read", json={"all": True},
                              headers={"Authorization": f"Bearer {make_token(other_member)}"})
    assert response.get_json() == {"marked": 1, "unread_count": 0}


def test_remember_cookie_alone_still_works(client, member):
    assert sign_in(client, remember=True).get("/api/v1/me").get_json()["username"] == "amina"


def test_valid_bearer_with_remember_cookie_acts_as_bearer_user(client, member):
    bearer = make_token(make_user("nadia"))
    response = sign_in(client, remember=True).get("/api/v1/me",
                                                  headers={"Authorization": f"Bearer {bearer}"})
    assert response.get_json()["username"] == "nadia"


def test_invalid_header_without_cookie_is_401(client):
    response = client.get("/api/v1/me", headers={"Authorization": "Token abc"})
    assert response.status_code == 401


def test_invalid_header_on_a_page_ignores_the_session_cookie(signed_in):
    page = signed_in.get("/", headers={"Authorization": "Bearer nope"}).get_data(as_text=True)
    assert 'data-signed-in="1"' not in page


def test_socket_invalid_token_with_session_cookie_refused(sio, signed_in):
    assert not sio(flask_client=signed_in, auth={"token": "not-a-token"}).is_connected()


def test_socket_valid_token_with_other_users_cookie_is_the_token_user(sio, signed_in,
                                                                      other_member):
    client = sio(flask_client=signed_in, auth={"token": make_token(other_member)})
    manager = socketio.server.manager
    rooms = manager.get_rooms(manager.sid_from_eio_sid(client.eio_sid, "/"), "/")
    assert user_room(other_member.id) in rooms and len(
        [room for room in rooms if room.startswith("user:")]) == 1
