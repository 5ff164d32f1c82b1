"""Notifications: in-app list, unread badge, live push, preferences and e-mail digests."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)

from community.notifications import routes  # noqa: E402,F401
