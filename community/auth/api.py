"""JSON API of accounts: register, confirm, API tokens, password reset (`spec/api.md`)."""

from __future__ import annotations

from flask import g, jsonify
from flask_babel import gettext as _
from flask_login import current_user

from community.api import bp
from community.api.helpers import Field, accepts, json_body, signed_in_user, validate
from community.auth import services
from community.auth.serializers import user_json
from community.errors import Unauthorized
from community.i18n import LANGUAGES
from community.models import isoformat
from community.ratelimit import address_limit

REGISTER_SCHEMA = {
    "username": Field(str, min_length=3, max_length=30,
                      description="3 to 30 of a-z, 0-9 and _"),
    "email": Field(str, min_length=3, max_length=254),
    "password": Field(str, min_length=1, max_length=200,
                      description="At least 10 characters, not a common password"),
    "display_name": Field(str, min_length=1, max_length=80),
    "country": Field(str, min_length=2, max_length=2, description="ISO 3166-1 alpha-2"),
    "locale": Field(str, required=False, choices=LANGUAGES),
}
TOKEN_SCHEMA = {"token": Field(str, min_length=1, max_length=1000)}
LOGIN_SCHEMA = {
    "login": Field(str, min_length=1, max_length=254, description="Username or e-mail"),
    "password": Field(str, min_length=1, max_length=200),
}
EMAIL_SCHEMA = {"email": Field(str, min_length=1, max_length=254)}
RESET_SCHEMA = {
    "token": Field(str, min_length=1, max_length=1000),
    "password": Field(str, min_length=1, max_length=200),
}


@bp.post("/auth/register")
@accepts(REGISTER_SCHEMA)
@address_limit("REGISTER_RATE_LIMIT", "10 per hour")
def api_register():
    """Create an account; a confirmation link is mailed."""
    data = validate(json_body(), REGISTER_SCHEMA)
    user = services.register_user(
        username=data["username"], email=data["email"], password=data["password"],
        display_name=data["display_name"], country=data["country"].upper(),
        locale=data.get("locale"))
    return user_json(user, viewer=user), 201


@bp.post("/auth/confirm")
@accepts(TOKEN_SCHEMA)
def api_confirm():
    """Confirm an e-mail address with the token of the mailed link."""
    data = validate(json_body(), TOKEN_SCHEMA)
    user = services.confirm_email(data["token"])
    return user_json(user, viewer=user), 200


@bp.post("/auth/confirm/resend")
def api_resend_confirmation():
    """Mail the confirmation link again (signed-in users)."""
    target = services.resend_confirmation(signed_in_user())
    return jsonify({"sent_to": target}), 202 if target else 200


@bp.post("/auth/tokens")
@accepts(LOGIN_SCHEMA)
@address_limit("SIGN_IN_RATE_LIMIT_ADDRESS", "30 per 10 minutes")
def api_create_token():
    """Exchange a login and password for a bearer token."""
    data = validate(json_body(), LOGIN_SCHEMA)
    user = services.authenticate(data["login"], data["password"])
    token, secret = services.issue_api_token(user, name=_("API sign-in"))
    return jsonify({"token": secret, "expires_at": isoformat(token.expires_at)}), 201


@bp.delete("/auth/tokens/current")
def api_revoke_current_token():
    """Revoke the bearer token of this request."""
    token = getattr(g, "api_token", None)
    if token is None or not current_user.is_authenticated:
        raise Unauthorized(_("Send the token to revoke in the Authorization header."))
    services.revoke_api_token(current_user, token)
    return "", 204


@bp.post("/auth/password-reset")
@accepts(EMAIL_SCHEMA)
@address_limit("RESET_RATE_LIMIT", "10 per hour")
def api_password_reset():
    """Mail a password reset link if an account has this address (202 either way)."""
    data = validate(json_body(), EMAIL_SCHEMA)
    services.request_password_reset(data["email"])
    return jsonify({"message": _("If an account has this address, a reset link is on its "
                                 "way.")}), 202


@bp.post("/auth/password-reset/confirm")
@accepts(RESET_SCHEMA)
@address_limit("RESET_RATE_LIMIT", "10 per hour")
def api_password_reset_confirm():
    """Set a new password with a reset token; every session and token is revoked."""
    data = validate(json_body(), RESET_SCHEMA)
    services.reset_password(data["token"], data["password"])
    return jsonify({"message": _("Your password is changed. Sign in again.")}), 200
