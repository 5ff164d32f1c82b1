"""Password policy and hashing: scrypt (Werkzeug's default slow hash), at least 10 characters,
and none of the passwords that attackers try first."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import gettext as _
from werkzeug.security import check_password_hash, generate_password_hash

from community.validation import Field

MIN_LENGTH = 10
MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")
DEFAULT_METHOD = "scrypt"
# Passwords are kept exactly as typed: no stripping, so every sign-in form agrees.
PASSWORD = Field(str, min_length=1, max_length=MAX_LENGTH, strip=False)


@cache
def common_passwords() -> frozenset[str]:
    words = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").split()
    return frozenset(word.strip().lower() for word in words if word.strip())


def password_problem(password: str, *personal: str) -> str | None:
    """Why a password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _("Use at least %(n)d characters.", n=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _("Use at most %(n)d characters.", n=MAX_LENGTH)
    lowered = password.lower()
    if lowered in common_passwords() or len(set(lowered)) < 4:
        return _("This password is too common. Choose a less predictable one.")
    if any(p and len(p) >= 3 and p.lower() in lowered for p in personal):
        return _("The password must not contain your username or e-mail address.")
    return None


def hash_method() -> str:
    """The configured hash (`PASSWORD_HASH_METHOD`): scrypt, cheaper only in the tests."""
    if not has_app_context():
        return DEFAULT_METHOD
    return current_app.config.get("PASSWORD_HASH_METHOD") or DEFAULT_METHOD


@cache
def _dummy_hash(method: str) -> str:
    # Verifying against this hash when the account does not exist keeps the response time the
    # same, so timing does not reveal whether an account exists.
    return generate_password_hash("not-a-real-password-used-for-timing", method=method)


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=hash_method())


def verify_password(password_hash: str | None, password: str) -> bool:
    if not password_hash:
        check_password_hash(_dummy_hash(hash_method()), password)
        return False
    return check_password_hash(password_hash, password)
