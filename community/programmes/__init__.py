"""Mentoring programmes: enrolment, mentor–mentee pairs and their matching, sessions and
events, the calendar, progress notes and the funders' report."""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

from community.programmes import (  # noqa: E402,F401
    calendar_routes,
    progress_routes,
    report_routes,
    routes,
    suggestions,
)
