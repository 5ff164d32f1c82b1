"""Members' time zones and the one way a time is shown: `{{ moment|when }}`, a `<time>` element
in the reader's zone and language, relative while recent, so no page or mail shows UTC unsaid."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel import Locale
from babel.dates import format_date, format_time, format_timedelta, get_timezone_location
from flask import Flask, g, has_app_context, has_request_context
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from markupsafe import Markup

from community.i18n import current_language
from community.validation import Field

DEFAULT_ZONE = "UTC"
# The regions the settings list groups by; the others are old aliases ("US/Eastern", "Etc/…").
REGIONS = {
    "Africa": _l("Africa"), "America": _l("Americas"), "Antarctica": _l("Antarctica"),
    "Asia": _l("Asia"), "Atlantic": _l("Atlantic Ocean"), "Australia": _l("Australia"),
    "Europe": _l("Europe"), "Indian": _l("Indian Ocean"), "Pacific": _l("Pacific Ocean"),
}
# The zones a member may have: UTC and the places of the regions above, the ones the settings
# list offers (an alias accepted by the API would show as UTC there and be lost on saving);
# "localtime" and "Factory" are files of the tz database, not places.
ZONES = frozenset(name for name in available_timezones() - {"localtime", "Factory"}
                  if name.split("/", 1)[0] in REGIONS and "/" in name) | {DEFAULT_ZONE}
RECENT = timedelta(hours=12)  # newer than this reads "5 min ago", older as a date and time


def is_timezone(name: object) -> bool:
    return isinstance(name, str) and name in ZONES


def guessed_timezone(name: str | None) -> str:
    """The browser's guess at registration when it is a real zone, else UTC: a wrong guess must
    never stop someone from signing up."""
    name = (name or "").strip()
    return name if is_timezone(name) else DEFAULT_ZONE


def timezone_problem(name: str) -> str | None:
    """The validation message for an unknown zone (a `Field.check`)."""
    if is_timezone(name):
        return None
    return str(_l("Unknown time zone: use an IANA name such as Africa/Tunis."))


TIMEZONE = Field(str, required=False, max_length=64, check=timezone_problem,
                 description="an IANA time zone name such as Africa/Tunis")


def select_timezone() -> str:
    """Flask-Babel's zone: the signed-in member's own, UTC for visitors (their browser applies
    its zone with `static/js/times.js`)."""
    if has_request_context() and getattr(current_user, "is_authenticated", False):
        zone = getattr(current_user, "timezone", None)
        if is_timezone(zone):
            return zone
    return DEFAULT_ZONE


def reader_zone() -> str:
    """The zone times are shown in now: a mail's recipient's while one is rendered, else the
    request's reader's."""
    forced = g.get("forced_timezone") if has_app_context() else None
    return forced or select_timezone()


@contextmanager
def force_timezone(name: str | None) -> Iterator[None]:
    """Render in another member's zone (their mail), as `force_locale` does for the language."""
    previous = g.get("forced_timezone")
    g.forced_timezone = name if is_timezone(name) else DEFAULT_ZONE
    try:
        yield
    finally:
        g.forced_timezone = previous


def absolute_text(moment: datetime, zone: str, locale: str, date_only: bool = False,
                  width: str = "medium") -> str:
    """The locale's date (`width`: medium or long) and short time ("1 déc. 2026, 14:40"),
    in `zone`."""
    local = moment.astimezone(ZoneInfo(zone))
    day = format_date(local, width, locale=locale)
    if date_only:
        return day
    hour = format_time(local, "short", locale=locale)
    return Locale.parse(locale).datetime_formats["medium"].format(hour, day)


def relative_text(moment: datetime, now: datetime, locale: str) -> str | None:
    """"5 min ago" in the locale for a recent past time, or None when it is not recent."""
    age = now - moment
    if not timedelta(seconds=-60) <= age < RECENT:
        return None
    return format_timedelta(-max(age, timedelta(seconds=1)), add_direction=True,
                            format="short", threshold=1, locale=locale)


def when(moment: datetime | None, relative: bool = True, date_only: bool = False,
         width: str = "medium") -> Markup:
    """A `<time>` element: the UTC instant in `datetime`, the text in the reader's zone and
    language (relative while recent), `dir="auto"` so an Arabic date does not read scrambled.
    Mails pass `relative=False`: they are read later than they are written."""
    if moment is None:
        return Markup("")
    if moment.tzinfo is None:  # stored times are UTC; a naive one can only be UTC
        moment = moment.replace(tzinfo=UTC)
    locale, zone = current_language(), reader_zone()
    full = absolute_text(moment, zone, locale, date_only, width)
    recent = relative_text(moment, datetime.now(UTC), locale) if relative and not date_only \
        else None
    stamp = moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
    attributes = {"datetime": stamp, "dir": "auto",
                  "data-when": "date" if date_only else "relative" if recent else "datetime"}
    if date_only:
        attributes["data-width"] = width
    if recent:
        attributes["title"] = full  # the date and time, on hover
    listed = Markup(" ").join(Markup('{}="{}"').format(name, value)
                              for name, value in attributes.items())
    return Markup("<time {}>{}</time>").format(listed, recent or full)


@cache
def _zone_labels(locale: str) -> dict[str, list[tuple[str, str]]]:
    """Each region's zones as (name, city in `locale`), by city."""
    groups: dict[str, list[tuple[str, str]]] = {region: [] for region in REGIONS}
    for name in ZONES:
        region = name.split("/", 1)[0]
        if region in groups and "/" in name:
            city = get_timezone_location(name, locale=locale, return_city=True)
            groups[region].append((name, city))
    return {region: sorted(zones, key=lambda zone: zone[1].casefold())
            for region, zones in groups.items()}


def timezone_choices() -> dict[str, list[tuple[str, str]]]:
    """Choices for a WTForms select grouped by region (`<optgroup>`), in the reader's language;
    UTC comes first."""
    choices = {str(_l("Universal")): [(DEFAULT_ZONE, str(_l("UTC (coordinated universal time)")))]}
    for region, zones in _zone_labels(current_language()).items():
        choices[str(REGIONS[region])] = zones
    return choices


def init_app(app: Flask) -> None:
    """Register the `when` filter and the reader's zone for `static/js/times.js`."""
    app.add_template_filter(when, "when")

    @app.context_processor
    def inject_zone() -> dict:
        # Empty for visitors: their browser shows the times in its own zone.
        signed_in = getattr(current_user, "is_authenticated", False)
        return {"member_timezone": select_timezone() if signed_in else ""}
