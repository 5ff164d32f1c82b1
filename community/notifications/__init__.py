"""Notifications: in-app list, unread badge, live push, preferences and e-mail digests."""

from flask import Blueprint
from flask_babel import gettext as _

from community.frame import add_user_link

bp = Blueprint("notifications", __name__)


def _unread_badge(user) -> int:
    from community.notifications.services import unread_count

    return unread_count(user)


add_user_link("notifications.index", lambda: _("Notifications"), badge=_unread_badge)

from community.notifications import routes  # noqa: E402,F401
