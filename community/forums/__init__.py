"""Forums: categories, cluster forums, threads, posts, reactions, subscriptions, live posts."""

from flask import Blueprint

from community.ratelimit import configured_limit

bp = Blueprint("forums", __name__)
# Posts (and new threads) a member may write, on the pages and through the API alike.
post_rate_limit = configured_limit("FORUM_POST_RATE_LIMIT", "30 per minute")

from community.forums import routes  # noqa: E402,F401
