"""Profiles: public profile pages, editing, avatars and the member directory."""

from flask import Blueprint

bp = Blueprint("profiles", __name__)

from community.profiles import routes  # noqa: E402,F401
