"""The programme pages."""

from __future__ import annotations

from flask import render_template
from flask_login import current_user

from community.programmes import bp
from community.programmes.access import find_programme, is_coordinator, is_insider


@bp.get("/programmes/<slug>")
def show(slug: str):
    """A programme's page: what it is, its dates, lead organisation and funders; its inside
    (participants, pairs, sessions) for its coordinators and participants."""
    programme = find_programme(slug)
    return render_template("programmes/show.html", programme=programme,
                           coordinator=is_coordinator(current_user, programme),
                           insider=is_insider(current_user, programme))
