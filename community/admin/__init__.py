"""Administration pages for moderators and admins (the cluster approval queue)."""

from flask import Blueprint

bp = Blueprint("admin", __name__, url_prefix="/admin")

from community.admin import routes  # noqa: E402,F401
