"""Live chat: cluster, direct, group and programme rooms, over Socket.IO and the JSON API."""

from flask import Blueprint

bp = Blueprint("chat", __name__)

from community.chat import routes  # noqa: E402,F401
