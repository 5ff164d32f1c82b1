"""The search page."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user

from community.errors import AppError
from community.pagination import page_number
from community.search import bp
from community.search.services import TYPES, search


@bp.get("/search")
def page():
    query = request.args.get("q", "")[:200]
    kind_name = request.args.get("type", "")
    kind = TYPES.get(kind_name)
    viewer = current_user if current_user.is_authenticated else None
    try:
        results = search(viewer, query, kind, page_number()) if query.strip() else None
    except AppError:
        results = None
    return render_template("search/results.html", query=query, kind_name=kind_name,
                           types=TYPES, results=results)
