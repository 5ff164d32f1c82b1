"""The calendar pages (a member's own, a programme's) in month and list views, and the private
iCalendar addresses calendar apps subscribe to without signing in."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from flask import Response, render_template, request
from flask_babel import gettext as _
from flask_login import current_user, login_required

from community.errors import NotFound
from community.extensions import limiter
from community.i18n import current_language
from community.models import Programme, User
from community.programmes import bp
from community.programmes import calendar as cal
from community.programmes.access import find_programme, is_insider, require_insider
from community.programmes.feeds import (
    feed_owner,
    has_feed,
    ics_calendar,
    ics_response,
    reset_feed,
)
from community.ratelimit import configured_limit
from community.times import select_timezone
from community.urls import site_url

feed_limit = limiter.limit(configured_limit("CALENDAR_FEED_RATE_LIMIT", "60 per hour"))


def calendar_page(fetch: cal.Fetch, programme: Programme | None = None) -> str:
    """Either view of a calendar: `?view=list` (upcoming, by day) or the month of `?month=`."""
    zone, locale = select_timezone(), current_language()
    view = "list" if request.args.get("view") == "list" else "month"
    context = {"view": view, "zone": zone, "locale": locale, "programme": programme,
               "clock": partial(cal.clock, zone=zone, locale=locale), "long_day": cal.long_day,
               "has_feed": has_feed(current_user)}
    if view == "list":
        context["days"] = cal.upcoming_days(fetch(datetime.now(UTC), None), zone)
    else:
        month = cal.parse_month(request.args.get("month"), cal.local_today(zone))
        week = cal.week_locale(locale, current_user.country)
        context.update(cal.month_view(fetch, month, zone, week))
    return render_template("programmes/calendar.html", **context)


@bp.get("/calendar")
@login_required
def calendar() -> str:
    """The member's calendar: their sessions in every programme and the events they attend."""
    return calendar_page(partial(cal.member_entries, current_user))


@bp.get("/programmes/<slug>/calendar")
@login_required
def programme_calendar(slug: str) -> str:
    """One programme's sessions that the insider may see."""
    programme = find_programme(slug)
    require_insider(current_user, programme)
    return calendar_page(partial(cal.programme_entries, current_user, programme), programme)


@bp.post("/calendar/feed")
@login_required
def calendar_feed() -> str:
    """Make the member's private address, or replace it (the old one then answers 404). It is
    shown on this page only: we keep its digest, not the address."""
    token = reset_feed(current_user)
    addresses = [(_("All your sessions and events"), site_url(f"/calendar/{token}.ics"))]
    addresses += [(programme.name, site_url(f"/calendar/{token}/programmes/{programme.slug}.ics"))
                  for programme in cal.member_programmes(current_user)]
    return render_template("programmes/calendar_feed.html", addresses=addresses)


def member_feed(owner: User, name: str, entries: list[cal.Entry], filename: str) -> Response:
    return ics_response(ics_calendar(entries, name, owner.timezone or "UTC"), filename)


@bp.get("/calendar/<token>.ics")
@feed_limit
def private_feed(token: str) -> Response:
    """A member's whole calendar for their calendar app: no sign-in, the token is the key."""
    owner = feed_owner(token)
    since = datetime.now(UTC) - cal.FEED_PAST
    return member_feed(owner, f"i-Community · {owner.display_name}",
                       cal.member_entries(owner, since), "i-community.ics")


@bp.get("/calendar/<token>/programmes/<slug>.ics")
@feed_limit
def private_programme_feed(token: str, slug: str) -> Response:
    """One programme's sessions the token's member may see; 404 when they are not inside it."""
    owner = feed_owner(token)
    programme = find_programme(slug)
    if not is_insider(owner, programme):
        raise NotFound(_("No such calendar address."))
    since = datetime.now(UTC) - cal.FEED_PAST
    return member_feed(owner, programme.name, cal.programme_entries(owner, programme, since),
                       f"{programme.slug}.ics")
