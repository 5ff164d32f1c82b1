"""Test data made through the real service functions, role fixtures and the `auth` helper."""

from __future__ import annotations

import itertools

import pytest

from community.auth.services import create_user
from community.extensions import db
from community.models import ApiToken, User

PASSWORD = "correct horse battery"
_counter = itertools.count(1)


def make_user(username: str | None = None, *, role: str = "member", confirmed: bool = True,
              password: str = PASSWORD, display_name: str | None = None,
              country: str | None = "MA", email: str | None = None, **fields) -> User:
    username = username or f"user{next(_counter)}"
    user = create_user(username=username, email=email or f"{username}@example.org",
                       password=password, display_name=display_name or username.title(),
                       country=country, role=role, confirmed=confirmed)
    for key, value in fields.items():
        setattr(user, key, value)
    db.session.commit()
    return user


def make_token(user: User, days: int = 30) -> str:
    token, secret = ApiToken.issue(user, days=days)
    db.session.add(token)
    db.session.commit()
    return secret


class AuthActions:
    """Sign a test client in and out through the real routes."""

    def __init__(self, client) -> None:
        self.client = client

    def login(self, user_or_name, password: str = PASSWORD, remember: bool = False):
        login = user_or_name.username if isinstance(user_or_name, User) else user_or_name
        data = {"login": login, "password": password}
        if remember:
            data["remember"] = "y"
        return self.client.post("/login", data=data)

    def logout(self):
        return self.client.post("/logout")


class ApiClient:
    """JSON calls to /api/v1 with a bearer token."""

    def __init__(self, client, token: str | None = None) -> None:
        self.client = client
        self.token = token

    def headers(self, extra: dict | None = None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def call(self, method: str, path: str, json=None, **kwargs):
        return self.client.open(f"/api/v1{path}", method=method, json=json,
                                headers=self.headers(kwargs.pop("headers", None)), **kwargs)

    def get(self, path, **kw):
        return self.call("GET", path, **kw)

    def post(self, path, json=None, **kw):
        return self.call("POST", path, json=json, **kw)

    def patch(self, path, json=None, **kw):
        return self.call("PATCH", path, json=json, **kw)

    def put(self, path, json=None, **kw):
        return self.call("PUT", path, json=json, **kw)

    def delete(self, path, **kw):
        return self.call("DELETE", path, **kw)


@pytest.fixture
def auth(client) -> AuthActions:
    return AuthActions(client)


@pytest.fixture
def member(app) -> User:
    return make_user("amina", display_name="Amina Benali", country="MA")


@pytest.fixture
def other_member(app) -> User:
    return make_user("karim", display_name="Karim Haddad", country="JO")


@pytest.fixture
def moderator(app) -> User:
    return make_user("moussa", role="moderator", display_name="Moussa Diallo", country="TN")


@pytest.fixture
def admin(app) -> User:
    return make_user("laura", role="admin", display_name="Laura Puig", country="ES")


@pytest.fixture
def unconfirmed(app) -> User:
    return make_user("nadia", confirmed=False, display_name="Nadia Saleh", country="PS")


@pytest.fixture
def anon_api(client) -> ApiClient:
    return ApiClient(client)


@pytest.fixture
def api_as(client):
    """`api_as(user)`: an API client authenticated with a fresh token of that user."""

    def build(user: User) -> ApiClient:
        return ApiClient(client, make_token(user))

    return build


__all__ = [
    "AuthActions", "ApiClient", "PASSWORD", "make_user", "make_token", "auth", "member",
    "other_member", "moderator", "admin", "unconfirmed", "anon_api", "api_as",
]
