"""Live chat: cluster, direct, group and programme rooms, over Socket.IO and the JSON API."""

from flask import Blueprint
from flask_babel import lazy_gettext as _l

from community.frame import add_nav_link

bp = Blueprint("chat", __name__)
add_nav_link("chat.index", lambda: str(_l("Chat")))

from community.chat import routes  # noqa: E402,F401
