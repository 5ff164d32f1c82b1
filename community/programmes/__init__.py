"""Mentoring programmes: enrolment, mentor–mentee pairs and their matching, sessions and
events, the calendar, progress notes and the funders' report."""

from flask import Blueprint

bp = Blueprint("programmes", __name__)

from community.programmes import routes  # noqa: E402,F401
from community.programmes import suggestions  # noqa: E402,F401
