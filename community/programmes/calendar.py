"""What a member's calendar holds: the programme sessions they may see across their programmes
and the cluster events they said they attend, laid out as a month grid or a list of days in
their own time zone and locale (the week starts on the locale's first day)."""

from __future__ import annotations

import calendar as stdlib_calendar
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time
from flask import url_for
from sqlalchemy.orm import joinedload

from community.extensions import db
from community.models import (
    ClusterEvent,
    EventAttendance,
    Participant,
    Programme,
    ProgrammeCoordinator,
    ProgrammeSession,
    User,
)
from community.programmes.services import sessions_statement

MONTH = re.compile(r"^(\d{4})-(\d{2})$")
UPCOMING_MAX = 200  # the list view's length: a member has a few sessions a month
FEED_PAST = timedelta(days=366)  # feeds keep a year of history, calendar apps keep the rest


@dataclass
class Entry:
    """One line of a calendar, a session or an event, whatever the feature it comes from."""

    kind: str  # "session" or "event": the UID prefix of the feeds
    id: int
    title: str
    starts_at: datetime
    ends_at: datetime
    source: str  # the programme's or the cluster's name
    url: str
    location: str = ""
    online_url: str = ""
    description: str = ""
    sequence: int = 0


Fetch = Callable[[datetime | None, datetime | None], list["Entry"]]


@dataclass
class Day:
    day: date
    in_month: bool
    today: bool
    entries: list[Entry] = field(default_factory=list)


def session_entry(session: ProgrammeSession) -> Entry:
    return Entry("session", session.id, session.title, session.starts_at, session.ends_at,
                 session.programme.name, url_for("programmes.show", slug=session.programme.slug),
                 session.location, session.online_url, session.description, session.sequence)


def event_entry(event: ClusterEvent) -> Entry:
    return Entry("event", event.id, event.title, event.starts_at, event.ends_at,
                 event.cluster.name, url_for("clusters.show", slug=event.cluster.slug),
                 event.location, event.online_url, event.description, event.sequence)


def member_programmes(user: User) -> list[Programme]:
    """The programmes whose sessions a member's own calendar shows: those they take part in
    (accepted) or coordinate by name (an admin's calendar is not every programme's)."""
    joined = sa.select(Participant.programme_id).where(
        Participant.user_id == user.id, Participant.state == "accepted")
    coordinated = sa.select(ProgrammeCoordinator.programme_id).where(
        ProgrammeCoordinator.user_id == user.id)
    return list(db.session.scalars(sa.select(Programme).where(
        Programme.id.in_(joined) | Programme.id.in_(coordinated)).order_by(Programme.id)))


def _between(statement, column, start: datetime | None, end: datetime | None):
    if start is not None:
        statement = statement.where(column >= start)
    if end is not None:
        statement = statement.where(column < end)
    return statement


def programme_entries(user: User, programme: Programme, start: datetime | None = None,
                      end: datetime | None = None) -> list[Entry]:
    """The programme's sessions the member may see (`services.sessions_statement`)."""
    statement = _between(sessions_statement(user, programme), ProgrammeSession.starts_at,
                         start, end)
    return [session_entry(session) for session in db.session.scalars(
        statement.options(joinedload(ProgrammeSession.programme)))]


def event_entries(user: User, start: datetime | None = None,
                  end: datetime | None = None) -> list[Entry]:
    """The cluster events the member said they will attend."""
    statement = (sa.select(ClusterEvent)
                 .join(EventAttendance, EventAttendance.event_id == ClusterEvent.id)
                 .where(EventAttendance.user_id == user.id)
                 .options(joinedload(ClusterEvent.cluster)))
    return [event_entry(event) for event in db.session.scalars(
        _between(statement, ClusterEvent.starts_at, start, end))]


def member_entries(user: User, start: datetime | None = None,
                   end: datetime | None = None) -> list[Entry]:
    """Everything on the member's calendar between `start` and `end`, soonest first."""
    entries = event_entries(user, start, end)
    for programme in member_programmes(user):
        entries.extend(programme_entries(user, programme, start, end))
    return sorted(entries, key=lambda entry: (entry.starts_at, entry.kind, entry.id))


