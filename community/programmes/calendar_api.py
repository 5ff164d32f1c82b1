"""`GET /api/v1/programmes/<slug>/calendar.ics`: a programme's sessions the caller may see, for
scripts and calendar apps that hold an API token (or our cookie)."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response

from community.api import bp
from community.api.helpers import signed_in_user
from community.programmes import calendar as cal
from community.programmes.access import find_programme, require_insider
from community.programmes.feeds import ics_calendar, ics_response


@bp.get("/programmes/<slug>/calendar.ics")
def programme_calendar_ics(slug: str) -> Response:
    """The programme's sessions the caller may see, as iCalendar (RFC 5545), times in UTC.

    401 for visitors, 403 for members outside the programme, 404 for an unknown programme.
    """
    user = signed_in_user()
    programme = find_programme(slug)
    require_insider(user, programme)
    since = datetime.now(UTC) - cal.FEED_PAST
    document = ics_calendar(cal.programme_entries(user, programme, since), programme.name,
                            user.timezone or "UTC")
    return ics_response(document, f"{programme.slug}.ics")
