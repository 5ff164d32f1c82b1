"""Clusters: pages, life cycle, membership, offers and seeks, the directory and partner matching."""

from flask import Blueprint

bp = Blueprint("clusters", __name__)

from community.sectors import sector_name  # noqa: E402

bp.add_app_template_global(sector_name)  # sectors are codes: every page shows their names

from community.clusters import event_routes, routes  # noqa: E402,F401