def parse_month(value: str | None, today: date) -> date:
    """`?month=2026-12` as its first day; this month when absent or not a month."""
    found = MONTH.match(value or "")
    if found and 1 <= int(found[2]) <= 12 and 1900 <= int(found[1]) <= 2200:
        return date(int(found[1]), int(found[2]), 1)
    return today.replace(day=1)


def local_today(zone: str) -> date:
    return datetime.now(UTC).astimezone(ZoneInfo(zone)).date()


def day_start(day: date, zone: str) -> datetime:
    """Midnight of `day` in `zone`, as a UTC instant."""
    return datetime.combine(day, time(), ZoneInfo(zone)).astimezone(UTC)


def week_locale(language: str, country: str | None) -> Locale:
    """The member's language in their country, whose custom fixes the first day of the week
    (Sunday in the United States, Saturday in Jordan, Monday in France); the language alone
    where Babel has no data for that pair."""
    try:
        return Locale(language, territory=country) if country else Locale.parse(language)
    except (UnknownLocaleError, ValueError):
        return Locale.parse(language)


def month_weeks(month: date, locale: Locale) -> list[list[date]]:
    """The weeks of the month's grid, starting on the locale's first day of the week."""
    first = locale.first_week_day
    return stdlib_calendar.Calendar(firstweekday=first).monthdatescalendar(month.year,
                                                                           month.month)


def weekday_names(locale: Locale) -> list[tuple[str, str]]:
    """(abbreviated, full) weekday names in the grid's order."""
    days = locale.days["format"]
    order = [(locale.first_week_day + offset) % 7 for offset in range(7)]
    return [(days["abbreviated"][index], days["wide"][index]) for index in order]


def local_day(entry: Entry, zone: str) -> date:
    return entry.starts_at.astimezone(ZoneInfo(zone)).date()


def month_grid(weeks: list[list[date]], month: date, entries: list[Entry], zone: str,
               today: date) -> list[list[Day]]:
    """The grid's days with their entries, each on its day in the member's zone."""
    by_day: dict[date, list[Entry]] = {}
    for entry in entries:
        by_day.setdefault(local_day(entry, zone), []).append(entry)
    return [[Day(day, day.month == month.month, day == today, by_day.get(day, []))
             for day in week] for week in weeks]


def month_view(fetch: Fetch, month: date, zone: str, locale: Locale) -> dict:
    """The month page's context: the grid, its title and the neighbouring months. `fetch`
    gives the entries between two instants (the member's, or one programme's)."""
    weeks = month_weeks(month, locale)
    entries = fetch(day_start(weeks[0][0], zone), day_start(weeks[-1][-1] + timedelta(days=1),
                                                            zone))
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=31)).replace(day=1)
    in_month = [entry for entry in entries if local_day(entry, zone).month == month.month]
    return {"grid": month_grid(weeks, month, entries, zone, local_today(zone)),
            "weekdays": weekday_names(locale), "month": month, "empty": not in_month,
            "title": format_date(month, "LLLL y", locale=locale.language),
            "previous": previous.strftime("%Y-%m"), "next": following.strftime("%Y-%m")}


def upcoming_days(entries: list[Entry], zone: str) -> list[tuple[date, list[Entry]]]:
    """The list view: entries grouped by their day in the member's zone, soonest first."""
    days: dict[date, list[Entry]] = {}
    for entry in entries[:UPCOMING_MAX]:
        days.setdefault(local_day(entry, zone), []).append(entry)
    return list(days.items())


def clock(moment: datetime, zone: str, locale: str) -> str:
    """The short local time of day ("14:30", "2:30 PM")."""
    return format_time(moment.astimezone(ZoneInfo(zone)), "short", locale=locale)


def long_day(day: date, locale: str) -> str:
    return format_date(day, "full", locale=locale)
