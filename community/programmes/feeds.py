"""iCalendar feeds (RFC 5545, written with the `icalendar` library) and each member's private
feed address: a calendar app cannot sign in, so the address carries a random token, of which
only the SHA-256 digest is stored; resetting it makes the old address answer 404."""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime
from urllib.parse import urlsplit

import sqlalchemy as sa
from flask import Response
from flask_babel import gettext as _
from icalendar import Calendar, Event

from community.errors import NotFound
from community.extensions import db
from community.models import CalendarFeed, User, utcnow
from community.programmes.calendar import Entry
from community.urls import site_url

PRODID = "-//i-Community//Mentoring calendar//EN"


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def has_feed(user: User) -> bool:
    return db.session.get(CalendarFeed, user.id) is not None


def reset_feed(user: User) -> str:
    """A new private address for the member (their first, or one replacing the old): returns
    the token, which is shown once and never stored."""
    token = secrets.token_urlsafe(32)
    feed = db.session.get(CalendarFeed, user.id)
    if feed is None:
        db.session.add(CalendarFeed(user_id=user.id, token_digest=token_digest(token)))
    else:
        feed.token_digest, feed.created_at = token_digest(token), utcnow()
    db.session.flush()
    return token


def feed_owner(token: str) -> User:
    """The member a private address belongs to; 404 for an unknown or reset token and for a
    suspended or deleted member (their calendar is no longer theirs to share)."""
    user = db.session.scalar(sa.select(User).join(CalendarFeed, CalendarFeed.user_id == User.id)
                             .where(CalendarFeed.token_digest == token_digest(token)))
    if user is None or not user.is_active:
        raise NotFound(_("No such calendar address."))
    return user


def site_host() -> str:
    """The host in the UIDs: the public address's, so a UID never changes with the Host header."""
    return urlsplit(site_url()).hostname or "i-community"


def ics_event(entry: Entry, host: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{entry.kind}-{entry.id}@{host}")
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.starts_at.astimezone(UTC))
    event.add("dtend", entry.ends_at.astimezone(UTC))
    event.add("summary", entry.title)
    details = [entry.source, entry.description, site_url(entry.url)]
    event.add("description", "\n\n".join(part for part in details if part))
    if entry.location:
        event.add("location", entry.location)
    if entry.online_url:
        event.add("url", entry.online_url)
    event.add("sequence", entry.sequence)
    event.add("status", "CONFIRMED")
    return event


def ics_calendar(entries: list[Entry], name: str, zone: str) -> bytes:
    """The entries as an iCalendar document, times in UTC; `X-WR-TIMEZONE` tells the app the
    member's zone for its display."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", zone)
    host, stamp = site_host(), datetime.now(UTC).replace(microsecond=0)
    for entry in entries:
        calendar.add_component(ics_event(entry, host, stamp))
    return calendar.to_ical()


def ics_response(document: bytes, filename: str) -> Response:
    """A feed as calendar apps expect it, never cached: it is private to one member."""
    response = Response(document, content_type="text/calendar; charset=utf-8")
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response
