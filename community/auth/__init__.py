"""Accounts: registration, confirmation, sign-in, password reset, API tokens."""

from flask import Blueprint

bp = Blueprint("auth", __name__)

from community.auth.serializers import shown_name  # noqa: E402

bp.add_app_template_global(shown_name)  # "Deleted member" for erased accounts, in every page

from community.auth import routes  # noqa: E402,F401
