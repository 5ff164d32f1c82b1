"""How a request is tied to a user: the session cookie (its stored session and the session
version) or an API bearer token. Suspended and deleted users are never loaded."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa
from flask import Flask, Request, g, session
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_user, logout_user

from community.auth import user_sessions
from community.extensions import db, login_manager
from community.models import ApiToken, User


def load_session_user(user_id: str) -> User | None:
    """The user of a session or remember cookie: `<id>:<session version>:<session key>`. The
    key must name a live row of `user_sessions` (one indexed query); a bumped version ends
    every session of the user too."""
    parts = user_id.split(":")
    if len(parts) != 3:
        return None
    found = user_sessions.live_session(parts[2])
    if found is None:
        return None
    row, user = found
    if f"{user.id}:{user.session_version}" != f"{parts[0]}:{parts[1]}" or not user.is_active:
        return None
    user_sessions.mark_seen(row)
    g.user_session_key = row.id
    return user


def stored_session_user(key: str) -> User | None:
    """The user of a live stored session (a socket opened with a session cookie), else None."""
    found = user_sessions.live_session(key)
    return found[1] if found is not None else None


def current_session_key() -> str | None:
    """The key of this browser's session, once the cookie's user is loaded."""
    if current_user.is_authenticated:
        return g.get("user_session_key")
    return None


def start_session(user: User, remember: bool = False) -> None:
    """Sign the browser in (session and, if asked, remember cookie) under a new stored
    session."""
    if hasattr(user, "_get_current_object"):  # `current_user` itself: keep the real object
        user = user._get_current_object()
    login_user(user, remember=remember, fresh=True)
    row = user_sessions.open_session(user, remember)
    session["_user_id"] = f"{user.get_id()}:{row.id}"
    g.user_session_key = row.id


def end_session() -> None:
    """Sign this browser out: its stored session ends, so even a copy of its cookies no
    longer works, on any process, after any restart."""
    key = current_session_key()
    if key is not None:
        user_sessions.revoke_session(key)
    logout_user()


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("Authorization", "")
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def user_for_token(secret: str) -> tuple[User, ApiToken] | None:
    """The active user a bearer token belongs to, or None for a bad, expired or revoked one:
    one indexed query by digest, the user loaded with it (every API call and socket asks)."""
    token = db.session.scalar(
        db.select(ApiToken).where(ApiToken.token_hash == ApiToken.hash(secret))
        .options(sa.orm.joinedload(ApiToken.user, innerjoin=True)))
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
        for key in ("_login_user", "api_token", "user_session_key", "_flask_babel"):
            g.pop(key, None)
    app.config["REMEMBER_COOKIE_DURATION"] = timedelta(
        days=app.config["REMEMBER_COOKIE_DURATION_DAYS"])

