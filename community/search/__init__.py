"""Search: one box for posts, threads, members and clusters, in Arabic, French and English."""

from flask import Blueprint

bp = Blueprint("search", __name__)

from community.search import routes  # noqa: E402,F401
