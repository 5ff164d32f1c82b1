"""Signed, timed links sent by e-mail: one salt per purpose, so a token made for one purpose
is worthless for another, and each embeds what it vouches for (the e-mail address it confirms,
a fingerprint of the password it may replace) so it dies when that changes."""

from __future__ import annotations

import hashlib
import hmac
from typing import Any

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from community.extensions import db
from community.models import User

CONFIRM_EMAIL = "confirm-email"
# Salts naming what a token is for, not secrets (bandit B105 false positive).
RESET_PASSWORD = "reset-password"  # nosec B105


class InvalidToken(Exception):
    """A token that is forged, expired, used up or made for another purpose."""

    def __init__(self, expired: bool = False) -> None:
        super().__init__("expired" if expired else "invalid")
        self.expired = expired


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=f"community.{purpose}")


def password_fingerprint(user: User) -> str:
    """A short digest of the password hash: changes whenever the password does."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def make_token(purpose: str, user: User, **claims: Any) -> str:
    return _serializer(purpose).dumps({"uid": user.id, **claims})


def read_token(purpose: str, token: str) -> tuple[User, dict[str, Any]]:
    """The user a token names and its claims; InvalidToken for anything else."""
    if not isinstance(token, str) or not token or len(token) > 1000:
        raise InvalidToken()
    try:
        data = _serializer(purpose).loads(
            token, max_age=current_app.config["TOKEN_MAX_AGE_SECONDS"])
    except SignatureExpired as error:
        raise InvalidToken(expired=True) from error
    except BadSignature as error:
        raise InvalidToken() from error
    if not isinstance(data, dict) or not isinstance(data.get("uid"), int):
        raise InvalidToken()
    user = db.session.get(User, data["uid"])
    if user is None or user.status == "deleted":
        raise InvalidToken()
    return user, data


def confirmation_token(user: User, email: str) -> str:
    return make_token(CONFIRM_EMAIL, user, email=email)


def reset_token(user: User) -> str:
    return make_token(RESET_PASSWORD, user, pw=password_fingerprint(user), email=user.email)


def reset_token_matches(user: User, claims: dict[str, Any]) -> bool:
    """A reset link holds while the password and the address it was mailed to are unchanged."""
    return (hmac.compare_digest(str(claims.get("pw", "")), password_fingerprint(user))
            and hmac.compare_digest(str(claims.get("email", "")).encode(), user.email.encode()))
