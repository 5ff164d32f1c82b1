"""Clusters: pages, life cycle, membership, offers and seeks, the directory and partner matching."""

from flask import Blueprint
from flask_babel import gettext as _

from community.frame import add_nav_link

bp = Blueprint("clusters", __name__)

add_nav_link("clusters.directory", lambda: _("Clusters"))

from community.clusters import routes  # noqa: E402,F401
