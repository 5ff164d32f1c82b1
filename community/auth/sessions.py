"""How a request is tied to a user: the session cookie (with its session version) or an API
bearer token. Suspended and deleted users are never loaded."""

from __future__ import annotations

import secrets
from datetime import timedelta

from flask import Flask, Request, current_app, g, session
from flask_babel import lazy_gettext as _l
from flask_login import login_user, logout_user
from limits.storage import storage_from_string

from community.extensions import db, login_manager
from community.models import ApiToken, User


def load_session_user(user_id: str) -> User | None:
    """The user of a session or remember cookie: `<id>:<session version>[:<sign-in id>]`. A
    bumped version ends every session of the user; a signed-out sign-in id ends that one."""
    parts = user_id.split(":")
    try:
        uid, version = int(parts[0]), int(parts[1])
    except (ValueError, IndexError):
        return None
    if len(parts) > 3 or (len(parts) == 3 and is_signed_out(parts[2])):
        return None
    user = db.session.get(User, uid)
    if user is None or user.session_version != version or not user.is_active:
        return None
    return user


# --- One sign-in, one id: signing out ends that browser's session and remember cookie only ----
# Session cookies are signed, not stored, so a copy would outlive a sign-out. Each sign-in gets a
# random id kept in both cookies; signing out lists the id as ended (in Redis when configured)
# for as long as a remember cookie could live.

def _signed_out_store():
    store = current_app.extensions.get("community_signed_out")
    if store is None:
        store = storage_from_string(current_app.config.get("REDIS_URL") or "memory://")
        current_app.extensions["community_signed_out"] = store
    return store


def _signed_out_key(sign_in_id: str) -> str:
    return f"community:signed-out:{sign_in_id}"


def is_signed_out(sign_in_id: str) -> bool:
    if not sign_in_id:
        return False
    store = current_app.extensions.get("community_signed_out")
    if store is None and not current_app.config.get("REDIS_URL"):
        return False  # nothing was signed out in this process yet
    return bool(_signed_out_store().get(_signed_out_key(sign_in_id)))


def start_session(user: User, remember: bool = False) -> None:
    """Sign the browser in (session and, if asked, remember cookie) under a fresh sign-in id."""
    if hasattr(user, "_get_current_object"):  # `current_user` itself: keep the real object
        user = user._get_current_object()
    login_user(user, remember=remember, fresh=True)
    session["_user_id"] = f"{user.get_id()}:{secrets.token_urlsafe(12)}"


def end_session() -> None:
    """Sign this browser out, so that even a copy of its cookies no longer works."""
    parts = str(session.get("_user_id", "")).split(":")
    if len(parts) == 3 and parts[2]:
        lifetime = max(current_app.config["REMEMBER_COOKIE_DURATION"],
                       current_app.permanent_session_lifetime)
        _signed_out_store().incr(_signed_out_key(parts[2]), int(lifetime.total_seconds()) + 60)
    logout_user()


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

