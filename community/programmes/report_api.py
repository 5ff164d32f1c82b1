"""JSON API of the funders' report: `GET /programmes/<slug>/report.csv` (`spec/api.md`,
Mentoring programmes and events), the programme's figures as a CSV file for coordinators."""

from __future__ import annotations

from flask import Response

from community.api import bp
from community.api.helpers import signed_in_user
from community.programmes.access import find_programme, require_coordinator
from community.programmes.report import programme_figures, report_csv


@bp.get("/programmes/<slug>/report.csv")
def programme_report_csv(slug: str):
    """The programme's figures for its funders, as CSV (UTF-8 with a byte-order mark).
    One `section,label,value` row per figure; coordinators only. The README lists the
    sections."""
    programme = find_programme(slug)
    require_coordinator(signed_in_user(), programme)
    response = Response(report_csv(programme_figures(programme)), mimetype="text/csv")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="{programme.slug}-report.csv"')
    response.headers["Cache-Control"] = "no-store"
    return response
