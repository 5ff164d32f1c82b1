"""Clusters: pages, life cycle, membership, offers and seeks, the directory and partner matching."""

from flask import Blueprint

bp = Blueprint("clusters", __name__)

from community.clusters import routes  # noqa: E402,F401
