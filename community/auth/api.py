"""JSON API of accounts: register, confirm, API tokens, password reset (`spec/api.md`)."""

from __future__ import annotations

import dataclasses

from flask import g, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import accepts, responds, signed_in_user
from community.auth import services
from community.auth.passwords import PASSWORD
from community.auth.serializers import user_json
from community.errors import Unauthorized
from community.i18n import LANGUAGES
from community.models import isoformat
from community.ratelimit import address_limit
from community.validation import ADDRESS, DISPLAY_NAME, EMAIL, LOGIN, USERNAME, Field

REGISTER_SCHEMA = {
    "username": USERNAME,
    "email": EMAIL,
    "password": dataclasses.replace(
        PASSWORD, description="At least 10 characters, not a common password"),
    "display_name": DISPLAY_NAME,
    "country": Field(str, min_length=2, max_length=2, description="ISO 3166-1 alpha-2"),
    "locale": Field(str, required=False, choices=LANGUAGES),
}
TOKEN_SCHEMA = {"token": Field(str, min_length=1, max_length=1000)}
LOGIN_SCHEMA = {
    "login": LOGIN,
    "password": PASSWORD,
}
EMAIL_SCHEMA = {"email": ADDRESS}
RESET_SCHEMA = {**TOKEN_SCHEMA, "password": PASSWORD}


@bp.post("/auth/register")
@responds(201)
@address_limit("REGISTER_RATE_LIMIT", "10 per hour")
@accepts(REGISTER_SCHEMA)
def api_register(data: dict):
    """Create an account; a confirmation link is mailed."""
    user = services.register_user(
        username=data["username"], email=data["email"], password=data["password"],
        display_name=data["display_name"], country=data["country"].upper(),
        locale=data.get("locale"))
    return user_json(user, viewer=user)


@bp.post("/auth/confirm")
@accepts(TOKEN_SCHEMA)
def api_confirm(data: dict):
    """Confirm an e-mail address with the token of the mailed link."""
    user = services.confirm_email(data["token"])
    return user_json(user, viewer=user)


@bp.post("/auth/confirm/resend")
@responds(202, 200)
def api_resend_confirmation():
    """Mail the confirmation link again (signed-in users)."""
    target = services.resend_confirmation(signed_in_user())
    return jsonify({"sent_to": target}), 202 if target else 200


@bp.post("/auth/tokens")
@responds(201)
@address_limit("SIGN_IN_RATE_LIMIT_ADDRESS", "30 per 10 minutes")
@accepts(LOGIN_SCHEMA)
def api_create_token(data: dict):
    """Exchange a login and password for a bearer token."""
    user = services.authenticate(data["login"], data["password"])
    token, secret = services.issue_api_token(user, name=_("API sign-in"))
    return jsonify({"token": secret, "expires_at": isoformat(token.expires_at)})


@bp.delete("/auth/tokens/current")
@responds(204)
def api_revoke_current_token():
    """Revoke the bearer token of this request."""
    token = getattr(g, "api_token", None)
    if token is None or not current_user.is_authenticated:
        raise Unauthorized(_("Send the token to revoke in the Authorization header."))
    services.revoke_api_token(current_user, token)
    return ""


@bp.post("/auth/password-reset")
@responds(202)
@address_limit("RESET_RATE_LIMIT", "10 per hour")
@accepts(EMAIL_SCHEMA)
def api_password_reset(data: dict):
    """Mail a password reset link if an account has this address (202 either way)."""
    services.request_password_reset(data["email"])
    return jsonify({"message": _("If an account has this address, a reset link is on its "
                                 "way.")})


@bp.post("/auth/password-reset/confirm")
@address_limit("RESET_RATE_LIMIT", "10 per hour")
@accepts(RESET_SCHEMA)
def api_password_reset_confirm(data: dict):
    """Set a new password with a reset token; every session and token is revoked."""
    services.reset_password(data["token"], data["password"])
    return jsonify({"message": _("Your password is changed. Sign in again.")})
