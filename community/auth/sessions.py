"""How a request is tied to a user: the session cookie (with its session version) or an API
bearer token. Suspended and deleted users are never loaded."""

from __future__ import annotations

from datetime import timedelta

from flask import Flask, Request, g
from flask_babel import lazy_gettext as _l

from community.extensions import db, login_manager
from community.models import ApiToken, User


def load_session_user(user_id: str) -> User | None:
    try:
        raw_id, raw_version = user_id.split(":", 1)
        uid, version = int(raw_id), int(raw_version)
    except ValueError:
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def user_for_token(secret: str) -> tuple[User, ApiToken] | None:
    """The active user a bearer token belongs to, or None for a bad, expired or revoked one."""
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(secret)))
    if token is None or not token.is_valid or not token.user.is_active:
        return None
    return token.user, token


def load_request_user(request: Request) -> User | None:
    secret = bearer_token(request)
    if secret is None:
        return None
    found = user_for_token(secret)
    if found is None:
        return None
    user, token = found
    g.api_token = token
    return user


def register_login_manager(app: Flask) -> None:
    login_manager.user_loader(load_session_user)
    login_manager.request_loader(load_request_user)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.session_protection = "basic"

    @app.before_request
    def forget_previous_user() -> None:
        # `g` lives in the app context, which a request reuses when one is already pushed
        # (the test fixtures, the CLI): never let one request's user leak into the next.
        # The same holds for the interface language Flask-Babel caches there.
        for key in ("_login_user", "api_token", "_flask_babel"):
            g.pop(key, None)
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(
        days=app.config["REMEMBER_COOKIE_DURATION_DAYS"])

