"""Forums: categories, cluster forums, threads, posts, reactions, subscriptions, live posts."""

from flask import Blueprint

bp = Blueprint("forums", __name__)

from community.forums import routes  # noqa: E402,F401
