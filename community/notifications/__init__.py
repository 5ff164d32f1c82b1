"""Notifications: in-app list, unread badge, live push, preferences and e-mail digests."""

from flask import Blueprint

bp = Blueprint("notifications", __name__)
