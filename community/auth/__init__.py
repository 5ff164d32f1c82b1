"""Accounts: registration, confirmation, sign-in, password reset, API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from community.auth import routes  # noqa: E402,F401
